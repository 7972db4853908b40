"""Who may take part in a round's meeting and how. Pages and socket events ask these same predicates."""

from panel.rounds.models import Membership, Round
from panel.rounds.permissions import can_manage_round, can_view_round, membership_of
from scoring.people import MemberRole
from scoring.rounds import RoundStatus

MEETING_ON_OR_AFTER = (RoundStatus.MEETING, RoundStatus.DECIDED, RoundStatus.PUBLISHED, RoundStatus.CLOSED)


def can_attend_meeting(user, round_: Round) -> bool:
    """The round's panel and the commissioners, once the round has reached its meeting."""
    return round_.status in MEETING_ON_OR_AFTER and can_view_round(user, round_)


def is_chair(membership: Membership | None) -> bool:
    return membership is not None and membership.role is MemberRole.CHAIR


def can_chair_meeting(user, round_: Round, membership: Membership | None = None) -> bool:
    """The round's chair, or a commissioner: they run the meeting, see names, and show the projector screen."""
    if not can_attend_meeting(user, round_):
        return False
    return can_manage_round(user, round_) or is_chair(membership or membership_of(user, round_))
