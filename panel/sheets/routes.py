"""Scoring sheet pages."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.bids.permissions import can_view_bid
from panel.core.access import get_or_404
from panel.extensions import db
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round
from panel.sheets import bp
from panel.sheets.gate import require_training


@bp.get("/")
@login_required
def index(round_id: int):
    """The bids a trained member will score: every bid of the round except those they have a conflict with."""
    round_ = get_or_404(Round, round_id)
    if can_manage_round(current_user, round_):
        return redirect(url_for("rounds.show", round_id=round_.id))
    require_training(round_)
    bids = sorted(db.session.scalars(select(Bid).where(Bid.round_id == round_.id)), key=in_reference_order)
    return render_template(
        "sheets/index.html", round=round_, bids=[bid for bid in bids if can_view_bid(current_user, bid)]
    )
