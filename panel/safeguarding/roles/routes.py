"""Commissioners give adults the safeguarding role and name each round's lead."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.accounts.models import User
from panel.accounts.operations import find_user
from panel.core.access import deny_unless, get_or_404
from panel.extensions import db
from panel.rounds.models import Round
from panel.safeguarding import bp
from panel.safeguarding.forms import NO_LEAD, ConfirmForm, GrantForm, LeadForm
from panel.safeguarding.operations import (
    RoleRefused,
    choose_lead,
    grant_safeguarding_role,
    revoke_safeguarding_role,
    safeguarding_leads,
)
from panel.safeguarding.permissions import can_grant_safeguarding_role

COMMISSIONERS_ONLY = "Only commissioners can choose who reads worries."


def _leads_page(form: GrantForm, status: int = 200):
    page = render_template(
        "safeguarding/leads.html", form=form, leads=safeguarding_leads(), remove=ConfirmForm()
    )
    return page, status


@bp.route("/safeguarding/leads", methods=["GET", "POST"])
@login_required
def leads():
    """Who holds the safeguarding role, and giving it to another adult."""
    deny_unless(can_grant_safeguarding_role(current_user), COMMISSIONERS_ONLY)
    form = GrantForm()
    if not form.validate_on_submit():
        return _leads_page(form, 400 if form.is_submitted() else 200)
    person = find_user(form.username.data)
    if person is None:
        form.username.errors.append(f"There is nobody with the username {form.username.data}")
        return _leads_page(form, 400)
    try:
        grant_safeguarding_role(current_user, person)
    except RoleRefused as refusal:
        form.username.errors.append(str(refusal))
        return _leads_page(form, 400)
    db.session.commit()
    flash(f"{person.display_name} can now be named as a round's safeguarding lead.", "success")
    return redirect(url_for("safeguarding.leads"))


@bp.post("/safeguarding/leads/<int:user_id>/remove")
@login_required
def remove_lead(user_id: int):
    """Take the role away; their rounds' worries go back to the commissioners."""
    deny_unless(can_grant_safeguarding_role(current_user), COMMISSIONERS_ONLY)
    person = get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit() or not person.is_safeguarding_lead:
        abort(400)
    led = revoke_safeguarding_role(current_user, person)
    db.session.commit()
    rounds = f"{len(led)} round{'s' if len(led) != 1 else ''}"
    back = f" Worries on {rounds} they led now go to the commissioners." if led else ""
    flash(f"{person.display_name} no longer has the safeguarding role.{back}", "success")
    return redirect(url_for("safeguarding.leads"))


@bp.route("/rounds/<int:round_id>/safeguarding-lead", methods=["GET", "POST"])
@login_required
def choose(round_id: int):
    """Name the adult who reads this round's worries."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_grant_safeguarding_role(current_user), COMMISSIONERS_ONLY)
    people = safeguarding_leads()
    form = LeadForm().offer(people, round_.safeguarding_lead_id)
    if form.validate_on_submit():
        person = None if form.lead.data == NO_LEAD else next(p for p in people if str(p.id) == form.lead.data)
        choose_lead(current_user, round_, person)
        db.session.commit()
        flash(
            f"{person.display_name} reads this round's worries."
            if person
            else "The commissioners read this round's worries.",
            "success",
        )
        return redirect(url_for("rounds.show", round_id=round_.id))
    status = 400 if form.is_submitted() else 200
    return render_template("safeguarding/choose.html", form=form, round=round_, people=people), status
