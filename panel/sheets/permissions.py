"""Who may score which bid. Deny by default; the sheet pages, autosave and the bid list all ask this."""

from sqlalchemy import exists, select

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.bids.permissions import has_conflict
from panel.extensions import db
from panel.rounds.models import Conflict, Membership
from panel.rounds.permissions import can_manage_round, membership_of
from panel.sheets.models import Assignment
from panel.training.operations import training_done


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
    if membership is None:
        return False
    assigned = assigned_bid_ids(membership)
    return may_score(
        user,
        membership,
        conflict=has_conflict(membership.id, bid.id),
        assigned=None if assigned is None else bid.id in assigned,
    )


def may_score(user, membership: Membership | None, *, conflict: bool, assigned: bool | None) -> bool:
    """can_score_bid's rule on facts read already (the autosave reads them with the sheet, in one statement):
    `membership` is the user's seat on the bid's round, `conflict` whether that seat has a conflict with the
    bid, `assigned` whether the bid is assigned to it (None when the round assigns no bids). A trained member
    (can_score) who may view the bid (can_view_bid: a commissioner, or a member without a conflict)."""
    return (
        membership is not None
        and training_done(membership)
        and (can_manage_round(user) or not conflict)
        and assigned is not False
    )


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
