"""Commissioner and chair tools for training: edit the steps, quiz and practice bid; see progress."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.markdown import render
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Criterion, Membership, Round
from panel.rounds.permissions import can_manage_round
from panel.rounds.routes import managed_round
from panel.training import bp
from panel.training.manage.forms import InPersonForm, PassMarkForm, QuestionForm, StepForm, practice_form
from panel.training.manage.operations import (
    add_question,
    add_step,
    delete_question,
    delete_step,
    move_step,
    record_training_in_person,
    save_practice,
    set_pass_mark,
    training_progress,
    undo_training_in_person,
    update_question,
    update_step,
)
from panel.training.models import QuizQuestion, TrainingStep
from panel.training.operations import criteria_lacking_model_answer, practice_bid_of, step_text, steps_of
from panel.training.pack import PACK_SCALE, load_pack
from panel.training.permissions import can_see_training_progress

STEPS = {"up": -1, "down": 1}
PROGRESS_ONLY = "Only the commissioners and this round's chair can see who has finished their training."


@bp.app_template_global("practice_gaps")
def practice_gaps(round_: Round) -> list[Criterion]:
    """The criteria whose practice feedback has no model answer yet, for the round's page to ask about."""
    return criteria_lacking_model_answer(round_)


def _step_of(round_: Round, step_id: int) -> TrainingStep:
    """The step in the URL, only if it belongs to the round in the URL."""
    step = get_or_404(TrainingStep, step_id)
    if step.round_id != round_.id:
        abort(404)
    return step


def _question_of(step: TrainingStep, question_id: int) -> QuizQuestion:
    question = get_or_404(QuizQuestion, question_id)
    if question.step_id != step.id:
        abort(404)
    return question


def _member_of(round_: Round, membership_id: int) -> Membership:
    membership = get_or_404(Membership, membership_id)
    if membership.round_id != round_.id:
        abort(404)
    return membership


def _to_manage(round_: Round, anchor: str | None = None):
    return redirect(url_for("training.manage", round_id=round_.id, _anchor=anchor))


def _to_step(step: TrainingStep, anchor: str | None = None):
    return redirect(url_for("training.step_edit", round_id=step.round_id, step_id=step.id, _anchor=anchor))


def _manage_page(round_: Round, pass_mark_form: PassMarkForm):
    return render_template(
        "training/manage_steps.html",
        round=round_,
        steps=steps_of(round_),
        form=pass_mark_form,
        practice=practice_bid_of(round_),
    ), 400 if pass_mark_form.errors else 200


@bp.get("/manage")
@login_required
def manage(round_id: int):
    round_ = managed_round(round_id)
    return _manage_page(round_, PassMarkForm(data={"pass_mark": str(round_.training_pass_mark)}))


@bp.post("/manage/pass-mark")
@login_required
def pass_mark(round_id: int):
    round_ = managed_round(round_id)
    form = PassMarkForm()
    if not form.validate_on_submit():
        return _manage_page(round_, form)
    set_pass_mark(current_user, round_, int(form.pass_mark.data))
    db.session.commit()
    flash(f"The pass mark is now {round_.training_pass_mark}%.", "success")
    return _to_manage(round_, "pass-mark")


def _step_page(round_: Round, step: TrainingStep | None, form: StepForm):
    preview = None
    if step is not None:
        body = step_text(round_, step.body)
        preview = render(body, load_pack().glossary, url_for("training.glossary", round_id=round_.id))
    return render_template(
        "training/manage_step.html",
        round=round_,
        step=step,
        form=form,
        preview=preview,
    ), 400 if form.errors else 200


@bp.route("/manage/steps/new", methods=["GET", "POST"])
@login_required
def step_new(round_id: int):
    round_ = managed_round(round_id)
    form = StepForm.for_step(None)
    if form.validate_on_submit():
        step = add_step(current_user, round_, form.details())
        db.session.commit()
        flash(f"Step added: {step.title}. Check how it looks below.", "success")
        return _to_step(step, "preview")
    return _step_page(round_, None, form)


@bp.route("/manage/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def step_edit(round_id: int, step_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    form = StepForm.for_step(step)
    if form.validate_on_submit():
        update_step(current_user, step, form.details())
        db.session.commit()
        flash(f"Step saved: {step.title}. Check how it looks below.", "success")
        return _to_step(step, "preview")
    return _step_page(round_, step, form)


@bp.post("/manage/steps/<int:step_id>/move")
@login_required
def step_move(round_id: int, step_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    by = STEPS.get(request.form.get("direction", ""))
    if by is None:
        abort(400)
    move_step(current_user, step, by)
    db.session.commit()
    flash(f"Moved {step.title} {request.form['direction']}.", "success")
    return _to_manage(round_, f"step-{step.id}")


@bp.post("/manage/steps/<int:step_id>/delete")
@login_required
def step_delete(round_id: int, step_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    title = step.title
    delete_step(current_user, step)
    db.session.commit()
    flash(f"Step deleted: {title}", "success")
    return _to_manage(round_)


def _question_page(round_: Round, step: TrainingStep, question: QuizQuestion | None, form: QuestionForm):
    return render_template(
        "training/manage_question.html",
        round=round_,
        step=step,
        question=question,
        form=form,
    ), 400 if form.errors else 200


@bp.route("/manage/steps/<int:step_id>/questions/new", methods=["GET", "POST"])
@login_required
def question_new(round_id: int, step_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    form = QuestionForm.for_question(None)
    if form.validate_on_submit():
        add_question(current_user, step, form.details())
        db.session.commit()
        flash("Question added.", "success")
        return _to_step(step, "questions")
    return _question_page(round_, step, None, form)


@bp.route("/manage/steps/<int:step_id>/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def question_edit(round_id: int, step_id: int, question_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    question = _question_of(step, question_id)
    form = QuestionForm.for_question(question)
    if form.validate_on_submit():
        update_question(current_user, question, form.details())
        db.session.commit()
        flash("Question saved.", "success")
        return _to_step(step, "questions")
    return _question_page(round_, step, question, form)


@bp.post("/manage/steps/<int:step_id>/questions/<int:question_id>/delete")
@login_required
def question_delete(round_id: int, step_id: int, question_id: int):
    round_ = managed_round(round_id)
    step = _step_of(round_, step_id)
    delete_question(current_user, _question_of(step, question_id))
    db.session.commit()
    flash("Question deleted.", "success")
    return _to_step(step, "questions")


@bp.route("/manage/practice", methods=["GET", "POST"])
@login_required
def practice_edit(round_id: int):
    round_ = managed_round(round_id)
    practice = practice_bid_of(round_)
    form = practice_form(round_.criteria, practice)
    if form.validate_on_submit():
        practice = save_practice(current_user, round_, form.details())
        db.session.commit()
        flash("The practice bid is saved.", "success")
        return redirect(url_for("training.practice_edit", round_id=round_.id))
    return render_template(
        "training/manage_practice.html",
        round=round_,
        form=form,
        practice=practice,
        missing=criteria_lacking_model_answer(round_),
        pack_practice=load_pack().practice,
        pack_scale=PACK_SCALE,
    ), 400 if form.errors else 200


@bp.get("/progress")
@login_required
def progress(round_id: int):
    round_ = get_or_404(Round, round_id)
    deny_unless(can_see_training_progress(current_user, round_), PROGRESS_ONLY)
    record_access(current_user, "training_progress_viewed", round_=round_)
    db.session.commit()
    return render_template(
        "training/progress.html",
        round=round_,
        rows=training_progress(round_),
        manager=can_manage_round(current_user, round_),
    )


@bp.route("/progress/<int:membership_id>/in-person", methods=["GET", "POST"])
@login_required
def record_in_person(round_id: int, membership_id: int):
    round_ = managed_round(round_id)
    membership = _member_of(round_, membership_id)
    form = InPersonForm.for_member(membership)
    if form.validate_on_submit():
        record_training_in_person(current_user, membership, form.note.data, utcnow())
        db.session.commit()
        flash(f"Recorded: {membership.user.display_name} did their training in person.", "success")
        return redirect(url_for("training.progress", round_id=round_.id))
    return render_template(
        "training/manage_in_person.html",
        round=round_,
        membership=membership,
        form=form,
    ), 400 if form.errors else 200


@bp.post("/progress/<int:membership_id>/in-person/undo")
@login_required
def undo_in_person(round_id: int, membership_id: int):
    round_ = managed_round(round_id)
    membership = _member_of(round_, membership_id)
    undo_training_in_person(current_user, membership)
    db.session.commit()
    flash(f"Taken back: {membership.user.display_name}'s in-person training is not recorded now.", "success")
    return redirect(url_for("training.progress", round_id=round_.id))
