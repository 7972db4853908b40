"""Who may score which bid. Deny by default; the sheet pages, autosave and the bid list all ask this."""

from sqlalchemy import exists, select

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.bids.permissions import can_view_bid
from panel.extensions import db
from panel.rounds.models import Conflict, Membership
from panel.rounds.permissions import membership_of
from panel.sheets.models import Assignment
from panel.training.permissions import can_score


def round_has_assignments(round_id: int) -> bool:
    """A round with no assignments lets every member score every bid they have no conflict with."""
    return bool(db.session.scalar(select(exists().where(Assignment.round_id == round_id))))


def assigned_bid_ids(membership: Membership) -> set[int] | None:
    """The bids assigned to this member, or None when the round assigns none (then every bid is theirs)."""
    if not round_has_assignments(membership.round_id):
        return None
    return set(db.session.scalars(select(Assignment.bid_id).where(Assignment.membership_id == membership.id)))


def can_score_bid(user, bid: Bid) -> bool:
    """A trained member of the bid's round, with no conflict, to whom the bid is assigned (if any are)."""
    membership = membership_of(user, bid.round)
    if membership is None or not can_score(user, bid.round) or not can_view_bid(user, bid):
        return False
    assigned = assigned_bid_ids(membership)
    return assigned is None or bid.id in assigned


def scorable_bids(membership: Membership) -> list[Bid]:
    """Every bid the member may score, in reference order, in one query (the list form of can_score_bid)."""
    query = select(Bid).where(
        Bid.round_id == membership.round_id,
        ~exists().where(Conflict.membership_id == membership.id, Conflict.bid_id == Bid.id),
    )
    if round_has_assignments(membership.round_id):
        query = query.where(
            Bid.id.in_(select(Assignment.bid_id).where(Assignment.membership_id == membership.id))
        )
    return sorted(db.session.scalars(query), key=in_reference_order)
