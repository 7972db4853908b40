"""Who may raise, read and deal with worries. Deny by default: a worry is for its round's lead alone."""

from sqlalchemy import exists, select

from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import can_manage_round
from panel.safeguarding.models import Worry
from scoring.people import MemberKind


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def lead_of(round_: Round):
    """The round's named lead, while they still hold the safeguarding role; else None (commissioners read)."""
    lead = round_.safeguarding_lead
    return lead if lead is not None and lead.is_safeguarding_lead else None


def can_raise_worry(user) -> bool:
    """Anyone on a panel can raise a worry, from any page."""
    return _signed_in(user) and bool(db.session.scalar(select(exists().where(Membership.user_id == user.id))))


def can_read_worries_of(user, round_: Round) -> bool:
    """The round's lead; only when it has none, the commissioners. Never the chair or other members."""
    if not _signed_in(user):
        return False
    lead = lead_of(round_)
    if lead is not None:
        return lead.id == user.id
    return can_manage_round(user, round_)


def can_read_worry(user, worry: Worry) -> bool:
    """Read and deal with one worry: whoever reads its round's worries."""
    return can_read_worries_of(user, worry.round)


def can_see_own_worry(user, worry: Worry) -> bool:
    """The person who raised it sees what they sent and whether it has been read."""
    return _signed_in(user) and worry.raised_by_id == user.id


def can_open_safeguarding(user) -> bool:
    """The list of worries: safeguarding leads and commissioners (who read worries of rounds with no lead)."""
    return _signed_in(user) and bool(user.is_safeguarding_lead or user.is_commissioner)


def can_grant_safeguarding_role(user) -> bool:
    """Commissioners give and take away the safeguarding role, and name each round's lead."""
    return can_manage_round(user)


def is_young_member(user) -> bool:
    """Sits on any panel as a young person: never a safeguarding lead."""
    return bool(
        db.session.scalar(
            select(exists().where(Membership.user_id == user.id, Membership.kind == MemberKind.YOUNG))
        )
    )
