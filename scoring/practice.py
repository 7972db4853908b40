"""The practice bid's model answers: which a round can take from the default pack, which are still missing,
and what a member is shown for a criterion that has none."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from scoring.criteria import Scale


class SheetCriterion(Protocol):
    """A criterion of a round's sheet: its id, title and scale."""

    @property
    def id(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def scale(self) -> Scale: ...


@dataclass(frozen=True)
class DefaultAnswer:
    """A model answer the default pack gives, for the default criterion with this title."""

    title: str
    score: int
    reason: str


def same_title(one: str, other: str) -> bool:
    """Titles match whatever their case and the spaces around them."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def carried_answers(
    criteria: Iterable[SheetCriterion], defaults: Iterable[DefaultAnswer], default_scale: Scale
) -> dict[int, DefaultAnswer]:
    """The default model answer for each criterion that keeps a default criterion's title and scale.

    The reasons speak of the default scale ("for a 4, the bid would need..."), so a criterion on another
    scale takes none, even where the score would fit: a 3 out of 4 is not a 3 out of 5.
    """
    answers = list(defaults)
    carried = {}
    for criterion in criteria:
        if criterion.scale != default_scale:
            continue
        match = next((answer for answer in answers if same_title(answer.title, criterion.title)), None)
        if match is not None and default_scale.contains(match.score):
            carried[criterion.id] = match
    return carried


def lacking_model_answer(criteria: Iterable[SheetCriterion], model_scores: Mapping[int, int]) -> list[int]:
    """The criteria, in the order given, with no model answer, or one that is not on their scale."""
    return [
        criterion.id
        for criterion in criteria
        if criterion.id not in model_scores or not criterion.scale.contains(model_scores[criterion.id])
    ]


def own_score_words(score: int | None, descriptors: Mapping[int, str]) -> str:
    """For a criterion with no model answer: the member's own score and what it means on the sheet."""
    if score is None:
        return 'You chose "I can\'t judge this". That is fine when the bid does not say enough.'
    meaning = (descriptors.get(score) or "").strip()
    if not meaning:
        return f"You gave {score}."
    return f"You gave {score}. On this sheet, {score} means: {meaning}"
