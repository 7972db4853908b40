"""Where later areas take part in a round's life without rounds importing them.

A round comes early in the journey, yet its status moves count what later areas hold (bids, submitted sheets,
the meeting's recommendations, final decisions) and set later areas off (a new round gets its training pack,
a round moving to its meeting opens the meeting, publishing tells the panel). Each of those areas registers a
function here as its operations module loads; `create_app` loads every area, and a test checks that every fact
the status guards read has exactly one source."""

from collections.abc import Callable
from typing import Any

from panel.rounds.models import Round
from scoring.rounds import RoundStatus

Counts = dict[str, int | bool]
CountSource = Callable[[Round], Counts]
RoundStep = Callable[[Any, Round], None]  # (the person acting, the round)

_count_sources: list[CountSource] = []
_on_create: list[Callable[[Round], None]] = []
_on_sheet_change: list[Callable[[Round], None]] = []
_on_enter: dict[RoundStatus, list[RoundStep]] = {}


def counts(source: CountSource) -> CountSource:
    """Register a function giving some of a round's counts, by name (the names of RoundFacts and RoundCounts)."""
    _count_sources.append(source)
    return source


def on_create(step: Callable[[Round], None]) -> Callable[[Round], None]:
    """Register what a later area does for every new round (after it has an id)."""
    _on_create.append(step)
    return step


def on_sheet_change(step: Callable[[Round], None]) -> Callable[[Round], None]:
    """Register what a later area does when a criterion of a round's scoring sheet is added or changed."""
    _on_sheet_change.append(step)
    return step


def on_enter(status: RoundStatus) -> Callable[[RoundStep], RoundStep]:
    """Register what a later area does when a round moves on to `status` (its guards have passed)."""

    def register(step: RoundStep) -> RoundStep:
        _on_enter.setdefault(status, []).append(step)
        return step

    return register


def later_counts(round_: Round) -> Counts:
    """Every registered count for this round."""
    found: Counts = {}
    for source in _count_sources:
        found.update(source(round_))
    return found


def created(round_: Round) -> None:
    for step in _on_create:
        step(round_)


def sheet_changed(round_: Round) -> None:
    for step in _on_sheet_change:
        step(round_)


def entered(actor: Any, round_: Round, status: RoundStatus) -> None:
    for step in _on_enter.get(status, []):
        step(actor, round_)


def registered() -> dict[str, list[str]]:
    """What is registered, by name (for the test that checks every area took part)."""
    return {
        "counts": [source.__module__ for source in _count_sources],
        "create": [step.__module__ for step in _on_create],
        "sheet change": [step.__module__ for step in _on_sheet_change],
        **{f"enter {status}": [step.__module__ for step in steps] for status, steps in _on_enter.items()},
    }
