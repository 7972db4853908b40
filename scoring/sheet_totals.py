"""A member's own total on their scoring sheet, in words a young person can read: what it is out of, and how it
was added up.

The words follow the round's own rule for adding up a sheet. When every question uses the same scale, the total
is the weighted average of the scores (weighted_total), on that scale: "3.7 out of 4". When the questions use
different scales, an average of the raw scores would mean nothing (a 4 is the top of 0 to 4 but not of 1 to 5),
so each score is first placed on its own scale and the places are averaged with the same weights (sheet_share,
as the decisions and the monitoring evidence do): "68 out of 100". Either way "I can't judge this" and questions
not answered yet drop out. The scales are named as everywhere else (scoring.scales).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.criteria import Scale
from scoring.decisions import sheet_share
from scoring.scales import from_to, shared_scale
from scoring.sheets import weighted_total

SO_FAR = "Your total so far"
FINAL = "Your total"


@dataclass(frozen=True)
class TotalInWords:
    """label: "Your total so far" until every question has an answer; figure: "3.7 out of 4"; how: how it was
    added up and which end is best, in two or three short sentences."""

    label: str
    figure: str
    how: str

    @property
    def line(self) -> str:
        """The label and the figure as one sentence: "Your total: 3.7 out of 4."."""
        return f"{self.label}: {self.figure}."


def out_of_100(share: float) -> int:
    """A share of the scale (0 to 1) as a whole mark out of 100, halves rounded up."""
    return int(share * 100 + 0.5)


def _scale_names(scales: list[Scale]) -> str:
    names = [scale.label for scale in sorted(set(scales), key=lambda scale: (scale.low, scale.high))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def total_in_words(
    weights: Mapping[int, int], scales: Mapping[int, Scale], scores: Mapping[int, int | None]
) -> TotalInWords | None:
    """The member's total for one sheet, with its scale and how to read it; None while nothing is scored.

    weights and scales are by criterion (every criterion on the sheet); scores holds the answered criteria only,
    None meaning "I can't judge this" (the shape scoring.sheets works with)."""
    answered = {criterion: score for criterion, score in scores.items() if criterion in scales}
    label = FINAL if all(criterion in answered for criterion in scales) else SO_FAR
    extras = []
    if len({weights[criterion] for criterion in scales}) > 1:
        extras.append("Some questions count for more than others.")
    if any(score is None for score in answered.values()):
        extras.append("Questions you can't judge are left out.")
    scale = shared_scale(scales.values())
    if scale is not None:
        total = weighted_total(dict(weights), dict(answered))
        if total is None:
            return None
        how = [
            "It is the average of your scores.",
            *extras,
            f"Scores go {from_to(scale)}, and {scale.high} is the best.",
        ]
        return TotalInWords(label, f"{total:.1f} out of {scale.high}", " ".join(how))
    share = sheet_share(
        dict(weights),
        {criterion: (scale.low, scale.high) for criterion, scale in scales.items()},
        dict(answered),
    )
    if share is None:
        return None
    how = [
        f"Your questions use different scales: {_scale_names(list(scales.values()))}.",
        "So each score is turned into a mark out of 100, and your total is the average of those marks.",
        *extras,
        "100 is the best.",
    ]
    return TotalInWords(label, f"{out_of_100(share)} out of 100", " ".join(how))
