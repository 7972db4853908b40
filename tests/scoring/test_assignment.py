"""Sharing the bids out: enough young and adult scorers per bid, no conflicts, the load spread evenly."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.assignment import ADULT, YOUNG, Shortfall, balanced_assignment, shortfalls

YOUNG_FOUR = [(1, True), (2, True), (3, True), (4, True)]
ADULT_TWO = [(11, False), (12, False)]


def _scorers(assignment, bid):
    return sorted(member for member, bids in assignment.items() if bid in bids)


@pytest.mark.parametrize(
    ("bids", "members", "conflicts", "young", "adult", "expected"),
    [
        (
            [10, 20],
            YOUNG_FOUR + ADULT_TWO,
            set(),
            2,
            1,
            {1: {10}, 2: {10}, 3: {20}, 4: {20}, 11: {10}, 12: {20}},
        ),
        (
            [10, 20],
            YOUNG_FOUR + ADULT_TWO,
            {(1, 10), (2, 10)},
            2,
            1,
            {1: {20}, 2: {20}, 3: {10}, 4: {10}, 11: {10}, 12: {20}},
        ),
        ([10], YOUNG_FOUR, set(), 0, 0, {1: set(), 2: set(), 3: set(), 4: set()}),
        ([10, 20, 30], ADULT_TWO, {(11, 30)}, 0, 1, {11: {10, 20}, 12: {30}}),
        ([], ADULT_TWO, set(), 1, 1, {11: set(), 12: set()}),
    ],
)
def test_balanced_assignment(bids, members, conflicts, young, adult, expected):
    assert balanced_assignment(bids, members, conflicts, young, adult) == expected


def test_asking_for_more_than_there_are_gives_everyone_every_bid():
    assignment = balanced_assignment([10, 20], YOUNG_FOUR, set(), 9, 0)
    assert all(bids == {10, 20} for bids in assignment.values())


def test_the_same_input_gives_the_same_answer_whatever_the_order():
    members = YOUNG_FOUR + ADULT_TWO
    first = balanced_assignment([30, 10, 20], members, {(3, 20)}, 2, 1)
    assert balanced_assignment([10, 20, 30], list(reversed(members)), {(3, 20)}, 2, 1) == first


@pytest.mark.parametrize(
    ("assignment", "young", "adult", "expected"),
    [
        ({1: {10}, 2: {10}, 11: {10}}, 2, 1, []),
        ({1: {10}, 2: set(), 11: {10}}, 2, 1, [Shortfall(10, YOUNG, 2, 1)]),
        ({1: set(), 2: set(), 11: set()}, 1, 1, [Shortfall(10, YOUNG, 1, 0), Shortfall(10, ADULT, 1, 0)]),
        ({1: {10}, 11: {10}}, 0, 0, []),
    ],
)
def test_shortfalls(assignment, young, adult, expected):
    assert shortfalls(assignment, [10], [(1, True), (2, True), (11, False)], young, adult) == expected


def test_a_conflict_that_leaves_too_few_scorers_is_a_shortfall():
    members = [(1, True), (2, True), (11, False)]
    assignment = balanced_assignment([10, 20], members, {(1, 20), (11, 20)}, 2, 1)
    assert shortfalls(assignment, [10, 20], members, 2, 1) == [
        Shortfall(20, YOUNG, 2, 1),
        Shortfall(20, ADULT, 1, 0),
    ]


rounds = st.fixed_dictionaries(
    {
        "bids": st.lists(st.integers(1, 40), max_size=12, unique=True),
        "members": st.dictionaries(st.integers(100, 160), st.booleans(), max_size=14),
        "young": st.integers(0, 5),
        "adult": st.integers(0, 5),
    }
).flatmap(
    lambda r: st.builds(
        lambda conflicts: {**r, "conflicts": conflicts},
        st.sets(
            st.tuples(st.sampled_from(sorted(r["members"]) or [0]), st.sampled_from(r["bids"] or [0])),
            max_size=30,
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(rounds)
def test_assignment_properties(r):
    members = list(r["members"].items())
    assignment = balanced_assignment(r["bids"], members, r["conflicts"], r["young"], r["adult"])
    assert not {(member, bid) for member, bids in assignment.items() for bid in bids} & r["conflicts"]
    for is_young, wanted in ((True, r["young"]), (False, r["adult"])):
        group = [m for m, young in members if young is is_young]
        for bid in r["bids"]:
            eligible = [m for m in group if (m, bid) not in r["conflicts"]]
            got = [m for m in eligible if bid in assignment[m]]
            assert len(got) == min(wanted, len(eligible))
            # Nobody could take this bid from someone with at least two more bids than them.
            for busy in got:
                assert all(
                    len(assignment[busy]) - len(assignment[free]) <= 1 for free in eligible if free not in got
                )
        if not r["conflicts"]:
            loads = [len(assignment[m]) for m in group]
            assert not loads or max(loads) - min(loads) <= 1


@settings(max_examples=100, deadline=None)
@given(rounds)
def test_shortfalls_are_exactly_the_bids_short_of_scorers(r):
    members = list(r["members"].items())
    assignment = balanced_assignment(r["bids"], members, r["conflicts"], r["young"], r["adult"])
    for short in shortfalls(assignment, r["bids"], members, r["young"], r["adult"]):
        is_young = short.group == YOUNG
        eligible = [
            m for m, young in members if young is is_young and (m, short.bid_id) not in r["conflicts"]
        ]
        assert short.got == len(eligible) < short.wanted
