"""Who may take part in a round's meeting and how. Pages and socket events ask these same predicates."""

from panel.meetings.store import RoundRow, Seat
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import can_manage_round, membership_of
from scoring.people import MemberRole
from scoring.rounds import RoundStatus

MEETING_ON_OR_AFTER = (RoundStatus.MEETING, RoundStatus.DECIDED, RoundStatus.PUBLISHED, RoundStatus.CLOSED)


def attendance(user, round_: Round | RoundRow, membership: Membership | Seat | None) -> tuple[bool, bool]:
    """(may attend, may chair), given the person's seat on the panel (looked up once by the caller). Pages pass
    the ORM objects; socket events the plain rows they read (store.RoundRow, store.Seat).

    The round's panel and the commissioners attend once the round has reached its meeting; the round's chair
    and the commissioners run it, see names, and show the projector screen."""
    if round_.status not in MEETING_ON_OR_AFTER:
        return False, False
    chair = can_manage_round(user, round_) or (membership is not None and membership.role is MemberRole.CHAIR)
    return chair or membership is not None, chair


def can_attend_meeting(user, round_: Round) -> bool:
    return attendance(user, round_, membership_of(user, round_))[0]


def can_chair_meeting(user, round_: Round, membership: Membership | None = None) -> bool:
    return attendance(user, round_, membership or membership_of(user, round_))[1]
