"""A round's life: draft, then training and scoring, the meeting, decided, published, closed."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class RoundStatus(StrEnum):
    DRAFT = "draft"
    SCORING = "scoring"
    MEETING = "meeting"
    DECIDED = "decided"
    PUBLISHED = "published"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    RoundStatus.DRAFT: "Draft",
    RoundStatus.SCORING: "Training and scoring",
    RoundStatus.MEETING: "Meeting",
    RoundStatus.DECIDED: "Decided",
    RoundStatus.PUBLISHED: "Published",
    RoundStatus.CLOSED: "Closed",
}

ORDER = list(RoundStatus)


@dataclass(frozen=True)
class RoundFacts:
    """What the guards need to know about a round, counted by the caller."""

    criteria: int = 0
    criteria_missing_descriptors: int = 0
    bids: int = 0
    chairs: int = 0
    panellists: int = 0
    submitted_sheets: int = 0
    recommended_bids: int = 0  # bids the meeting has recorded a recommendation for
    final_decisions: int = 0  # bids the commissioner has recorded a final decision for
    summary_written: bool = False  # the plain-words summary for young people
    unexplained_decisions: int = 0  # decisions that differ from the panel and don't yet say why


def _draft_ready(facts: RoundFacts) -> list[str]:
    reasons = []
    if facts.criteria == 0:
        reasons.append("Add at least one criterion to the scoring sheet")
    if facts.criteria_missing_descriptors:
        reasons.append("Describe every score level of every criterion")
    if facts.bids == 0:
        reasons.append("Add at least one bid")
    if facts.chairs == 0:
        reasons.append("The panel needs a chair who has joined")
    if facts.panellists == 0:
        reasons.append("The panel needs at least one member who has joined")
    return reasons


def _scoring_done(facts: RoundFacts) -> list[str]:
    if facts.submitted_sheets == 0:
        return ["No scoring sheet has been submitted yet, so there is nothing to discuss"]
    return []


def _meeting_done(facts: RoundFacts) -> list[str]:
    if facts.recommended_bids < facts.bids:
        return ["The meeting must record a recommendation for every bid first"]
    return []


def _ready_to_publish(facts: RoundFacts) -> list[str]:
    problems = []
    if facts.final_decisions < facts.bids:
        problems.append(
            f"Record a decision for every bid first ({facts.bids - facts.final_decisions} still to do)"
        )
    if facts.unexplained_decisions:
        problems.append(
            f"Explain why {facts.unexplained_decisions} "
            f"{'decision differs' if facts.unexplained_decisions == 1 else 'decisions differ'} "
            "from what the panel thought first"
        )
    if not facts.summary_written:
        problems.append("Write the summary for young people first")
    return problems


def _always(facts: RoundFacts) -> list[str]:
    return []


# (from, to) -> the guard that lists what still stands in the way.
TRANSITIONS = {
    (RoundStatus.DRAFT, RoundStatus.SCORING): _draft_ready,
    (RoundStatus.SCORING, RoundStatus.MEETING): _scoring_done,
    (RoundStatus.MEETING, RoundStatus.DECIDED): _meeting_done,
    (RoundStatus.DECIDED, RoundStatus.PUBLISHED): _ready_to_publish,
    (RoundStatus.PUBLISHED, RoundStatus.CLOSED): _always,
}


def next_status(current: RoundStatus) -> RoundStatus | None:
    """The one status a round can move on to, or None once it is closed."""
    return next((to for (frm, to) in TRANSITIONS if frm is current), None)


def blockers(current: RoundStatus, target: RoundStatus, facts: RoundFacts) -> list[str]:
    """Why the round cannot move from current to target; an empty list means it can."""
    guard = TRANSITIONS.get((current, target))
    if guard is None:
        return [f"A round cannot move from {current.label.lower()} to {target.label.lower()}"]
    return guard(facts)


def design_editable(status: RoundStatus) -> bool:
    """The scoring sheet's criteria can change only before scoring starts."""
    return status is RoundStatus.DRAFT


def bids_editable(status: RoundStatus) -> bool:
    """Bids can be added or changed until panellists start scoring them."""
    return status is RoundStatus.DRAFT


def deadline_problems(training: date | None, scoring: date | None, meeting: date | None) -> dict[str, str]:
    """Dates out of the journey's order: training, then scoring, then the meeting (any may be unset)."""
    problems = {}
    if training and scoring and scoring < training:
        problems["scoring"] = "The scoring deadline must be on or after the training deadline"
    if meeting:
        if scoring and meeting < scoring:
            problems["meeting"] = "The meeting date must be on or after the scoring deadline"
        elif training and meeting < training:
            problems["meeting"] = "The meeting date must be on or after the training deadline"
    return problems
