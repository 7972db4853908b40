"""Template filters: money in pounds, dates the British way."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from scoring.money import format_pounds

LONDON = ZoneInfo("Europe/London")


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(LONDON)
        return f"{local.day} {local:%B %Y} at {local:%H:%M}"
    return f"{value.day} {value:%B %Y}"


def london_time(value: datetime | None) -> str:
    """14:35, in UK time."""
    return f"{value.astimezone(LONDON):%H:%M}" if value is not None else ""


def register(app: Flask) -> None:
    app.add_template_filter(format_pounds, "pounds")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(london_time, "london_time")
