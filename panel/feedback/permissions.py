"""Who may see the panellist's side of the decisions. Deny by default; pages and templates ask these."""

from panel.feedback.operations import SHARED_STATUSES, is_published
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import can_manage_round


def can_read_feedback(membership: Membership | None, round_: Round) -> bool:
    """A member of the round's panel, once the decisions are shared with it. Only ever their own page:
    commissioners who are not on the panel have no scores to compare, so they see the replies page instead."""
    return membership is not None and is_published(round_)


def can_see_contribution(membership: Membership | None, round_: Round) -> bool:
    """A member's own record and certificate, once the round's work is done (published, or closed since)."""
    return membership is not None and round_.status in SHARED_STATUSES


def can_read_replies(user, round_: Round) -> bool:
    """Commissioners only: the chair, who may be a young person too, never sees who said what."""
    return can_manage_round(user, round_)


def can_post_news(user, round_: Round) -> bool:
    return can_manage_round(user, round_)
