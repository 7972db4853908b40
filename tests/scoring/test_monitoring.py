"""Monitoring evidence: counts of who took part (with no age band pointing at one person), how young people's
views compare with the decisions, and the bars of the charts."""

import pytest

from scoring.consensus import Recommendation, View
from scoring.decisions import Difference, Outcome
from scoring.monitoring import (
    BidViews,
    Member,
    Split,
    age_groups,
    bar_width,
    bars,
    influence,
    out_of_100,
    participation,
    split_count,
    summarise_influence,
    young_lean,
)
from scoring.people import AgeBand

B10, B14, B17, B20, B26 = AgeBand


def shown(groups):
    return [(group.label, group.count) for group in groups]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, [("10 to 13", 0), ("14 to 16", 0), ("17 to 19", 0), ("20 to 25", 0), ("26 to 30", 0)]),
        (
            {B14: 3, B17: 3},
            [("10 to 13", 0), ("14 to 16", 3), ("17 to 19", 3), ("20 to 25", 0), ("26 to 30", 0)],
        ),
        # Two 14-16 year olds are too few to show apart (scoring/disclosure.py): they join the 17-19s.
        ({B14: 2, B17: 3}, [("10 to 13", 0), ("14 to 19", 5), ("20 to 25", 0), ("26 to 30", 0)]),
        # One 14-16 year old joins the 17-19s.
        ({B14: 1, B17: 3}, [("10 to 13", 0), ("14 to 19", 4), ("20 to 25", 0), ("26 to 30", 0)]),
        # Alone in 17-19, with neighbours of equal size: merged with the younger one, the empty band between too.
        ({B10: 3, B17: 1, B26: 3}, [("10 to 19", 4), ("20 to 25", 0), ("26 to 30", 3)]),
        # The smaller neighbour is chosen.
        ({B14: 4, B17: 1, B20: 2}, [("10 to 13", 0), ("14 to 16", 4), ("17 to 25", 3), ("26 to 30", 0)]),
        # Three ones become one group of three.
        ({B10: 1, B14: 1, B17: 1}, [("10 to 19", 3), ("20 to 25", 0), ("26 to 30", 0)]),
        # One young person on their own: their band would give their age away, so every band is one group.
        ({B20: 1}, [("10 to 30", 1)]),
        ({B20: 2}, [("10 to 30", 2)]),
    ],
)
def test_age_bands_never_single_out_one_or_two_young_people(counts, expected):
    assert shown(age_groups(counts)) == expected


def test_a_merged_group_says_so():
    groups = age_groups({B14: 1, B17: 3})
    assert [group.merged for group in groups] == [False, True, False, False]
    assert groups[1].bands == (B14, B17)


def test_participation_counts_young_people_and_adults_apart():
    members = [
        Member(young=True, age_band=B14, trained_online=True, attended=True, spoke=True),
        Member(young=True, age_band=B14, trained_online=True, trained_in_person=True, attended=True),
        Member(young=True, age_band=B17, chair=True, more_time=True),
        Member(young=True, age_band=B17, trained_in_person=True, attended=True, spoke=True),
        Member(young=False, trained_online=True, attended=True, spoke=True),
        Member(young=False, attended=True),
        Member(young=False, trained_in_person=True),
    ]
    counted = participation(members)
    assert counted.members == Split(4, 3) and counted.members.total == 7
    assert counted.chairs == Split(1, 0)
    assert counted.trained_online == Split(1, 1)  # in person counts there, not twice
    assert counted.trained_in_person == Split(2, 1)
    assert counted.not_trained == Split(1, 1)
    assert counted.more_time == Split(1, 0)
    assert counted.attended == Split(3, 2) and counted.attended.total == 5
    assert counted.spoke == Split(2, 1)
    assert not any(split.hidden for split in (counted.attended, counted.spoke, counted.not_trained))
    assert shown(counted.age_groups)[1] == ("14 to 19", 4)  # two and two: too few to show apart


def test_what_one_or_two_adults_did_is_not_shown_on_its_own():
    young = [Member(young=True, age_band=B14, attended=True, trained_online=True) for _ in range(5)]
    for adults in (
        [Member(young=False, spoke=True)],
        [Member(young=False), Member(young=False, attended=True)],
    ):
        counted = participation(young + adults)
        assert counted.members == Split(5, len(adults))  # who is on the panel always shows
        for split in (
            counted.trained_online,
            counted.not_trained,
            counted.attended,
            counted.spoke,
            counted.more_time,
        ):
            assert split.adult is None and split.hidden
            assert split.total is None  # the total less the young people's figure would show it
        assert (counted.attended.young, counted.trained_online.young, counted.spoke.young) == (5, 5, 0)


@pytest.mark.parametrize(
    ("young_members", "adult_members", "shown_"),
    [(7, 3, Split(4, 2)), (7, 2, Split(4, None)), (1, 5, Split(None, 2)), (0, 3, Split(4, 2))],
    ids=["both shown", "two adults", "one young person", "an empty group hides nothing"],
)
def test_split_count_leaves_out_a_group_too_small_to_show(young_members, adult_members, shown_):
    assert split_count(4, 2, young_members, adult_members) == shown_


def test_an_empty_panel_counts_nothing():
    counted = participation([])
    assert counted.members == Split() and counted.members.total == 0
    assert all(group.count == 0 for group in counted.age_groups)


@pytest.mark.parametrize(
    ("shares", "score"),
    [
        ((), None),
        ((0.5, 0.5, 0.5), 50),
        ((0.0, 1.0, 0.0, 1.0), 50),
        ((0.25, 0.8, 0.9), 80),
        ((0.125, 0.125, 0.125), 13),
        ((1 / 3, 1 / 3, 1 / 3), 33),
        # One or two sheets: their middle score would be theirs (scoring/disclosure.py).
        ((0.9,), None),
        ((0.2, 0.4), None),
    ],
)
def test_middle_scores_out_of_100(shares, score):
    assert out_of_100(shares) == score


FUND, UNSURE, NOT = View.FUND, View.NOT_SURE, View.DO_NOT_FUND


@pytest.mark.parametrize(
    ("views", "shares", "lean"),
    [
        ((), (), None),
        ((FUND, FUND, NOT), (), True),
        ((), (0.2, 0.3, 0.1), False),
        ((FUND, FUND, FUND), (0.8, 0.7, 0.9), True),
        ((FUND, FUND, FUND), (0.2, 0.2, 0.2), None),  # their views and their scores point different ways
        ((FUND, NOT, UNSURE), (0.9, 0.9, 0.9), True),  # no majority in the views: the scores say it
        ((FUND, UNSURE, NOT), (0.5, 0.5, 0.5), None),
        # Too few to show on their own: only the group that is big enough counts.
        ((FUND, FUND), (0.2, 0.2, 0.2), False),
        ((FUND, FUND, FUND), (0.2,), True),
        ((NOT, NOT), (0.1,), None),
    ],
)
def test_which_way_young_members_leaned(views, shares, lean):
    assert young_lean(views, shares) is lean


def bid(reference="A-01", **fields):
    return BidViews(reference=reference, title="Skate club", **fields)


def test_a_bid_decided_against_what_young_members_thought():
    found = influence(
        bid(
            young_shares=(0.9, 0.8, 0.85),
            adult_shares=(0.1, 0.1, 0.2),
            young_views=(FUND, FUND, FUND),
            recommendation=Recommendation.DO_NOT_FUND,
            outcome=Outcome.NOT_FUNDED,
            differences=(Difference.YOUNG_VIEWS,),
            explanation="Too costly.",
        )
    )
    assert (found.young_score, found.adult_score, found.gap) == (85, 10, 75)
    assert found.young_lean is True and found.went_young_way is False
    assert not found.differs_from_panel


@pytest.mark.parametrize(
    ("outcome", "went"), [(None, None), (Outcome.FUNDED, True), (Outcome.NOT_FUNDED, False)]
)
def test_an_undecided_bid_went_nobodys_way(outcome, went):
    assert influence(bid(young_shares=(0.9,) * 3, outcome=outcome)).went_young_way is went


def test_no_gap_unless_both_groups_scored():
    assert influence(bid(young_shares=(0.9,) * 3)).gap is None
    assert influence(bid(adult_shares=(0.9,) * 3)).gap is None


def test_one_adult_and_two_young_scorers_show_no_middle_score_and_no_lean():
    found = influence(
        bid(young_shares=(0.1, 0.2), adult_shares=(0.9,), young_views=(NOT, NOT), outcome=Outcome.FUNDED)
    )
    assert (found.young_score, found.adult_score, found.gap, found.young_lean) == (None, None, None, None)
    assert found.young_score_hidden and found.adult_score_hidden and found.lean_hidden
    assert found.lean_words == "Too few to show"
    assert found.went_young_way is None


@pytest.mark.parametrize(
    ("fields", "young_hidden", "adult_hidden", "lean_words"),
    [
        ({}, False, False, "Not clear"),
        ({"young_shares": (0.9,) * 3, "adult_shares": (0.1,) * 3}, False, False, "Fund it"),
        ({"young_shares": (0.9,) * 2, "adult_shares": (0.1,) * 3}, True, False, "Too few to show"),
        ({"young_shares": (0.9,) * 3, "adult_shares": (0.1,) * 2}, False, True, "Fund it"),
        ({"young_views": (FUND, NOT, UNSURE), "young_shares": (0.9,)}, True, False, "Not clear"),
    ],
    ids=["nobody", "three and three", "two young", "two adults", "views big enough but split"],
)
def test_too_few_to_show_is_told_apart_from_nobody_and_from_unclear(
    fields, young_hidden, adult_hidden, lean_words
):
    found = influence(bid(**fields))
    assert (found.young_score_hidden, found.adult_score_hidden) == (young_hidden, adult_hidden)
    assert found.lean_words == lean_words


def test_the_summary_counts_the_bids():
    influences = [
        influence(bid("A-01", young_shares=(0.9,) * 3, adult_shares=(0.8,) * 3, outcome=Outcome.FUNDED)),
        influence(
            bid(
                "A-02",
                young_shares=(0.9,) * 3,
                adult_shares=(0.1,) * 3,
                outcome=Outcome.NOT_FUNDED,
                recommendation=Recommendation.FUND,
                differences=(Difference.RECOMMENDATION,),
                explanation="No money left.",
            )
        ),
        influence(
            bid(
                "A-03",
                young_shares=(0.5,) * 3,
                outcome=Outcome.FUNDED,
                recommendation=Recommendation.FUND,
                differences=(Difference.AMOUNT,),
                explanation=" ",
            )
        ),
        influence(bid("A-04", young_shares=(0.1,) * 3, adult_shares=(0.9,) * 3)),
    ]
    summary = summarise_influence(influences)
    assert (summary.bids, summary.decided) == (4, 3)
    assert (summary.young_way, summary.against_young, summary.unclear) == (1, 1, 1)
    assert (summary.differed, summary.differed_explained) == (2, 1)
    assert summary.widest_gap.reference == "A-02"  # 80 apart; A-04 is 80 too but comes later


def test_a_round_with_no_bids_summarises_to_zeros():
    summary = summarise_influence([])
    assert (summary.bids, summary.decided, summary.differed, summary.widest_gap) == (0, 0, 0, None)


@pytest.mark.parametrize(
    ("value", "largest", "width"),
    [
        (0, 10, 0),
        (None, 10, 0),
        (5, 0, 0),
        (10, 10, 100),
        (5, 10, 50),
        (1, 100, 5),
        (12, 10, 100),
        (1, 3, 35),
    ],
)
def test_bar_widths_in_steps_of_five(value, largest, width):
    assert bar_width(value, largest) == width


def test_bars_scale_to_the_biggest_figure_unless_told():
    assert [(one.label, one.value, one.width) for one in bars([("Young", 8), ("Adult", 2)])] == [
        ("Young", 8, 100),
        ("Adult", 2, 25),
    ]
    assert [one.width for one in bars([("Young", 40), ("Adult", None)], largest=100)] == [40, 0]
    assert [one.width for one in bars([("Young", 0), ("Adult", 0)])] == [0, 0]
