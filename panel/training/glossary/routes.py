"""The glossary of words that cannot be avoided: "Words we use"."""

from flask import render_template
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.rounds.models import Round
from panel.rounds.permissions import can_view_round
from panel.training import bp
from panel.training.pack import load_pack

NOT_YOUR_PANEL = (
    "This page belongs to a panel you are not on. If you think you should be, ask the person who runs it."
)


@bp.get("/glossary")
@login_required
def glossary(round_id: int):
    round_ = get_or_404(Round, round_id)
    deny_unless(can_view_round(current_user, round_), NOT_YOUR_PANEL)
    terms = sorted(load_pack().glossary, key=lambda term: term.term.lower())
    return render_template("training/glossary.html", round=round_, terms=terms)
