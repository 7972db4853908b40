"""Asking for your details to be removed, and the commissioners' list of those requests."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.extensions import db
from panel.privacy import bp
from panel.privacy.removal.forms import REMOVE, AskForRemovalForm, RemovalDecisionForm, WithdrawForm
from panel.privacy.removal.models import RemovalRequest
from panel.privacy.removal.operations import (
    ask_for_removal,
    confirm_removal,
    decline_removal,
    pending_request,
    pending_requests,
    recent_decisions,
    withdraw_request,
)
from panel.privacy.removal.permissions import can_ask_for_removal, can_decide_removals, can_withdraw

COMMISSIONERS_ONLY = "Only commissioners can answer requests to remove data."
STAFF_ACCOUNT = (
    "Staff accounts can't be removed here, because your name stays on the decisions you made. "
    "Ask your organisation's data protection officer."
)


@bp.route("/my-data/remove", methods=["GET", "POST"])
@login_required
def ask_removal():
    """Say plainly what removal means, then ask for it (one waiting request at a time)."""
    deny_unless(can_ask_for_removal(current_user), STAFF_ACCOUNT)
    form = AskForRemovalForm()
    if form.validate_on_submit():
        ask_for_removal(current_user, utcnow(), url_for("privacy.removal_requests"))
        db.session.commit()
        flash("Thank you. We have your request. Someone who runs Co-Panel will check it soon.", "success")
        return redirect(url_for("privacy.my_data"))
    return render_template(
        "privacy/remove_my_data.html",
        form=form,
        waiting=pending_request(current_user),
        withdraw_form=WithdrawForm(),
    )


@bp.post("/my-data/remove/<int:request_id>/withdraw")
@login_required
def withdraw_removal(request_id: int):
    """Take back your own request while it is waiting; someone else's is not found."""
    asked = get_or_404(RemovalRequest, request_id)
    if not can_withdraw(current_user, asked):
        abort(404)
    if WithdrawForm().validate_on_submit() and withdraw_request(asked, utcnow()):
        db.session.commit()
        flash("Your request is cancelled. We will keep your data as it is.", "success")
    return redirect(url_for("privacy.my_data"))


@bp.get("/removal-requests")
@login_required
def removal_requests():
    """Requests waiting for a commissioner, and the latest answered."""
    deny_unless(can_decide_removals(current_user), COMMISSIONERS_ONLY)
    return _requests_page({})


def _requests_page(forms: dict[int, RemovalDecisionForm], status: int = 200):
    waiting = pending_requests()
    forms = {
        asked.id: forms.get(asked.id) or RemovalDecisionForm(prefix=f"r{asked.id}", formdata=None)
        for asked in waiting
    }
    record_access(current_user, "removal_requests_viewed")
    db.session.commit()
    errored = next((form for form in forms.values() if form.errors), None)
    return render_template(
        "privacy/removal_requests.html",
        waiting=waiting,
        forms=forms,
        form=errored,
        decided=recent_decisions(),
    ), status


@bp.post("/removal-requests/<int:request_id>")
@login_required
def decide_removal(request_id: int):
    """Remove the person's details, or decline with a reason they will read."""
    deny_unless(can_decide_removals(current_user), COMMISSIONERS_ONLY)
    asked = get_or_404(RemovalRequest, request_id)
    form = RemovalDecisionForm(prefix=f"r{asked.id}")
    if not form.validate_on_submit():
        return _requests_page({asked.id: form}, 400)
    now = utcnow()
    if form.decision.data == REMOVE:
        done = confirm_removal(current_user, asked, now)
        message = "Done. Their name and contact details are removed. Their scores stay, without a name."
    else:
        done = decline_removal(current_user, asked, form.reason.data, now, url_for("privacy.my_data"))
        message = "Saved. They will see your reason on their My data page."
    db.session.commit()
    flash(message if done else "Someone has already answered that request.", "success" if done else "info")
    return redirect(url_for("privacy.removal_requests"))
