"""Friendly error pages: what went wrong in plain words, and what to do next."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: (
        "You can't see this page",
        "It belongs to a panel or a role you are not part of. If you think you should see it, "
        "ask the person who runs your panel.",
    ),
    404: ("Page not found", "Check the web address, or go back to your panels."),
    405: ("That didn't work", "Please go back and try again."),
    413: ("That file is too big", "Files can be up to 10 MB. Please choose a smaller file."),
    429: ("Too many tries", "Please wait a minute, then try again."),
    500: ("Sorry, something went wrong on our side", "Nothing you typed was lost if it was saved. Try again soon."),
}


def render_error(code: int, message: str | None = None):
    heading, default = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    return render_template("errors/error.html", code=code, heading=heading, message=message or default), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, "This form was open for too long or came from another site. Go back, reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        custom = error.description if getattr(error, "friendly", False) else None
        return render_error(error.code or 500, custom)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
