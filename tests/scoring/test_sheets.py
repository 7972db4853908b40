"""Filling in a scoring sheet: every criterion scored on its scale or "I can't judge this"."""

from datetime import date

import pytest

from scoring.criteria import Scale
from scoring.rounds import RoundStatus
from scoring.sheets import (
    CANT_JUDGE,
    LOCKED_DEADLINE,
    LOCKED_MEETING,
    LOCKED_SUBMITTED,
    MISSING,
    NOT_ON_SHEET,
    REOPEN_CHAIR_EARLY,
    REOPEN_NOT_SENT,
    REOPEN_TOO_LATE,
    difference_in_words,
    is_locked,
    lock_reason,
    missing_criteria,
    past_deadline,
    read_choice,
    read_scores,
    reopen_problem,
    score_problems,
    weighted_total,
)

SHEET = {1: Scale(0, 4), 2: Scale(1, 5)}
OUTSIDE_0_4 = 'Choose a score from 0 to 4, or choose "I can\'t judge this"'
OUTSIDE_1_5 = 'Choose a score from 1 to 5, or choose "I can\'t judge this"'


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
        ({1: "٣", 2: "9" * 5_000}, {}, {1: OUTSIDE_0_4, 2: OUTSIDE_1_5}),
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
        (None, 2, 'You chose "I can\'t judge this". The model answer gives 2.'),
        (3, None, "There is no score from the model answer to compare with."),
        (None, None, "There is no score from the model answer to compare with."),
    ],
)
def test_difference_in_words(yours, reference, words):
    assert difference_in_words(yours, reference) == words


def test_difference_in_words_names_what_it_compares_with():
    assert difference_in_words(1, 2, "the panel") == "You gave 1 point less than the panel."


@pytest.mark.parametrize(
    ("weights", "scores", "total"),
    [
        ({1: 1, 2: 1}, {1: 4, 2: 2}, 3.0),
        ({1: 30, 2: 10}, {1: 4, 2: 0}, 3.0),
        ({1: 30, 2: 10}, {1: None, 2: 2}, 2.0),
        ({1: 30, 2: 10}, {2: 1}, 1.0),
        ({1: 30, 2: 10}, {1: None, 2: None}, None),
        ({1: 30, 2: 10}, {}, None),
        ({1: 20}, {1: 0}, 0.0),
        ({1: 20}, {1: 3, 9: 4}, 3.0),
    ],
)
def test_weighted_total_drops_abstentions_and_shares_out_the_weight(weights, scores, total):
    assert weighted_total(weights, scores) == total


@pytest.mark.parametrize(
    ("scores", "missing"),
    [({}, [3, 1, 2]), ({1: 2, 2: None}, [3]), ({1: 0, 2: None, 3: 4}, [])],
)
def test_missing_criteria_keep_sheet_order(scores, missing):
    assert missing_criteria([3, 1, 2], scores) == missing


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (3, (True, 3, None)),
        (0, (True, 0, None)),
        (CANT_JUDGE, (True, None, None)),
        (None, (False, None, None)),
        (5, (False, None, OUTSIDE_0_4)),
        (-1, (False, None, OUTSIDE_0_4)),
        (True, (False, None, OUTSIDE_0_4)),
        ("3", (False, None, OUTSIDE_0_4)),
        (2.0, (False, None, OUTSIDE_0_4)),
        ([1], (False, None, OUTSIDE_0_4)),
    ],
)
def test_read_choice(value, read):
    assert read_choice(Scale(0, 4), value) == read


DAY = date(2027, 3, 10)


@pytest.mark.parametrize(
    ("deadline", "extended", "today", "passed"),
    [
        (None, None, DAY, False),
        (DAY, None, DAY, False),
        (DAY, None, date(2027, 3, 11), True),
        (DAY, date(2027, 3, 12), date(2027, 3, 12), False),
        (DAY, date(2027, 3, 12), date(2027, 3, 13), True),
        (DAY, date(2027, 3, 1), date(2027, 3, 11), True),
        (None, DAY, date(2027, 3, 11), True),
    ],
)
def test_past_deadline_counts_the_whole_last_day_and_extensions(deadline, extended, today, passed):
    assert past_deadline(deadline, extended, today) is passed


@pytest.mark.parametrize(
    ("submitted", "today", "status", "reason"),
    [
        (False, DAY, RoundStatus.SCORING, None),
        (False, DAY, RoundStatus.DRAFT, None),
        (True, DAY, RoundStatus.SCORING, LOCKED_SUBMITTED),
        (False, date(2027, 3, 11), RoundStatus.SCORING, LOCKED_DEADLINE),
        (False, DAY, RoundStatus.MEETING, LOCKED_MEETING),
    ],
)
def test_lock_reason(submitted, today, status, reason):
    assert lock_reason(submitted, DAY, None, today, status) == reason
    assert is_locked(submitted, DAY, None, today, status) is (reason is not None)


@pytest.mark.parametrize(
    ("submitted", "owner", "chair", "late", "problem"),
    [
        (True, True, False, False, None),
        (True, True, False, True, REOPEN_TOO_LATE),
        (True, False, True, True, None),
        (True, False, True, False, REOPEN_CHAIR_EARLY),
        (True, True, True, True, None),
        (False, True, False, False, REOPEN_NOT_SENT),
    ],
)
def test_reopen_problem_member_before_the_deadline_chair_after(submitted, owner, chair, late, problem):
    assert reopen_problem(submitted, owner, chair, late) == problem


def test_reopen_is_refused_once_the_meeting_has_begun():
    assert reopen_problem(True, True, True, True, RoundStatus.MEETING) == LOCKED_MEETING
