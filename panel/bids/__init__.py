"""Bids: adding them by hand or from a spreadsheet, documents, who may open them, conflicts of interest."""

from flask import Blueprint

bp = Blueprint("bids", __name__, url_prefix="/rounds/<int:round_id>")
