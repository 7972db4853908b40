"""Pages that belong to no one area: the home page, accessibility and the health check."""

from flask import Blueprint

bp = Blueprint("core", __name__)
