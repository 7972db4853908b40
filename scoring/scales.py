"""A round's scales in plain words: the one answer the training text, the scoring sheet and the meeting ask.

A round may score every criterion on one scale ("from 1 to 5") or give criteria scales of their own (0 to 4
for one, 1 to 5 for another). Whatever names a scale asks scale_words, so no page says "from 0 to 4" on a
round that scores 1 to 5.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from scoring.criteria import Scale


class ScaledCriterion(Protocol):
    """Anything with a criterion's title and scale (a criterion of a round, or a NamedScale)."""

    @property
    def title(self) -> str: ...

    @property
    def scale(self) -> Scale: ...


@dataclass(frozen=True)
class NamedScale:
    """A criterion's title and its scale, for callers that hold no criterion object."""

    title: str
    scale: Scale


def from_to(scale: Scale) -> str:
    """'from 1 to 5'."""
    return f"from {scale.low} to {scale.high}"


@dataclass(frozen=True)
class ScaleWords:
    """How a round's criteria are scored, in words.

    shared is the scale every criterion uses (None when they differ, or when the sheet has no criteria yet);
    each is every criterion's title and scale, in the sheet's order.
    """

    shared: Scale | None
    each: tuple[NamedScale, ...]

    @property
    def mixed(self) -> bool:
        """The criteria do not all use the same scale."""
        return self.shared is None and bool(self.each)

    @property
    def phrase(self) -> str:
        """What follows "you give a score": 'from 1 to 5', or 'on that criterion's own scale'."""
        if self.shared is not None:
            return from_to(self.shared)
        if self.each:
            return "on that criterion's own scale"
        return "on the scale the sheet shows"

    @property
    def sentence(self) -> str:
        """One sentence about the scale, for any page that explains scoring."""
        if self.shared is not None:
            return f"For each criterion, you give a score {from_to(self.shared)}."
        if self.each:
            return "Each criterion has its own scale. Look at the scale before you score."
        return "For each criterion, you give a score on the scale the sheet shows."

    @property
    def lines(self) -> tuple[str, ...]:
        """Each criterion's scale ('Value for money: from 1 to 5'), only when they differ (else nothing)."""
        if not self.mixed:
            return ()
        return tuple(f"{item.title}: {from_to(item.scale)}" for item in self.each)


def shared_scale(scales: Iterable[Scale]) -> Scale | None:
    """The one scale all of these share; None when they differ or there are none."""
    found = set(scales)
    return found.pop() if len(found) == 1 else None


def scale_words(criteria: Iterable[ScaledCriterion]) -> ScaleWords:
    """The round's scales in words, from its criteria in sheet order."""
    each = tuple(NamedScale(criterion.title, criterion.scale) for criterion in criteria)
    return ScaleWords(shared=shared_scale(item.scale for item in each), each=each)
