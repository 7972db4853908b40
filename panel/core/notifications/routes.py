"""A signed-in person's own messages inside Co-Panel (reminders now; decisions and updates later)."""

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select, update

from panel.core import bp
from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.extensions import db


@bp.app_template_global("unread_notification_count")
def unread_notification_count() -> int:
    """How many of the signed-in person's messages they have not seen yet (for the page header)."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == current_user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def _safe_link(link: str) -> str | None:
    """Only links within this site are shown."""
    return link if link.startswith("/") and not link.startswith("//") else None


@bp.get("/notifications")
@login_required
def notifications():
    """The person's messages, newest first; showing them marks them read."""
    messages = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == current_user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
        )
    )
    unread = {message.id for message in messages if message.read_at is None}
    page = render_template("core/notifications.html", messages=messages, unread=unread, safe_link=_safe_link)
    if unread:
        db.session.execute(update(Notification).where(Notification.id.in_(unread)).values(read_at=utcnow()))
        db.session.commit()
    return page
