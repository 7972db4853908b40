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
    scores_of,
    sheet_missing,
    sheet_total,
    why_locked,
)
from scoring.criteria import weight_shares
from scoring.sheet_totals import TotalInWords, total_in_words
from scoring.sheets import past_deadline, reopen_problem


@dataclass(frozen=True)
class SheetState:
    """Where one member's sheet stands, as the server sees it: its status tag, what is still to score and their
    own total with its scale. The page, the member's list and every autosave answer are built from this one
    value (sheet_state), so the page and the save answer can never disagree."""

    label: str
    tag_class: str
    missing: list[Criterion]
    total: float | None = None
    total_words: TotalInWords | None = None

    @property
    def complete(self) -> bool:
        """Every question has a score or "I can't judge this"."""
        return not self.missing

    @property
    def to_do(self) -> str:
        """The line above *Send my scores*: what is still to score, or that the sheet can be sent."""
        if self.missing:
            return f"Still to score: {', '.join(criterion.title for criterion in self.missing)}."
        return "Every question has an answer, so you can send your sheet."

    @property
    def in_short(self) -> str:
        """One line for the member's list: the total once every question has an answer, how many questions are
        left while they score, nothing before they start."""
        if self.complete and self.total_words is not None:
            return self.total_words.line
        if not self.missing or self.label == NOT_STARTED[0]:
            return ""
        count = len(self.missing)
        return f"{count} {'question' if count == 1 else 'questions'} still to score."

    def as_json(self) -> dict:
        words = self.total_words
        return {
            "label": self.label,
            "tag_class": self.tag_class,
            "still_to_score": [criterion.title for criterion in self.missing],
            "to_do": self.to_do,
            "total": None
            if words is None
            else {"label": words.label, "figure": words.figure, "how": words.how, "line": words.line},
        }


NOT_STARTED = ("Not started", "govuk-tag--blue")
IN_PROGRESS = ("In progress", "govuk-tag--light-blue")
READY = ("Ready to send", "govuk-tag--yellow")
SUBMITTED = ("Submitted", "govuk-tag--green")


def sheet_state(criteria: list[Criterion], sheet: Sheet | None) -> SheetState:
    """The one place a sheet's status, what is still to score and the member's total are worked out."""
    missing = sheet_missing(criteria, sheet)  # the rule submit_sheet holds a sheet to
    if sheet is None:
        label, tag_class = NOT_STARTED
    elif sheet.status is SheetStatus.SUBMITTED:
        label, tag_class = SUBMITTED
    else:
        label, tag_class = IN_PROGRESS if missing else READY
    weights = {criterion.id: criterion.weight for criterion in criteria}
    return SheetState(
        label,
        tag_class,
        missing,
        sheet_total(criteria, sheet),
        total_in_words(weights, {criterion.id: criterion.scale for criterion in criteria}, scores_of(sheet)),
    )


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
        state=sheet_state(criteria, sheet),
        can_reopen=_can_reopen(membership, sheet),
    )


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
    """What a good autosave answers: the new version, when, and the sheet's state as the page shows it (its
    status tag, what is still to score, the member's own total with its scale), so the page can redraw those
    parts without a reload. "total" and "missing" (criterion ids) stay for older pages."""
    state = sheet_state(criteria, sheet)
    return {
        "version": sheet.version if sheet is not None else 0,
        "saved_at": (sheet.updated_at if sheet is not None else utcnow()).isoformat(),
        "total": round(state.total, 2) if state.total is not None else None,
        "missing": [criterion.id for criterion in state.missing],
        "state": state.as_json(),
    }
