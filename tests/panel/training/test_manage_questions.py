"""A commissioner writes the quiz questions of a training step: 2 to 5 answers, one right, and why."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from panel.extensions import db
from panel.training.models import QuizAnswer, QuizOption, QuizQuestion
from tests.panel.training.manage_helpers import add_step, error_beside, markup, text


def question_form(**changes) -> dict:
    form = {
        "prompt": "What should you do if you know someone who wrote a bid?",
        "option_1": "Keep quiet",
        "option_2": "Tell the chair before scoring",
        "option_3": "",
        "option_4": "Score it extra high",
        "option_5": "",
        "correct": "2",
        "explanation": "Telling the chair keeps the panel fair.",
    }
    form.update(changes)
    return form


def options(question: QuizQuestion) -> list[tuple[str, bool]]:
    return [
        (option.text, option.is_correct)
        for option in db.session.scalars(
            select(QuizOption).where(QuizOption.question_id == question.id).order_by(QuizOption.position)
        )
    ]


@pytest.fixture
def commissioner(make, login):
    return login(make.commissioner())


@pytest.fixture
def round_(make):
    return make.round(criteria=1)


@pytest.fixture
def step(round_):
    return add_step(round_)


def url(step, tail="") -> str:
    return f"/rounds/{step.round_id}/training/manage/steps/{step.id}/questions{tail}"


def test_a_new_question_keeps_the_filled_answers_in_order_and_marks_the_right_one(client, commissioner, step):
    response = client.post(url(step, "/new"), data=question_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/steps/{step.id}#questions")
    question = db.session.scalar(select(QuizQuestion))
    assert question.prompt == "What should you do if you know someone who wrote a bid?"
    assert question.explanation == "Telling the chair keeps the panel fair."
    assert options(question) == [
        ("Keep quiet", False),
        ("Tell the chair before scoring", True),
        ("Score it extra high", False),
    ]
    page = text(client.get(response.headers["Location"]))
    assert (
        "Question 1 Change question 1 What should you do if you know someone who wrote a bid? Keep quiet "
        "Tell the chair before scoring (the right answer) Score it extra high "
        "Why: Telling the chair keeps the panel fair."
    ) in page


def test_questions_are_added_at_the_end_of_the_step(client, commissioner, step):
    client.post(url(step, "/new"), data=question_form(prompt="First?"))
    client.post(url(step, "/new"), data=question_form(prompt="Second?"))
    prompts = db.session.scalars(select(QuizQuestion.prompt).order_by(QuizQuestion.position))
    assert list(prompts) == ["First?", "Second?"]


def test_changing_the_right_answer_keeps_one_right_answer(client, commissioner, step):
    client.post(url(step, "/new"), data=question_form())
    question = db.session.scalar(select(QuizQuestion))
    form = question_form(
        option_1="Keep quiet", option_2="Tell the chair", option_3="Tell a friend", option_4="", correct="1"
    )
    response = client.post(url(step, f"/{question.id}"), data=form)
    assert response.status_code == 302
    assert options(question) == [("Keep quiet", True), ("Tell the chair", False), ("Tell a friend", False)]
    client.post(url(step, f"/{question.id}"), data=question_form(option_4="", correct="2"))
    assert options(question) == [("Keep quiet", False), ("Tell the chair before scoring", True)]


def test_removing_an_answer_a_member_chose_removes_their_answer(client, make, commissioner, round_, step):
    client.post(url(step, "/new"), data=question_form())
    question = db.session.scalar(select(QuizQuestion))
    chosen = db.session.scalar(select(QuizOption).where(QuizOption.text == "Score it extra high"))
    member = make.member(round_)
    db.session.add(
        QuizAnswer(membership_id=member.id, question_id=question.id, option_id=chosen.id, correct=False)
    )
    db.session.commit()
    response = client.post(url(step, f"/{question.id}"), data=question_form(option_4=""))
    assert response.status_code == 302
    assert options(question) == [("Keep quiet", False), ("Tell the chair before scoring", True)]
    assert db.session.scalar(select(QuizAnswer.id)) is None


def test_the_edit_form_shows_the_saved_question(client, commissioner, step):
    client.post(url(step, "/new"), data=question_form())
    question = db.session.scalar(select(QuizQuestion))
    page = markup(client.get(url(step, f"/{question.id}")))
    assert 'name="option_3" type="text" value="Score it extra high"' in page
    assert re.search(r'value="2"[^>]*checked', page)
    assert "Telling the chair keeps the panel fair." in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"prompt": ""}, "prompt", "Enter the question"),
        ({"option_1": "", "option_2": "", "option_4": ""}, "option_1", "Fill in at least 2 answers"),
        ({"option_2": "", "option_4": "", "correct": "1"}, "option_2", "Fill in at least 2 answers"),
        ({"correct": ""}, "correct", "Choose which answer is right"),
        ({"correct": "7"}, "correct", "Choose which answer is right"),
        ({"correct": "3"}, "correct", "The answer you chose as right is blank"),
        ({"explanation": " "}, "explanation", "Enter an explanation of the right answer"),
        ({"option_5": "x" * 301}, "option_5", "An answer must be 300 characters or fewer"),
    ],
)
def test_bad_question_input_is_shown_beside_the_field_and_kept(
    client, commissioner, step, changes, field, message
):
    form = question_form(**changes)
    response = client.post(url(step, "/new"), data=form)
    page = markup(response)
    assert response.status_code == 400
    assert error_beside(page, field, message)
    for name in ("prompt", "option_1", "option_4", "explanation"):
        if name != field and form[name].strip():
            assert str(escape(form[name])) in page, name
    assert db.session.scalar(select(QuizQuestion.id)) is None


def test_a_question_with_two_right_answers_is_refused(client, commissioner, step):
    response = client.post(url(step, "/new"), data={**question_form(), "correct": ["1", "2"]})
    assert response.status_code == 400
    assert "Choose only one right answer" in text(response)
    assert db.session.scalar(select(QuizQuestion.id)) is None


def test_a_question_can_be_deleted(client, commissioner, step):
    client.post(url(step, "/new"), data=question_form(prompt="First?"))
    client.post(url(step, "/new"), data=question_form(prompt="Second?"))
    first = db.session.scalar(select(QuizQuestion).where(QuizQuestion.prompt == "First?"))
    response = client.post(url(step, f"/{first.id}/delete"))
    assert response.status_code == 302
    remaining = db.session.execute(select(QuizQuestion.prompt, QuizQuestion.position)).all()
    assert [tuple(row) for row in remaining] == [("Second?", 0)]
    assert db.session.scalar(select(QuizOption.id).where(QuizOption.question_id == first.id)) is None


def test_questions_of_another_step_or_round_are_not_found(client, make, commissioner, round_, step):
    client.post(url(step, "/new"), data=question_form())
    question = db.session.scalar(select(QuizQuestion))
    sibling = add_step(round_, "Another step")
    elsewhere = add_step(make.round("Another round"))
    for wrong in (sibling, elsewhere):
        assert client.get(url(wrong, f"/{question.id}")).status_code == 404
        changed = question_form(prompt="Changed?")
        assert client.post(url(wrong, f"/{question.id}"), data=changed).status_code == 404
        assert client.post(url(wrong, f"/{question.id}/delete")).status_code == 404
    other_round_url = f"/rounds/{elsewhere.round_id}/training/manage/steps/{step.id}/questions/new"
    assert client.post(other_round_url, data=question_form()).status_code == 404
    db.session.refresh(question)
    assert question.prompt == "What should you do if you know someone who wrote a bid?"


def test_members_cannot_write_questions(client, make, login, round_, step):
    login(make.member(round_).user)
    assert client.get(url(step, "/new")).status_code == 403
    assert client.post(url(step, "/new"), data=question_form()).status_code == 403
    assert db.session.scalar(select(QuizQuestion.id)) is None
