"""Read receipts: the commissioner sees who has opened their feedback page, and reminds only those who have not
(in Co-Panel, and by email where a member gave an address)."""

import pytest
from sqlalchemy import select

from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.decisions.models import FeedbackReceipt
from panel.extensions import db
from tests.panel.training.journey_helpers import text


@pytest.fixture
def published(decided, make, login):
    """The decisions are out; Aisha has opened her feedback page, nobody else has."""
    make.published(decided.round)
    db.session.add(
        FeedbackReceipt(
            round_id=decided.round.id,
            membership_id=decided.aisha.id,
            opened_at=utcnow(),
            last_opened_at=utcnow(),
        )
    )
    db.session.commit()
    login(decided.commissioner)
    return decided


def _receipts(client, world):
    return client.get(f"/rounds/{world.round.id}/decisions/receipts")


def _remind(client, world):
    return client.post(f"/rounds/{world.round.id}/decisions/receipts/remind", follow_redirects=True)


def _reminded(world) -> dict[int, Notification]:
    db.session.expire_all()
    return {
        n.user_id: n
        for n in db.session.scalars(select(Notification).where(Notification.kind == "feedback_reminder"))
    }


def test_the_receipts_list_shows_who_has_opened_their_feedback(client, published, monkeypatch, app):
    page = text(_receipts(client, published))
    assert "1 of 4 members have opened it, including 1 of 2 young people" in page
    assert "Aisha Khan Young person Opened" in page
    assert "Ben Bright Young person Not opened" in page
    assert "Chloe Chair Adult, chair Not opened" in page
    assert "Sam Stranger" not in page
    assert page.index("Aisha Khan") < page.index("Ben Bright") < page.index("Adam Adult")


def test_remind_tells_only_those_who_have_not_opened_it(client, published, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    response = _remind(client, published)
    assert "Reminded 3 members in Co-Panel. 0 emails sent." in text(response)
    reminded = _reminded(published)
    assert set(reminded) == {published.ben.user_id, published.chair.user_id, published.adult.user_id}
    ben = reminded[published.ben.user_id]
    assert "Hi Ben Bright, the decisions for Youth fund 2027 are out." in ben.message
    assert ben.link.endswith(f"/rounds/{published.round.id}/feedback") and ben.round_id == published.round.id
    page = text(_receipts(client, published))
    assert "1 sent, last on" in page and page.count("1 sent") == 3


def test_reminding_again_counts_the_reminders(client, published, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    _remind(client, published)
    _remind(client, published)
    receipt = db.session.scalar(
        select(FeedbackReceipt).where(FeedbackReceipt.membership_id == published.ben.id)
    )
    assert receipt.reminders == 2 and receipt.opened_at is None
    assert "2 sent, last on" in text(_receipts(client, published))


def test_reminders_are_emailed_to_members_who_gave_an_address(client, published, inbox):
    response = _remind(client, published)
    assert "Reminded 3 members in Co-Panel. 1 email sent." in text(response)
    ((recipients, message),) = inbox.messages
    assert recipients == ["ben@example.org"]
    assert message["Subject"] == "What your panel decided"
    body = message.get_content()
    assert "the decisions for Youth fund 2027 are out" in body
    assert f"http://localhost/rounds/{published.round.id}/feedback" in body


def test_nobody_needs_a_reminder_once_everyone_has_opened_it(client, published, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    for membership in (published.ben, published.chair, published.adult):
        db.session.add(
            FeedbackReceipt(round_id=published.round.id, membership_id=membership.id, opened_at=utcnow())
        )
    db.session.commit()
    assert "Everyone has opened their feedback page." in text(_receipts(client, published))
    assert "nobody needed a reminder" in text(_remind(client, published))
    assert _reminded(published) == {}


def test_nobody_is_reminded_before_the_decisions_are_published(client, decided, login):
    login(decided.commissioner)
    page = text(client.get(f"/rounds/{decided.round.id}/decisions/receipts"))
    assert "You haven't published the decisions yet" in page
    response = client.post(f"/rounds/{decided.round.id}/decisions/receipts/remind")
    assert response.status_code == 409
    assert "Nobody can open their feedback before you publish" in text(response)
    assert _reminded(decided) == {}
