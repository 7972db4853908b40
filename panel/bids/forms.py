"""Forms for adding and changing bids, adding documents and importing bids from a spreadsheet."""

from collections.abc import Set as AbstractSet

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectChoice, SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from panel.bids.importing import FIELDS, ORGANISATION, REFERENCE, SUMMARY, TITLE, check_mapping, reference_key
from panel.core.forms import strip_text
from panel.core.numbers import read_whole_number
from scoring.money import MoneyError, format_pounds, parse_pounds

PLAIN_SUMMARY_MOST = 1_200  # characters: a few short sentences


def _length(field, noun: str) -> Length:
    return Length(max=field.max_length, message=f"{noun} must be {field.max_length:,} characters or fewer")


class PoundsField(StringField):
    """An amount typed in pounds (£25,000 or 25000.50), held as pence; what was typed is shown back."""

    data: int | None

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        try:
            self.data = parse_pounds(text)
        except MoneyError as error:
            self.data = None
            raise ValueError(str(error)) from error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_pounds(self.data).removeprefix("£") if self.data is not None else ""


class BidForm(FlaskForm):
    """A bid's details; the reference must not be used by another bid in the same round."""

    reference = StringField(
        "Reference",
        description="The bid's number or code, like B01. It must be different for every bid in this round.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter a reference, like B01"), _length(REFERENCE, "The reference")],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter the name of the organisation"), _length(ORGANISATION, "The name")],
    )
    title = StringField(
        "Title",
        description="What the project or service is called.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter the bid's title"), _length(TITLE, "The title")],
    )
    summary = TextAreaField(
        "Summary (optional)",
        description="A few sentences about what the bid will do. Panel members read this first.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Optional(), _length(SUMMARY, "The summary")],
    )
    plain_summary = TextAreaField(
        "Summary for young readers (optional)",
        description="Three or four short sentences: what they will do, who it is for and what the money pays "
        "for. Young panel members read this first, before the summary above.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(
                max=PLAIN_SUMMARY_MOST,
                message=f"The summary for young readers must be {PLAIN_SUMMARY_MOST:,} characters or fewer",
            ),
        ],
    )
    amount = PoundsField(
        "Amount requested", description="In pounds, like 25000 or 25,000.50", widget=GovTextInput()
    )
    submit = SubmitField("Save bid", widget=GovSubmitInput())

    def __init__(self, *args, taken_references: AbstractSet[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_references = taken_references

    def validate_reference(self, field):
        if reference_key(field.data or "") in self.taken_references:
            raise ValidationError(
                f"Another bid in this round already has the reference {field.data}. Choose a different one."
            )


class DocumentForm(FlaskForm):
    """One file to add to a bid; its type and size are checked once it arrives."""

    document = FileField(
        "Add a document",
        description="A PDF, Word document or image (PNG or JPG), up to 10 MB.",
        widget=GovFileInput(),
        validators=[FileRequired("Choose a file to add")],
    )
    submit = SubmitField("Add document", widget=GovSubmitInput())


class ImportUploadForm(FlaskForm):
    """The spreadsheet that holds the bids."""

    spreadsheet = FileField(
        "Upload a spreadsheet",
        description="An Excel Workbook (.xlsx) or CSV file. The first row must name the columns; "
        "each row after it is one bid.",
        widget=GovFileInput(),
        validators=[FileRequired("Choose the spreadsheet to import")],
    )
    submit = SubmitField("Upload and continue", widget=GovSubmitInput())


_COLUMN_HINTS = {
    "reference": "Each bid's number or code, like B01.",
    "organisation": "Who is asking for the money.",
    "title": "What the project or service is called.",
    "summary": "A short description of the bid.",
    "amount": "How much the bid asks for, in pounds.",
}


class ColumnsForm(FlaskForm):
    """Which of the file's columns fills each bid field."""

    reference = SelectField(widget=GovSelect())
    organisation = SelectField(widget=GovSelect())
    title = SelectField(widget=GovSelect())
    summary = SelectField(widget=GovSelect())
    amount = SelectField(widget=GovSelect())
    submit = SubmitField("Check the bids", widget=GovSubmitInput())

    def __init__(self, headers: tuple[str, ...], guess: dict[str, int | None], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        columns = [SelectChoice(str(index), header) for index, header in enumerate(headers) if header]
        for field in FIELDS:
            select = self[field.name]
            select.label.text = field.label if field.required else f"{field.label} (optional)"
            select.description = _COLUMN_HINTS[field.name]
            empty = "Choose a column" if field.required else "No summary column"
            select.choices = [SelectChoice("", empty), *columns]
            if not self.is_submitted():
                select.data = "" if guess.get(field.name) is None else str(guess[field.name])

    def mapping(self) -> dict[str, int | None]:
        """The chosen column index for each field, or None."""
        return {field.name: read_whole_number(self[field.name].data, 0) for field in FIELDS}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        for name, message in check_mapping(self.headers, self.mapping()).items():
            self[name].errors.append(message)
        return not any(self[field.name].errors for field in FIELDS)
