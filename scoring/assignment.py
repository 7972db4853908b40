"""Sharing the bids out: which members score which bid, so every bid gets enough young and adult scorers."""

from collections.abc import Iterable
from dataclasses import dataclass

YOUNG = "young"
ADULT = "adult"


@dataclass(frozen=True)
class Shortfall:
    """A bid that could not get as many scorers of one group as were asked for."""

    bid_id: int
    group: str
    wanted: int
    got: int


def balanced_assignment(
    bids: Iterable[int],
    members: Iterable[tuple[int, bool]],
    conflicts: set[tuple[int, int]],
    per_bid_young: int,
    per_bid_adult: int,
) -> dict[int, set[int]]:
    """The bids each member scores: enough young and adult scorers per bid, never a conflict, the load spread evenly."""
    bid_ids = sorted(set(bids))
    members = sorted(set(members))
    result: dict[int, set[int]] = {member_id: set() for member_id, _ in members}
    for is_young, wanted in ((True, per_bid_young), (False, per_bid_adult)):
        group = [member_id for member_id, young in members if young is is_young]
        _share_out(result, bid_ids, group, conflicts, max(wanted, 0))
    return result


def _share_out(
    result: dict[int, set[int]],
    bid_ids: list[int],
    group: list[int],
    conflicts: set[tuple[int, int]],
    wanted: int,
) -> None:
    eligible = {bid: [m for m in group if (m, bid) not in conflicts] for bid in bid_ids}
    # Bids with the fewest possible scorers go first, so they are not left with only the busiest members.
    for bid in sorted(bid_ids, key=lambda b: (len(eligible[b]), b)):
        chosen = sorted(eligible[bid], key=lambda m: (len(result[m]), m))[:wanted]
        for member in chosen:
            result[member].add(bid)
    _even_out(result, bid_ids, eligible)


def _even_out(result: dict[int, set[int]], bid_ids: list[int], eligible: dict[int, list[int]]) -> None:
    """Move a bid from a busy member to one with at least two fewer, while that is possible."""
    # Each move lowers the sum of squared loads, so this ends; the cap only guards against a mistake.
    for _ in range(sum(len(members) for members in eligible.values()) ** 2 + 1):
        move = _a_move(result, bid_ids, eligible)
        if move is None:
            return
        bid, busy, free = move
        result[busy].discard(bid)
        result[free].add(bid)


def _a_move(
    result: dict[int, set[int]], bid_ids: list[int], eligible: dict[int, list[int]]
) -> tuple[int, int, int] | None:
    """A (bid, busy member, free member) move that evens the load, or None when there is none."""
    for bid in bid_ids:
        holders = [m for m in eligible[bid] if bid in result[m]]
        others = [m for m in eligible[bid] if bid not in result[m]]
        if not holders or not others:
            continue
        busy = max(holders, key=lambda m: (len(result[m]), -m))
        free = min(others, key=lambda m: (len(result[m]), m))
        if len(result[busy]) - len(result[free]) >= 2:
            return bid, busy, free
    return None


def shortfalls(
    assignment: dict[int, set[int]],
    bids: Iterable[int],
    members: Iterable[tuple[int, bool]],
    per_bid_young: int,
    per_bid_adult: int,
) -> list[Shortfall]:
    """The bids that have fewer young or adult scorers than asked for, in bid order."""
    is_young = dict(members)
    found = []
    for bid in sorted(set(bids)):
        scorers = [member for member, assigned in assignment.items() if bid in assigned]
        for group, wanted, young in ((YOUNG, per_bid_young, True), (ADULT, per_bid_adult, False)):
            got = sum(1 for member in scorers if is_young.get(member) is young)
            if got < wanted:
                found.append(Shortfall(bid, group, wanted, got))
    return found
