"""What a member reads about each bid: the outcome, what the panel said, and how the two compare."""

import pytest

from scoring.consensus import Recommendation
from scoring.decisions import Outcome
from scoring.feedback import (
    Agreement,
    ScorePair,
    agreement,
    agreement_in_words,
    bar_width,
    close_count,
    outcome_in_words,
    panel_said,
)

FUNDED, NOT_FUNDED = Outcome.FUNDED, Outcome.NOT_FUNDED
R = Recommendation


@pytest.mark.parametrize(
    "outcome, amount, recommended, panel_amount, expected",
    [
        (FUNDED, 1000, R.FUND, 1000, Agreement.SAME),
        (FUNDED, 1000, R.FUND_WITH_CONDITIONS, 1000, Agreement.SAME),
        (FUNDED, 800, R.FUND, 1000, Agreement.DIFFERENT),  # a different amount
        (FUNDED, 1000, R.DO_NOT_FUND, None, Agreement.DIFFERENT),
        (NOT_FUNDED, None, R.FUND, 1000, Agreement.DIFFERENT),
        (NOT_FUNDED, None, R.DO_NOT_FUND, None, Agreement.SAME),
        (FUNDED, 1000, R.RESERVE, None, Agreement.SAME),  # reserve: fund it if the money allows
        (NOT_FUNDED, None, R.RESERVE, None, Agreement.SAME),
        (FUNDED, 1000, None, None, Agreement.UNKNOWN),
    ],
)
def test_the_decision_compared_with_the_panel(outcome, amount, recommended, panel_amount, expected):
    assert agreement(outcome, amount, recommended, panel_amount) is expected


def test_comparisons_in_words():
    assert agreement_in_words(Agreement.SAME) == "The final decision is the same as the panel said."
    assert (
        agreement_in_words(Agreement.DIFFERENT) == "The final decision is different from what the panel said."
    )
    assert agreement_in_words(Agreement.UNKNOWN) == ""


@pytest.mark.parametrize(
    "outcome, amount, words",
    [
        (FUNDED, 2_000_000, "Funded: £20,000"),
        (FUNDED, None, "Funded"),
        (NOT_FUNDED, None, "Not funded"),
    ],
)
def test_outcome_in_words(outcome, amount, words):
    assert outcome_in_words(outcome, amount) == words


@pytest.mark.parametrize(
    "recommended, amount, words",
    [
        (R.FUND, 1_500_000, "The panel said: fund it (£15,000)."),
        (R.FUND_WITH_CONDITIONS, None, "The panel said: fund it, with some conditions."),
        (R.RESERVE, None, "The panel said: keep it on a reserve list, in case there was money left."),
        (R.DO_NOT_FUND, None, "The panel said: don't fund it."),
        (None, None, "The panel didn't record what it thought about this bid."),
    ],
)
def test_what_the_panel_said(recommended, amount, words):
    assert panel_said(recommended, amount) == words


@pytest.mark.parametrize(
    "score, low, high, width",
    [
        (None, 0, 4, 0),
        (0, 0, 4, 0),
        (1, 0, 4, 25),
        (2, 0, 4, 50),
        (4, 0, 4, 100),
        (1, 1, 5, 0),
        (3, 1, 5, 50),
        (5, 1, 5, 100),
        (7, 0, 10, 70),
        (1, 0, 3, 35),
        (9, 0, 4, 100),
        (-2, 0, 4, 0),
        (2, 3, 3, 0),
    ],
)
def test_bar_widths_come_in_steps_of_five(score, low, high, width):
    assert bar_width(score, low, high) == width
    assert width % 5 == 0


@pytest.mark.parametrize(
    "pair, words",
    [
        (ScorePair("Plan", 0, 4, 3, 2), "You gave 3 out of 4. The panel agreed 2 out of 4."),
        (
            ScorePair("Plan", 0, 4, None, 2, abstained=True),
            "You said you couldn't judge this. The panel agreed 2 out of 4.",
        ),
        (ScorePair("Plan", 0, 4, None, 2), "You didn't score this. The panel agreed 2 out of 4."),
        (ScorePair("Plan", 1, 5, 5, None), "You gave 5 out of 5. The panel didn't agree a score."),
    ],
)
def test_each_picture_has_words_that_say_the_same(pair, words):
    assert pair.in_words == words


def test_close_counts_only_questions_both_scored():
    pairs = (
        ScorePair("A", 0, 4, 3, 2),
        ScorePair("B", 0, 4, 0, 4),
        ScorePair("C", 0, 4, None, 1),
        ScorePair("D", 0, 4, 2, None),
        ScorePair("E", 0, 4, 4, 4),
    )
    assert close_count(pairs) == (2, 3)
