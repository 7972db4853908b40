"""The meeting's numbers and rules: the spread of scores, what to discuss first, the budget, the record."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.consensus import (
    BudgetPosition,
    CriterionSummary,
    Dot,
    Given,
    Recommendation,
    View,
    biggest_disagreement_first,
    budget_position,
    consensus_difference,
    consensus_problems,
    median,
    recommendation_problems,
    summarise,
    view_counts,
)
from scoring.criteria import Scale

ZERO_FOUR = Scale(0, 4)
FUND, WITH_CONDITIONS, RESERVE, DO_NOT_FUND = Recommendation


def young(*scores):
    return [Given(score, True) for score in scores]


def adult(*scores):
    return [Given(score, False) for score in scores]


def summary(criterion_id, scores_young=(), scores_adult=()):
    return summarise(criterion_id, ZERO_FOUR, young(*scores_young) + adult(*scores_adult))


# median


@pytest.mark.parametrize(
    ("values", "middle"),
    [
        ([], None),
        ([3], 3.0),
        ([4, 0, 2], 2.0),
        ([1, 2], 1.5),
        ([4, 1, 3, 2], 2.5),
        ([0, 0, 4, 4], 2.0),
        ([2, 2, 2, 2, 9], 2.0),
        ((value for value in [5, 1, 3]), 3.0),
    ],
    ids=["none", "one", "odd", "even pair", "even four", "split down the middle", "one far out", "generator"],
)
def test_median(values, middle):
    assert median(values) == middle


def test_median_is_a_float_even_for_an_odd_count():
    assert isinstance(median([1, 2, 3]), float)


# summarise


def test_dots_cover_every_level_of_the_scale_with_zeros():
    result = summarise(7, Scale(1, 5), young(2, 2, 3) + adult(5, 5, 1))
    assert result.dots == (Dot(1, 0, 1), Dot(2, 2, 0), Dot(3, 1, 0), Dot(4, 0, 0), Dot(5, 0, 2))
    assert [dot.count for dot in result.dots] == [1, 2, 1, 0, 2]
    assert (result.criterion_id, result.scale) == (7, Scale(1, 5))


def test_a_dot_counts_young_and_adult_together():
    assert Dot(score=3, young=2, adult=4).count == 6
    assert not Dot(score=3, young=2, adult=4).split_hidden


# Small groups: a split covering fewer than three people is not shown on its own (scoring/disclosure.py)


def test_one_adult_scorer_has_no_median_of_their_own_and_the_dots_do_not_point_at_them():
    result = summarise(1, ZERO_FOUR, young(1, 1, 1, 1, 1) + adult(4))
    assert result.adult_median is None and result.adult_hidden
    assert result.young_median == 1.0 and not result.young_hidden
    assert result.gap is None
    assert result.split_hidden
    assert result.dots == (Dot(0, None, None, 0), Dot(1, None, None, 5)) + tuple(
        Dot(level, None, None, 1 if level == 4 else 0) for level in (2, 3, 4)
    )
    assert [dot.count for dot in result.dots] == [0, 5, 0, 0, 1]
    assert all(dot.split_hidden for dot in result.dots)
    assert (result.median, result.lowest, result.highest) == (1.0, 1, 4)  # the whole panel still shows


@pytest.mark.parametrize(
    ("scores_young", "scores_adult", "shown"),
    [
        ((1, 1, 1), (4, 4), (1.0, None)),
        ((1, 1, 1), (4, 4, 3), (1.0, 4.0)),
        ((1, 2), (4, 4, 3), (None, 4.0)),
        ((1, 2, None), (4, 4, 3), (None, 4.0)),
        ((2, 2, 3), (), (2.0, None)),
    ],
    ids=[
        "two adults hidden",
        "three adults shown",
        "two young hidden",
        "can't judge is not a score",
        "no adults",
    ],
)
def test_a_group_median_shows_from_three_scores(scores_young, scores_adult, shown):
    result = summary(1, scores_young, scores_adult)
    assert (result.young_median, result.adult_median) == shown


@pytest.mark.parametrize(
    ("scores_young", "scores_adult", "split"),
    [
        ((1, 1, 1), (4, 4), False),
        ((1, 1, 1), (4, 4, 4), True),
        ((1, 1), (4, 4, 4), False),
        ((1, 1, 1), (), True),
        ((1, 1), (), False),
    ],
    ids=["two adults", "three and three", "two young", "only young, nobody singled out", "two young alone"],
)
def test_the_dots_tell_young_and_adult_apart_only_when_neither_group_is_small(
    scores_young, scores_adult, split
):
    result = summary(1, scores_young, scores_adult)
    assert result.split_hidden is not split
    assert all(dot.split_hidden is not split for dot in result.dots)
    assert sum(dot.count for dot in result.dots) == len(scores_young) + len(scores_adult)


@pytest.mark.parametrize(
    ("given", "count", "abstained", "median_", "lowest", "highest"),
    [
        ([], 0, 0, None, None, None),
        (young(None, None), 0, 2, None, None, None),
        (young(3, None) + adult(None, 1), 2, 2, 2.0, 1, 3),
        (young(0, 4, 2), 3, 0, 2.0, 0, 4),
        (adult(1, 1, 1, 1), 4, 0, 1.0, 1, 1),
    ],
    ids=["nobody", "only can't-judge", "can't-judge counted apart", "young only", "all the same"],
)
def test_summarise_counts_scores_and_abstentions_apart(given, count, abstained, median_, lowest, highest):
    result = summarise(1, ZERO_FOUR, given)
    assert (result.count, result.abstained, result.median, result.lowest, result.highest) == (
        count,
        abstained,
        median_,
        lowest,
        highest,
    )


@pytest.mark.parametrize(
    ("scores_young", "scores_adult", "young_median", "adult_median", "gap"),
    [
        ((4, 4, 3), (1, 2, 1, 2), 4.0, 1.5, 2.5),
        ((1, 2, 1, 2), (4, 4, 3), 1.5, 4.0, 2.5),
        ((2, 3, 2, 3), (3, 2, 3, 2), 2.5, 2.5, 0.0),
        ((3, 3, 3), (), 3.0, None, None),
        ((), (0, 1, 0, 1), None, 0.5, None),
        ((None, None, None), (2, 2, 2), None, 2.0, None),
        ((), (), None, None, None),
    ],
    ids=["young higher", "adults higher", "no gap", "no adults", "no young", "young can't judge", "nobody"],
)
def test_young_and_adult_medians_and_the_gap(scores_young, scores_adult, young_median, adult_median, gap):
    result = summary(1, scores_young, scores_adult)
    assert (result.young_median, result.adult_median, result.gap) == (young_median, adult_median, gap)


@pytest.mark.parametrize(
    ("scores", "spread"),
    [((), None), ((2,), 0), ((1, 3), 2), ((0, 4, 2), 4)],
)
def test_spread_is_highest_minus_lowest(scores, spread):
    assert summary(1, scores).spread == spread


@pytest.mark.parametrize("off_scale", [-1, 5, 99, True], ids=["below", "above", "far above", "a boolean"])
def test_a_score_off_the_scale_is_left_out(off_scale):
    result = summary(1, (off_scale, 2))
    assert (result.count, result.abstained, result.lowest, result.highest) == (1, 0, 2, 2)
    assert sum(dot.count for dot in result.dots) == 1


# biggest_disagreement_first


def _order(summaries):
    return [one.criterion_id for one in biggest_disagreement_first(summaries)]


@pytest.mark.parametrize(
    ("summaries", "order"),
    [
        ([summary(1, (2, 2)), summary(2, (0, 4)), summary(3, (1, 3))], [2, 3, 1]),
        ([summary(1, (1, 3, 2), (1, 3, 2)), summary(2, (3, 3, 3), (1, 1, 1))], [2, 1]),
        ([summary(1, (2, 3)), summary(2, (1, 2)), summary(3, (3, 4))], [1, 2, 3]),
        ([summary(1, (3, 4), (3, 4)), summary(2, (3, 4), (4, 3))], [1, 2]),
        ([summary(1), summary(2, (2,)), summary(3, (None,)), summary(4, (0, 4))], [4, 2, 1, 3]),
        ([summary(1, (1, 1)), summary(2, (0,), (4,)), summary(3, (0, 4))], [2, 3, 1]),
        ([summary(1, (1, 2)), summary(2, (), (0, 1)), summary(3, (3, 3, 3), (4, 4, 4))], [3, 1, 2]),
        ([], []),
    ],
    ids=[
        "wider spread first",
        "same spread: wider young/adult gap first",
        "a full tie keeps the original order",
        "same spread and same gap keep the original order",
        "criteria with no scores last, in their original order",
        "spread beats gap",
        "a missing gap counts as no gap",
        "nothing to order",
    ],
)
def test_biggest_disagreement_first(summaries, order):
    assert _order(summaries) == order


def test_biggest_disagreement_first_takes_any_iterable_and_leaves_the_input_alone():
    summaries = [summary(1, (2,)), summary(2, (0, 4))]
    assert _order(iter(summaries)) == [2, 1]
    assert [one.criterion_id for one in summaries] == [1, 2]


# view_counts


@pytest.mark.parametrize(
    ("views", "counts"),
    [
        ([], ((View.FUND, 0), (View.NOT_SURE, 0), (View.DO_NOT_FUND, 0))),
        ([View.DO_NOT_FUND], ((View.FUND, 0), (View.NOT_SURE, 0), (View.DO_NOT_FUND, 1))),
        (
            [View.NOT_SURE, View.FUND, View.FUND, View.DO_NOT_FUND, View.FUND],
            ((View.FUND, 3), (View.NOT_SURE, 1), (View.DO_NOT_FUND, 1)),
        ),
    ],
    ids=["no views yet", "one view", "mixed views, in the usual order"],
)
def test_view_counts(views, counts):
    assert view_counts(views) == counts


# consensus_difference


@pytest.mark.parametrize(
    ("consensus", "scores", "difference"),
    [
        (3, (1, 2, 3), 1.0),
        (2, (1, 2, 3), 0.0),
        (0, (1, 2, 3), -2.0),
        (3, (1, 2), 1.5),
        (None, (1, 2, 3), None),
        (3, (), None),
        (3, (None, None), None),
    ],
    ids=["above", "the same", "below", "half points", "no agreed score", "no scores", "only can't-judge"],
)
def test_consensus_difference(consensus, scores, difference):
    assert consensus_difference(consensus, summary(1, scores)) == difference


# budget_position


@pytest.mark.parametrize(
    ("budget", "recommendations", "recommended", "reserve", "left", "over"),
    [
        (100_000, [], 0, 0, 100_000, False),
        (
            100_000,
            [(FUND, 30_000), (WITH_CONDITIONS, 20_000), (RESERVE, 15_000), (DO_NOT_FUND, 0)],
            50_000,
            15_000,
            50_000,
            False,
        ),
        (100_000, [(FUND, 60_000), (FUND, 40_000)], 100_000, 0, 0, False),
        (100_000, [(FUND, 60_000), (WITH_CONDITIONS, 40_001)], 100_001, 0, -1, True),
        (100_000, [(RESERVE, 80_000), (RESERVE, 70_000)], 0, 150_000, 100_000, False),
        (100_000, [(None, 50_000), (FUND, None), (None, None), (DO_NOT_FUND, 5_000)], 0, 0, 100_000, False),
        (0, [(FUND, 1)], 1, 0, -1, True),
    ],
    ids=[
        "nothing recommended yet",
        "mixed recommendations",
        "exactly on budget",
        "a penny over",
        "the reserve does not use the budget",
        "unset recommendations or amounts count nothing",
        "no budget at all",
    ],
)
def test_budget_position(budget, recommendations, recommended, reserve, left, over):
    position = budget_position(budget, recommendations)
    assert position == BudgetPosition(budget=budget, recommended=recommended, reserve=reserve)
    assert (position.left, position.over) == (left, over)


# consensus_problems

SHEET = {1: Scale(0, 4), 2: Scale(1, 5)}
AGREE_0_4 = "Agree a score from 0 to 4"
AGREE_1_5 = "Agree a score from 1 to 5"
NOT_ON_SHEET = "This is not on the scoring sheet"


@pytest.mark.parametrize(
    ("consensus", "problems"),
    [
        ({1: 0, 2: 5}, {}),
        ({1: 4, 2: 1}, {}),
        ({1: 3}, {2: AGREE_1_5}),
        ({}, {1: AGREE_0_4, 2: AGREE_1_5}),
        ({1: None, 2: 3}, {1: AGREE_0_4}),
        ({1: 5, 2: 0}, {1: AGREE_0_4, 2: AGREE_1_5}),
        ({1: -1, 2: 3}, {1: AGREE_0_4}),
        ({1: True, 2: 3}, {1: AGREE_0_4}),
        ({1: False, 2: True}, {1: AGREE_0_4, 2: AGREE_1_5}),
        ({1: 2.0, 2: "3"}, {1: AGREE_0_4, 2: AGREE_1_5}),
        ({1: 2, 2: 3, 9: 1}, {9: NOT_ON_SHEET}),
        ({9: None}, {1: AGREE_0_4, 2: AGREE_1_5, 9: NOT_ON_SHEET}),
    ],
    ids=[
        "bottom and top of the scales",
        "top and bottom of the scales",
        "one missing",
        "nothing agreed",
        "can't-judge is not an agreed score",
        "above the scale and below it",
        "below zero",
        "a boolean True is not a score",
        "a boolean False is not a score either",
        "a float or text is not a score",
        "not on the sheet",
        "only something not on the sheet",
    ],
)
def test_consensus_problems(consensus, problems):
    assert consensus_problems(SHEET, consensus) == problems


def test_an_empty_sheet_needs_no_agreed_scores():
    assert consensus_problems({}, {}) == {}


# recommendation_problems

REQUESTED = 2_500_000  # £25,000
AMOUNT_NEEDED = "Enter an amount above £0 and no more than the £25,000 the bid asked for"
REASONS_NEEDED = "Write down the reasons the panel agreed"
CONDITIONS_NEEDED = "Write down the conditions the bid must meet"
NO_AMOUNT_WHEN_NOT_FUNDED = "Leave the amount empty when the panel does not fund the bid"
CHOOSE = "Choose what the panel recommends"


@pytest.mark.parametrize(
    ("recommendation", "amount", "conditions", "reasons", "problems"),
    [
        (FUND, REQUESTED, "", "Strong youth voice", {}),
        (FUND, 1, "", "A token amount", {}),
        (FUND, 1_000_000, "", "Part of it", {}),
        (WITH_CONDITIONS, 2_000_000, "Quarterly reports", "Good but vague on outcomes", {}),
        (RESERVE, 500_000, "", "If money is left", {}),
        (DO_NOT_FUND, None, "", "Not for young people", {}),
        (DO_NOT_FUND, 0, "", "Not for young people", {}),
        (FUND, None, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (FUND, 0, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (FUND, -100, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (FUND, REQUESTED + 1, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (FUND, True, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (WITH_CONDITIONS, 5_000_000, "Reports", "Reasons", {"amount": AMOUNT_NEEDED}),
        (RESERVE, None, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (RESERVE, 0, "", "Reasons", {"amount": AMOUNT_NEEDED}),
        (WITH_CONDITIONS, 100, "", "Reasons", {"conditions": CONDITIONS_NEEDED}),
        (WITH_CONDITIONS, 100, "  \n ", "Reasons", {"conditions": CONDITIONS_NEEDED}),
        (FUND, 100, "", "", {"reasons": REASONS_NEEDED}),
        (FUND, 100, "", "   ", {"reasons": REASONS_NEEDED}),
        (DO_NOT_FUND, None, "", "\t", {"reasons": REASONS_NEEDED}),
        (DO_NOT_FUND, 100, "", "Reasons", {"amount": NO_AMOUNT_WHEN_NOT_FUNDED}),
        (DO_NOT_FUND, REQUESTED, "", "Reasons", {"amount": NO_AMOUNT_WHEN_NOT_FUNDED}),
        (None, None, "", "Reasons", {"recommendation": CHOOSE}),
        (None, 100, "", "", {"recommendation": CHOOSE, "reasons": REASONS_NEEDED}),
        (
            WITH_CONDITIONS,
            None,
            " ",
            " ",
            {"amount": AMOUNT_NEEDED, "conditions": CONDITIONS_NEEDED, "reasons": REASONS_NEEDED},
        ),
    ],
    ids=[
        "fund the whole amount",
        "fund a penny",
        "fund part of it",
        "fund with conditions",
        "reserve",
        "do not fund, no amount",
        "do not fund, amount zero",
        "fund without an amount",
        "fund zero",
        "fund a negative amount",
        "fund more than the bid asked for",
        "a boolean is not an amount",
        "fund with conditions, more than asked for",
        "reserve without an amount",
        "reserve zero",
        "conditions missing",
        "conditions only blank space",
        "reasons missing",
        "reasons only blank space",
        "reasons missing even when not funding",
        "do not fund with an amount",
        "do not fund with the whole amount",
        "no recommendation",
        "no recommendation and no reasons",
        "everything missing at once",
    ],
)
def test_recommendation_problems(recommendation, amount, conditions, reasons, problems):
    assert recommendation_problems(recommendation, amount, REQUESTED, conditions, reasons) == problems


@pytest.mark.parametrize(
    ("requested", "shown"),
    [(1_250, "£12.50"), (140_000_000, "£1,400,000")],
)
def test_the_amount_message_says_what_the_bid_asked_for(requested, shown):
    problems = recommendation_problems(FUND, requested + 1, requested, "", "Reasons")
    assert problems == {"amount": f"Enter an amount above £0 and no more than the {shown} the bid asked for"}


# properties

scales = st.sampled_from([Scale(0, 4), Scale(1, 5), Scale(0, 5), Scale(1, 10), Scale(0, 10)])
sheets = scales.flatmap(
    lambda scale: st.tuples(
        st.just(scale),
        st.lists(
            st.builds(Given, st.none() | st.integers(scale.low, scale.high), st.booleans()), max_size=30
        ),
    )
)


@settings(max_examples=200, deadline=None)
@given(sheets)
def test_summary_properties(sheet):
    scale, givens = sheet
    result = summarise(1, scale, givens)
    assert tuple(dot.score for dot in result.dots) == scale.levels
    assert sum(dot.count for dot in result.dots) == result.count
    young_scores = [one.score for one in givens if one.young and one.score is not None]
    adult_scores = [one.score for one in givens if not one.young and one.score is not None]
    assert result.split_hidden is any(0 < len(group) < 3 for group in (young_scores, adult_scores))
    if result.split_hidden:
        assert all(dot.young is None and dot.adult is None for dot in result.dots)
    else:
        assert sum(dot.young for dot in result.dots) == len(young_scores)
    for group_median, group in ((result.young_median, young_scores), (result.adult_median, adult_scores)):
        assert (group_median is None) is (len(group) < 3)
    assert result.count + result.abstained == len(givens)
    if result.count:
        assert result.lowest <= result.median <= result.highest
        for group_median in (result.young_median, result.adult_median):
            assert group_median is None or result.lowest <= group_median <= result.highest
        assert result.gap is None or result.gap <= result.spread
    else:
        assert (result.median, result.lowest, result.highest, result.spread) == (None, None, None, None)


@settings(max_examples=100, deadline=None)
@given(st.lists(sheets, max_size=8))
def test_biggest_disagreement_first_only_reorders(sheets_):
    summaries = [summarise(index, scale, givens) for index, (scale, givens) in enumerate(sheets_)]
    ordered = biggest_disagreement_first(summaries)
    assert sorted(one.criterion_id for one in ordered) == list(range(len(summaries)))
    spreads = [one.spread for one in ordered]
    known = [spread for spread in spreads if spread is not None]
    assert spreads == known + [None] * (len(spreads) - len(known))
    assert known == sorted(known, reverse=True)


def test_a_summary_is_a_plain_value():
    assert summary(1, (2,)) == CriterionSummary(
        criterion_id=1,
        scale=ZERO_FOUR,
        dots=(
            Dot(0, None, None),
            Dot(1, None, None),
            Dot(2, None, None, 1),
            Dot(3, None, None),
            Dot(4, None, None),
        ),
        count=1,
        abstained=0,
        median=2.0,
        lowest=2,
        highest=2,
        young_median=None,
        adult_median=None,
        young_count=1,
        adult_count=0,
    )
