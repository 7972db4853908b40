"""The blind-scoring rule as a table: who sees what of a bid's scores, at each stage of the round."""

import pytest

from scoring.disclosure import SMALLEST_SPLIT, Sight, Viewer, names_sight, score_sight, split_shown
from scoring.rounds import RoundStatus

S, M, D, P, C = (
    RoundStatus.SCORING,
    RoundStatus.MEETING,
    RoundStatus.DECIDED,
    RoundStatus.PUBLISHED,
    RoundStatus.CLOSED,
)
NOTHING, STATUSES, ANON, NAMED = Sight.NOTHING, Sight.STATUSES, Sight.ANONYMISED, Sight.NAMED


@pytest.mark.parametrize(
    ("viewer", "status", "revealed", "sight"),
    [
        # While scoring, and in the meeting before the room sees a bid's scores: nobody sees them.
        (Viewer.MEMBER, S, False, NOTHING),
        (Viewer.CHAIR, S, False, STATUSES),
        (Viewer.COMMISSIONER, S, False, STATUSES),
        (Viewer.COMMISSIONER, RoundStatus.DRAFT, False, STATUSES),
        (Viewer.MEMBER, M, False, NOTHING),
        (Viewer.CHAIR, M, False, STATUSES),
        (Viewer.COMMISSIONER, M, False, STATUSES),
        # Once the meeting shows them: the room sees them without names, the commissioner too.
        (Viewer.MEMBER, M, True, ANON),
        (Viewer.CHAIR, M, True, ANON),
        (Viewer.COMMISSIONER, M, True, ANON),
        # After the meeting every bid's scores are out; names are for commissioners only.
        (Viewer.MEMBER, D, False, ANON),
        (Viewer.CHAIR, D, False, ANON),
        (Viewer.COMMISSIONER, D, False, NAMED),
        (Viewer.COMMISSIONER, P, True, NAMED),
        (Viewer.COMMISSIONER, C, True, NAMED),
        # A member linked to the bidder, and anyone off the panel, never see them.
        (Viewer.CONFLICTED, M, True, NOTHING),
        (Viewer.CONFLICTED, P, True, NOTHING),
        (Viewer.OUTSIDER, P, True, NOTHING),
    ],
)
def test_who_sees_what_of_a_bids_scores(viewer, status, revealed, sight):
    assert score_sight(viewer, status, revealed) is sight


@pytest.mark.parametrize("status", list(RoundStatus))
@pytest.mark.parametrize("revealed", [False, True])
def test_nobody_sees_more_once_less_is_shown(status, revealed):
    """Seeing grows with the round, never shrinks: a revealed bid shows at least what an unrevealed one does."""
    for viewer in Viewer:
        assert score_sight(viewer, status, True) >= score_sight(viewer, status, revealed)


def test_names_are_for_commissioners_once_the_meeting_is_over():
    assert [names_sight(Viewer.COMMISSIONER, status) for status in (S, M, D, P, C)] == [
        False,
        False,
        True,
        True,
        True,
    ]
    assert not any(names_sight(viewer, P) for viewer in Viewer if viewer is not Viewer.COMMISSIONER)


# Small groups never give people away


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, True), (1, False), (2, False), (3, True), (4, True), (40, True)],
    ids=["nobody gives nobody away", "one alone", "two", "three", "four", "many"],
)
def test_a_split_shows_on_its_own_only_from_three_people(count, shown):
    assert split_shown(count) is shown


def test_the_smallest_split_is_three():
    assert SMALLEST_SPLIT == 3
    assert not split_shown(SMALLEST_SPLIT - 1) and split_shown(SMALLEST_SPLIT)
