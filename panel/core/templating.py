"""Template filters (money in pounds, dates the British way), and compiling the templates up front."""

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


def compile_templates(app: Flask) -> int:
    """Compile every template as a server starts (about a second): otherwise the first page or meeting update
    that needs one waits tens of milliseconds for Jinja to compile it, and in a meeting so does everyone
    waiting for that update. Returns how many were compiled."""
    names = app.jinja_env.list_templates(extensions=("html", "txt"))
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
