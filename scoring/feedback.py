"""What a panel member is told about each bid on their "You said - we did" page, in plain words.

The toolkit asks that young people hear how their views shaped each decision and, where a senior decision went
another way, why. So each bid compares the final decision with the panel's recommendation, and sets the
member's own scores beside the scores the panel agreed (never anyone else's).
"""

from dataclasses import dataclass
from enum import StrEnum

from scoring.consensus import Recommendation
from scoring.decisions import Difference, Outcome, PanelView, differences
from scoring.money import format_pounds


class Agreement(StrEnum):
    SAME = "same"  # the final decision is what the panel recommended
    DIFFERENT = "different"  # it went another way, or a different amount
    UNKNOWN = "unknown"  # the meeting recorded no recommendation for this bid

    @property
    def tag_class(self) -> str:
        return {"same": "govuk-tag--green", "different": "govuk-tag--orange", "unknown": "govuk-tag--grey"}[
            self.value
        ]


_PANEL_SAID = {
    Recommendation.FUND: "fund it",
    Recommendation.FUND_WITH_CONDITIONS: "fund it, with some conditions",
    Recommendation.RESERVE: "keep it on a reserve list, in case there was money left",
    Recommendation.DO_NOT_FUND: "don't fund it",
}


def agreement(
    outcome: Outcome,
    amount_pence: int | None,
    recommendation: Recommendation | None,
    panel_amount_pence: int | None,
) -> Agreement:
    """Whether the final decision matches the panel's recommendation. A reserve recommendation matches either
    outcome; a different amount for a funded bid is a difference (as in scoring.decisions)."""
    if recommendation is None:
        return Agreement.UNKNOWN
    found = differences(
        outcome, amount_pence, PanelView(recommendation=recommendation, amount_pence=panel_amount_pence)
    )
    if Difference.RECOMMENDATION in found or Difference.AMOUNT in found:
        return Agreement.DIFFERENT
    return Agreement.SAME


def outcome_in_words(outcome: Outcome, amount_pence: int | None) -> str:
    """'Funded: £20,000' or 'Not funded'."""
    if outcome.funds and amount_pence:
        return f"Funded: {format_pounds(amount_pence)}"
    return outcome.label


def panel_said(recommendation: Recommendation | None, amount_pence: int | None) -> str:
    """The panel's recommendation as a young person would say it."""
    if recommendation is None:
        return "The panel didn't record what it thought about this bid."
    said = _PANEL_SAID[recommendation]
    if recommendation.funds and amount_pence:
        said += f" ({format_pounds(amount_pence)})"
    return f"The panel said: {said}."


def agreement_in_words(found: Agreement) -> str:
    return {
        Agreement.SAME: "The final decision is the same as the panel said.",
        Agreement.DIFFERENT: "The final decision is different from what the panel said.",
        Agreement.UNKNOWN: "",
    }[found]


@dataclass(frozen=True)
class ScorePair:
    """One question on the scoring sheet: the member's own score and the score the panel agreed.
    `mine` is None if they did not score it; `abstained` if they said "I can't judge this"."""

    title: str
    low: int
    high: int
    mine: int | None
    agreed: int | None
    abstained: bool = False

    @property
    def mine_width(self) -> int:
        return bar_width(self.mine, self.low, self.high)

    @property
    def agreed_width(self) -> int:
        return bar_width(self.agreed, self.low, self.high)

    @property
    def in_words(self) -> str:
        """The picture's text alternative."""
        if self.abstained:
            you = "You said you couldn't judge this."
        elif self.mine is None:
            you = "You didn't score this."
        else:
            you = f"You gave {self.mine} out of {self.high}."
        if self.agreed is None:
            return f"{you} The panel didn't agree a score."
        return f"{you} The panel agreed {self.agreed} out of {self.high}."


def bar_width(score: int | None, low: int, high: int) -> int:
    """How much of a bar a score fills, as a percentage in steps of 5 (the page's width classes). No score,
    or a score at the bottom of the scale, fills nothing."""
    if score is None or high <= low:
        return 0
    share = min(max((score - low) / (high - low), 0.0), 1.0)
    return int(share * 20 + 0.5) * 5


def close_count(pairs: tuple[ScorePair, ...]) -> tuple[int, int]:
    """(questions where the member's score was within 1 of the agreed score, questions both scored)."""
    both = [(pair.mine, pair.agreed) for pair in pairs if pair.mine is not None and pair.agreed is not None]
    return sum(abs(mine - agreed) <= 1 for mine, agreed in both), len(both)
