"""Bid pages."""

from panel.bids import bp  # noqa: F401
