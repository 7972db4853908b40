"""Who has opened their feedback page since the decisions were published, and reminding those who have not."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.audit import record_access
from panel.core.mail import reminded_in_words
from panel.core.models import utcnow
from panel.decisions import bp
from panel.decisions.operations import feedback_link, feedback_of
from panel.decisions.receipts.operations import email_feedback_reminders, feedback_receipts, remind_unopened
from panel.decisions.routes import decided_round
from panel.extensions import db
from panel.rounds.models import Round

NOBODY_TO_REMIND = "Everyone has opened their feedback page, so nobody needed a reminder."
NOT_PUBLISHED = (
    "Nobody can open their feedback before you publish the decisions, so there is nobody to remind yet."
)


def _page(round_: Round, refused: str | None = None):
    feedback = feedback_of(round_)
    return render_template(
        "decisions/receipts.html",
        round=round_,
        rows=feedback_receipts(round_),
        published=bool(feedback and feedback.published_at),
        feedback=feedback,
        refused=refused,
    )


@bp.get("/receipts")
@login_required
def receipts(round_id: int):
    """Each panel member: opened their feedback page or not, and the reminders sent."""
    round_ = decided_round(round_id)
    record_access(current_user, "receipts_viewed", round_=round_)
    db.session.commit()
    return _page(round_)


@bp.post("/receipts/remind")
@login_required
def remind(round_id: int):
    """Remind every member who has not opened their feedback page, in Co-Panel and by email if they gave one."""
    round_ = decided_round(round_id)
    feedback = feedback_of(round_)
    if feedback is None or feedback.published_at is None:
        return _page(round_, NOT_PUBLISHED), 409
    reminded = remind_unopened(current_user, round_, feedback_link(round_.id), utcnow())
    db.session.commit()
    emails = email_feedback_reminders(reminded, feedback_link(round_.id, external=True))
    flash(reminded_in_words(len(reminded), emails, NOBODY_TO_REMIND), "info" if emails.failed else "success")
    return redirect(url_for("decisions.receipts", round_id=round_.id))
