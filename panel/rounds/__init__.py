"""Rounds: setting one up, its scoring sheet design, its panel, invitations and conflicts of interest."""

from flask import Blueprint

bp = Blueprint("rounds", __name__, url_prefix="/rounds")
