"""Privacy: the notice, My data, removal on request, retention, and the log of who looked at personal data."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
