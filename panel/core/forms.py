"""What every form shares: trimming typed text, and a date typed in three boxes."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field

from panel.core.numbers import read_whole_number

REAL_DATE = "Enter a real date, like 14 3 2027"
_PARTS = ("day", "month", "year")


def read_date(label: str, day: str, month: str, year: str) -> date | None:
    """The date typed in three boxes; None if all are blank; ValueError with a friendly message otherwise."""
    parts = (day, month, year)
    if not any(parts):
        return None
    missing = [name for name, part in zip(_PARTS, parts, strict=True) if not part]
    if missing:
        raise ValueError(f"{label} must include a {' and '.join(missing)}")
    day_number, month_number, year_number = (read_whole_number(part, 1) for part in parts)
    if day_number is None or month_number is None or year_number is None or not 2000 <= year_number <= 2099:
        raise ValueError(REAL_DATE)
    try:
        return date(year_number, month_number, day_number)
    except ValueError as error:
        raise ValueError(REAL_DATE) from error


class _DateInput(GovDateInput):
    """GOV.UK date input whose group is named after the field, so its boxes keep their own ids."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.name)
        return super().__call__(field, **kwargs)


class GovDateField(Field):
    """A date typed as day, month and year boxes (GOV.UK date input); all blank means no date."""

    widget = _DateInput()

    def process_formdata(self, valuelist):
        # The widget shows exactly three boxes, whatever was posted.
        self.raw_data = ([(value or "").strip() for value in valuelist] + ["", "", ""])[:3]
        self.data = read_date(self.label.text, *self.raw_data)

    def _value(self):
        return " ".join(self.raw_data) if self.raw_data else ""


def strip_text(value):
    """A WTForms filter: trim spaces round typed text."""
    return value.strip() if isinstance(value, str) else value
