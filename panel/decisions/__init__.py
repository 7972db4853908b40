"""Decisions on every bid, published to the panel with their reasons ("You said - we did")."""
