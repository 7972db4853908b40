"""The scoring sheet as a form (no JavaScript) and as the autosave JSON: both become SheetChanges."""

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import HiddenField, TextAreaField

from panel.core.numbers import read_id, read_whole_number
from panel.rounds.models import Criterion
from panel.sheets.operations import TEXT_FIELDS, InvalidScores, SheetChanges, field_name
from scoring.sheets import CANT_JUDGE, NOT_ON_SHEET

BAD_VERSION = "Reload the page: we could not tell which version of your sheet this was."
BAD_SHAPE = "This could not be read. Reload the page and try again."


class SheetForm(FlaskForm):
    """Strengths, concerns and questions; the criteria's radios and comments are read from the request."""

    version = HiddenField()
    strengths = TextAreaField("Strengths", description="What is good about this bid?", widget=GovTextArea())
    concerns = TextAreaField("Concerns", description="What worries you about this bid?", widget=GovTextArea())
    questions = TextAreaField(
        "Questions for the bidder", description="What would you ask them, if you could?", widget=GovTextArea()
    )

    def expected_version(self) -> int:
        version = read_whole_number(self.version.data, 0)
        if version is None:
            raise InvalidScores({"version": BAD_VERSION})
        return version

    def changes(self, criteria: list[Criterion]) -> SheetChanges:
        """What the form sent: an unchosen radio changes nothing; comments and texts replace saved ones."""
        changes = SheetChanges(text={name: self[name].data or "" for name in TEXT_FIELDS})
        for criterion in criteria:
            chosen = request.form.get(field_name(criterion.id, "score"), "").strip()
            if chosen:
                changes.scores[criterion.id] = _form_choice(chosen)
            comment = request.form.get(field_name(criterion.id, "comment"))
            if comment is not None:
                changes.comments[criterion.id] = comment
        return changes


def _form_choice(chosen: str) -> int | str:
    if chosen == CANT_JUDGE:
        return chosen
    number = read_whole_number(chosen, 0)
    return chosen if number is None else number


class ActionForm(FlaskForm):
    """Send or reopen a sheet: nothing to fill in but the CSRF token (and, for the chair, whose sheet)."""

    membership_id = HiddenField()


def _criterion_key(key: object) -> int | None:
    return read_id(key) if isinstance(key, str) else None


def _read_map(payload: dict, name: str, problems: dict[str, str]) -> dict[int, object]:
    value = payload.get(name, {})
    if not isinstance(value, dict):
        problems[name] = BAD_SHAPE
        return {}
    read = {}
    for key, item in value.items():
        criterion_id = _criterion_key(key)
        if criterion_id is None:
            problems[name] = NOT_ON_SHEET
        else:
            read[criterion_id] = item
    return read


def read_autosave(payload: object) -> tuple[int, SheetChanges]:
    """The version and changes an autosave sent; raises InvalidScores naming each field it can't read."""
    if not isinstance(payload, dict):
        raise InvalidScores({"body": BAD_SHAPE})
    problems: dict[str, str] = {}
    version = _version(payload.get("version"))
    if version is None:
        problems["version"] = BAD_VERSION
    changes = SheetChanges(scores=_read_map(payload, "scores", problems))
    for criterion_id, comment in _read_map(payload, "comments", problems).items():
        if isinstance(comment, str):
            changes.comments[criterion_id] = comment
        else:
            problems[field_name(criterion_id, "comment")] = BAD_SHAPE
    for name in TEXT_FIELDS:
        if name in payload:
            if isinstance(payload[name], str):
                changes.text[name] = payload[name]
            else:
                problems[name] = BAD_SHAPE
    if problems or version is None:  # a version that can't be read is among the problems
        raise InvalidScores(problems)
    return version, changes


def _version(value: object) -> int | None:
    """The sheet version an autosave sent: a whole number (not true or false, and not text)."""
    return read_whole_number(value, 0) if isinstance(value, int) else None
