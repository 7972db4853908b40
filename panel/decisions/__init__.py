"""Decisions on every bid, published to the panel with their reasons ("You said - we did")."""

from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/rounds/<int:round_id>/decisions")
