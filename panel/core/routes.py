"""Home and accessibility pages."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from panel.core import bp
from panel.extensions import db
from panel.rounds.models import Membership, Round


@bp.get("/")
def home():
    """Signed out: how to sign in or join. Signed in: the panels you sit on (and rounds you run)."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == current_user.id)
        .join(Membership.round)
        .order_by(Round.created_at.desc())
    ).all()
    return render_template("core/home.html", memberships=memberships)


@bp.get("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")
