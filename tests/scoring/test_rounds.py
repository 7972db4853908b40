"""A round's stages, what stands in the way of each move, and the order of its dates."""

from datetime import date

import pytest

from scoring.rounds import (
    RoundFacts,
    RoundStatus,
    bids_editable,
    blockers,
    deadline_problems,
    design_editable,
    next_status,
)

S = RoundStatus
READY = RoundFacts(criteria=3, bids=4, chairs=1, panellists=5)


@pytest.mark.parametrize(
    ("current", "following"),
    [
        (S.DRAFT, S.SCORING),
        (S.SCORING, S.MEETING),
        (S.MEETING, S.DECIDED),
        (S.DECIDED, S.PUBLISHED),
        (S.PUBLISHED, S.CLOSED),
        (S.CLOSED, None),
    ],
)
def test_next_status(current, following):
    assert next_status(current) is following


@pytest.mark.parametrize(
    ("current", "target", "facts", "expected"),
    [
        # Draft to scoring: the sheet, the bids and the panel must be ready.
        (S.DRAFT, S.SCORING, READY, []),
        (
            S.DRAFT,
            S.SCORING,
            RoundFacts(),
            [
                "Add at least one criterion to the scoring sheet",
                "Add at least one bid",
                "The panel needs a chair who has joined",
                "The panel needs at least one member who has joined",
            ],
        ),
        (
            S.DRAFT,
            S.SCORING,
            RoundFacts(criteria=2, criteria_missing_descriptors=1, bids=1, chairs=1, panellists=1),
            ["Describe every score level of every criterion"],
        ),
        (
            S.DRAFT,
            S.SCORING,
            RoundFacts(criteria=1, bids=1, chairs=0, panellists=3),
            ["The panel needs a chair who has joined"],
        ),
        (
            S.DRAFT,
            S.SCORING,
            RoundFacts(criteria=1, bids=1, chairs=1, panellists=0),
            ["The panel needs at least one member who has joined"],
        ),
        (
            S.DRAFT,
            S.SCORING,
            RoundFacts(criteria=1, bids=0, chairs=1, panellists=1),
            ["Add at least one bid"],
        ),
        # Scoring to meeting: something to discuss.
        (S.SCORING, S.MEETING, RoundFacts(submitted_sheets=1), []),
        (
            S.SCORING,
            S.MEETING,
            RoundFacts(submitted_sheets=0),
            ["No scoring sheet has been submitted yet, so there is nothing to discuss"],
        ),
        # Meeting to decided: every bid decided.
        (S.MEETING, S.DECIDED, RoundFacts(bids=3, recommended_bids=3), []),
        (
            S.MEETING,
            S.DECIDED,
            RoundFacts(bids=3, recommended_bids=2),
            ["The meeting must record a recommendation for every bid first"],
        ),
        (S.DECIDED, S.PUBLISHED, RoundFacts(bids=3, final_decisions=3, summary_written=True), []),
        (
            S.DECIDED,
            S.PUBLISHED,
            RoundFacts(bids=3, final_decisions=2, summary_written=True),
            ["Record a decision for every bid first (1 still to do)"],
        ),
        (
            S.DECIDED,
            S.PUBLISHED,
            RoundFacts(bids=3, final_decisions=3),
            ["Write the summary for young people first"],
        ),
        (
            S.DECIDED,
            S.PUBLISHED,
            RoundFacts(bids=3, final_decisions=3, unexplained_decisions=1, summary_written=True),
            ["Explain why 1 decision differs from what the panel thought first"],
        ),
        (
            S.DECIDED,
            S.PUBLISHED,
            RoundFacts(bids=3, final_decisions=3, unexplained_decisions=2),
            [
                "Explain why 2 decisions differ from what the panel thought first",
                "Write the summary for young people first",
            ],
        ),
        # Closing has no guard.
        (S.PUBLISHED, S.CLOSED, RoundFacts(), []),
        # Anything else is not a move a round can make.
        (S.DRAFT, S.MEETING, READY, ["A round cannot move from draft to meeting"]),
        (S.SCORING, S.DRAFT, READY, ["A round cannot move from training and scoring to draft"]),
        (S.CLOSED, S.DRAFT, READY, ["A round cannot move from closed to draft"]),
        (S.DRAFT, S.DRAFT, READY, ["A round cannot move from draft to draft"]),
    ],
)
def test_blockers(current, target, facts, expected):
    assert blockers(current, target, facts) == expected


@pytest.mark.parametrize("status", [status for status in S if next_status(status)])
def test_the_next_status_is_always_a_move_the_table_allows(status):
    problems = blockers(status, next_status(status), RoundFacts())
    assert not any(problem.startswith("A round cannot move") for problem in problems)


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (S.DRAFT, True),
        (S.SCORING, False),
        (S.MEETING, False),
        (S.DECIDED, False),
        (S.PUBLISHED, False),
        (S.CLOSED, False),
    ],
)
def test_design_and_bids_are_editable_only_in_draft(status, editable):
    assert design_editable(status) is editable
    assert bids_editable(status) is editable


@pytest.mark.parametrize(
    ("status", "label"),
    [(S.DRAFT, "Draft"), (S.SCORING, "Training and scoring"), (S.MEETING, "Meeting"), (S.CLOSED, "Closed")],
)
def test_status_labels(status, label):
    assert status.label == label


D = date


@pytest.mark.parametrize(
    ("training", "scoring", "meeting", "problems"),
    [
        (None, None, None, {}),
        (D(2027, 3, 1), D(2027, 3, 14), D(2027, 3, 20), {}),
        (D(2027, 3, 1), D(2027, 3, 1), D(2027, 3, 1), {}),
        (
            D(2027, 3, 14),
            D(2027, 3, 1),
            None,
            {"scoring": "The scoring deadline must be on or after the training deadline"},
        ),
        (
            None,
            D(2027, 3, 14),
            D(2027, 3, 1),
            {"meeting": "The meeting date must be on or after the scoring deadline"},
        ),
        (
            D(2027, 3, 14),
            None,
            D(2027, 3, 1),
            {"meeting": "The meeting date must be on or after the training deadline"},
        ),
        (
            D(2027, 3, 20),
            D(2027, 3, 14),
            D(2027, 3, 1),
            {
                "scoring": "The scoring deadline must be on or after the training deadline",
                "meeting": "The meeting date must be on or after the scoring deadline",
            },
        ),
        (D(2027, 3, 1), None, None, {}),
        (None, None, D(2027, 3, 1), {}),
    ],
)
def test_deadline_problems(training, scoring, meeting, problems):
    assert deadline_problems(training, scoring, meeting) == problems
