"""Sharing the bids out: the commissioner chooses who scores which bid, or lets everyone score every bid."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.extensions import db
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round
from panel.sheets import bp
from panel.sheets.assignment.forms import EveryoneForm, ShareOutForm
from panel.sheets.assignment.operations import (
    assignment_count,
    clear_assignments,
    current_shortfalls,
    scorers_per_bid,
    share_out_bids,
    sheets_started,
    shortfalls_in_words,
)

MANAGERS_ONLY = "Only the people who run this round can choose who scores which bid."


@bp.route("/assignments", methods=["GET", "POST"])
@login_required
def assign(round_id: int):
    """Share the bids out automatically, or go back to everyone scoring every bid."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_manage_round(current_user, round_), MANAGERS_ONLY)
    form, everyone = ShareOutForm(), EveryoneForm(prefix="everyone")
    if everyone.everyone.data and everyone.validate_on_submit():
        clear_assignments(round_)
        db.session.commit()
        flash("Done. Everyone now scores every bid, except bids they have a conflict with.", "success")
        return redirect(url_for("sheets.assign", round_id=round_.id))
    if not everyone.everyone.data and form.validate_on_submit() and (numbers := form.numbers()):
        young, adult = numbers
        short = share_out_bids(round_, young, adult)
        db.session.commit()
        flash(
            "The bids are shared out." + (" Some bids are short of scorers: see below." if short else ""),
            "success",
        )
        return redirect(url_for("sheets.assign", round_id=round_.id, young=young, adult=adult))
    return _page(round_, form, everyone), 400 if form.errors or everyone.errors else 200


def _page(round_: Round, form: ShareOutForm, everyone: EveryoneForm):
    """The page; after sharing out, the numbers asked for come back in the address to list the shortfalls."""
    found = []
    if not form.is_submitted():
        form.young.data, form.adult.data = request.args.get("young", "3"), request.args.get("adult", "2")
        numbers = form.numbers()
        if numbers and assignment_count(round_):
            found = shortfalls_in_words(round_, current_shortfalls(round_, *numbers))
    return render_template(
        "sheets/assign.html",
        round=round_,
        form=form,
        everyone=everyone,
        shortfalls=found,
        assigned=assignment_count(round_) > 0,
        started=sheets_started(round_),
        per_bid=scorers_per_bid(round_),
        nav_section="panels",
    )
