"""Sharing a round's bids out among its members, or going back to everyone scoring every bid."""

from sqlalchemy import delete, func, select

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.extensions import db
from panel.rounds.models import Conflict, Membership, Round
from panel.sheets.models import Assignment, Sheet
from scoring.assignment import Shortfall, balanced_assignment, shortfalls
from scoring.people import MemberKind


def assignment_count(round_: Round) -> int:
    """How many (member, bid) assignments the round has; none means everyone scores every bid."""
    return db.session.execute(
        select(func.count()).select_from(Assignment).where(Assignment.round_id == round_.id)
    ).scalar_one()


def sheets_started(round_: Round) -> int:
    """How many sheets members of this round have already started or submitted."""
    return db.session.execute(
        select(func.count()).select_from(Sheet).where(Sheet.round_id == round_.id)
    ).scalar_one()


def share_out_bids(round_: Round, per_bid_young: int, per_bid_adult: int) -> list[Shortfall]:
    """Replace the round's assignments with a balanced one, and return the bids short of scorers."""
    members = [
        (m.id, m.kind is MemberKind.YOUNG)
        for m in db.session.scalars(select(Membership).where(Membership.round_id == round_.id))
    ]
    bids = list(db.session.scalars(select(Bid.id).where(Bid.round_id == round_.id)))
    conflicts = {
        (membership_id, bid_id)
        for membership_id, bid_id in db.session.execute(
            select(Conflict.membership_id, Conflict.bid_id)
            .join(Membership)
            .where(Membership.round_id == round_.id)
        )
    }
    shared = balanced_assignment(bids, members, conflicts, per_bid_young, per_bid_adult)
    clear_assignments(round_)
    db.session.add_all(
        Assignment(round_id=round_.id, bid_id=bid, membership_id=member)
        for member, assigned in sorted(shared.items())
        for bid in sorted(assigned)
    )
    db.session.flush()
    return shortfalls(shared, bids, members, per_bid_young, per_bid_adult)


def clear_assignments(round_: Round) -> None:
    """Go back to everyone scoring every bid they have no conflict with."""
    db.session.execute(delete(Assignment).where(Assignment.round_id == round_.id))
    db.session.flush()


def shortfalls_in_words(round_: Round, found: list[Shortfall]) -> list[str]:
    """Each shortfall as a sentence the commissioner can act on."""
    references = {bid.id: f"{bid.reference} {bid.title}" for bid in round_.bids}
    people = {"young": ("young person", "young people"), "adult": ("adult", "adults")}
    lines = []
    for short in found:
        one, many = people[short.group]
        lines.append(
            f"{references[short.bid_id]}: {short.got} {one if short.got == 1 else many} can score it, "
            f"not {short.wanted}, because of conflicts or too few members."
        )
    return lines


def scorers_per_bid(round_: Round) -> list[tuple[Bid, int, int]]:
    """Each bid of the round with how many young people and adults are asked to score it."""
    counts = dict.fromkeys(((bid.id, kind) for bid in round_.bids for kind in MemberKind), 0)
    rows = db.session.execute(
        select(Assignment.bid_id, Membership.kind, func.count())
        .join(Membership)
        .where(Assignment.round_id == round_.id)
        .group_by(Assignment.bid_id, Membership.kind)
    )
    counts.update({(bid, kind): number for bid, kind, number in rows})
    return [
        (bid, counts[bid.id, MemberKind.YOUNG], counts[bid.id, MemberKind.ADULT])
        for bid in sorted(round_.bids, key=in_reference_order)
    ]


def current_shortfalls(round_: Round, per_bid_young: int, per_bid_adult: int) -> list[Shortfall]:
    """The bids whose saved assignments fall short of the numbers asked for."""
    members = [(m.id, m.kind is MemberKind.YOUNG) for m in round_.memberships]
    shared: dict[int, set[int]] = {member: set() for member, _ in members}
    for bid, member in db.session.execute(
        select(Assignment.bid_id, Assignment.membership_id).where(Assignment.round_id == round_.id)
    ):
        shared.setdefault(member, set()).add(bid)
    return shortfalls(shared, [bid.id for bid in round_.bids], members, per_bid_young, per_bid_adult)
