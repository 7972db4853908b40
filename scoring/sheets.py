"""Filling in a scoring sheet: reading what was chosen, checking it against each scale, and comparing."""

from scoring.criteria import Scale

CANT_JUDGE = "cant-judge"

MISSING = "Choose a score, or choose \"I can't judge this\""
NOT_ON_SHEET = "This is not on the scoring sheet"


def _outside(scale: Scale) -> str:
    return f"Choose a score from {scale.low} to {scale.high}, or choose \"I can't judge this\""


def score_problems(scale_by_criterion: dict[int, Scale], scores: dict[int, int | None]) -> dict[int, str]:
    """What is wrong with a sheet, by criterion: each needs a score on its scale, or None (can't judge)."""
    problems = {criterion: NOT_ON_SHEET for criterion in scores if criterion not in scale_by_criterion}
    for criterion, scale in scale_by_criterion.items():
        if criterion not in scores:
            problems[criterion] = MISSING
        elif scores[criterion] is not None and not scale.contains(scores[criterion]):
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
        if text == CANT_JUDGE:
            scores[criterion] = None
        elif text.isdecimal():
            scores[criterion] = int(text)
        elif text:
            unreadable[criterion] = _outside(scale)
    problems = {**score_problems(scale_by_criterion, scores), **unreadable}
    return scores, problems


def difference_in_words(yours: int | None, reference: int | None, name: str = "the model answer") -> str:
    """How one score compares with another, as a sentence a young person can read at a glance."""
    if reference is None:
        return f"There is no score from {name} to compare with."
    if yours is None:
        return f"You chose \"I can't judge this\". {name[0].upper() + name[1:]} gives {reference}."
    gap = yours - reference
    if gap == 0:
        return f"You gave the same score as {name}."
    points = "1 point" if abs(gap) == 1 else f"{abs(gap)} points"
    return f"You gave {points} {'more' if gap > 0 else 'less'} than {name}."
