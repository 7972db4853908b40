"""Individual scoring sheets: one per member per bid, opened only once training is done."""

from flask import Blueprint

bp = Blueprint("sheets", __name__, url_prefix="/rounds/<int:round_id>/sheets")
