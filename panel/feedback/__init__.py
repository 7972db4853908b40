"""The panellist's side of the decisions: "You said - we did", receipts, replies, news of funded bids, recognition."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/rounds/<int:round_id>/feedback")
