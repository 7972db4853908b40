"""Template filters (money in pounds, dates the British way), and compiling the templates up front."""

from datetime import date, datetime
from pathlib import Path

from flask import Flask
from flask.templating import Environment as FlaskEnvironment
from jinja2 import FileSystemBytecodeCache

from panel.core.time import LONDON
from scoring.money import format_pounds

_DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, quicker at `view.status` when `view` is a plain dict.

    Jinja looks `a.b` up as an attribute first and as a key only when that fails. On a plain dict (a meeting
    screen's view is a nest of them) the failure raises and catches an AttributeError on every lookup: a fifth
    of the time it took to render a member's update and a third of the chair's. A plain dict has no attributes
    but dict's own, so for any other name this looks the key up first: the same answer, without the exception."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


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
    # Compiled templates are kept on disk (Jinja's own cache, checked against each template's source), so a
    # server process that restarts loads them instead of compiling them again: it answers seconds sooner.
    cache = Path(app.instance_path) / "template-cache"
    cache.mkdir(parents=True, exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    app.add_template_filter(format_pounds, "pounds")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(london_time, "london_time")


def compile_templates(app: Flask) -> int:
    """Compile every template as a server starts (about a second; a few tenths from the template cache):
    otherwise the first page or meeting update
    that needs one waits tens of milliseconds for Jinja to compile it, and in a meeting so does everyone
    waiting for that update. Returns how many were compiled."""
    names = app.jinja_env.list_templates(extensions=("html", "txt"))
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
