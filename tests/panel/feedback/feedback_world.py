"""Helpers for the tests of the panellist's side (feedback, replies, news, recognition). The round they work on
is the `world` fixture, in tests/panel/decisions/conftest.py.
"""

from datetime import timedelta

from panel.core.models import utcnow

BEN_SECRET = "Bens own private strength"


def minutes_ago(minutes: int):
    return utcnow() - timedelta(minutes=minutes)
