"""A panel member's record of contribution: what they did and about how long it took, for their page and their
certificate (the toolkit asks that young people's time is recognised, so it can count toward a CV).

Pure: the caller gathers the facts and passes the times in. Some times are measured and some are estimates;
`ESTIMATES` says which, in words the page shows.
"""

from dataclasses import dataclass
from datetime import datetime

# Estimates, in minutes, for what Co-Panel cannot time. Each is shown on the page as an estimate.
MINUTES_PER_SHEET = 30  # reading one bid and filling in its scoring sheet
PRACTICE_MINUTES = 15  # the practice bid in the training
IN_PERSON_TRAINING_MINUTES = 90  # a training session in person, recorded by the commissioner

ESTIMATES = (
    (
        f"Training: the time each training step says it takes, plus {PRACTICE_MINUTES} minutes for the practice "
        f"bid and {IN_PERSON_TRAINING_MINUTES} minutes for a training session in person."
    ),
    f"Scoring: {MINUTES_PER_SHEET} minutes for each bid you scored, to read it and fill in the sheet.",
    "The meeting: the time you were connected to it, from when it started to when it ended.",
)


@dataclass(frozen=True)
class Attended:
    """A member's connection to a meeting (first and last seen) and the meeting's own start and end.
    `closed_at` is None while the meeting is still going."""

    first_seen_at: datetime
    last_seen_at: datetime
    started_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True)
class Facts:
    """What the caller counted for one member of one round."""

    chair: bool = False
    scribe: bool = False  # took the notes in the meeting
    training_done: bool = False
    trained_in_person: bool = False
    step_minutes: int = 0  # the minutes of the training steps they completed
    practice_done: bool = False
    sheets_submitted: int = 0
    meetings: tuple[Attended, ...] = ()


def minutes_in_meeting(attended: Attended) -> int:
    """Whole minutes the member was connected while the meeting ran: their connection clipped to the meeting's
    start and end. A meeting that never started counts for nothing."""
    if attended.started_at is None:
        return 0
    start = max(attended.first_seen_at, attended.started_at)
    end = attended.last_seen_at
    if attended.closed_at is not None:
        end = min(end, attended.closed_at)
    return max(int((end - start).total_seconds() // 60), 0)


def was_there(attended: Attended) -> bool:
    """True if the member was connected at some moment while the meeting ran."""
    if attended.started_at is None or attended.last_seen_at < attended.started_at:
        return False
    return attended.closed_at is None or attended.first_seen_at <= attended.closed_at


@dataclass(frozen=True)
class Contribution:
    """A member's record for one round, with times in minutes."""

    roles: tuple[str, ...]
    training_done: bool
    trained_in_person: bool
    training_minutes: int
    sheets: int
    scoring_minutes: int
    meetings: int
    meeting_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.training_minutes + self.scoring_minutes + self.meeting_minutes

    @property
    def did_anything(self) -> bool:
        return bool(self.training_done or self.sheets or self.meetings)


def contribution(facts: Facts) -> Contribution:
    """The record, with the documented estimates applied."""
    training = facts.step_minutes
    if facts.practice_done:
        training += PRACTICE_MINUTES
    if facts.trained_in_person:
        training += IN_PERSON_TRAINING_MINUTES
    attended = [meeting for meeting in facts.meetings if was_there(meeting)]
    roles: tuple[str, ...] = ("Chair",) if facts.chair else ("Panel member",)
    if facts.scribe:
        roles += ("Note-taker",)
    return Contribution(
        roles=roles,
        training_done=facts.training_done,
        trained_in_person=facts.trained_in_person,
        training_minutes=training,
        sheets=facts.sheets_submitted,
        scoring_minutes=facts.sheets_submitted * MINUTES_PER_SHEET,
        meetings=len(attended),
        meeting_minutes=sum(minutes_in_meeting(meeting) for meeting in attended),
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def time_in_words(minutes: int) -> str:
    """'None yet', '25 minutes', '1 hour', '2 and a half hours': under an hour to the nearest 5 minutes (at
    least 5), from an hour up to the nearest half hour."""
    if minutes <= 0:
        return "None yet"
    if minutes < 58:
        return _plural(max(5, 5 * round(minutes / 5)), "minute", "minutes")
    halves = (minutes + 15) // 30  # half past rounds up
    hours, half = divmod(halves, 2)
    if half:
        return f"{hours} and a half hours"
    return _plural(hours, "hour", "hours")


def what_they_did(record: Contribution) -> tuple[str, ...]:
    """What the member did, as short lines that read the same on their page and on the certificate."""
    lines = []
    if record.training_done:
        lines.append("Completed the panel's training" + (" in person" if record.trained_in_person else ""))
    if record.sheets:
        lines.append(f"Read and scored {_plural(record.sheets, 'bid', 'bids')} on a scoring sheet")
    if record.meetings:
        lines.append("Took part in the panel meeting, where everyone agreed what to recommend")
    if "Chair" in record.roles:
        lines.append("Chaired the panel")
    if "Note-taker" in record.roles:
        lines.append("Took the notes in the panel meeting")
    return tuple(lines)
