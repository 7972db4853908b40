"""Bids: adding them by hand or from a spreadsheet, their documents, and who may open them."""

from flask import Blueprint

bp = Blueprint("bids", __name__, url_prefix="/rounds/<int:round_id>/bids")
