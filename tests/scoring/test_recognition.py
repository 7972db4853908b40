"""A member's record of contribution: what counts, how long it took, and how it is said."""

from datetime import UTC, datetime, timedelta

import pytest

from scoring.recognition import (
    IN_PERSON_TRAINING_MINUTES,
    MINUTES_PER_SHEET,
    PRACTICE_MINUTES,
    Attended,
    Facts,
    contribution,
    minutes_in_meeting,
    time_in_words,
    was_there,
    what_they_did,
)

NOON = datetime(2027, 2, 12, 12, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return NOON + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "first, last, started, closed, minutes",
    [
        (0, 120, 0, 120, 120),  # there for the whole meeting
        (-30, 150, 0, 120, 120),  # early and late: clipped to the meeting
        (30, 90, 0, 120, 60),  # joined late, left early
        (-30, -5, 0, 120, 0),  # only in the waiting room before it started
        (130, 140, 0, 120, 0),  # came after it ended
        (0, 45, 0, None, 45),  # the meeting is still going: up to when they were last seen
        (10, 60, None, None, 0),  # the meeting never started
        (0, 0.5, 0, 120, 0),  # under a minute counts as none
    ],
)
def test_time_in_the_meeting_is_clipped_to_when_it_ran(first, last, started, closed, minutes):
    attended = Attended(
        at(first), at(last), None if started is None else at(started), None if closed is None else at(closed)
    )
    assert minutes_in_meeting(attended) == minutes


@pytest.mark.parametrize(
    "first, last, started, closed, there",
    [
        (0, 120, 0, 120, True),
        (-30, -5, 0, 120, False),
        (130, 140, 0, 120, False),
        (-10, 0, 0, 120, True),  # seen at the very moment it started
        (10, 60, None, None, False),
        (10, 20, 0, None, True),
    ],
)
def test_attending_means_being_there_while_the_meeting_ran(first, last, started, closed, there):
    attended = Attended(
        at(first), at(last), None if started is None else at(started), None if closed is None else at(closed)
    )
    assert was_there(attended) is there


def test_a_full_record_adds_training_scoring_and_the_meeting():
    record = contribution(
        Facts(
            training_done=True,
            step_minutes=16,
            practice_done=True,
            sheets_submitted=6,
            meetings=(Attended(at(-10), at(150), at(0), at(120)),),
        )
    )
    assert record.training_minutes == 16 + PRACTICE_MINUTES
    assert record.scoring_minutes == 6 * MINUTES_PER_SHEET
    assert (record.meetings, record.meeting_minutes) == (1, 120)
    assert record.total_minutes == 16 + PRACTICE_MINUTES + 6 * MINUTES_PER_SHEET + 120
    assert record.roles == ("Panel member",)
    assert record.did_anything


def test_training_in_person_counts_its_estimate():
    record = contribution(Facts(training_done=True, trained_in_person=True))
    assert record.training_minutes == IN_PERSON_TRAINING_MINUTES
    assert what_they_did(record) == ("Completed the panel's training in person",)


def test_a_waiting_room_visit_is_not_attending():
    record = contribution(Facts(meetings=(Attended(at(-30), at(-5), at(0), at(120)),)))
    assert (record.meetings, record.meeting_minutes) == (0, 0)
    assert not record.did_anything


@pytest.mark.parametrize(
    "chair, scribe, roles",
    [
        (False, False, ("Panel member",)),
        (True, False, ("Chair",)),
        (False, True, ("Panel member", "Note-taker")),
        (True, True, ("Chair", "Note-taker")),
    ],
)
def test_roles_held(chair, scribe, roles):
    assert contribution(Facts(chair=chair, scribe=scribe)).roles == roles


def test_what_they_did_reads_as_short_lines():
    record = contribution(
        Facts(
            chair=True,
            scribe=True,
            training_done=True,
            sheets_submitted=1,
            meetings=(Attended(at(0), at(60), at(0), at(60)),),
        )
    )
    assert what_they_did(record) == (
        "Completed the panel's training",
        "Read and scored 1 bid on a scoring sheet",
        "Took part in the panel meeting, where everyone agreed what to recommend",
        "Chaired the panel",
        "Took the notes in the panel meeting",
    )
    assert (
        what_they_did(contribution(Facts(sheets_submitted=3)))[0]
        == "Read and scored 3 bids on a scoring sheet"
    )
    assert what_they_did(contribution(Facts())) == ()


@pytest.mark.parametrize(
    "minutes, words",
    [
        (0, "None yet"),
        (-5, "None yet"),
        (1, "5 minutes"),
        (12, "10 minutes"),
        (13, "15 minutes"),
        (57, "55 minutes"),
        (58, "1 hour"),
        (74, "1 hour"),
        (75, "1 and a half hours"),
        (90, "1 and a half hours"),
        (105, "2 hours"),
        (150, "2 and a half hours"),
        (600, "10 hours"),
    ],
)
def test_time_in_words(minutes, words):
    assert time_in_words(minutes) == words
