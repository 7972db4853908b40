"""What the panel thinks of a bid: first views, the spread of the individual scores, and the recommendation."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from scoring.criteria import Scale
from scoring.disclosure import split_shown
from scoring.money import format_pounds
from scoring.sheets import NOT_ON_SHEET


class View(StrEnum):
    """A member's first view of a bid, given in secret before anyone speaks."""

    FUND = "fund"
    NOT_SURE = "not_sure"
    DO_NOT_FUND = "do_not_fund"

    @property
    def label(self) -> str:
        return {"fund": "Fund it", "not_sure": "Not sure", "do_not_fund": "Don't fund it"}[self.value]


class Recommendation(StrEnum):
    """What the panel recommends for a bid."""

    FUND = "fund"
    FUND_WITH_CONDITIONS = "fund_with_conditions"
    RESERVE = "reserve"
    DO_NOT_FUND = "do_not_fund"

    @property
    def label(self) -> str:
        return _RECOMMENDATION_LABELS[self]

    @property
    def funds(self) -> bool:
        """Whether the recommended amount counts against the round's budget."""
        return self in (Recommendation.FUND, Recommendation.FUND_WITH_CONDITIONS)


_RECOMMENDATION_LABELS = {
    Recommendation.FUND: "Fund",
    Recommendation.FUND_WITH_CONDITIONS: "Fund with conditions",
    Recommendation.RESERVE: "Reserve",
    Recommendation.DO_NOT_FUND: "Do not fund",
}


# The spread of the individual scores


@dataclass(frozen=True)
class Given:
    """One member's score on one criterion: None means "I can't judge this"."""

    score: int | None
    young: bool


@dataclass(frozen=True)
class Dot:
    """How many young and adult members gave one score on the scale. When telling them apart would single out a
    group smaller than three (scoring/disclosure.py), young and adult are None and `together` says how many
    people gave the score."""

    score: int
    young: int | None
    adult: int | None
    together: int = 0

    @property
    def split_hidden(self) -> bool:
        return self.young is None or self.adult is None

    @property
    def count(self) -> int:
        if self.young is None or self.adult is None:
            return self.together
        return self.young + self.adult


@dataclass(frozen=True)
class CriterionSummary:
    """What the panel's scores on one criterion of one bid look like, before the panel agrees its own."""

    criterion_id: int
    scale: Scale
    dots: tuple[Dot, ...]
    count: int
    abstained: int
    median: float | None
    lowest: int | None
    highest: int | None
    young_median: float | None  # None when no young member scored, or too few to show (scoring/disclosure.py)
    adult_median: float | None  # the same for adults
    young_count: int = 0  # scores given by young members
    adult_count: int = 0  # and by adults

    @property
    def young_hidden(self) -> bool:
        """Young members scored, but too few of them to show their middle score on its own."""
        return not split_shown(self.young_count)

    @property
    def adult_hidden(self) -> bool:
        """Adults scored, but too few of them to show their middle score on its own."""
        return not split_shown(self.adult_count)

    @property
    def split_hidden(self) -> bool:
        """Whether the dots leave out who is young and who is an adult (one of the groups is too small)."""
        return self.young_hidden or self.adult_hidden

    @property
    def spread(self) -> int | None:
        """How far apart the lowest and highest scores are; None when nobody gave a score."""
        if self.lowest is None or self.highest is None:
            return None
        return self.highest - self.lowest

    @property
    def gap(self) -> float | None:
        """How far apart the young and adult medians are; None unless both groups' medians are shown."""
        if self.young_median is None or self.adult_median is None:
            return None
        return abs(self.young_median - self.adult_median)


def median(values: Iterable[float]) -> float | None:
    """The middle value (the mean of the middle two for an even count); None when there are none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _is_score(scale: Scale, value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and scale.contains(value)


def summarise(criterion_id: int, scale: Scale, given: Iterable[Given]) -> CriterionSummary:
    """The dots, medians and range of one criterion's scores; a score off the scale is left out entirely. A
    group's median, and the young/adult split of the dots, are left out when that group is too small to show on
    its own (scoring/disclosure.py)."""
    given = list(given)
    abstained = sum(1 for one in given if one.score is None)
    scored = [
        (one.score, one.young) for one in given if one.score is not None and _is_score(scale, one.score)
    ]
    young = [score for score, is_young in scored if is_young]
    adult = [score for score, is_young in scored if not is_young]
    young_at, adult_at = Counter(young), Counter(adult)
    scores = young + adult
    if split_shown(len(young)) and split_shown(len(adult)):
        dots = tuple(Dot(level, young_at[level], adult_at[level]) for level in scale.levels)
    else:
        dots = tuple(Dot(level, None, None, young_at[level] + adult_at[level]) for level in scale.levels)
    return CriterionSummary(
        criterion_id=criterion_id,
        scale=scale,
        dots=dots,
        count=len(scores),
        abstained=abstained,
        median=median(scores),
        lowest=min(scores, default=None),
        highest=max(scores, default=None),
        young_median=median(young) if split_shown(len(young)) else None,
        adult_median=median(adult) if split_shown(len(adult)) else None,
        young_count=len(young),
        adult_count=len(adult),
    )


def biggest_disagreement_first(summaries: Iterable[CriterionSummary]) -> list[CriterionSummary]:
    """The criteria to talk about first: widest spread, then widest young/adult gap; unscored ones last."""
    return sorted(
        summaries,
        key=lambda summary: (summary.spread is None, -(summary.spread or 0), -(summary.gap or 0.0)),
    )


def view_counts(views: Iterable[View]) -> tuple[tuple[View, int], ...]:
    """How many members gave each first view, in the usual order, with zeros shown."""
    counted = Counter(views)
    return tuple((view, counted[view]) for view in View)


def consensus_difference(consensus: int | None, summary: CriterionSummary) -> float | None:
    """How far the agreed score is above (or below, negative) the median; None if either is missing."""
    if consensus is None or summary.median is None:
        return None
    return consensus - summary.median


# The budget and the recommendation


@dataclass(frozen=True)
class BudgetPosition:
    """How the panel's recommendations so far sit against the round's budget, in pence."""

    budget: int
    recommended: int
    reserve: int

    @property
    def left(self) -> int:
        """What is left of the budget after the bids recommended for funding; negative when over."""
        return self.budget - self.recommended

    @property
    def over(self) -> bool:
        return self.left < 0


def budget_position(
    budget_pence: int, recommendations: Iterable[tuple[Recommendation | None, int | None]]
) -> BudgetPosition:
    """Add up the amounts recommended for funding and for the reserve list; anything unset counts nothing."""
    recommended = reserve = 0
    for recommendation, amount in recommendations:
        if recommendation is None or amount is None:
            continue
        if Recommendation(recommendation).funds:
            recommended += amount
        elif recommendation == Recommendation.RESERVE:
            reserve += amount
    return BudgetPosition(budget=budget_pence, recommended=recommended, reserve=reserve)


def _agree_a_score(scale: Scale) -> str:
    return f"Agree a score from {scale.low} to {scale.high}"


def consensus_problems(scales: Mapping[int, Scale], consensus: Mapping[int, object]) -> dict[int, str]:
    """What is wrong with the agreed scores, by criterion: each needs a whole number on its scale (whatever
    was sent in its place)."""
    problems = {criterion: NOT_ON_SHEET for criterion in consensus if criterion not in scales}
    for criterion, scale in scales.items():
        if not _is_score(scale, consensus.get(criterion)):
            problems[criterion] = _agree_a_score(scale)
    return problems


_NO_RECOMMENDATION = "Choose what the panel recommends"
_NO_REASONS = "Write down the reasons the panel agreed"
_NO_CONDITIONS = "Write down the conditions the bid must meet"
_AMOUNT_NOT_FUNDED = "Leave the amount empty when the panel does not fund the bid"


def _amount_needed(requested_pence: int) -> str:
    return f"Enter an amount above £0 and no more than the {format_pounds(requested_pence)} the bid asked for"


def recommendation_problems(
    recommendation: Recommendation | None,
    amount_pence: int | None,
    requested_pence: int,
    conditions: str,
    reasons: str,
) -> dict[str, str]:
    """What is wrong with the panel's recommendation for a bid, by field; empty when it can be recorded."""
    problems: dict[str, str] = {}
    if recommendation is None:
        problems["recommendation"] = _NO_RECOMMENDATION
    elif recommendation == Recommendation.DO_NOT_FUND:
        if amount_pence is not None and (isinstance(amount_pence, bool) or amount_pence != 0):
            problems["amount"] = _AMOUNT_NOT_FUNDED
    else:
        amount_fits = (
            isinstance(amount_pence, int)
            and not isinstance(amount_pence, bool)
            and 0 < amount_pence <= requested_pence
        )
        if not amount_fits:
            problems["amount"] = _amount_needed(requested_pence)
        if recommendation == Recommendation.FUND_WITH_CONDITIONS and not (conditions or "").strip():
            problems["conditions"] = _NO_CONDITIONS
    if not (reasons or "").strip():
        problems["reasons"] = _NO_REASONS
    return problems
