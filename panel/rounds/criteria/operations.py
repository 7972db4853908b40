"""Designing a round's scoring sheet: adding, changing, reordering and deleting its criteria."""

from dataclasses import dataclass

from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Criterion, CriterionLevel, Round
from scoring.criteria import Scale, moved
from scoring.rounds import design_editable

LOCKED = "The scoring sheet can't change once scoring has started."


class DesignLocked(Exception):
    """The round has left draft, so its scoring sheet is fixed."""


@dataclass(frozen=True)
class CriterionDetails:
    """What a commissioner types about one criterion."""

    title: str
    question: str
    guidance: str
    weight: int
    scale: Scale
    descriptors: dict[int, str]


def _ensure_editable(round_: Round) -> None:
    if not design_editable(round_.status):
        raise DesignLocked(LOCKED)


def _apply(criterion: Criterion, details: CriterionDetails) -> None:
    criterion.title = details.title
    criterion.question = details.question
    criterion.guidance = details.guidance
    criterion.weight = details.weight
    criterion.scale_min, criterion.scale_max = details.scale.low, details.scale.high
    # Update levels in place: deleting and re-adding a score in one flush would trip the unique constraint.
    existing = {level.score: level for level in criterion.levels}
    for score, level in existing.items():
        if score not in details.descriptors:
            criterion.levels.remove(level)
    for score, text in details.descriptors.items():
        if score in existing:
            existing[score].descriptor = text
        else:
            criterion.levels.append(CriterionLevel(score=score, descriptor=text))


def add_criterion(actor, round_: Round, details: CriterionDetails) -> Criterion:
    """A new criterion at the end of the round's scoring sheet."""
    _ensure_editable(round_)
    position = max((criterion.position for criterion in round_.criteria), default=-1) + 1
    criterion = Criterion(round=round_, position=position)
    _apply(criterion, details)
    db.session.add(criterion)
    db.session.flush()
    hooks.sheet_changed(round_)
    return criterion


def update_criterion(actor, criterion: Criterion, details: CriterionDetails) -> None:
    """Change a criterion, keeping one descriptor per level of its (possibly new) scale."""
    _ensure_editable(criterion.round)
    _apply(criterion, details)
    db.session.flush()
    hooks.sheet_changed(criterion.round)


def _renumber(criteria: list[Criterion]) -> None:
    for position, criterion in enumerate(criteria):
        criterion.position = position


def move_criterion(actor, criterion: Criterion, step: int) -> None:
    """Move a criterion one place up (-1) or down (+1) the sheet."""
    round_ = criterion.round
    _ensure_editable(round_)
    by_id = {item.id: item for item in round_.criteria}
    _renumber([by_id[ident] for ident in moved(list(by_id), criterion.id, step)])
    db.session.flush()


def delete_criterion(actor, criterion: Criterion) -> None:
    """Remove a criterion and close the gap it leaves."""
    round_ = criterion.round
    _ensure_editable(round_)
    round_.criteria.remove(criterion)
    _renumber(round_.criteria)
    db.session.flush()
