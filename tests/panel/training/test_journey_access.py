"""A member of one round cannot open or change another round's training."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.training.models import PracticeScore, QuizAnswer, StepCompletion
from tests.panel.training.journey_helpers import course, step


def _pages(c) -> list[str]:
    first = c.steps[0].id
    return ["", f"steps/{first}", f"steps/{first}/quiz", "practice", "practice/feedback"]


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_people_outside_the_round_are_refused_on_every_training_page(client, make, login, who):
    c = course(make)
    if who == "outsider":
        login(make.user())
    else:
        other = make.round("Other round")
        step(other, "Their own step")
        login(make.member(other).user)
    first, second = c.round.criteria
    data = {
        f"question_{c.question(0).id}": c.option(0).id,
        f"criterion-{first.id}-score": "2",
        f"criterion-{second.id}-score": "2",
    }
    for page in _pages(c):
        assert client.get(c.url(page)).status_code == 403, page
        if page != "practice/feedback" and page != "":
            assert client.post(c.url(page), data=data).status_code == 403, page
    for model in (StepCompletion, QuizAnswer, PracticeScore):
        assert db.session.scalar(select(model.id)) is None


def test_signed_out_visitors_are_sent_to_sign_in(client, make):
    c = course(make)
    for page in _pages(c):
        response = client.get(c.url(page))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), page


def test_an_unknown_round_is_not_found(client, make, login):
    login(make.user())
    assert client.get("/rounds/999999/training/").status_code == 404
