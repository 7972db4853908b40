"""Changes to scoring sheets: saving, sending and reopening. Each flushes; the caller commits once."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, Select, Table, Update, and_, bindparam, exists, func, select, update
from sqlalchemy.orm import load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from panel.bids.models import Bid
from panel.core.time import LONDON
from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Conflict, Criterion, Membership, Round
from panel.sheets.models import Assignment, Sheet, SheetScore, SheetStatus
from scoring.people import MemberRole
from scoring.sheets import (
    CANT_JUDGE,
    NOT_ON_SHEET,
    lock_reason,
    missing_criteria,
    past_deadline,
    read_choice,
    reopen_problem,
    weighted_total,
)

TEXT_LIMIT = 5000
TEXT_FIELDS = ("strengths", "concerns", "questions")
UNSAVEABLE = "This has a character we can't save. Delete it, or type the text again."
STALE = (
    "This sheet was changed in another tab or on another device since you opened it. "
    "We kept the newer version. Your own text is shown too, so you can copy anything you need."
)


class SheetRefused(ValueError):
    """A save, send or reopen that was refused; the message says why in plain words."""


class StaleSheet(SheetRefused):
    """The sheet was saved elsewhere since this version was read."""

    def __init__(self, sheet: "Sheet | None"):
        super().__init__(STALE)
        self.sheet = sheet


class SheetLocked(SheetRefused):
    """The sheet is sent, past its deadline, or the meeting has begun."""


class InvalidScores(SheetRefused):
    """Some values can't be saved; problems holds a message per form field name."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("Some answers can't be saved. Check the messages beside them.")
        self.problems = problems


class IncompleteSheet(SheetRefused):
    """Some criteria are neither scored nor "I can't judge this"."""

    def __init__(self, missing: list[Criterion]):
        titles = ", ".join(criterion.title for criterion in missing)
        super().__init__(f"Score every question before you send your sheet. Still to do: {titles}.")
        self.missing = missing


@dataclass
class SheetChanges:
    """What one save asks for: choices per criterion (a score, CANT_JUDGE or None to clear) and text."""

    scores: dict[int, object] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.scores or self.comments or self.text)


def field_name(criterion_id: int, part: str) -> str:
    """The form's name for a criterion's score or comment (as templates/sheets/_criterion.html posts it)."""
    return f"criterion-{criterion_id}-{part}"


def london_today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def sheet_of(membership: Membership, bid: Bid) -> Sheet | None:
    """The member's own sheet for the bid, with its scores, if they have started one."""
    return db.session.scalar(
        select(Sheet)
        .where(Sheet.bid_id == bid.id, Sheet.membership_id == membership.id)
        .options(selectinload(Sheet.scores))
    )


@dataclass(frozen=True)
class SaveSeat:
    """Everything an autosave needs to know before it writes, read in one statement (read_save_seat): the bid
    and its round with its criteria, the asker's seat on the round's panel (None when they have none), their
    sheet for the bid with its scores (None before they start it), and the facts the rule about who may score
    it asks (panel/sheets/permissions.py, may_score)."""

    round: Round
    bid: Bid
    membership: Membership | None
    sheet: Sheet | None
    conflict: bool  # the seat has a conflict of interest with the bid
    assigned: bool | None  # the bid is assigned to the seat; None when the round assigns no bids


def read_save_seat(user_id: int, round_id: int, bid_id: int) -> SaveSeat | None:
    """The bid (if it is in the round), its round and criteria, the user's seat and sheet with its scores, and
    whether the seat has a conflict with the bid or the bid is assigned to it: one row per criterion, in one
    statement. None when the round has no such bid. What it read is loaded into the session as if each
    relationship had been read on its own, so the rules and the answer use it without asking again."""
    rows = db.session.execute(
        _seat_statement(), {"user_id": user_id, "round_id": round_id, "bid_id": bid_id}
    ).all()
    if not rows:
        return None
    first = rows[0]
    round_, bid, membership, sheet = first.Round, first.Bid, first.Membership, first.Sheet
    set_committed_value(round_, "criteria", [row.Criterion for row in rows if row.Criterion is not None])
    set_committed_value(bid, "round", round_)
    if membership is not None:
        set_committed_value(membership, "round", round_)
    if sheet is not None:
        set_committed_value(sheet, "scores", [row.SheetScore for row in rows if row.SheetScore is not None])
    return SaveSeat(
        round_,
        bid,
        membership,
        sheet,
        conflict=bool(first.conflict),
        assigned=bool(first.assigned) if first.any_assigned else None,
    )


@cache
def _seat_statement() -> Select:
    """read_save_seat's statement, built once (building it is a good part of what running it costs): the user,
    round and bid are bound parameters."""
    conflict = exists().where(Conflict.membership_id == Membership.id, Conflict.bid_id == Bid.id)
    any_assigned = exists().where(Assignment.round_id == Bid.round_id)
    assigned = exists().where(Assignment.membership_id == Membership.id, Assignment.bid_id == Bid.id)
    return (
        select(
            Bid,
            Round,
            Membership,
            Sheet,
            Criterion,
            SheetScore,
            conflict.label("conflict"),
            any_assigned.label("any_assigned"),
            assigned.label("assigned"),
        )
        .join(Round, Round.id == Bid.round_id)
        .outerjoin(
            Membership, and_(Membership.round_id == Round.id, Membership.user_id == bindparam("user_id"))
        )
        .outerjoin(Sheet, and_(Sheet.bid_id == Bid.id, Sheet.membership_id == Membership.id))
        .outerjoin(Criterion, Criterion.round_id == Round.id)
        .outerjoin(SheetScore, and_(SheetScore.sheet_id == Sheet.id, SheetScore.criterion_id == Criterion.id))
        .where(Bid.id == bindparam("bid_id"), Bid.round_id == bindparam("round_id"))
        .order_by(Criterion.position, Criterion.id)
        # Only the columns a save asks about: not the bid's or the round's texts, nor each question's guidance.
        .options(
            load_only(Bid.id, Bid.round_id),
            load_only(Round.id, Round.status, Round.scoring_deadline),
            load_only(
                Criterion.id,
                Criterion.round_id,
                Criterion.position,
                Criterion.title,
                Criterion.weight,
                Criterion.scale_min,
                Criterion.scale_max,
            ),
        )
    )


def scores_of(sheet: Sheet | None) -> dict[int, int | None]:
    """Answered criteria: a score, or None for "I can't judge this" (the shape scoring/ works with)."""
    if sheet is None:
        return {}
    return {row.criterion_id: row.score for row in sheet.scores if row.abstained or row.score is not None}


def sheet_total(criteria: list[Criterion], sheet: Sheet | None) -> float | None:
    return weighted_total({criterion.id: criterion.weight for criterion in criteria}, scores_of(sheet))


def sheet_missing(criteria: list[Criterion], sheet: Sheet | None) -> list[Criterion]:
    ids = missing_criteria([criterion.id for criterion in criteria], scores_of(sheet))
    return [criterion for criterion in criteria if criterion.id in ids]


def why_locked(membership: Membership, sheet: Sheet | None, now: datetime) -> str | None:
    """Why the member can't change this sheet now; None while they can."""
    round_ = membership.round
    submitted = sheet is not None and sheet.status is SheetStatus.SUBMITTED
    return lock_reason(
        submitted, round_.scoring_deadline, membership.scoring_extended_to, london_today(now), round_.status
    )


def _text_problem(value: str, limit_message: str) -> str | None:
    if len(value) > TEXT_LIMIT:
        return limit_message
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return UNSAVEABLE
    return UNSAVEABLE if "\x00" in value else None


def check_changes(criteria: list[Criterion], changes: SheetChanges) -> dict[str, str]:
    """What is wrong with a save, by form field name; empty when it can be saved."""
    by_id = {criterion.id: criterion for criterion in criteria}
    problems = {}
    for criterion_id, value in changes.scores.items():
        criterion = by_id.get(criterion_id)
        problem = NOT_ON_SHEET if criterion is None else read_choice(criterion.scale, value)[2]
        if problem:
            problems[field_name(criterion_id, "score")] = problem
    for criterion_id, comment in changes.comments.items():
        if criterion_id not in by_id:
            problems[field_name(criterion_id, "comment")] = NOT_ON_SHEET
        elif problem := _text_problem(comment, f"Keep your comment under {TEXT_LIMIT} characters"):
            problems[field_name(criterion_id, "comment")] = problem
    for name, value in changes.text.items():
        if name not in TEXT_FIELDS:
            problems[name] = NOT_ON_SHEET
        elif problem := _text_problem(value, f"Keep this under {TEXT_LIMIT} characters"):
            problems[name] = problem
    return problems


def _claim_version(
    sheet: Sheet, expected_version: int, now: datetime, text: dict[str, str] | None = None
) -> None:
    """Move the version on only if nobody saved since expected_version: two tabs can't both win. The same
    statement writes the sheet's own text (strengths, concerns, questions) when a save changes it."""
    text = text or {}
    result = db.session.execute(
        _claim_statement(tuple(sorted(text))),
        {"sheet_id": sheet.id, "expected": expected_version, "now": now, **text},
    )
    claimed = cast("CursorResult[Any]", result).rowcount  # an UPDATE's result says how many rows it matched
    if claimed != 1:
        db.session.refresh(sheet)
        raise StaleSheet(sheet)
    # What the statement wrote, as the sheet's loaded state: nothing left for the next flush to write again.
    for name, value in {"version": expected_version + 1, "updated_at": now, **text}.items():
        set_committed_value(sheet, name, value)


@cache
def _claim_statement(text_fields: tuple[str, ...]) -> Update:
    """_claim_version's conditional UPDATE, built once for each set of text fields a save can carry (on the
    table, so running it skips the ORM's own UPDATE handling: the sheet's loaded state is set by the caller)."""
    table = cast("Table", Sheet.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("sheet_id"), table.c.version == bindparam("expected"))
        .values(
            version=table.c.version + 1,
            updated_at=bindparam("now", type_=table.c.updated_at.type),
            **{name: bindparam(name, type_=table.c[name].type) for name in text_fields},
        )
    )


def _apply(sheet: Sheet, criteria: list[Criterion], changes: SheetChanges) -> None:
    """The scores and comments a save changes, as the sheet's score rows: the rows it changes in one UPDATE,
    the rows it adds by the next flush."""
    rows = {row.criterion_id: row for row in sheet.scores}
    changed: list[tuple[SheetScore, dict]] = []
    for criterion in criteria:
        if criterion.id not in changes.scores and criterion.id not in changes.comments:
            continue
        row = rows.get(criterion.id)
        values = (
            {} if row is None else {"score": row.score, "abstained": row.abstained, "comment": row.comment}
        )
        if criterion.id in changes.scores:
            answered, score, _ = read_choice(criterion.scale, changes.scores[criterion.id])
            values["score"], values["abstained"] = score, answered and score is None
        if criterion.id in changes.comments:
            values["comment"] = changes.comments[criterion.id]
        if row is None:
            sheet.scores.append(SheetScore(criterion_id=criterion.id, **{"comment": "", **values}))
        elif values != {"score": row.score, "abstained": row.abstained, "comment": row.comment}:
            changed.append((row, values))
    if changed:
        db.session.execute(
            _score_statement(),
            [{"row_id": row.id, **{f"new_{k}": v for k, v in values.items()}} for row, values in changed],
        )
        for row, values in changed:  # what the statement wrote, as the rows' loaded state
            for name, value in values.items():
                set_committed_value(row, name, value)


@cache
def _score_statement() -> Update:
    """_apply's UPDATE of a score row, built once; run once for all the rows a save changes."""
    table = cast("Table", SheetScore.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(
            score=bindparam("new_score"),
            abstained=bindparam("new_abstained"),
            comment=bindparam("new_comment"),
        )
    )


def save_sheet(
    membership: Membership, bid: Bid, changes: SheetChanges, expected_version: int, now: datetime
) -> Sheet | None:
    """Save a member's changes to their sheet for a bid, starting it if needed.

    Raises SheetLocked, StaleSheet (saved elsewhere since expected_version; 0 means "not started yet") or
    InvalidScores; nothing changes when it raises. Returns the sheet (None if nothing was started or sent)."""
    return save_read_sheet(membership, bid, sheet_of(membership, bid), changes, expected_version, now)


def save_read_sheet(
    membership: Membership,
    bid: Bid,
    sheet: Sheet | None,
    changes: SheetChanges,
    expected_version: int,
    now: datetime,
) -> Sheet | None:
    """save_sheet, for a caller that has read the member's sheet for the bid (with its scores) already
    (read_save_seat). The rules are save_sheet's; the writes are one conditional UPDATE of the sheet (its
    version and text) or the INSERT that starts it, then the score rows that change."""
    criteria = bid.round.criteria
    reason = why_locked(membership, sheet, now)
    if reason:
        raise SheetLocked(reason)
    if expected_version != (sheet.version if sheet is not None else 0):
        raise StaleSheet(sheet)
    problems = check_changes(criteria, changes)
    if problems:
        raise InvalidScores(problems)
    if changes.is_empty():
        return sheet
    if sheet is None:
        sheet = Sheet(
            round_id=bid.round_id,
            bid_id=bid.id,
            membership_id=membership.id,
            status=SheetStatus.IN_PROGRESS,
            version=1,
            created_at=now,
            updated_at=now,
            submitted_at=None,
            **{name: changes.text.get(name, "") for name in TEXT_FIELDS},
        )
        set_committed_value(sheet, "scores", [])
        db.session.add(sheet)
    else:
        _claim_version(sheet, expected_version, now, changes.text)
    _apply(sheet, criteria, changes)
    db.session.flush()
    return sheet


def submit_sheet(membership: Membership, bid: Bid, now: datetime) -> Sheet:
    """Send a complete sheet: every criterion scored or "I can't judge this". It is then locked."""
    criteria = bid.round.criteria
    sheet = sheet_of(membership, bid)
    reason = why_locked(membership, sheet, now)
    if reason:
        raise SheetLocked(reason)
    missing = sheet_missing(criteria, sheet)
    if sheet is None or missing:
        raise IncompleteSheet(missing or criteria)
    _claim_version(sheet, sheet.version, now)
    sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, now
    db.session.flush()
    return sheet


def reopen_sheet(sheet: Sheet, actor_membership: Membership | None, now: datetime) -> Sheet:
    """Open a sent sheet again: its member may until the deadline, the chair after it.

    When the chair reopens a sheet after the deadline, the member also gets until the end of today,
    since a reopened sheet they could not change would help nobody."""
    owner = db.session.get_one(Membership, sheet.membership_id)  # a sheet goes when its member's seat does
    round_ = owner.round
    today = london_today(now)
    late = past_deadline(round_.scoring_deadline, owner.scoring_extended_to, today)
    is_owner = actor_membership is not None and actor_membership.id == owner.id
    is_chair = actor_membership is not None and actor_membership.role is MemberRole.CHAIR
    problem = reopen_problem(sheet.status is SheetStatus.SUBMITTED, is_owner, is_chair, late, round_.status)
    if problem:
        raise SheetLocked(problem)
    _claim_version(sheet, sheet.version, now)
    sheet.status, sheet.submitted_at = SheetStatus.IN_PROGRESS, None
    if late:
        owner.scoring_extended_to = today
    db.session.flush()
    return sheet


def choice_shown(row: SheetScore) -> str | int | None:
    """A saved score as the form and the autosave JSON show it."""
    if row.abstained:
        return CANT_JUDGE
    return row.score


@hooks.counts
def _sheet_counts(round_: Round) -> hooks.Counts:
    """Submitted sheets: the meeting has nothing to discuss without one."""
    submitted = db.session.scalar(
        select(func.count(Sheet.id)).where(Sheet.round_id == round_.id, Sheet.status == SheetStatus.SUBMITTED)
    )
    return {"submitted_sheets": submitted or 0}
