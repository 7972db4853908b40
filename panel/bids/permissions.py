"""Who may open a bid. This one predicate decides it for the bid page, its documents, its sheet and its discussion."""

from sqlalchemy import exists, select

from panel.bids.models import Bid
from panel.extensions import db
from panel.rounds.models import Conflict
from panel.rounds.permissions import can_manage_round, membership_of


def has_conflict(membership_id: int, bid_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(Conflict.membership_id == membership_id, Conflict.bid_id == bid_id))
        )
    )


def can_view_bid(user, bid: Bid) -> bool:
    """Commissioners, and members of the bid's round who have no conflict with it."""
    if can_manage_round(user, bid.round):
        return True
    membership = membership_of(user, bid.round)
    return membership is not None and not has_conflict(membership.id, bid.id)
