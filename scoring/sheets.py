"""Filling in a scoring sheet: reading what was chosen, checking it against each scale, and comparing."""

from datetime import date

from scoring.criteria import Scale
from scoring.numbers import whole_number
from scoring.rounds import RoundStatus

CANT_JUDGE = "cant-judge"

MISSING = 'Choose a score, or choose "I can\'t judge this"'
NOT_ON_SHEET = "This is not on the scoring sheet"


def _outside(scale: Scale) -> str:
    return f'Choose a score from {scale.low} to {scale.high}, or choose "I can\'t judge this"'


def score_problems(scale_by_criterion: dict[int, Scale], scores: dict[int, int | None]) -> dict[int, str]:
    """What is wrong with a sheet, by criterion: each needs a score on its scale, or None (can't judge)."""
    problems = {criterion: NOT_ON_SHEET for criterion in scores if criterion not in scale_by_criterion}
    for criterion, scale in scale_by_criterion.items():
        if criterion not in scores:
            problems[criterion] = MISSING
            continue
        score = scores[criterion]
        if score is not None and not scale.contains(score):
            problems[criterion] = _outside(scale)
    return problems


def read_scores(
    scale_by_criterion: dict[int, Scale], chosen: dict[int, str]
) -> tuple[dict[int, int | None], dict[int, str]]:
    """The scores a form sent ('3', 'cant-judge' or '' per criterion), and what is wrong with them."""
    scores: dict[int, int | None] = {}
    unreadable: dict[int, str] = {}
    for criterion, scale in scale_by_criterion.items():
        text = (chosen.get(criterion) or "").strip()
        number = whole_number(text, 0)  # scores are never below zero
        if text == CANT_JUDGE:
            scores[criterion] = None
        elif number is not None:
            scores[criterion] = number
        elif text:
            unreadable[criterion] = _outside(scale)
    problems = {**score_problems(scale_by_criterion, scores), **unreadable}
    return scores, problems


def difference_in_words(yours: int | None, reference: int | None, name: str = "the model answer") -> str:
    """How one score compares with another, as a sentence a young person can read at a glance."""
    if reference is None:
        return f"There is no score from {name} to compare with."
    if yours is None:
        return f'You chose "I can\'t judge this". {name[0].upper() + name[1:]} gives {reference}.'
    gap = yours - reference
    if gap == 0:
        return f"You gave the same score as {name}."
    points = "1 point" if abs(gap) == 1 else f"{abs(gap)} points"
    return f"You gave {points} {'more' if gap > 0 else 'less'} than {name}."


def weighted_total(weights: dict[int, int], scores: dict[int, int | None]) -> float | None:
    """The weighted mean of the scores given; can't-judge (None) and unscored criteria drop out and the
    remaining weights are shared out again. None when nothing is scored."""
    scored = {
        criterion: score
        for criterion, score in scores.items()
        if score is not None and weights.get(criterion, 0) > 0
    }
    total_weight = sum(weights[criterion] for criterion in scored)
    if not total_weight:
        return None
    return sum(weights[criterion] * score for criterion, score in scored.items()) / total_weight


def missing_criteria(criterion_ids: list[int], scores: dict[int, int | None]) -> list[int]:
    """The criteria, in sheet order, that are neither scored nor marked "I can't judge this"."""
    return [criterion for criterion in criterion_ids if criterion not in scores]


def read_choice(scale: Scale, value: object) -> tuple[bool, int | None, str | None]:
    """One score as sent by the browser (a whole number, CANT_JUDGE, or None to clear it).

    Returns (answered, score, problem): answered is False when the score was cleared."""
    if value is None:
        return False, None, None
    if value == CANT_JUDGE:
        return True, None, None
    if isinstance(value, bool) or not isinstance(value, int) or not scale.contains(value):
        return False, None, _outside(scale)
    return True, value, None


def past_deadline(deadline: date | None, extended_to: date | None, today: date) -> bool:
    """True once the member's last day to score (the deadline, or their extension if later) is over.

    `today` is the date in Europe/London: a deadline lasts to the end of its day there."""
    last_day = max((day for day in (deadline, extended_to) if day is not None), default=None)
    return last_day is not None and today > last_day


LOCKED_SUBMITTED = "You have sent this sheet, so it can't be changed. Reopen it to change something."
LOCKED_DEADLINE = "The scoring deadline has passed, so this sheet can't change. Ask your chair for more time."
LOCKED_MEETING = "The panel meeting has started, so scores can't change now."


def lock_reason(
    submitted: bool,
    deadline: date | None,
    extended_to: date | None,
    today: date,
    round_status: RoundStatus = RoundStatus.SCORING,
) -> str | None:
    """Why a sheet can't be changed now, in plain words; None while it can."""
    if round_status not in (RoundStatus.DRAFT, RoundStatus.SCORING):
        return LOCKED_MEETING
    if submitted:
        return LOCKED_SUBMITTED
    if past_deadline(deadline, extended_to, today):
        return LOCKED_DEADLINE
    return None


def is_locked(
    submitted: bool,
    deadline: date | None,
    extended_to: date | None,
    today: date,
    round_status: RoundStatus = RoundStatus.SCORING,
) -> bool:
    """Whether the sheet is closed to changes (sent, past the deadline, or the meeting has begun)."""
    return lock_reason(submitted, deadline, extended_to, today, round_status) is not None


REOPEN_NOT_SENT = "This sheet has not been sent, so there is nothing to reopen."
REOPEN_TOO_LATE = "The scoring deadline has passed. Ask your chair to reopen your sheet."
REOPEN_CHAIR_EARLY = "Before the deadline, only the member can reopen their own sheet."
REOPEN_NOT_ALLOWED = "Only the member, or the chair after the deadline, can reopen a sheet."


def reopen_problem(
    submitted: bool,
    is_owner: bool,
    is_chair: bool,
    deadline_passed: bool,
    round_status: RoundStatus = RoundStatus.SCORING,
) -> str | None:
    """Why this person can't reopen the sheet: its member may until the deadline, the chair after it."""
    if round_status not in (RoundStatus.DRAFT, RoundStatus.SCORING):
        return LOCKED_MEETING
    if not submitted:
        return REOPEN_NOT_SENT
    if deadline_passed:
        return None if is_chair else REOPEN_TOO_LATE
    if is_owner:
        return None
    return REOPEN_CHAIR_EARLY if is_chair else REOPEN_NOT_ALLOWED
