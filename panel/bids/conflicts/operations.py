"""Conflicts of interest: members declare their own links to bidders; the panel team can record others.

A conflict a member recorded themselves is theirs to take back; one the panel team recorded stays until the
panel team removes it.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.extensions import db
from panel.rounds.models import Conflict, Membership, Round


def declared_by_member(conflict: Conflict) -> bool:
    """True if the member recorded this conflict themselves (so they may also take it back)."""
    return conflict.recorded_by_id is not None and conflict.recorded_by_id == conflict.membership.user_id


def recorded_by_panel_team(membership: Membership) -> dict[int, Conflict]:
    """{bid id: conflict} for the member's conflicts that only the panel team can take back."""
    return {
        conflict.bid_id: conflict for conflict in membership.conflicts if not declared_by_member(conflict)
    }


def conflicts_reviewed(membership: Membership, bids: list[Bid]) -> bool:
    """The member has answered about every bid: they reviewed after the newest bid arrived."""
    reviewed = membership.conflicts_reviewed_at
    return reviewed is not None and all(bid.created_at <= reviewed for bid in bids)


def declare_conflicts(
    membership: Membership, answers: dict[int, tuple[bool, str]], actor: User, now: datetime
) -> None:
    """Save a member's answers: {bid id: (has a link, note)}. Conflicts the panel team recorded are kept."""
    existing = {conflict.bid_id: conflict for conflict in membership.conflicts}
    for bid_id, (has_link, note) in answers.items():
        conflict = existing.get(bid_id)
        if conflict is not None and not declared_by_member(conflict):
            continue
        if has_link:
            if conflict is None:
                membership.conflicts.append(
                    Conflict(bid_id=bid_id, note=note, recorded_by_id=actor.id, recorded_at=now)
                )
            else:
                conflict.note = note
        elif conflict is not None:
            membership.conflicts.remove(conflict)
    membership.conflicts_reviewed_at = now
    db.session.flush()


def find_conflict(membership: Membership, bid: Bid) -> Conflict | None:
    return db.session.scalar(
        select(Conflict).where(Conflict.membership_id == membership.id, Conflict.bid_id == bid.id)
    )


def record_conflict(membership: Membership, bid: Bid, note: str, actor: User, now: datetime) -> Conflict:
    """The panel team records a member's conflict with a bid (the member cannot take it back)."""
    conflict = Conflict(membership=membership, bid=bid, note=note, recorded_by_id=actor.id, recorded_at=now)
    db.session.add(conflict)
    db.session.flush()
    return conflict


def remove_conflict(conflict: Conflict, actor: User) -> None:
    """The panel team removes a conflict, for example one recorded by mistake."""
    db.session.delete(conflict)
    db.session.flush()


def round_conflicts(round_: Round) -> Sequence[Conflict]:
    """Every conflict in the round, by bid then member."""
    return db.session.scalars(
        select(Conflict)
        .join(Conflict.membership)
        .join(Conflict.bid)
        .join(Membership.user)
        .where(Membership.round_id == round_.id)
        .order_by(Bid.reference, User.display_name, Conflict.id)
    ).all()
