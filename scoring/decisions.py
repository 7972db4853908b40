"""The commissioner's final decision on a bid, and when it must explain itself.

The HeadStart toolkit asks that when someone more senior decides differently from young people, the reasons are
fed back and explained. So a decision that differs from the panel's recommendation, or from what most young
members thought, cannot be saved without an explanation.

What most young members thought counts only when enough of them gave it to show on its own (three or more,
scoring/disclosure.py): from one or two young members it would say what each of them said.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scoring.consensus import Recommendation, View, median, view_counts
from scoring.disclosure import split_shown
from scoring.money import format_pounds
from scoring.rounds import RoundStatus


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

    @property
    def young_views_hidden(self) -> bool:
        """Young members gave first views, but too few to show on their own."""
        return not split_shown(len(self.young_views))

    @property
    def young_scores_hidden(self) -> bool:
        """Young members sent scoring sheets, but too few to show their middle score on its own."""
        return not split_shown(len(self.young_shares))

    @property
    def young_view_counts(self) -> tuple[tuple[View, int], ...]:
        """How many young members gave each first view; empty when none did, or too few to show."""
        return () if self.young_views_hidden else view_counts(self.young_views)

    @property
    def young_middle_share(self) -> float | None:
        """The young members' middle overall score, 0 (bottom of the scale) to 1 (top); None when none sent a
        sheet or too few did to show it."""
        return young_middle_share(self.young_shares)


def share_of_scale(total: float | None, lowest: int, highest: int) -> float | None:
    """Where an overall score sits on its scale: 0 at the bottom, 1 at the top, None if there is no score."""
    if total is None or highest <= lowest:
        return None
    return (total - lowest) / (highest - lowest)


def sheet_share(
    weights: dict[int, int], scales: dict[int, tuple[int, int]], scores: dict[int, int | None]
) -> float | None:
    """One scoring sheet's overall score as a share of the scale, 0 (lowest) to 1 (highest).

    Each criterion's score is first placed on its own scale (criteria of a round may use different scales),
    then the shares are averaged with the criteria's weights, as weighted_total does with scores: "I can't
    judge this" (None) and criteria that are not on the sheet drop out. None when nothing is scored. With one
    shared scale this is exactly share_of_scale(weighted_total(...), low, high)."""
    shares = {}
    for criterion, score in scores.items():
        if criterion in scales and weights.get(criterion, 0) > 0:
            share = share_of_scale(score, *scales[criterion])
            if share is not None:
                shares[criterion] = share
    total_weight = sum(weights[criterion] for criterion in shares)
    if not total_weight:
        return None
    return sum(weights[criterion] * share for criterion, share in shares.items()) / total_weight


def young_middle_share(shares: Iterable[float]) -> float | None:
    """The middle of young members' overall scores as shares of the scale; None when there are none, or too
    few to show on their own."""
    shares = list(shares)
    return median(shares) if split_shown(len(shares)) else None


def young_lean_from_views(views: Iterable[View]) -> bool | None:
    """True if more than half of the young members who gave a first view said fund it, False if more than half
    said don't, None otherwise (no views, too few to show on their own, or no clear majority)."""
    views = list(views)
    if not views or not split_shown(len(views)):
        return None
    if sum(view is View.FUND for view in views) * 2 > len(views):
        return True
    if sum(view is View.DO_NOT_FUND for view in views) * 2 > len(views):
        return False
    return None


def young_lean_from_scores(shares: Iterable[float]) -> bool | None:
    """True if the young members' middle overall score is above halfway, False if below, None if exactly
    halfway, or there are no scores, or too few to show on their own."""
    middle = young_middle_share(shares)
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
        elif (
            outcome.funds
            and panel.amount_pence is not None
            and amount_pence  # 0 is no amount: refused anyway
            and amount_pence != panel.amount_pence
        ):
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
EXPLANATION_NEEDED = (
    "This decision is different from what the panel thought. Explain why, so the young people "
    "on the panel understand"
)
OUTCOME_NEEDED = "Choose funded or not funded"
AMOUNT_NEEDED = "Enter the amount awarded, more than £0"
NO_AMOUNT = "Leave the amount empty for a bid that is not funded"
NO_CONDITIONS = "Leave the conditions empty for a bid that is not funded"


def decision_problems(
    outcome: Outcome | None,
    amount_pence: int | None,
    reasons: str,
    explanation: str,
    panel: PanelView,
    conditions: str = "",
) -> dict[str, str]:
    """What stops this decision being saved, by form field. Empty means it can be saved."""
    problems = {}
    if outcome is None:
        problems["outcome"] = OUTCOME_NEEDED
    elif outcome.funds and (amount_pence is None or amount_pence <= 0):
        problems["amount"] = AMOUNT_NEEDED
    elif not outcome.funds and amount_pence:
        problems["amount"] = NO_AMOUNT
    if outcome is not None and not outcome.funds and conditions.strip():
        problems["conditions"] = NO_CONDITIONS
    if not reasons.strip():
        problems["reasons"] = REASONS_NEEDED
    if outcome is not None and differences(outcome, amount_pence, panel) and not explanation.strip():
        problems["explanation"] = EXPLANATION_NEEDED
    return problems


def needs_explanation(outcome: Outcome, amount_pence: int | None, explanation: str, panel: PanelView) -> bool:
    """True for a saved decision that differs from the panel (as the panel stands now) with no explanation:
    the meeting can still change a recommendation after the decision was recorded."""
    return bool(differences(outcome, amount_pence, panel)) and not explanation.strip()


def decisions_editable(status: RoundStatus) -> bool:
    """Final decisions are recorded once the meeting has ended (every bid has a recommendation) and stay open
    to change until they are published to the panel."""
    return status is RoundStatus.DECIDED


@dataclass(frozen=True)
class AgreedScore:
    """The panel's consensus score on one criterion, with what that score means on the scoring sheet."""

    criterion: str
    score: int
    low: int
    high: int
    descriptor: str = ""

    @property
    def share(self) -> float:
        return share_of_scale(self.score, self.low, self.high) or 0.0

    def in_words(self) -> str:
        """'Meets young people's needs (4 out of 4): a clear plan with strong evidence'."""
        said = f"{self.criterion} ({self.score} out of {self.high})"
        descriptor = " ".join(self.descriptor.split())
        return f"{said}: {descriptor}" if descriptor else said


STRONG = 2 / 3  # a consensus score in the top third of its scale is suggested as a strength
WEAK = 1 / 3  # and one in the bottom third as a concern


def suggested_points(scores: Iterable[AgreedScore]) -> tuple[str, str]:
    """Strengths and concerns to start the letter to the bidder from, one line per criterion: the criteria the
    panel scored in the top third of the scale, and those in the bottom third, highest (or lowest) first."""
    scores = list(scores)
    strong = sorted((score for score in scores if score.share >= STRONG), key=lambda score: -score.share)
    weak = sorted((score for score in scores if score.share <= WEAK), key=lambda score: score.share)
    return (
        "\n".join(f"- {score.in_words()}" for score in strong),
        "\n".join(f"- {score.in_words()}" for score in weak),
    )


def explanation_needed_for(panel: PanelView) -> str:
    """Which decisions on this bid will need an explanation, in one sentence, before any is chosen."""
    needing = []
    if differences(Outcome.FUNDED, panel.amount_pence, panel):
        needing.append("to fund it")
    elif panel.recommendation is not None and panel.recommendation.funds and panel.amount_pence:
        needing.append(f"to fund an amount other than {format_pounds(panel.amount_pence)}")
    if differences(Outcome.NOT_FUNDED, None, panel):
        needing.append("not to fund it")
    if len(needing) == 2 and needing[0] == "to fund it":
        return "The panel's views point different ways, so any decision on this bid needs an explanation."
    if not needing:
        return "No decision on this bid needs an explanation, but you can add one."
    return f"An explanation is needed if you decide {' or '.join(needing)}."
