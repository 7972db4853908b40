"""Conflicts of interest: each member's own declaration, the register, and ones the panel team records."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from panel.bids import bp
from panel.bids.conflicts.forms import NO, YES, RecordConflictForm, declaration_form
from panel.bids.conflicts.operations import (
    conflicts_reviewed,
    declare_conflicts,
    declared_by_member,
    find_conflict,
    record_conflict,
    recorded_by_panel_team,
    remove_conflict,
    round_conflicts,
)
from panel.bids.models import Bid
from panel.core.access import FriendlyForbidden, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Conflict, Membership, Round
from panel.rounds.permissions import can_manage_round, membership_of
from panel.rounds.routes import managed_round

MANAGERS_ONLY = "Only the people who run this round can see and change its conflicts register."

# The panel page (in rounds, which comes before bids) says who has answered about every bid.
bp.add_app_template_global(conflicts_reviewed, "conflicts_reviewed")


@bp.route("/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(round_id: int):
    """A member says, bid by bid, whether they have a link to the group that asked for money."""
    round_ = get_or_404(Round, round_id)
    membership = membership_of(current_user, round_)
    if membership is None and can_manage_round(current_user, round_):
        return redirect(url_for("bids.conflict_register", round_id=round_.id))
    if membership is None:
        raise FriendlyForbidden("This page is for the members of this round's panel.")
    kept = recorded_by_panel_team(membership)
    askable = [bid for bid in round_.bids if bid.id not in kept]
    form = declaration_form(askable)
    if form.validate_on_submit():
        declare_conflicts(membership, form.answers(askable), current_user, utcnow())
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        return redirect(url_for("bids.conflicts", round_id=round_.id))
    if not form.is_submitted():
        _fill_in_answers(form, membership, askable)
    return render_template(
        "bids/conflicts.html",
        round=round_,
        form=form,
        bids=round_.bids,
        kept=kept,
        answered=not askable or conflicts_reviewed(membership, askable),
        nav_section="panels",
    ), 400 if form.errors else 200


def _fill_in_answers(form, membership: Membership, bids: list[Bid]) -> None:
    """Show what the member answered last time (nothing is chosen for them before they first answer)."""
    mine = {conflict.bid_id: conflict for conflict in membership.conflicts}
    for bid in bids:
        if bid.id in mine:
            form[f"link_{bid.id}"].data = YES
            form[f"note_{bid.id}"].data = mine[bid.id].note
        elif (
            membership.conflicts_reviewed_at is not None
            and bid.created_at <= membership.conflicts_reviewed_at
        ):
            form[f"link_{bid.id}"].data = NO


@bp.get("/conflicts/register")
@login_required
def conflict_register(round_id: int):
    """Every declared conflict in the round, and who has not answered yet."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    record_access(current_user, "conflicts_viewed", round_=round_)
    db.session.commit()
    members = db.session.scalars(select(Membership).where(Membership.round_id == round_.id)).all()
    waiting = sorted(
        (member for member in members if not conflicts_reviewed(member, round_.bids)),
        key=lambda member: member.user.display_name.lower(),
    )
    return render_template(
        "bids/conflict_register.html",
        round=round_,
        conflicts=round_conflicts(round_),
        waiting=waiting,
        declared_by_member=declared_by_member,
    )


def _record_form(round_: Round) -> RecordConflictForm:
    form = RecordConflictForm()
    members = sorted(
        db.session.scalars(select(Membership).where(Membership.round_id == round_.id)).all(),
        key=lambda member: member.user.display_name.lower(),
    )
    form.membership.choices = [SelectChoice("", "Choose a panel member")] + [
        SelectChoice(str(member.id), f"{member.user.display_name} ({member.kind.label.lower()})")
        for member in members
    ]
    form.bid.choices = [SelectChoice("", "Choose a bid")] + [
        SelectChoice(str(bid.id), f"{bid.reference}: {bid.organisation}") for bid in round_.bids
    ]
    return form


@bp.route("/conflicts/record", methods=["GET", "POST"])
@login_required
def conflict_record(round_id: int):
    """The panel team records a conflict they know about."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    form = _record_form(round_)
    if form.validate_on_submit():
        membership = get_or_404(Membership, form.membership.data)
        bid = get_or_404(Bid, form.bid.data)
        if find_conflict(membership, bid) is not None:
            form.bid.errors.append(f"{membership.user.display_name} already has a conflict with this bid")
        else:
            record_conflict(membership, bid, form.note.data or "", current_user, utcnow())
            db.session.commit()
            flash(f"Recorded: {membership.user.display_name} has a conflict with {bid.reference}.", "success")
            return redirect(url_for("bids.conflict_register", round_id=round_.id))
    return render_template("bids/conflict_record.html", round=round_, form=form), 400 if form.errors else 200


@bp.post("/conflicts/<int:conflict_id>/remove")
@login_required
def conflict_remove(round_id: int, conflict_id: int):
    """Remove a conflict from the register, for example one recorded by mistake."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    conflict = get_or_404(Conflict, conflict_id)
    if conflict.membership.round_id != round_.id:
        abort(404)
    name, reference = conflict.membership.user.display_name, conflict.bid.reference
    remove_conflict(conflict, current_user)
    db.session.commit()
    flash(f"Removed {name}'s conflict with {reference}.", "success")
    return redirect(url_for("bids.conflict_register", round_id=round_.id))
