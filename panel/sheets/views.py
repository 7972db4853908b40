"""What the sheet pages and the autosave JSON show: built from one member's own sheet, never anyone else's."""

from dataclasses import dataclass

from flask import render_template, request

from panel.bids.models import Bid
from panel.core.models import utcnow
from panel.rounds.models import Criterion, Membership, Round
from panel.sheets.forms import SheetForm
from panel.sheets.models import Sheet, SheetStatus
from panel.sheets.operations import (
    TEXT_FIELDS,
    choice_shown,
    field_name,
    london_today,
    sheet_missing,
    sheet_total,
    why_locked,
)
from scoring.criteria import weight_shares
from scoring.sheets import past_deadline, reopen_problem


@dataclass(frozen=True)
class SheetStatusView:
    """A sheet's place in the member's list: not started, in progress or submitted, and their own total."""

    label: str
    tag_class: str
    total: float | None = None


def status_of(criteria: list[Criterion], sheet: Sheet | None) -> SheetStatusView:
    if sheet is None:
        return SheetStatusView("Not started", "govuk-tag--blue")
    if sheet.status is SheetStatus.SUBMITTED:
        return SheetStatusView("Submitted", "govuk-tag--green", sheet_total(criteria, sheet))
    return SheetStatusView("In progress", "govuk-tag--light-blue")


def _saved_values(sheet: Sheet | None) -> dict[int, dict]:
    if sheet is None:
        return {}
    return {row.criterion_id: {"score": choice_shown(row), "comment": row.comment} for row in sheet.scores}


def _shown_values(criteria: list[Criterion], sheet: Sheet | None) -> dict[int, dict]:
    """The saved answers, with anything the person just typed on top, so nothing typed is lost."""
    values = _saved_values(sheet)
    for criterion in criteria:
        shown = values.setdefault(criterion.id, {})
        for part in ("score", "comment"):
            if field_name(criterion.id, part) in request.form:
                shown[part] = request.form[field_name(criterion.id, part)]
    return values


def _error_list(criteria: list[Criterion], form: SheetForm, problems: dict[str, str]) -> list[dict]:
    items = []
    for criterion in criteria:
        for part in ("score", "comment"):
            name = field_name(criterion.id, part)
            if name in problems:
                items.append({"text": f"{criterion.title}: {problems[name]}", "href": f"#{name}"})
    for name in TEXT_FIELDS:
        if name in problems:
            form[name].errors = [*form[name].errors, problems[name]]
        items += [{"text": message, "href": f"#{name}"} for message in form[name].errors]
    if "version" in problems:
        items.append({"text": problems["version"], "href": "#main-content"})
    return items


def _can_reopen(membership: Membership, sheet: Sheet | None) -> bool:
    if sheet is None or sheet.status is not SheetStatus.SUBMITTED:
        return False
    round_ = membership.round
    late = past_deadline(round_.scoring_deadline, membership.scoring_extended_to, london_today(utcnow()))
    return reopen_problem(True, True, False, late, round_.status) is None


def sheet_page(
    round_: Round,
    bid: Bid,
    membership: Membership,
    sheet: Sheet | None,
    form: SheetForm,
    problems: dict[str, str] | None = None,
    summary: str | None = None,
):
    """The bid beside the member's own sheet, with their answers, errors and whether it can change."""
    problems = problems or {}
    criteria = round_.criteria
    errors = _error_list(criteria, form, problems)
    return render_template(
        "sheets/show.html",
        round=round_,
        bid=bid,
        sheet=sheet,
        form=form,
        criteria=criteria,
        shares=dict(zip([c.id for c in criteria], weight_shares([c.weight for c in criteria]), strict=True)),
        values=_shown_values(criteria, sheet),
        problems=problems,
        errors=errors,
        summary=summary,
        version=sheet.version if sheet is not None else 0,
        locked=why_locked(membership, sheet, utcnow()),
        status=status_of(criteria, sheet),
        total=sheet_total(criteria, sheet),
        missing=sheet_missing(criteria, sheet),
        can_reopen=_can_reopen(membership, sheet),
        scale_top=_shared_top(criteria),
    )


def _shared_top(criteria: list[Criterion]) -> int | None:
    """The top of the scale when every criterion uses the same one, so a total can read '3.2 out of 4'."""
    scales = {criterion.scale for criterion in criteria}
    return next(iter(scales)).high if len(scales) == 1 else None


def stale_page(round_: Round, bid: Bid, sheet: Sheet | None, form: SheetForm):
    """409: the sheet changed elsewhere. The newer saved answers and what this person typed, side by side."""
    criteria = round_.criteria
    saved = _saved_values(sheet)
    typed = {
        c.id: {
            "score": request.form.get(field_name(c.id, "score"), ""),
            "comment": request.form.get(field_name(c.id, "comment"), ""),
        }
        for c in criteria
    }
    page = render_template(
        "sheets/stale.html",
        round=round_,
        bid=bid,
        sheet=sheet,
        form=form,
        criteria=criteria,
        saved=saved,
        typed=typed,
    )
    return page, 409


def sheet_json(criteria: list[Criterion], sheet: Sheet | None) -> dict:
    """The member's saved sheet in the autosave request's own shape."""
    rows = {row.criterion_id: row for row in sheet.scores} if sheet is not None else {}
    body = {
        "scores": {str(c.id): choice_shown(rows[c.id]) if c.id in rows else None for c in criteria},
        "comments": {str(c.id): rows[c.id].comment if c.id in rows else "" for c in criteria},
    }
    for name in TEXT_FIELDS:
        body[name] = getattr(sheet, name) if sheet is not None else ""
    return body


def autosave_reply(criteria: list[Criterion], sheet: Sheet | None) -> dict:
    """What a good autosave answers: the new version, when, the member's own total and what is still to do."""
    total = sheet_total(criteria, sheet)
    return {
        "version": sheet.version if sheet is not None else 0,
        "saved_at": (sheet.updated_at if sheet is not None else utcnow()).isoformat(),
        "total": round(total, 2) if total is not None else None,
        "missing": [criterion.id for criterion in sheet_missing(criteria, sheet)],
    }
