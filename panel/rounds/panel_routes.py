"""To be written."""

from panel.rounds import bp  # noqa: F401
