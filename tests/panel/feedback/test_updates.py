"""News about funded bids after the decision: the commissioner posts it, every panellist is told (except those
who stepped out of that bid) and reads it, dated, on their feedback page."""

import pytest
from sqlalchemy import func, select

from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.feedback.models import BidUpdate


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def shared(make, world):
    make.published(world.round)
    return world


def _post(client, round_id: int, **data):
    return client.post(f"/rounds/{round_id}/feedback/updates", data=data)


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_the_page_lists_only_the_funded_bids(client, login, shared):
    login(shared.commissioner)
    text = _text(client.get(f"/rounds/{shared.round.id}/feedback/updates"))
    assert "A-01: Skate club" in text and "A-03: Summer camp" in text
    assert "Chat app" not in text
    assert f'value="{shared.club.id}"' in text and f'value="{shared.app.id}"' not in text


def test_news_reaches_every_member_but_those_who_stepped_out(client, login, shared):
    login(shared.commissioner)
    response = _post(client, shared.round.id, bid=str(shared.camp.id), body="The camp had 30 young people.")
    assert response.status_code == 302
    assert "went to 2 people on the panel" in _text(client.get(response.headers["Location"]))
    news = db.session.scalar(select(BidUpdate))
    assert (news.bid_id, news.body, news.posted_by_id) == (
        shared.camp.id,
        "The camp had 30 young people.",
        shared.commissioner.id,
    )
    told = {n.user_id: n for n in db.session.scalars(select(Notification))}
    assert set(told) == {shared.chair.user_id, shared.ben.user_id}, "Aisha stepped out of the camp"
    for message in told.values():
        assert message.link == f"/rounds/{shared.round.id}/feedback#bid-{shared.camp.id}"
        assert "Summer camp" in message.message and message.round_id == shared.round.id


def test_every_member_is_told_and_reads_the_news_dated_on_their_page(client, login, shared):
    login(shared.commissioner)
    _post(client, shared.round.id, bid=str(shared.club.id), body="The club opened on Friday.")
    told = {n.user_id for n in db.session.scalars(select(Notification))}
    assert told == {shared.chair.user_id, shared.aisha.user_id, shared.ben.user_id}
    login(shared.aisha.user)
    messages = _text(client.get("/notifications"))
    assert "There is news about a bid your panel helped to fund: Skate club." in messages
    client.get("/notifications")
    login(shared.ben.user)
    page = _text(client.get(f"/rounds/{shared.round.id}/feedback"))
    assert "News since the decision" in page and "The club opened on Friday." in page
    db.session.expire_all()
    ben = db.session.scalar(select(Notification).where(Notification.user_id == shared.ben.user_id))
    assert ben.read_at is not None, "opening the page the message points at marks it read"


def test_no_news_before_the_decisions_are_shared(client, login, world):
    login(world.commissioner)
    page = _text(client.get(f"/rounds/{world.round.id}/feedback/updates"))
    assert "You can send news once the decisions are shared with the panel." in page
    response = _post(client, world.round.id, bid=str(world.club.id), body="Too early")
    assert response.status_code == 409
    assert "Share the decisions with the panel first." in _text(response)
    assert _count(BidUpdate) == 0 and _count(Notification) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"body": "News"}, "Choose the bid the news is about"),
        ({"bid": "not-a-number", "body": "News"}, "Choose one of the funded bids"),
        ({"bid": "999999999999", "body": "News"}, "Choose one of the funded bids"),
        ({"bid": "{app}", "body": "News"}, "Choose one of the funded bids"),
        ({"bid": "{club}", "body": "   "}, "Write the news"),
        ({"bid": "{club}", "body": "x" * 2001}, "Keep it to 2000 characters or fewer"),
    ],
)
def test_news_that_cannot_be_sent_says_why(client, login, shared, data, message):
    login(shared.commissioner)
    data = {
        key: value.format(app=shared.app.id, club=shared.club.id) if key == "bid" else value
        for key, value in data.items()
    }
    response = _post(client, shared.round.id, **data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _count(BidUpdate) == 0 and _count(Notification) == 0


def test_a_round_with_nothing_funded_has_nothing_to_send_news_about(client, login, make):
    round_ = make.round("Empty")
    login(make.commissioner())
    assert "No bid has been funded in this round yet" in _text(
        client.get(f"/rounds/{round_.id}/feedback/updates")
    )


def test_another_rounds_bid_cannot_get_news_here(client, login, make, shared):
    other_bid = make.bid(shared.other_round, "X-01")
    make.decision(shared.other_round, other_bid, "funded")
    login(shared.commissioner)
    response = _post(client, shared.round.id, bid=str(other_bid.id), body="Sneaky")
    assert "Choose one of the funded bids" in _text(response)
    assert _count(BidUpdate) == 0


@pytest.mark.parametrize("who", ["chair", "aisha", "outsider"])
def test_only_commissioners_send_news(client, login, shared, who):
    person = getattr(shared, who)
    login(getattr(person, "user", person))
    assert client.get(f"/rounds/{shared.round.id}/feedback/updates").status_code == 403
    assert _post(client, shared.round.id, bid=str(shared.club.id), body="News").status_code == 403
    assert _count(BidUpdate) == 0


def test_the_round_page_leads_the_commissioner_to_replies_and_news_once_published(client, login, make, world):
    login(world.commissioner)
    page = f"/rounds/{world.round.id}"
    links = (f"/rounds/{world.round.id}/feedback/replies", f"/rounds/{world.round.id}/feedback/updates")
    before = _text(client.get(page))
    assert "Record and publish the final decisions" in before
    assert not any(link in before for link in links)
    make.published(world.round)
    after = _text(client.get(page))
    assert all(f'href="{link}"' in after for link in links)
