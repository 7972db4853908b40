"""Scoring sheet design pages: the criteria of a round, their order, and a preview of the sheet."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import get_or_404
from panel.extensions import db
from panel.rounds import bp
from panel.rounds.criteria.forms import criterion_form
from panel.rounds.criteria.operations import (
    LOCKED,
    add_criterion,
    delete_criterion,
    move_criterion,
    update_criterion,
)
from panel.rounds.models import Criterion, Round
from panel.rounds.routes import managed_round
from scoring.criteria import missing_descriptors, weight_shares
from scoring.rounds import design_editable

STEPS = {"up": -1, "down": 1}


def _criterion_of(round_: Round, criterion_id: int) -> Criterion:
    """The criterion in the URL, only if it belongs to the round in the URL."""
    criterion = get_or_404(Criterion, criterion_id)
    if criterion.round_id != round_.id:
        abort(404)
    return criterion


def _back_to_criteria(round_: Round):
    return redirect(url_for("rounds.criteria", round_id=round_.id))


def _sheet_rows(round_: Round) -> list[tuple[Criterion, float, list[int]]]:
    """Each criterion with its share of the total weight and the score levels it has not described."""
    shares = weight_shares([criterion.weight for criterion in round_.criteria])
    return [
        (criterion, share, missing_descriptors(criterion.scale, criterion.descriptors()))
        for criterion, share in zip(round_.criteria, shares, strict=True)
    ]


@bp.get("/<int:round_id>/criteria")
@login_required
def criteria(round_id: int):
    round_ = managed_round(round_id)
    return render_template(
        "rounds/criteria.html",
        round=round_,
        rows=_sheet_rows(round_),
        editable=design_editable(round_.status),
        locked_message=LOCKED,
    )


@bp.get("/<int:round_id>/criteria/preview")
@login_required
def sheet_preview(round_id: int):
    round_ = managed_round(round_id)
    return render_template("rounds/preview.html", round=round_, rows=_sheet_rows(round_))


@bp.route("/<int:round_id>/criteria/new", methods=["GET", "POST"])
@login_required
def criterion_new(round_id: int):
    round_ = managed_round(round_id)
    if not design_editable(round_.status):
        return _back_to_criteria(round_)
    form = criterion_form()
    if form.ready_to_save():
        criterion = add_criterion(current_user, round_, form.details())
        db.session.commit()
        flash(f"Criterion added: {criterion.title}", "success")
        return _back_to_criteria(round_)
    return render_template("rounds/criterion_form.html", form=form, round=round_, criterion=None)


@bp.route("/<int:round_id>/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@login_required
def criterion_edit(round_id: int, criterion_id: int):
    round_ = managed_round(round_id)
    criterion = _criterion_of(round_, criterion_id)
    if not design_editable(round_.status):
        return _back_to_criteria(round_)
    form = criterion_form(criterion)
    if form.ready_to_save():
        update_criterion(current_user, criterion, form.details())
        db.session.commit()
        flash(f"Criterion saved: {criterion.title}", "success")
        return _back_to_criteria(round_)
    return render_template("rounds/criterion_form.html", form=form, round=round_, criterion=criterion)


@bp.post("/<int:round_id>/criteria/<int:criterion_id>/move")
@login_required
def criterion_move(round_id: int, criterion_id: int):
    round_ = managed_round(round_id)
    criterion = _criterion_of(round_, criterion_id)
    step = STEPS.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    if design_editable(round_.status):
        move_criterion(current_user, criterion, step)
        db.session.commit()
        flash(f"Moved {criterion.title} {request.form['direction']}.", "success")
    return redirect(url_for("rounds.criteria", round_id=round_.id, _anchor=f"criterion-{criterion.id}"))


@bp.post("/<int:round_id>/criteria/<int:criterion_id>/delete")
@login_required
def criterion_delete(round_id: int, criterion_id: int):
    round_ = managed_round(round_id)
    criterion = _criterion_of(round_, criterion_id)
    if design_editable(round_.status):
        title = criterion.title
        delete_criterion(current_user, criterion)
        db.session.commit()
        flash(f"Criterion deleted: {title}", "success")
    return _back_to_criteria(round_)
