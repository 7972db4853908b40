"""The commissioner's final decision on a bid, and when it must explain itself.

The HeadStart toolkit asks that when someone more senior decides differently from young people, the reasons are
fed back and explained. So a decision that differs from the panel's recommendation, or from what most young
members thought, cannot be saved without an explanation.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scoring.consensus import Recommendation, View, median
from scoring.money import format_pounds


class Outcome(StrEnum):
    FUNDED = "funded"
    NOT_FUNDED = "not_funded"

    @property
    def label(self) -> str:
        return "Funded" if self is Outcome.FUNDED else "Not funded"

    @property
    def funds(self) -> bool:
        return self is Outcome.FUNDED


class Difference(StrEnum):
    """Ways a final decision can differ from the panel. Each one needs an explanation."""

    RECOMMENDATION = "recommendation"  # funded what the panel said not to fund, or the other way round
    AMOUNT = "amount"  # funded, but not the amount the panel recommended
    YOUNG_VIEWS = "young_views"  # most young members' first view went the other way
    YOUNG_SCORES = "young_scores"  # young members' middle score was on the other side of halfway


@dataclass(frozen=True)
class PanelView:
    """What the panel thought of one bid, gathered by the caller from the meeting and the scoring sheets.

    young_views: the young members' secret first views (if the chair asked for them).
    young_shares: each young member's overall score for the bid as a share of the scale, 0 (lowest) to 1
    (highest), from their scoring sheet.
    """

    recommendation: Recommendation | None = None
    amount_pence: int | None = None
    young_views: tuple[View, ...] = ()
    young_shares: tuple[float, ...] = ()


def share_of_scale(total: float | None, lowest: int, highest: int) -> float | None:
    """Where an overall score sits on its scale: 0 at the bottom, 1 at the top, None if there is no score."""
    if total is None or highest <= lowest:
        return None
    return (total - lowest) / (highest - lowest)


def young_lean_from_views(views: Iterable[View]) -> bool | None:
    """True if more than half of the young members who gave a first view said fund it, False if more than half
    said don't, None otherwise (no views, or no clear majority)."""
    views = list(views)
    if not views:
        return None
    if sum(view is View.FUND for view in views) * 2 > len(views):
        return True
    if sum(view is View.DO_NOT_FUND for view in views) * 2 > len(views):
        return False
    return None


def young_lean_from_scores(shares: Iterable[float]) -> bool | None:
    """True if the young members' middle overall score is above halfway, False if below, None if exactly
    halfway or there are no scores."""
    middle = median(list(shares))
    if middle is None or middle == 0.5:
        return None
    return middle > 0.5


def differences(outcome: Outcome, amount_pence: int | None, panel: PanelView) -> tuple[Difference, ...]:
    """How this decision differs from the panel, in a fixed order. A "reserve" recommendation is consistent with
    either outcome: it means "fund it if the money allows"."""
    found = []
    recommendation = panel.recommendation
    if recommendation is not None and recommendation is not Recommendation.RESERVE:
        if recommendation.funds != outcome.funds:
            found.append(Difference.RECOMMENDATION)
        elif (outcome.funds and panel.amount_pence is not None and amount_pence is not None
              and amount_pence != panel.amount_pence):
            found.append(Difference.AMOUNT)
    views = young_lean_from_views(panel.young_views)
    if views is not None and views != outcome.funds:
        found.append(Difference.YOUNG_VIEWS)
    scores = young_lean_from_scores(panel.young_shares)
    if scores is not None and scores != outcome.funds:
        found.append(Difference.YOUNG_SCORES)
    return tuple(found)


def difference_in_words(difference: Difference, panel: PanelView) -> str:
    """One sentence for the commissioner (and the flag on the decisions page)."""
    if difference is Difference.RECOMMENDATION:
        said = panel.recommendation.label.lower() if panel.recommendation else "something else"
        return f"The panel recommended: {said}."
    if difference is Difference.AMOUNT:
        return f"The panel recommended {format_pounds(panel.amount_pence or 0)}."
    if difference is Difference.YOUNG_VIEWS:
        lean = young_lean_from_views(panel.young_views)
        return f"Most young members' first view was: {'fund it' if lean else 'do not fund it'}."
    lean = young_lean_from_scores(panel.young_shares)
    return f"Young members' middle score was in the {'top' if lean else 'bottom'} half of the scale."


REASONS_NEEDED = "Say why you made this decision"
EXPLANATION_NEEDED = ("This decision is different from what the panel thought. Explain why, so the young people "
                      "on the panel understand")
OUTCOME_NEEDED = "Choose funded or not funded"
AMOUNT_NEEDED = "Enter the amount awarded, more than £0"
NO_AMOUNT = "Leave the amount empty for a bid that is not funded"


def decision_problems(outcome: Outcome | None, amount_pence: int | None, reasons: str, explanation: str,
                      panel: PanelView) -> dict[str, str]:
    """What stops this decision being saved, by form field. Empty means it can be saved."""
    problems = {}
    if outcome is None:
        problems["outcome"] = OUTCOME_NEEDED
    elif outcome.funds and (amount_pence is None or amount_pence <= 0):
        problems["amount"] = AMOUNT_NEEDED
    elif not outcome.funds and amount_pence:
        problems["amount"] = NO_AMOUNT
    if not reasons.strip():
        problems["reasons"] = REASONS_NEEDED
    if outcome is not None and differences(outcome, amount_pence, panel) and not explanation.strip():
        problems["explanation"] = EXPLANATION_NEEDED
    return problems

