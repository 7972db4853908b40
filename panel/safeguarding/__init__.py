"""Safeguarding: a panel member raises a worry, and only the round's named safeguarding lead reads it."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__)
