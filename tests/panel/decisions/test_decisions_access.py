"""Only commissioners reach the decisions pages: the round's own panel (chair included), members of other rounds
and outsiders are refused on every page and every action; ids from elsewhere are simply not found."""

import pytest
from sqlalchemy import select

from panel.core.notifications.models import Notification
from panel.decisions.models import Decision, Feedback
from panel.extensions import db
from tests.panel.decisions.decisions_world import decision_form
from tests.panel.training.journey_helpers import text

PAGES = [
    ("GET", "/rounds/{round}/decisions"),
    ("GET", "/rounds/{round}/decisions/{bid}"),
    ("POST", "/rounds/{round}/decisions/{bid}"),
    ("GET", "/rounds/{round}/decisions/summary"),
    ("POST", "/rounds/{round}/decisions/summary"),
    ("POST", "/rounds/{round}/decisions/reading-level"),
    ("POST", "/rounds/{round}/decisions/publish"),
    ("GET", "/rounds/{round}/decisions/receipts"),
    ("POST", "/rounds/{round}/decisions/receipts/remind"),
    ("GET", "/rounds/{round}/decisions/{bid}/letter"),
    ("GET", "/rounds/{round}/decisions/{bid}/letter.txt"),
]
POSTED = {"summary": "Changed", "text": "Hello", **decision_form()}


def _open(client, method, path, world, bid=None):
    url = path.format(round=world.round.id, bid=(bid or world.club).id)
    if "reading-level" in url:
        return client.open(url, method=method, json={"text": "Hello"})
    return client.open(url, method=method, data=POSTED if method == "POST" else None)


@pytest.mark.parametrize("who", ["aisha", "chair", "adult", "stranger", "outsider"])
def test_everyone_but_a_commissioner_is_refused_everywhere(client, decided, login, make, who):
    make.decision(decided.round, decided.club)
    person = getattr(decided, who)
    login(getattr(person, "user", person))
    for method, path in PAGES:
        response = _open(client, method, path, decided)
        assert response.status_code == 403, (who, method, path, response.status_code)
        assert "Skate club" not in text(response) and "Only commissioners" in text(response)
    db.session.expire_all()
    assert db.session.scalar(select(Decision.reasons)) == "It will help lots of young people."  # unchanged
    assert db.session.scalar(select(db.func.count(Feedback.id))) == 0
    assert db.session.scalar(select(db.func.count(Notification.id))) == 0


def test_a_bid_of_another_round_is_not_found_through_this_one(client, decided, login):
    login(decided.commissioner)
    for method, path in PAGES:
        if "{bid}" in path:
            assert _open(client, method, path, decided, decided.other_bid).status_code == 404, (method, path)


@pytest.mark.parametrize(
    "url",
    [
        "/rounds/999/decisions",
        "/rounds/999/decisions/1",
        "/rounds/0/decisions",
        "/rounds/{round}/decisions/0",
        "/rounds/{round}/decisions/99999999999",
        "/rounds/{round}/decisions/-1",
        "/rounds/{round}/decisions/abc",
        "/rounds/{round}/decisions/999/letter",
        "/rounds/{round}/decisions/999/letter.txt",
    ],
)
def test_ids_that_do_not_exist_are_not_found(client, decided, login, url):
    login(decided.commissioner)
    assert client.get(url.format(round=decided.round.id)).status_code == 404
    if url.count("/") == 4 and not url.endswith("decisions"):
        assert client.post(url.format(round=decided.round.id), data=POSTED).status_code in (404, 405)
