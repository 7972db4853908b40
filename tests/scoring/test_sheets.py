"""Filling in a scoring sheet: every criterion scored on its scale or "I can't judge this"."""

import pytest

from scoring.criteria import Scale
from scoring.sheets import CANT_JUDGE, MISSING, NOT_ON_SHEET, difference_in_words, read_scores, score_problems

SHEET = {1: Scale(0, 4), 2: Scale(1, 5)}
OUTSIDE_0_4 = "Choose a score from 0 to 4, or choose \"I can't judge this\""
OUTSIDE_1_5 = "Choose a score from 1 to 5, or choose \"I can't judge this\""


@pytest.mark.parametrize(
    ("scores", "problems"),
    [
        ({1: 0, 2: 5}, {}),
        ({1: 4, 2: 1}, {}),
        ({1: None, 2: None}, {}),
        ({1: 3}, {2: MISSING}),
        ({}, {1: MISSING, 2: MISSING}),
        ({1: 5, 2: 3}, {1: OUTSIDE_0_4}),
        ({1: -1, 2: 0}, {1: OUTSIDE_0_4, 2: OUTSIDE_1_5}),
        ({1: 2, 2: 2, 9: 3}, {9: NOT_ON_SHEET}),
    ],
)
def test_score_problems(scores, problems):
    assert score_problems(SHEET, scores) == problems


def test_an_empty_sheet_has_nothing_to_score():
    assert score_problems({}, {}) == {}


@pytest.mark.parametrize(
    ("chosen", "scores", "problems"),
    [
        ({1: "3", 2: "5"}, {1: 3, 2: 5}, {}),
        ({1: CANT_JUDGE, 2: " 1 "}, {1: None, 2: 1}, {}),
        ({1: "", 2: "2"}, {2: 2}, {1: MISSING}),
        ({2: "2"}, {2: 2}, {1: MISSING}),
        ({1: "7", 2: "2"}, {1: 7, 2: 2}, {1: OUTSIDE_0_4}),
        ({1: "three", 2: "-1"}, {}, {1: OUTSIDE_0_4, 2: OUTSIDE_1_5}),
        ({1: "²", 2: "1.5"}, {}, {1: OUTSIDE_0_4, 2: OUTSIDE_1_5}),
        ({1: "1", 2: "1", 9: "1"}, {1: 1, 2: 1}, {}),
    ],
)
def test_read_scores(chosen, scores, problems):
    assert read_scores(SHEET, chosen) == (scores, problems)


@pytest.mark.parametrize(
    ("yours", "reference", "words"),
    [
        (3, 3, "You gave the same score as the model answer."),
        (2, 3, "You gave 1 point less than the model answer."),
        (4, 1, "You gave 3 points more than the model answer."),
        (None, 2, "You chose \"I can't judge this\". The model answer gives 2."),
        (3, None, "There is no score from the model answer to compare with."),
        (None, None, "There is no score from the model answer to compare with."),
    ],
)
def test_difference_in_words(yours, reference, words):
    assert difference_in_words(yours, reference) == words


def test_difference_in_words_names_what_it_compares_with():
    assert difference_in_words(1, 2, "the panel") == "You gave 1 point less than the panel."
