"""The live consensus meeting: chair console, panellist view and projector screen, in step over Socket.IO."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/rounds/<int:round_id>/meeting")
