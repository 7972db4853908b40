"""Exports: the decisions workbook (.xlsx, or CSVs) a commissioner takes away from a round."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/rounds/<int:round_id>/export")
