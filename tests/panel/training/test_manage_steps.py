"""A commissioner's training tools: the steps of a round, their order and text, and the quiz pass mark."""

import html
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from panel.extensions import db
from panel.training.models import QuizAnswer, QuizQuestion, StepCompletion, TrainingStep
from scoring.rounds import RoundStatus
from tests.panel.training.manage_helpers import add_step, error_beside, markup, text


def titles(round_) -> list[str]:
    return list(
        db.session.scalars(
            select(TrainingStep.title)
            .where(TrainingStep.round_id == round_.id)
            .order_by(TrainingStep.position)
        )
    )


def step_form(**changes) -> dict:
    form = {
        "title": "Being fair",
        "minutes": "3",
        "required": "yes",
        "video_url": "https://www.youtube.com/watch?v=abc123",
        "body": "## Be fair\n\nRead **every** bid with care.\n\n- Take a break\n- Ask for help",
    }
    form.update(changes)
    return form


@pytest.fixture
def commissioner(make, login):
    return login(make.commissioner())


@pytest.fixture
def round_(make):
    return make.round(criteria=2)


def test_the_manage_page_lists_the_steps_in_order_with_their_details(client, commissioner, round_):
    add_step(round_, "What is commissioning?", questions=2)
    add_step(round_, "Looking after yourself", required=False, minutes=1)
    page = text(client.get(f"/rounds/{round_.id}/training/manage"))
    assert page.index("1. What is commissioning?") < page.index("2. Looking after yourself")
    assert "2 minutes Must members read it? Required Quiz questions 2 questions" in page
    assert "1 minute Must members read it? Optional Quiz questions No questions" in page
    assert "Move down: What is commissioning?" in page and "Move up: Looking after yourself" in page
    assert "Members who have already finished keep their completion" in page
    assert "Add a step" in page and "See who has finished" in page


def test_a_round_without_steps_says_so(client, commissioner, round_):
    page = text(client.get(f"/rounds/{round_.id}/training/manage"))
    assert "There are no training steps yet" in page
    assert "There is no practice bid yet" in page


def test_a_commissioner_adds_a_step_at_the_end_and_sees_its_preview(client, commissioner, round_):
    add_step(round_, "What is commissioning?")
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/new", data=step_form())
    step = db.session.scalar(select(TrainingStep).where(TrainingStep.title == "Being fair"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/training/manage/steps/{step.id}#preview")
    assert titles(round_) == ["What is commissioning?", "Being fair"]
    assert (step.minutes, step.required) == (3, True)
    assert step.video_url == "https://www.youtube.com/watch?v=abc123"
    preview = client.get(response.headers["Location"])
    page = markup(preview)
    assert "Step added: Being fair" in text(preview)
    assert '<h2 class="govuk-heading-m">Be fair</h2>' in page
    assert "<strong>every</strong>" in page and "<li>Take a break</li>" in page
    assert 'href="https://www.youtube.com/watch?v=abc123"' in page


def test_a_commissioner_changes_a_step(client, commissioner, round_):
    step = add_step(round_)
    form = step_form(title="Commissioning, simply", required="no", video_url="", body="Short and sweet.")
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/{step.id}", data=form)
    assert response.status_code == 302
    db.session.refresh(step)
    assert (step.title, step.required, step.video_url, step.body) == (
        "Commissioning, simply",
        False,
        None,
        "Short and sweet.",
    )
    page = client.get(f"/rounds/{round_.id}/training/manage/steps/{step.id}")
    assert 'value="Commissioning, simply"' in markup(page)
    assert re.search(r'value="no"[^>]*checked', markup(page))
    assert "Short and sweet." in text(page) and "Watch the video" not in text(page)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": "  "}, "title", "Enter a title for the step"),
        ({"title": "x" * 121}, "title", "The title must be 120 characters or fewer"),
        ({"minutes": ""}, "minutes", "Enter how many minutes the step takes to read"),
        ({"minutes": "0"}, "minutes", "Enter the minutes as a whole number from 1 to 30"),
        ({"minutes": "31"}, "minutes", "Enter the minutes as a whole number from 1 to 30"),
        ({"minutes": "two"}, "minutes", "Enter the minutes as a whole number from 1 to 30"),
        ({"minutes": "²"}, "minutes", "Enter the minutes as a whole number from 1 to 30"),
        ({"minutes": "٣"}, "minutes", "Enter the minutes as a whole number from 1 to 30"),
        ({"required": "maybe"}, "required", "Choose whether members must read this step"),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Enter a web address that starts with https://"),
        (
            {"video_url": "ftp://example.org/film"},
            "video_url",
            "Enter a web address that starts with https://",
        ),
        ({"video_url": "https://"}, "video_url", "Enter a web address that starts with https://"),
        ({"body": ""}, "body", "Enter the text of the step"),
    ],
)
def test_bad_step_input_is_shown_beside_the_field_and_kept(
    client, commissioner, round_, changes, field, message
):
    form = {**step_form(title="Being fair & <kind>"), **changes}
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/new", data=form)
    page = markup(response)
    assert response.status_code == 400
    assert error_beside(page, field, message)
    for name in ("title", "minutes", "video_url", "body"):
        if name != field:
            assert str(escape(form[name])) in page, name
    assert db.session.scalar(select(TrainingStep.id)) is None


def test_a_missing_required_answer_is_refused(client, commissioner, round_):
    form = step_form()
    del form["required"]
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/new", data=form)
    assert response.status_code == 400
    assert "Choose whether members must read this step" in text(response)


SCRIPTS = [
    "Hello <script>alert('x')</script> there",
    "<img src=x onerror=alert(1)> Hello",
    "[Click me](javascript:alert(1))",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="javascript:alert(1)">Hello</a>',
]


@pytest.mark.parametrize("body", SCRIPTS)
def test_script_in_the_text_is_removed_on_save_and_never_rendered(client, commissioner, round_, body):
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/new", data=step_form(body=body))
    assert response.status_code == 302
    step = db.session.scalar(select(TrainingStep))
    assert "<script" not in step.body.lower() and "javascript:" not in step.body.lower()
    page = markup(client.get(f"/rounds/{round_.id}/training/manage/steps/{step.id}"))
    preview = page[page.index('id="preview"') : page.index('id="questions"')]
    assert "<script" not in preview.lower().replace("&lt;script", "")
    assert "onerror" not in preview and "javascript:" not in preview.lower()


def test_script_already_stored_in_a_step_is_not_rendered_in_the_preview(client, commissioner, round_):
    step = add_step(round_, body="Hi <script>alert('x')</script>\n\n<b onclick=alert(1)>bold</b>")
    page = markup(client.get(f"/rounds/{round_.id}/training/manage/steps/{step.id}"))
    preview = page[page.index('id="preview"') : page.index('id="questions"')]
    assert "<script" not in preview and "onclick" not in preview


def test_steps_move_up_and_down(client, commissioner, round_):
    first, second, third = (add_step(round_, title) for title in ("One", "Two", "Three"))

    def move(step, direction):
        url = f"/rounds/{round_.id}/training/manage/steps/{step.id}/move"
        return client.post(url, data={"direction": direction})

    response = move(third, "up")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#step-{third.id}")
    assert titles(round_) == ["One", "Three", "Two"]
    move(first, "down")
    assert titles(round_) == ["Three", "One", "Two"]
    move(second, "down")
    assert titles(round_) == ["Three", "One", "Two"]


def test_a_move_without_a_direction_is_refused(client, commissioner, round_):
    step = add_step(round_)
    base = f"/rounds/{round_.id}/training/manage/steps/{step.id}"
    response = client.post(f"{base}/move", data={"direction": "left"})
    assert response.status_code == 400


def test_deleting_a_step_removes_its_questions_and_who_read_it(client, make, commissioner, round_):
    add_step(round_, "One")
    doomed = add_step(round_, "Two", questions=1)
    add_step(round_, "Three")
    member = make.member(round_)
    question = doomed.questions[0]
    db.session.add_all(
        [
            StepCompletion(membership_id=member.id, step_id=doomed.id),
            QuizAnswer(
                membership_id=member.id,
                question_id=question.id,
                option_id=question.options[0].id,
                correct=True,
            ),
        ]
    )
    db.session.commit()
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/{doomed.id}/delete")
    assert response.status_code == 302
    assert titles(round_) == ["One", "Three"]
    positions = db.session.scalars(select(TrainingStep.position).where(TrainingStep.round_id == round_.id))
    assert sorted(positions) == [0, 1]
    assert db.session.scalar(select(QuizQuestion.id)) is None
    assert db.session.scalar(select(StepCompletion.id)) is None
    assert db.session.scalar(select(QuizAnswer.id)) is None


def test_steps_can_be_changed_while_scoring_runs(client, make, commissioner):
    round_ = make.round(status=RoundStatus.SCORING)
    step = add_step(round_)
    response = client.post(f"/rounds/{round_.id}/training/manage/steps/{step.id}", data=step_form())
    assert response.status_code == 302
    db.session.refresh(step)
    assert step.title == "Being fair"


def test_the_pass_mark_is_saved(client, commissioner, round_):
    assert 'value="80"' in markup(client.get(f"/rounds/{round_.id}/training/manage"))
    response = client.post(f"/rounds/{round_.id}/training/manage/pass-mark", data={"pass_mark": "65"})
    assert response.status_code == 302
    db.session.refresh(round_)
    assert round_.training_pass_mark == 65
    assert "The pass mark is now 65%" in text(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the pass mark, a whole number from 0 to 100"),
        ("101", "Enter the pass mark as a whole number from 0 to 100"),
        ("-5", "Enter the pass mark as a whole number from 0 to 100"),
        ("80%", "Enter the pass mark as a whole number from 0 to 100"),
        ("²", "Enter the pass mark as a whole number from 0 to 100"),
        ("٨٠", "Enter the pass mark as a whole number from 0 to 100"),
    ],
)
def test_a_pass_mark_out_of_range_is_refused(client, commissioner, round_, typed, message):
    add_step(round_, "What is commissioning?")
    response = client.post(f"/rounds/{round_.id}/training/manage/pass-mark", data={"pass_mark": typed})
    assert response.status_code == 400
    assert message in text(response)
    assert f'value="{html.escape(typed)}"' in markup(response) or not typed
    assert "1. What is commissioning?" in text(response)
    db.session.refresh(round_)
    assert round_.training_pass_mark == 80


def test_steps_of_another_round_are_not_found(client, make, commissioner, round_):
    other = add_step(make.round("Another round"))
    base = f"/rounds/{round_.id}/training/manage/steps/{other.id}"
    assert client.get(base).status_code == 404
    assert client.post(base, data=step_form()).status_code == 404
    assert client.post(f"{base}/move", data={"direction": "up"}).status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    db.session.refresh(other)
    assert other.title == "What is commissioning?"


@pytest.mark.parametrize("who", ["member", "chair", "outsider"])
def test_only_commissioners_can_change_training(client, make, login, round_, who):
    from scoring.people import MemberRole

    step = add_step(round_)
    if who == "outsider":
        login(make.user())
    else:
        login(make.member(round_, role=MemberRole.CHAIR if who == "chair" else MemberRole.PANELLIST).user)
    base = f"/rounds/{round_.id}/training/manage"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/steps/new", data=step_form()).status_code == 403
    assert client.post(f"{base}/steps/{step.id}", data=step_form()).status_code == 403
    assert client.post(f"{base}/steps/{step.id}/delete").status_code == 403
    assert client.post(f"{base}/pass-mark", data={"pass_mark": "10"}).status_code == 403
    assert titles(round_) == ["What is commissioning?"]


def test_people_not_signed_in_are_sent_to_sign_in(client, round_):
    response = client.get(f"/rounds/{round_.id}/training/manage")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
