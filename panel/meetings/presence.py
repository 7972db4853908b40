"""Who is connected to a meeting right now: a row per open connection, refreshed by the browser's heartbeat."""

from datetime import datetime, timedelta

from flask_login import user_logged_out
from flask_socketio import disconnect
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from panel.core.models import rows_matched, utcnow
from panel.extensions import db
from panel.meetings.models import Attendance, Meeting, Presence

NAMESPACE = "/meeting"
HERE_FOR = timedelta(seconds=75)  # a connection not heard from for this long no longer counts as here


def mark_here(
    sid: str,
    meeting_id: int,
    user_id: int,
    screen: bool,
    now: datetime | None = None,
    *,
    membership_id: int | None = None,
) -> None:
    """Note (or refresh) an open connection; the chair's screen shows who is here. A panel member's
    attendance is kept too, for their record of contribution."""
    now = now or utcnow()
    updated = rows_matched(
        update(Presence)
        .where(Presence.sid == sid)
        .values(seen_at=now)
        .execution_options(synchronize_session=False)
    )
    if not updated:
        db.session.add(Presence(sid=sid, meeting_id=meeting_id, user_id=user_id, screen=screen, seen_at=now))
    if membership_id is not None and not screen:
        _attended(meeting_id, membership_id, now)
    db.session.commit()


def _attended(meeting_id: int, membership_id: int, now: datetime) -> None:
    seen = update(Attendance).where(
        Attendance.meeting_id == meeting_id, Attendance.membership_id == membership_id
    )
    if rows_matched(seen.values(last_seen_at=now).execution_options(synchronize_session=False)):
        return
    try:
        with db.session.begin_nested():  # two devices joining at once: the second one only refreshes
            db.session.add(
                Attendance(
                    meeting_id=meeting_id, membership_id=membership_id, first_seen_at=now, last_seen_at=now
                )
            )
    except IntegrityError:
        db.session.execute(seen.values(last_seen_at=now).execution_options(synchronize_session=False))


def mark_gone(sid: str) -> int | None:
    """Forget a closed connection; returns its round so the chair's screen can be told."""
    round_id = db.session.scalar(select(Meeting.round_id).join(Presence).where(Presence.sid == sid))
    db.session.execute(delete(Presence).where(Presence.sid == sid))
    db.session.commit()
    return round_id


def present_user_ids(meeting_id: int, now: datetime | None = None) -> set[int]:
    """Who has a connection open now (heard from recently), projector screens not counted."""
    since = (now or utcnow()) - HERE_FOR
    return set(
        db.session.scalars(
            select(Presence.user_id).where(
                Presence.meeting_id == meeting_id, Presence.seen_at >= since, Presence.screen.is_(False)
            )
        )
    )


def clear_presence() -> None:
    """A server starting has no connections yet; rows left by one that stopped would mislead the chair."""
    db.session.execute(delete(Presence))
    db.session.commit()


def clear_presence_on_start(app) -> None:
    """Called by a server as it starts. Another server sharing the database re-announces its own connections
    with their next heartbeat; a database not yet migrated has nothing to clear."""
    with app.app_context():
        try:
            clear_presence()
        except DBAPIError:
            db.session.rollback()


def end_connections(user_id: int) -> None:
    """Close a person's meeting connections, on whichever server holds them (when they sign out)."""
    for sid in db.session.scalars(select(Presence.sid).where(Presence.user_id == user_id)).all():
        disconnect(sid, namespace=NAMESPACE)  # Flask-SocketIO's, given a sid: works outside an event


@user_logged_out.connect
def _end_connections_on_sign_out(sender, user, **extra) -> None:
    """A live meeting connection keeps the cookie it opened with: signing out closes it too."""
    if getattr(user, "is_authenticated", False):
        end_connections(user.id)
