"""Signing in and out, and joining a panel with an invitation."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
