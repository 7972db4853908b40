"""A member's own total in words: what it is out of and how to read it, added up as the round adds a sheet."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.criteria import Scale
from scoring.decisions import sheet_share
from scoring.sheet_totals import FINAL, SO_FAR, out_of_100, total_in_words
from scoring.sheets import CANT_JUDGE, weighted_total
from tests.reading import grade

ZERO_FOUR, ONE_FIVE = Scale(0, 4), Scale(1, 5)


def test_one_shared_scale_reads_out_of_its_top_with_the_weighted_average():
    words = total_in_words({1: 30, 2: 10}, {1: ZERO_FOUR, 2: ZERO_FOUR}, {1: 4, 2: 2})
    assert words is not None
    assert words.label == FINAL and words.figure == "3.5 out of 4"
    assert words.line == "Your total: 3.5 out of 4."
    assert "average" in words.how and "from 0 to 4, and 4 is the best" in words.how
    assert "count for more" in words.how


def test_a_scale_from_one_says_where_it_starts():
    words = total_in_words({1: 10, 2: 10}, {1: ONE_FIVE, 2: ONE_FIVE}, {1: 3, 2: 4})
    assert words is not None and words.figure == "3.5 out of 5"
    assert "from 1 to 5, and 5 is the best" in words.how
    assert "count for more" not in words.how


def test_mixed_scales_are_placed_on_their_own_scale_first_and_read_out_of_100():
    # 3 of 0-4 is 75% of the way up; 3 of 1-5 is 50%. Weights 30 and 10: 68.75, shown as 69.
    words = total_in_words({1: 30, 2: 10}, {1: ZERO_FOUR, 2: ONE_FIVE}, {1: 3, 2: 3})
    assert words is not None and words.figure == "69 out of 100"
    assert "different scales: 0 to 4 and 1 to 5" in words.how and "100 is the best" in words.how


def test_unanswered_and_cant_judge_questions_drop_out_and_say_so():
    scales = {1: ZERO_FOUR, 2: ZERO_FOUR, 3: ZERO_FOUR}
    so_far = total_in_words({1: 1, 2: 1, 3: 1}, scales, {1: 2})
    assert so_far is not None and so_far.label == SO_FAR and so_far.figure == "2.0 out of 4"
    assert "can't judge" not in so_far.how
    abstained = total_in_words({1: 1, 2: 1, 3: 1}, scales, {1: 2, 2: None, 3: 4})
    assert abstained is not None and abstained.label == FINAL and abstained.figure == "3.0 out of 4"
    assert "Questions you can't judge are left out." in abstained.how


def test_no_total_until_something_is_scored():
    scales = {1: ZERO_FOUR, 2: ONE_FIVE}
    assert total_in_words({1: 1, 2: 1}, scales, {}) is None
    assert total_in_words({1: 1, 2: 1}, scales, {1: None}) is None
    assert total_in_words({1: 1}, {1: ZERO_FOUR}, {1: None}) is None
    assert total_in_words({}, {}, {}) is None


def test_scores_for_questions_not_on_the_sheet_are_ignored():
    words = total_in_words({1: 1}, {1: ZERO_FOUR}, {1: 2, 9: 4})
    assert words is not None and words.figure == "2.0 out of 4" and words.label == FINAL


@pytest.mark.parametrize(
    "scales",
    [
        {1: ZERO_FOUR, 2: ZERO_FOUR},
        {1: ONE_FIVE, 2: ONE_FIVE},
        {1: ZERO_FOUR, 2: ONE_FIVE},
        {1: ZERO_FOUR, 2: ONE_FIVE, 3: Scale(1, 10)},
    ],
)
def test_the_words_are_easy_to_read(scales):
    scores = {criterion: None if criterion == 2 else scale.high for criterion, scale in scales.items()}
    words = total_in_words({criterion: criterion * 10 for criterion in scales}, scales, scores)
    assert words is not None
    text = f"{words.line} {words.how}"
    assert grade(text) <= 6, text


_scale = st.sampled_from([ZERO_FOUR, ONE_FIVE, Scale(0, 10), Scale(1, 10)])


@given(st.data())
def test_the_figure_follows_the_rounds_own_rule(data):
    count = data.draw(st.integers(1, 5))
    scales = {criterion: data.draw(_scale) for criterion in range(count)}
    weights = {criterion: data.draw(st.integers(1, 100)) for criterion in scales}
    scores = {}
    for criterion, scale in scales.items():
        choice = data.draw(st.one_of(st.none(), st.just(CANT_JUDGE), st.integers(scale.low, scale.high)))
        if choice is not None:
            scores[criterion] = None if choice == CANT_JUDGE else choice
    words = total_in_words(weights, scales, scores)
    share = sheet_share(weights, {c: (s.low, s.high) for c, s in scales.items()}, scores)
    assert (words is None) == (share is None)
    if words is None:
        return
    assert words.label == (FINAL if len(scores) == count else SO_FAR)
    if len(set(scales.values())) == 1:
        total = weighted_total(weights, scores)
        assert total is not None
        assert words.figure == f"{total:.1f} out of {next(iter(scales.values())).high}"
    else:
        assert words.figure == f"{out_of_100(share)} out of 100"
