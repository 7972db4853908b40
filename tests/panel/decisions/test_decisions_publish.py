"""The summary for young people (with its reading level) and publishing: blocked until every bid is decided, every
different decision explained and the summary written; then the round is published and every member told."""

import pytest
from sqlalchemy import select

from panel.core.notifications.models import Notification
from panel.decisions.models import Decision, Feedback
from panel.extensions import db
from panel.rounds.models import Round
from scoring.rounds import RoundStatus
from tests.panel.decisions.decisions_world import third_young_member
from tests.panel.training.journey_helpers import markup, text

PLAIN = "We chose two bids. The skate club gets money. The camp gets money too."
HARD = (
    "Following comprehensive consideration of organisational sustainability, the commissioning authority "
    "determined that allocation of resources to the aforementioned proposals was appropriate."
)


@pytest.fixture
def commissioner(decided, login):
    return login(decided.commissioner)


def _decide_all(make, world):
    make.decision(world.round, world.club)
    make.decision(
        world.round, world.app, "not_funded", explanation="Young people liked it, but it costs a lot."
    )
    make.decision(world.round, world.camp, amount_pence=1_000_000)


def _feedback(world) -> Feedback | None:
    db.session.expire_all()
    return db.session.scalar(select(Feedback).where(Feedback.round_id == world.round.id))


def _status(world) -> RoundStatus:
    db.session.expire_all()
    return db.session.get(Round, world.round.id).status


def test_the_summary_is_saved_and_its_reading_level_shown(client, decided, commissioner):
    response = client.post(
        f"/rounds/{decided.round.id}/decisions/summary",
        data={"summary": PLAIN, "next_steps": "The clubs start in May."},
        follow_redirects=True,
    )
    page = text(response)
    assert "The summary for young people is saved. Reading level: grade" in page and "Easy to read" in page
    assert _feedback(decided).summary == PLAIN and _feedback(decided).next_steps == "The clubs start in May."
    assert "Write something to see how easy it is to read." not in page


def test_a_hard_summary_gets_the_hint_to_use_shorter_words(client, decided, commissioner):
    response = client.post(
        f"/rounds/{decided.round.id}/decisions/summary", data={"summary": HARD}, follow_redirects=True
    )
    assert "Hard for some young people: use shorter sentences and words" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Write the summary for young people"),
        ({"summary": "   "}, "Write the summary for young people"),
        ({"summary": "x" * 3001}, "Summary for young people must be 3,000 characters or fewer"),
        ({"summary": PLAIN, "next_steps": "y" * 3001}, "What happens next must be 3,000 characters or fewer"),
    ],
)
def test_a_bad_summary_is_refused_and_kept(client, decided, commissioner, data, message):
    response = client.post(f"/rounds/{decided.round.id}/decisions/summary", data=data)
    assert response.status_code == 400
    assert message in text(response)
    if data.get("summary", "").strip():
        assert data["summary"][:50] in markup(response)
    assert _feedback(decided) is None


def test_the_reading_level_endpoint_measures_text_as_json(client, decided, commissioner):
    url = f"/rounds/{decided.round.id}/decisions/reading-level"
    easy = client.post(url, json={"text": PLAIN}).get_json()
    assert easy["label"] == "Easy to read" and easy["easy"] is True and easy["grade"] <= 6
    assert easy["message"].startswith("Reading level: grade")
    assert client.post(url, json={"text": HARD}).get_json()["easy"] is False
    assert client.post(url, json={"text": ""}).get_json()["grade"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"json": {}},
        {"json": {"text": 5}},
        {"json": ["a"]},
        {"data": "not json"},
        {"json": {"text": "word " * 2000}},
    ],
)
def test_the_reading_level_endpoint_refuses_bad_requests_plainly(client, decided, commissioner, body):
    response = client.post(f"/rounds/{decided.round.id}/decisions/reading-level", **body)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_the_summary_page_has_a_live_hint_that_works_without_javascript(client, decided, commissioner, make):
    page = markup(client.get(f"/rounds/{decided.round.id}/decisions/summary"))
    assert 'aria-live="polite"' in page and "js/reading_level." in page  # fingerprinted address
    assert f'data-cp-reading-url="/rounds/{decided.round.id}/decisions/reading-level"' in page
    assert 'aria-describedby="summary-reading' in page


def test_publishing_is_blocked_until_every_bid_is_decided_and_the_summary_written(
    client, decided, commissioner, make
):
    response = client.post(f"/rounds/{decided.round.id}/decisions/publish")
    assert response.status_code == 409
    page = text(response)
    assert "The decisions can't be published yet" in page
    assert "Record a decision for every bid first (3 still to do)" in page
    assert "Write the summary for young people first" in page
    assert _status(decided) is RoundStatus.DECIDED
    assert db.session.scalar(select(db.func.count(Notification.id))) == 0


def test_publishing_waits_for_a_decision_that_differs_without_saying_why(client, decided, commissioner, make):
    """Saved before the young members' first views were in, the app's decision now needs an explanation."""
    third_young_member(make, decided)
    _decide_all(make, decided)
    db.session.scalar(select(Decision).where(Decision.bid_id == decided.app.id)).explanation = ""
    db.session.commit()
    client.post(f"/rounds/{decided.round.id}/decisions/summary", data={"summary": PLAIN})
    response = client.post(f"/rounds/{decided.round.id}/decisions/publish")
    assert response.status_code == 409
    assert "Explain why 1 decision differs from what the panel thought first" in text(response)
    assert _status(decided) is RoundStatus.DECIDED


def test_publishing_moves_the_round_on_and_tells_every_member(client, decided, commissioner, make):
    _decide_all(make, decided)
    client.post(f"/rounds/{decided.round.id}/decisions/summary", data={"summary": PLAIN})
    index = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "Once published, the decisions and the summary can't change." in index
    response = client.post(f"/rounds/{decided.round.id}/decisions/publish", follow_redirects=True)
    assert "The decisions are published. Every panel member has a message telling them." in text(response)
    assert _status(decided) is RoundStatus.PUBLISHED
    feedback = _feedback(decided)
    assert feedback.published_at is not None and feedback.published_by_id == decided.commissioner.id
    told = {n.user_id: n for n in db.session.scalars(select(Notification))}
    members = {m.user_id for m in (decided.chair, decided.aisha, decided.ben, decided.adult)}
    assert set(told) == members  # not the other round's member, not the commissioner
    notification = told[decided.aisha.user_id]
    assert notification.kind == "feedback" and notification.round_id == decided.round.id
    assert "The decisions for Youth fund 2027 are out." in notification.message
    assert notification.link.endswith(f"/rounds/{decided.round.id}/feedback")
    assert "Published on" in text(client.get(f"/rounds/{decided.round.id}/decisions"))


def test_the_rounds_own_status_button_publishes_the_same_way(client, decided, commissioner, make):
    _decide_all(make, decided)
    client.post(f"/rounds/{decided.round.id}/decisions/summary", data={"summary": PLAIN})
    response = client.post(f"/rounds/{decided.round.id}/status", data={"to": "published"})
    assert response.status_code == 302
    assert _status(decided) is RoundStatus.PUBLISHED and _feedback(decided).published_at is not None
    assert db.session.scalar(select(db.func.count(Notification.id))) == 4


def test_publishing_twice_tells_nobody_twice(client, decided, commissioner, make):
    _decide_all(make, decided)
    client.post(f"/rounds/{decided.round.id}/decisions/summary", data={"summary": PLAIN})
    client.post(f"/rounds/{decided.round.id}/decisions/publish")
    response = client.post(f"/rounds/{decided.round.id}/decisions/publish")
    assert response.status_code == 409 and "can't change now" in text(response)
    assert db.session.scalar(select(db.func.count(Notification.id))) == 4


def test_the_summary_is_locked_once_published(client, decided, commissioner, make):
    make.published(decided.round, summary="The published summary.")
    page = text(client.get(f"/rounds/{decided.round.id}/decisions/summary"))
    assert "The published summary." in page and "can't change now" in page
    response = client.post(f"/rounds/{decided.round.id}/decisions/summary", data={"summary": "Changed"})
    assert response.status_code == 409
    assert _feedback(decided).summary == "The published summary."
