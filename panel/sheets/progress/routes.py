"""Scoring progress for the commissioner and the chair: statuses (never scores), reminders, extra time."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.mail import reminded_in_words
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.sheets import bp
from panel.sheets.progress.forms import ExtendForm
from panel.sheets.progress.operations import (
    can_see_scoring_progress,
    email_reminders,
    extend_scoring,
    remind_unfinished,
    scoring_progress,
)

NOBODY_TO_REMIND = "Everyone has finished their sheets, so nobody needed a reminder."
PROGRESS_ONLY = (
    "Only the commissioner and the panel's chair can see scoring progress. "
    "If you need it, ask the person who runs the panel."
)


def _progress_round(round_id: int) -> Round:
    round_ = get_or_404(Round, round_id)
    deny_unless(can_see_scoring_progress(current_user, round_), PROGRESS_ONLY)
    return round_


@bp.get("/progress")
@login_required
def progress(round_id: int):
    """Who has started, finished or not begun each bid's sheet."""
    round_ = _progress_round(round_id)
    record_access(current_user, "scoring_progress_viewed", round_=round_)
    db.session.commit()
    return render_template("sheets/progress.html", round=round_, progress=scoring_progress(round_))


@bp.post("/progress/remind")
@login_required
def remind(round_id: int):
    """Nudge every member who still has sheets to finish, in Co-Panel and by email where they gave one."""
    round_ = _progress_round(round_id)
    link = url_for("sheets.index", round_id=round_.id)
    reminders = remind_unfinished(current_user, round_, link, utcnow())
    db.session.commit()
    emails = email_reminders(reminders, url_for("sheets.index", round_id=round_.id, _external=True))
    flash(reminded_in_words(len(reminders), emails, NOBODY_TO_REMIND), "info" if emails.failed else "success")
    return redirect(url_for("sheets.progress", round_id=round_.id))


@bp.route("/progress/<int:membership_id>/extend", methods=["GET", "POST"])
@login_required
def extend(round_id: int, membership_id: int):
    """Give one member more time to finish scoring."""
    round_ = _progress_round(round_id)
    membership = get_or_404(Membership, membership_id)
    if membership.round_id != round_.id:
        abort(404)
    form = ExtendForm(round_.scoring_deadline)
    if form.validate_on_submit():
        until = form.until.data
        assert until is not None  # validate_until refuses a blank date
        extend_scoring(current_user, membership, until)
        db.session.commit()
        flash(
            f"{membership.user.display_name} now has until {until.day} {until:%B %Y} to finish scoring.",
            "success",
        )
        return redirect(url_for("sheets.progress", round_id=round_.id))
    if not form.is_submitted() and membership.scoring_extended_to:
        form.until.raw_data = [
            str(part)
            for part in (
                membership.scoring_extended_to.day,
                membership.scoring_extended_to.month,
                membership.scoring_extended_to.year,
            )
        ]
    return render_template(
        "sheets/extend.html",
        round=round_,
        membership=membership,
        form=form,
    ), 400 if form.errors else 200
