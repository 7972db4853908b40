"""The gate: scoring sheets open only once training is done, checked on the server for every sheet page."""

import pytest
from werkzeug.exceptions import HTTPException

from panel.core.models import utcnow
from panel.extensions import db
from panel.sheets.gate import require_training
from panel.training.models import QuizAnswer
from tests.panel.training.journey_helpers import course, finish_training, text


def sheets(c) -> str:
    return f"/rounds/{c.round.id}/sheets/"


def test_before_training_the_sheets_page_says_what_is_left(client, make, login):
    c = course(make)
    login(c.member)
    response = client.get(sheets(c))
    assert response.status_code == 403
    page = text(response)
    assert "Finish your training first" in page
    assert "Read the training steps (0 of 3 done)" in page
    assert "you need 80% right (you have 0%)" in page
    assert "Score the practice bid" in page
    assert f'href="/rounds/{c.round.id}/training/"' in response.get_data(as_text=True)


def test_only_what_is_still_left_is_listed(client, make, login):
    c = course(make)
    finish_training(c)
    c.membership.practice_done_at = None
    db.session.commit()
    login(c.member)
    page = text(client.get(sheets(c)))
    assert "Score the practice bid" in page and "Read the training steps" not in page


def test_after_training_the_sheets_open(client, make, login):
    c = course(make)
    finish_training(c)
    login(c.member)
    response = client.get(sheets(c))
    assert response.status_code == 200 and "Your scoring sheets" in text(response)


def test_training_done_in_person_opens_the_sheets(client, make, login):
    c = course(make)
    c.membership.trained_in_person_at = utcnow()
    db.session.commit()
    login(c.member)
    assert client.get(sheets(c)).status_code == 200


def test_a_quiz_below_the_pass_mark_keeps_the_sheets_locked(client, make, login):
    c = course(make, pass_mark=100)
    finish_training(c)
    login(c.member)
    quiz = f"/rounds/{c.round.id}/training/steps/{c.steps[2].id}/quiz"
    # Answering again is allowed only for questions not yet right, so make one wrong directly.
    answer = db.session.query(QuizAnswer).filter_by(question_id=c.question(2).id).one()
    answer.correct = False
    db.session.commit()
    response = client.get(sheets(c))
    assert response.status_code == 403 and "you need 100% right (you have 66%)" in text(response)
    client.post(quiz, data={f"question_{c.question(2).id}": c.option(2).id})
    assert client.get(sheets(c)).status_code == 200


def test_commissioners_go_to_the_round_instead(client, make, login):
    c = course(make)
    login(make.commissioner())
    response = client.get(sheets(c))
    assert response.status_code == 302 and response.headers["Location"] == f"/rounds/{c.round.id}"


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_people_outside_the_round_are_refused(client, make, login, who):
    c = course(make)
    person = make.user() if who == "outsider" else make.member(make.round("Other")).user
    login(person)
    assert client.get(sheets(c)).status_code == 403
    assert client.get("/rounds/999999/sheets/").status_code == 404


def _gate_as(app, user, round_id):
    from flask_login import login_user

    from panel.rounds.models import Round

    with app.test_request_context():
        login_user(user)
        return require_training(db.session.get(Round, round_id))


def test_require_training_refuses_until_training_is_done_then_returns_the_seat(app, make):
    c = course(make)
    with pytest.raises(HTTPException) as refused:
        _gate_as(app, c.member, c.round.id)
    assert refused.value.response.status_code == 403
    assert "Finish your training first" in refused.value.response.get_data(as_text=True)
    finish_training(c)
    assert _gate_as(app, c.member, c.round.id).id == c.membership.id


def test_require_training_refuses_people_outside_the_round(app, make):
    c = course(make)
    with pytest.raises(HTTPException) as refused:
        _gate_as(app, make.user(), c.round.id)
    assert refused.value.code == 403


def test_finished_members_keep_their_sheets_when_the_training_grows(client, make, login):
    """Adding a step or raising the pass mark after someone finished must not lock them out mid-scoring."""
    from datetime import UTC, datetime

    from panel.extensions import db
    from panel.training.models import PracticeBid
    from panel.training.operations import answer_question, complete_step, training_facts
    from panel.training.permissions import can_score
    from scoring.training import unlocked

    round_ = make.round(criteria=1)
    db.session.add(PracticeBid(round_id=round_.id, organisation="Practice Youth Club", title="Practice"))
    step = make.training_step(round_)
    membership = make.member(round_)
    now = datetime.now(UTC)
    membership.practice_done_at = now
    complete_step(membership, step, now)
    question = step.questions[0]
    answer_question(membership, question, question.options[0], now)
    db.session.commit()
    assert membership.training_completed_at is not None
    make.training_step(round_, "A step added later")
    round_.training_pass_mark = 100
    db.session.commit()
    assert unlocked(training_facts(membership))
    assert can_score(membership.user, round_)


def test_the_gate_does_not_count_for_members_done_for_good(app_context, make):
    """Finished once or trained in person: the sheets open without re-counting steps and answers."""
    from sqlalchemy import event

    from panel.extensions import db
    from panel.training.operations import training_done

    round_ = make.round(criteria=1)
    make.training_step(round_)
    membership = make.member(round_, trained=True)
    db.session.refresh(membership)
    statements = []
    listener = lambda *args: statements.append(args[2])
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert training_done(membership)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements == []
    assert not training_done(make.member(round_))
