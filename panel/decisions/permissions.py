"""Who may record, publish and send the final decisions: the commissioners, as for everything else in a round."""

from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round


def can_decide(user, round_: Round) -> bool:
    """Commissioners record the final decisions, write to the panel, publish, and write to bidders. Panel
    members (the chair included) never see a decision here: theirs is the feedback page, once published."""
    return can_manage_round(user, round_)
