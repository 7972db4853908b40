"""The design of a scoring sheet: the scales a criterion may use and what a complete criterion needs."""

from dataclasses import dataclass

MAX_LEVELS = 11
WEIGHT_MIN, WEIGHT_MAX = 1, 100


@dataclass(frozen=True)
class Scale:
    """A whole-number scale, such as 0 to 4 or 1 to 5."""

    low: int
    high: int

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(range(self.low, self.high + 1))

    @property
    def key(self) -> str:
        return f"{self.low}-{self.high}"

    @property
    def label(self) -> str:
        return f"{self.low} to {self.high}"

    def contains(self, score: int) -> bool:
        return self.low <= score <= self.high


SCALES = (Scale(0, 4), Scale(1, 5), Scale(0, 5), Scale(1, 10), Scale(0, 10))


def scale_from_key(key: str) -> Scale | None:
    """The offered scale named '0-4', or None."""
    return next((scale for scale in SCALES if scale.key == key), None)


def scale_problem(low: int, high: int) -> str | None:
    if low not in (0, 1):
        return "A scale starts at 0 or 1"
    if high <= low:
        return "The top of the scale must be above the bottom"
    if high - low + 1 > MAX_LEVELS:
        return f"A scale has at most {MAX_LEVELS} levels"
    return None


def weight_problem(weight: int) -> str | None:
    if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        return f"The weight must be a whole number from {WEIGHT_MIN} to {WEIGHT_MAX}"
    return None


def missing_descriptors(scale: Scale, descriptors: dict[int, str]) -> list[int]:
    """The levels of the scale that have no descriptor yet."""
    return [level for level in scale.levels if not (descriptors.get(level) or "").strip()]


def weight_shares(weights: list[int]) -> list[float]:
    """Each weight as a share of the total, for showing '25%' beside a criterion."""
    total = sum(weights)
    return [weight / total if total else 0.0 for weight in weights]


def moved(ids: list[int], item: int, step: int) -> list[int]:
    """The order after moving one item up (-1) or down (+1); unchanged at either end."""
    order = list(ids)
    index = order.index(item)
    target = index + step
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    return order
