"""Home and accessibility pages, and the health check."""

from typing import cast

from flask import Flask, current_app, jsonify, render_template
from flask_login import current_user

from panel.core import bp, health, logs
from panel.extensions import limiter

# The request log lines cover every page of every blueprint; they are wired as this one is registered.
bp.record_once(lambda state: logs.register(cast(Flask, state.app)))


@bp.get("/")
def home():
    """Signed out: how to sign in or join. Signed in: the panels you sit on (listed by the rounds area, which
    registers `my_panels` for this page's template)."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    return render_template("core/home.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@bp.get("/health", endpoint="health")
@limiter.exempt
def health_check():
    """For a proxy or a monitor: 200 when the database (and Redis, where used) answers, 503 naming the part
    that failed. No session, no personal data."""
    parts, healthy = health.check(current_app.config)
    return jsonify(parts), 200 if healthy else 503
