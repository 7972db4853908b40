"""Helpers every view uses to refuse politely: one way to say 404 and one way to say 403."""

from typing import TypeVar

from flask import abort
from werkzeug.exceptions import Forbidden

from panel.extensions import db

T = TypeVar("T")


class FriendlyForbidden(Forbidden):
    """A 403 whose description is shown to the person, saying what they can do."""

    friendly = True


def deny_unless(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        if message:
            raise FriendlyForbidden(message)
        abort(403)


def get_or_404(model: type[T], ident: int) -> T:
    """The row with this id, or a 404 page."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
