"""Friendly error pages: what went wrong in plain words, and what to do next."""

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from panel.extensions import db

MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: (
        "You can't see this page",
        (
            "It belongs to a panel or a role you are not part of. If you think you should see it, "
            "ask the person who runs your panel."
        ),
    ),
    404: ("Page not found", "Check the web address, or go back to your panels."),
    405: ("That didn't work", "Please go back and try again."),
    413: ("That file is too big", "Files can be up to 10 MB. Please choose a smaller file."),
    409: (
        "That was saved a moment ago",
        (
            "Someone (perhaps you, in another tab or with a double click) saved the same thing at the same "
            "time. Go back and reload the page to see what is saved now."
        ),
    ),
    429: ("Too many tries", "Please wait a minute, then try again."),
    500: (
        "Sorry, something went wrong on our side",
        "Nothing you typed was lost if it was saved. Try again soon.",
    ),
}


FALLBACK = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{heading} – Co-Panel</title></head>'
    '<body><main><h1>{heading}</h1><p>{message}</p><p><a href="/">Go to the home page</a></p></main></body></html>'
)


def render_error(code: int, message: str | None = None):
    heading, default = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    try:
        page = render_template("errors/error.html", code=code, heading=heading, message=message or default)
    except Exception:  # the layout itself failed: still answer with a plain page, never a stack trace
        current_app.logger.exception("The error page could not be rendered")
        page = FALLBACK.format(heading=escape(heading), message=escape(message or default))
    return page, code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            "This form was open for too long or came from another site. Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        custom = error.description if getattr(error, "friendly", False) else None
        return render_error(error.code or 500, custom)

    @app.errorhandler(IntegrityError)
    def clashed(error: IntegrityError):
        """Two saves of the same thing at once: the database kept one, so say so instead of failing."""
        db.session.rollback()
        app.logger.warning("Integrity error on %s %s: %s", request.method, request.path, error.orig)
        return render_error(409)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
