"""Pages that belong to no one area: the home page and accessibility."""

from flask import Blueprint

bp = Blueprint("core", __name__)
