"""Who may do what with a round. Deny by default; pages, templates and sockets call these same predicates."""

from typing import Protocol

from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Membership, Round


class AnyRound(Protocol):
    """A round, or a plain row read for one (the live meeting reads its round as a row)."""

    @property
    def id(self) -> int: ...


def membership_of(user, round_: AnyRound) -> Membership | None:
    """The user's seat on this round's panel, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Membership).where(Membership.round_id == round_.id, Membership.user_id == user.id)
    )


def can_manage_round(user, round_: AnyRound | None = None) -> bool:
    """Commissioners set up and run every round of this Co-Panel."""
    return bool(getattr(user, "is_authenticated", False) and user.is_commissioner)


def can_help_sign_in(user, round_: AnyRound, membership: Membership) -> bool:
    """Whether `user` may sign this panel member out everywhere (a lost phone) or give them a one-time sign-in
    code (a forgotten password): the people who run the round, for a member of its panel who is not one of
    them. A code lets whoever holds it choose the account's password, so an account that can see more than a
    member (a commissioner, a safeguarding lead), or their own, is never handed over this way."""
    if not can_manage_round(user, round_) or membership.round_id != round_.id:
        return False
    member = membership.user
    return (
        member.id != user.id
        and not member.is_commissioner
        and not member.is_safeguarding_lead
        and member.pseudonymised_at is None
    )


def can_view_round(user, round_: Round) -> bool:
    """The round's own panel and the commissioners; nobody else, not even members of other rounds."""
    return can_manage_round(user, round_) or membership_of(user, round_) is not None
