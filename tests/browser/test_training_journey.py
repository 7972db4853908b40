"""Ben, a young panellist who has not started training, does all of it on a phone: the sheets are locked with
a friendly page until he has read every step, answered the quizzes (getting one wrong first and trying again)
and scored the practice bid; then his scoring sheets open. Everything is reached through the links and buttons
a person would use."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.demo.content import PASSWORD
from panel.extensions import db
from panel.rounds.models import Conflict, Membership, Round
from panel.training.models import PracticeBid, QuizAnswer
from panel.training.operations import criteria_of, steps_of
from panel.training.pack import SCALE_PLACEHOLDER
from scoring.scales import scale_words
from tests.browser.helpers import PHONE, axe_violations, describe_violations, fits_width, overflowing

pytestmark = pytest.mark.browser

USERNAME = "ben"


@dataclass(frozen=True)
class Question:
    id: int
    prompt: str
    explanation: str
    right_id: int
    right_text: str
    wrong_id: int
    wrong_text: str


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Criterion:
    id: int
    title: str
    model_score: int
    reason: str
    levels: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    """What Ben will meet, read from the database before he starts."""

    round_title: str
    pass_mark: int
    membership_id: int
    steps: tuple[Step, ...]
    criteria: tuple[Criterion, ...]
    scale_sentence: str  # how the training says this round scores, from its own criteria
    bids: tuple[str, ...]
    conflicts: int


def _question(question) -> Question:
    right = next(option for option in question.options if option.is_correct)
    wrong = next(option for option in question.options if not option.is_correct)
    return Question(
        question.id, question.prompt, question.explanation, right.id, right.text, wrong.id, wrong.text
    )


def _plan(app, round_id: int) -> Plan:
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        membership = db.session.scalar(
            select(Membership)
            .join(User, Membership.user_id == User.id)
            .where(Membership.round_id == round_id, User.username == USERNAME)
        )
        models = {
            model.criterion_id: model
            for model in db.session.scalar(
                select(PracticeBid).where(PracticeBid.round_id == round_id)
            ).model_scores
        }
        plan = Plan(
            round_title=round_.title,
            pass_mark=round_.training_pass_mark,
            membership_id=membership.id,
            steps=tuple(
                Step(step.slug, step.title, tuple(map(_question, step.questions)))
                for step in steps_of(round_)
            ),
            criteria=tuple(
                Criterion(c.id, c.title, models[c.id].score, models[c.id].reason, tuple(c.scale.levels))
                for c in criteria_of(round_)
            ),
            scale_sentence=scale_words(criteria_of(round_)).sentence,
            bids=tuple(
                f"{bid.reference}: {bid.title}"
                for bid in db.session.scalars(
                    select(Bid).where(Bid.round_id == round_id).order_by(Bid.reference)
                )
            ),
            conflicts=len(
                db.session.scalars(select(Conflict).where(Conflict.membership_id == membership.id)).all()
            ),
        )
        db.session.remove()
    return plan


def _attempts(app, membership_id: int, question_id: int) -> tuple[int, bool]:
    with app.app_context():
        answer = db.session.scalar(
            select(QuizAnswer).where(
                QuizAnswer.membership_id == membership_id, QuizAnswer.question_id == question_id
            )
        )
        found = (answer.attempts, answer.correct)
        db.session.remove()
    return found


def _click(page, role: str, name: str):
    """Press a real button or follow a real link, and return the response of the page it leads to."""
    with page.expect_navigation() as navigation:
        page.get_by_role(role, name=name, exact=True).click()
    return navigation.value


def _checked_page(page, what: str) -> None:
    """No WCAG 2.2 AA rule broken, and no sideways scrolling at 360 px."""
    violations = axe_violations(page)
    assert not violations, f"{what}: axe-core found\n" + describe_violations(violations)
    assert fits_width(page), f"{what} scrolls sideways at 360 px: " + "; ".join(overflowing(page))


def _sign_in(page) -> None:
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    _click(page, "button", "Sign in")
    assert "Hello, Ben" in page.inner_text("h1")


def _answer(page, question: Question, option_id: int) -> None:
    page.check(f"input[name='question_{question.id}'][value='{option_id}']")


def _result(page, question: Question) -> str:
    return page.inner_text(f"#question-{question.id}-result")


def _first_quiz_with_a_wrong_answer(page, app, plan: Plan, step: Step) -> None:
    """Get the first question wrong, read why, see it is open again, then answer it right."""
    first, *others = step.questions
    _answer(page, first, first.wrong_id)
    for question in others:
        _answer(page, question, question.right_id)
    _click(page, "button", "Check my answers")

    shown = _result(page, first)
    assert "Not quite" in shown and f"You chose: {first.wrong_text}" in shown
    assert first.explanation in shown and "Try again: choose an answer." in shown
    assert page.locator(f"#question-{first.id}-result input[type=radio]").count() > 1
    for question in others:
        assert "Right" in _result(page, question) and question.explanation in _result(page, question)
    assert page.get_by_role("button", name="Try again", exact=True).is_visible()
    assert _attempts(app, plan.membership_id, first.id) == (1, False)
    _checked_page(page, "the quiz showing explanations")

    _answer(page, first, first.right_id)
    _click(page, "button", "Try again")
    assert "Right" in _result(page, first) and f"You chose: {first.right_text}" in _result(page, first)
    assert page.get_by_role("button", name="Try again", exact=True).count() == 0
    assert _attempts(app, plan.membership_id, first.id) == (2, True)


def _quiz(page, step: Step) -> None:
    for question in step.questions:
        _answer(page, question, question.right_id)
    _click(page, "button", "Check my answers")
    for question in step.questions:
        assert "Right" in _result(page, question), f"{question.prompt!r}: {_result(page, question)}"


def _steps_and_quizzes(page, app, plan: Plan) -> None:
    wrong_answer_shown = False
    for number, step in enumerate(plan.steps, start=1):
        assert page.inner_text("h1") == step.title
        assert f"Step {number} of {len(plan.steps)}" in page.inner_text("main")
        if step.slug == "scoring-sheet":  # the scale Ben reads is his round's own, never a placeholder
            text = page.inner_text("main")
            assert plan.scale_sentence in text and SCALE_PLACEHOLDER not in text
        _click(page, "button", "I've read this, next")
        if not step.questions:
            continue
        assert page.inner_text("h1") == "Check what you know"
        if wrong_answer_shown:
            _quiz(page, step)
        else:
            _first_quiz_with_a_wrong_answer(page, app, plan, step)
            wrong_answer_shown = True
        _click(page, "button", "Next")
    assert wrong_answer_shown, "the round's training has no quiz questions"
    assert "scoring-sheet" in [step.slug for step in plan.steps], "the round's training never names its scale"


def _pick(criterion: Criterion, index: int) -> int:
    """Agree with the model answer on every other criterion, and score one point away on the rest."""
    if index % 2 == 0:
        return criterion.model_score
    higher = criterion.model_score + 1
    return higher if higher in criterion.levels else criterion.model_score - 1


def _practice(page, plan: Plan) -> dict[int, int]:
    assert page.inner_text("h1") == "Practise scoring a bid"
    picked = {criterion.id: _pick(criterion, index) for index, criterion in enumerate(plan.criteria)}
    for criterion in plan.criteria:
        page.check(f"input[name='criterion-{criterion.id}-score'][value='{picked[criterion.id]}']")
    _click(page, "button", "Check my scores")
    return picked


def _feedback(page, plan: Plan, picked: dict[int, int]) -> None:
    assert page.inner_text("h1") == "How your practice scores compare"
    for criterion in plan.criteria:
        heading = page.get_by_role("heading", name=criterion.title, exact=True)
        section = page.locator("section.cp-feedback").filter(has=heading)
        shown = " ".join(section.inner_text().split())
        yours, model = picked[criterion.id], criterion.model_score
        assert f"Your score {yours}" in shown and f"Model answer {model}" in shown, shown
        assert f"You gave {yours}. The model answer gives {model}." in shown
        compared = f"You gave 1 point {'more' if yours > model else 'less'} than the model answer."
        assert ("You gave the same score as the model answer." if yours == model else compared) in shown
        assert f"Why the model answer gives {model}" in shown
        assert " ".join(criterion.reason.split()) in shown
    assert "You have finished your training. Your scoring sheets are open." in page.inner_text("main")
    _checked_page(page, "the practice feedback page")


def test_ben_trains_on_a_phone_and_his_sheets_unlock(open_page, browser_app, demo):
    plan = _plan(browser_app, demo.round_id)
    assert plan.conflicts == 0 and plan.steps and plan.criteria and plan.bids
    visit = open_page(None, PHONE)
    page = visit.page
    sheets = f"/rounds/{demo.round_id}/sheets/"

    visit.goto("/login")
    _sign_in(page)
    _click(page, "link", plan.round_title)
    assert "These open when your training is done." in page.inner_text("main")

    locked = visit.goto(sheets)
    text = page.inner_text("main")
    assert locked.status == 403
    assert page.inner_text("h1") == "Finish your training first"
    assert f"Read the training steps (0 of {len(plan.steps)} done)" in text
    assert f"Answer the quiz questions: you need {plan.pass_mark}% right (you have 0%)" in text
    assert "Score the practice bid" in text

    onward = page.get_by_role("button", name="Continue your training", exact=True)
    assert onward.get_attribute("href") == f"/rounds/{demo.round_id}/training/"

    page.go_back()
    _click(page, "link", "Start here: your training")
    assert page.inner_text("h1") == "Start here: your training"
    assert "Your progress: 0% done" in page.inner_text("main")
    _click(page, "button", "Continue where you left off")
    _steps_and_quizzes(page, browser_app, plan)

    picked = _practice(page, plan)
    _feedback(page, plan, picked)

    opened = _click(page, "button", "Go to your scoring sheets")
    assert opened.status == 200 and page.url.endswith(sheets)
    assert page.inner_text("h1") == "Your scoring sheets"
    links = page.locator(".govuk-task-list__name-and-hint a").all_inner_texts()
    listed = [" ".join(title.split()) for title in links]
    assert listed == list(plan.bids)
    assert f"You will score {len(plan.bids)} bids." in page.inner_text("main")
