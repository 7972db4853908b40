"""Round pages: the list, setting one up, its overview and moving it through its stages."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from panel.core.access import deny_unless, get_or_404
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds import bp
from panel.rounds.forms import MoveForm, RoundForm
from panel.rounds.models import Membership, Round
from panel.rounds.operations import (
    NextStage,
    create_round,
    move_round,
    next_stage,
    panels_of,
    round_counts,
    rounds_on_the_go,
    update_round,
)
from panel.rounds.permissions import can_manage_round, can_view_round, membership_of

MANAGERS_ONLY = "Only commissioners can set up and change rounds. If you need to, ask a commissioner to help."
NOT_YOUR_PANEL = (
    "This round belongs to a panel you are not on. If you think you should be, ask the person who runs it."
)


def managed_round(round_id: int, refusal: str = MANAGERS_ONLY) -> Round:
    """The round in the URL, if the signed-in person may manage it (404, or 403 with `refusal`, otherwise)."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_manage_round(current_user, round_), refusal)
    return round_


@bp.get("/")
@login_required
def index():
    deny_unless(can_manage_round(current_user))
    rounds = db.session.scalars(select(Round).order_by(Round.created_at.desc())).all()
    return render_template("rounds/index.html", rounds=rounds)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    deny_unless(can_manage_round(current_user), MANAGERS_ONLY)
    form = RoundForm()
    if form.validate_on_submit():
        round_ = create_round(current_user, form.details())
        db.session.commit()
        flash(f"Round set up: {round_.title}", "success")
        return redirect(url_for("rounds.show", round_id=round_.id))
    return render_template("rounds/form.html", form=form, round=None)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def edit(round_id: int):
    round_ = managed_round(round_id)
    form = RoundForm.for_round(round_)
    if form.validate_on_submit():
        update_round(current_user, round_, form.details())
        db.session.commit()
        flash("The round's details are saved.", "success")
        return redirect(url_for("rounds.show", round_id=round_.id))
    return render_template("rounds/form.html", form=form, round=round_)


@bp.get("/<int:round_id>")
@login_required
def show(round_id: int):
    round_ = get_or_404(Round, round_id)
    if can_manage_round(current_user, round_):
        return _hub(round_)
    deny_unless(can_view_round(current_user, round_), NOT_YOUR_PANEL)
    return render_template(
        "rounds/show_member.html", round=round_, membership=membership_of(current_user, round_)
    )


@bp.post("/<int:round_id>/status")
@login_required
def move(round_id: int):
    round_ = managed_round(round_id)
    form = MoveForm()
    target = form.target() if form.validate_on_submit() else None
    if target is None:
        abort(400)
    problems = move_round(current_user, round_, target)
    if problems:
        return _hub(round_, refused=problems), 409
    db.session.commit()
    flash(f"The round is now at this stage: {round_.status.label}.", "success")
    return redirect(url_for("rounds.show", round_id=round_.id))


def _hub(round_: Round, refused: list[str] | None = None):
    """The commissioner's overview of a round, with what stands between it and its next stage."""
    stage = next_stage(round_)
    return render_template(
        "rounds/show.html",
        round=round_,
        counts=round_counts(round_, utcnow()),
        upcoming=stage.upcoming,
        blockers=stage.blockers,
        refused=refused or [],
        move_form=MoveForm(formdata=None, to=stage.upcoming.value if stage.upcoming else ""),
    )


# The round's other pages live in their own modules, registered on the same blueprint.


@bp.app_template_global("my_panels")
def my_panels() -> list[Membership]:
    """The signed-in person's seats on panels, newest round first (the home page lists them)."""
    return panels_of(current_user)


@bp.app_template_global("my_rounds")
def my_rounds() -> list[NextStage] | None:
    """For the home page: the rounds on the go, each with what needs doing next, for someone who runs rounds
    (commissioners run every round); None for anyone else."""
    return rounds_on_the_go() if can_manage_round(current_user) else None
