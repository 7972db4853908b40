"""Training pages for members: start here, each step, the quiz and the practice bid."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.access import FriendlyForbidden, get_or_404
from panel.core.errors import render_error
from panel.core.markdown import render
from panel.core.models import utcnow
from panel.core.numbers import read_id
from panel.extensions import db
from panel.rounds.models import Criterion, Membership, Round
from panel.rounds.permissions import can_manage_round, membership_of
from panel.training import bp
from panel.training.forms import PracticeForm, StepReadForm, quiz_form
from panel.training.models import PracticeBid, PracticeModelScore, QuizOption, QuizQuestion, TrainingStep
from panel.training.operations import (
    PracticeRefused,
    StepProgress,
    answer_question,
    answers_of,
    complete_step,
    criteria_of,
    practice_bid_of,
    practice_possible,
    practice_scores_of,
    score_practice,
    step_progress,
    step_text,
    steps_of,
    training_facts,
)
from panel.training.pack import load_pack
from scoring.practice import own_score_words
from scoring.sheets import CANT_JUDGE, difference_in_words, read_scores
from scoring.training import TrainingFacts, progress_percent, quiz_passed, quiz_percent, remaining, unlocked

NOT_YOUR_PANEL = (
    "This training belongs to a panel you are not on. If you think you should be, ask the person who runs it."
)
TAMPERED = (
    "One of the answers sent doesn't belong to this question, so nothing was saved. Go back and try again."
)
# The step whose page also shows what this round's panel decides and doesn't decide.
SCOPE_SLUG = "money-and-scope"


@dataclass(frozen=True)
class TrainingStatus:
    """How far a member is with their training, for links and badges on other pages."""

    percent: int
    unlocked: bool
    left: list[str]


@bp.app_template_global("training_status")
def training_status(membership: Membership) -> TrainingStatus:
    """A member's training at a glance (used by the round page and the home page)."""
    facts = training_facts(membership)
    return TrainingStatus(progress_percent(facts), unlocked(facts), remaining(facts))


def _member(round_: Round) -> Membership:
    """The signed-in member's seat; a commissioner who is not on the panel goes back to the round's hub."""
    membership = membership_of(current_user, round_)
    if membership is None:  # can_train() is False: only the round's own panel members train
        if can_manage_round(current_user, round_):
            abort(redirect(url_for("rounds.show", round_id=round_.id)))
        raise FriendlyForbidden(NOT_YOUR_PANEL)
    return membership


def _step_in(round_: Round, step_id: int) -> TrainingStep:
    step = get_or_404(TrainingStep, step_id)
    if step.round_id != round_.id:
        abort(404)
    return step


def _glossary_render(round_: Round, text: str):
    return render(text, load_pack().glossary, url_for("training.glossary", round_id=round_.id))


def _web_address(url: str | None) -> str | None:
    """A video link is only ever shown as an ordinary web address (never javascript: or data:)."""
    return url if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _after(round_: Round, step: TrainingStep) -> str:
    """Where 'next' goes from a step's quiz: the following step, or the practice bid after the last one."""
    steps = steps_of(round_)
    index = [item.id for item in steps].index(step.id)
    if index + 1 < len(steps):
        return url_for("training.step", round_id=round_.id, step_id=steps[index + 1].id)
    return url_for("training.practice", round_id=round_.id)


def _continue_url(round_: Round, progress: list[StepProgress], facts: TrainingFacts) -> str:
    """The first unfinished thing: a step, a quiz (or a retry while under the pass mark), the practice."""
    for item in progress:
        if not item.read:
            return url_for("training.step", round_id=round_.id, step_id=item.step.id)
        if not item.quiz_done:
            return url_for("training.quiz", round_id=round_.id, step_id=item.step.id)
    if not quiz_passed(facts):
        wrong = next((item for item in progress if item.right < item.questions), None)
        if wrong is not None:
            return url_for("training.quiz", round_id=round_.id, step_id=wrong.step.id)
    if not facts.practice_done:
        return url_for("training.practice", round_id=round_.id)
    return url_for("sheets.index", round_id=round_.id)


@bp.get("/")
@login_required
def start(round_id: int):
    round_ = get_or_404(Round, round_id)
    membership = _member(round_)
    progress = step_progress(membership)
    facts = training_facts(membership)
    return render_template(
        "training/start.html",
        round=round_,
        membership=membership,
        progress=progress,
        facts=facts,
        percent=progress_percent(facts),
        quiz_percent=quiz_percent(facts),
        unlocked=unlocked(facts),
        practice_ready=practice_possible(round_),
        continue_url=_continue_url(round_, progress, facts),
        scope_slug=SCOPE_SLUG,
    )


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def step(round_id: int, step_id: int):
    round_ = get_or_404(Round, round_id)
    step = _step_in(round_, step_id)
    membership = _member(round_)
    form = StepReadForm()
    if form.validate_on_submit():
        complete_step(membership, step, utcnow())
        db.session.commit()
        if step.questions:
            return redirect(url_for("training.quiz", round_id=round_.id, step_id=step.id))
        return redirect(_after(round_, step))
    steps = steps_of(round_)
    index = [item.id for item in steps].index(step.id)
    return render_template(
        "training/step.html",
        round=round_,
        step=step,
        form=form,
        body=_glossary_render(round_, step_text(round_, step.body)),
        number=index + 1,
        total=len(steps),
        previous=steps[index - 1] if index else None,
        show_scope=step.slug == SCOPE_SLUG,
        video_url=_web_address(step.video_url),
    )


def _save_answers(membership: Membership, questions: list[QuizQuestion], chosen: dict[int, str]) -> None:
    """Save every answer, or none: an option that is not one of the question's own is refused."""
    now = utcnow()
    for question in questions:
        text = (chosen.get(question.id) or "").strip()
        option_id = read_id(text)
        option = db.session.get(QuizOption, option_id) if option_id is not None else None
        if option is None:
            raise ValueError("No such answer")
        answer_question(membership, question, option, now)


@bp.route("/steps/<int:step_id>/quiz", methods=["GET", "POST"])
@login_required
def quiz(round_id: int, step_id: int):
    round_ = get_or_404(Round, round_id)
    step = _step_in(round_, step_id)
    membership = _member(round_)
    answers = answers_of(membership, step)
    open_questions = [
        item for item in step.questions if not (item.id in answers and answers[item.id].correct)
    ]
    form = quiz_form(open_questions)
    if open_questions and form.validate_on_submit():
        try:
            _save_answers(membership, open_questions, form.answers(open_questions))
        except ValueError:
            db.session.rollback()
            return render_error(400, TAMPERED)
        db.session.commit()
        return redirect(url_for("training.quiz", round_id=round_.id, step_id=step.id, _anchor="results"))
    return render_template(
        "training/quiz.html",
        round=round_,
        step=step,
        form=form,
        answers=answers,
        open_ids={item.id for item in open_questions},
        next_url=_after(round_, step),
        all_answered=len(answers) == len(step.questions),
    )


@bp.route("/practice", methods=["GET", "POST"])
@login_required
def practice(round_id: int):
    round_ = get_or_404(Round, round_id)
    membership = _member(round_)
    bid, criteria = practice_bid_of(round_), criteria_of(round_)
    if bid is None or not criteria:
        return render_template("training/practice.html", round=round_, bid=None, criteria=[], form=None)
    form = PracticeForm()
    ids = [criterion.id for criterion in criteria]
    values = {cid: {"score": _shown(score)} for cid, score in practice_scores_of(membership).items()}
    errors: dict[int, str] = {}
    if form.validate_on_submit():
        scores, errors = read_scores({c.id: c.scale for c in criteria}, form.chosen(ids))
        if not errors:
            try:
                score_practice(membership, scores, utcnow())
            except PracticeRefused as refused:
                errors = refused.problems
            else:
                db.session.commit()
                return redirect(url_for("training.practice_feedback", round_id=round_.id))
        values = form.typed(ids)
    return render_template(
        "training/practice.html",
        round=round_,
        bid=bid,
        criteria=criteria,
        form=form,
        values=values,
        errors=errors,
    )


def _shown(score: int | None) -> str:
    return CANT_JUDGE if score is None else str(score)


@dataclass(frozen=True)
class FeedbackRow:
    """One criterion of the practice bid: the member's score beside the model answer's.

    A criterion without a model answer shows the member's score and what each score means on the sheet
    instead (own_words, levels), so the page never offers an empty comparison.
    """

    criterion: Criterion
    scored: bool
    score: int | None
    model: PracticeModelScore | None
    words: str
    own_words: str
    levels: list[tuple[int, str]]


def _feedback_rows(round_: Round, bid: PracticeBid, yours: dict[int, int | None]) -> list[FeedbackRow]:
    models = {model.criterion_id: model for model in bid.model_scores}
    rows = []
    for criterion in criteria_of(round_):
        score, model = yours.get(criterion.id), models.get(criterion.id)
        if model is not None and not criterion.scale.contains(model.score):
            model = None  # left from before the scale changed: no fair comparison
        descriptors = criterion.descriptors()
        words = difference_in_words(score, model.score if model else None)
        levels = [(level, descriptors.get(level, "")) for level in criterion.scale.levels]
        own = own_score_words(score, descriptors)
        rows.append(FeedbackRow(criterion, criterion.id in yours, score, model, words, own, levels))
    return rows


@bp.get("/practice/feedback")
@login_required
def practice_feedback(round_id: int):
    round_ = get_or_404(Round, round_id)
    membership = _member(round_)
    bid = practice_bid_of(round_)
    facts = training_facts(membership)
    # Practice counts as done only while the round has a practice bid (practice_possible), so bid is there.
    rows = (
        _feedback_rows(round_, bid, practice_scores_of(membership))
        if facts.practice_done and bid is not None
        else []
    )
    return render_template(
        "training/practice_feedback.html",
        round=round_,
        bid=bid,
        rows=rows,
        done=facts.practice_done,
        unlocked=unlocked(facts),
        left=remaining(facts),
    )


# Commissioner tools and the glossary live in their own modules, on the same blueprint.
