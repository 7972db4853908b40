"""Training before scoring: steps to read, a quiz, a practice bid, and the gate that opens the scoring sheets."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/rounds/<int:round_id>/training")
