"""Joining a round's panel with an invitation card: by its link, or by typing its code, then choosing a login."""

from flask import Blueprint

bp = Blueprint("join", __name__)
