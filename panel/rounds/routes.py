"""Round pages: the list, setting one up, its overview and moving it through its stages."""

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from panel.core.access import deny_unless
from panel.extensions import db
from panel.rounds import bp
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round


@bp.get("/")
@login_required
def index():
    deny_unless(can_manage_round(current_user))
    rounds = db.session.scalars(select(Round).order_by(Round.created_at.desc())).all()
    return render_template("rounds/index.html", rounds=rounds)


# The round's other pages live in their own modules, registered on the same blueprint.
from panel.rounds import conflicts_routes, criteria_routes, panel_routes  # noqa: E402,F401
