"""A panellist's "You said - we did" page: who may open it and when, what it shows (their own scores, never
anyone else's), and the receipt that they opened it."""

import pytest
from sqlalchemy import select

from panel.core.notifications.models import Notification
from panel.decisions.models import FeedbackReceipt
from panel.extensions import db
from panel.feedback.models import BidUpdate
from scoring.rounds import RoundStatus
from tests.panel.feedback.feedback_world import BEN_SECRET, minutes_ago
from tests.panel.test_access import FEEDBACK_MEMBERS

PAGES = {
    "feedback.show": "/rounds/{id}/feedback",
    "feedback.reply": "/rounds/{id}/feedback/reply",
    "feedback.contribution": "/rounds/{id}/feedback/contribution",
    "feedback.certificate": "/rounds/{id}/feedback/certificate.pdf",
}


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_every_feedback_page_is_covered_here():
    assert set(PAGES) == FEEDBACK_MEMBERS


@pytest.mark.parametrize("who", ["outsider", "stranger", "commissioner"])
def test_people_off_the_panel_are_refused_every_feedback_page(client, login, make, world, who):
    make.published(world.round)
    login(getattr(world, who))
    for endpoint, path in PAGES.items():
        assert client.get(path.format(id=world.round.id)).status_code == 403, endpoint
    assert (
        client.post(PAGES["feedback.reply"].format(id=world.round.id), data={"felt_heard": "yes"}).status_code
        == 403
    )


def test_members_of_another_round_are_refused_even_when_their_own_is_published(client, login, make, world):
    make.published(world.other_round)
    make.published(world.round)
    login(world.stranger)
    assert client.get(f"/rounds/{world.round.id}/feedback").status_code == 403
    assert client.get(f"/rounds/{world.other_round.id}/feedback").status_code == 200


def test_no_such_round_is_not_found(client, login, world):
    login(world.aisha.user)
    for path in PAGES.values():
        assert client.get(path.format(id=99999)).status_code == 404
        assert client.get(path.format(id=2**40)).status_code == 404


@pytest.mark.parametrize("status", [RoundStatus.SCORING, RoundStatus.MEETING, RoundStatus.DECIDED])
def test_nothing_is_shown_before_the_decisions_are_shared(client, login, world, status):
    world.round.status = status
    db.session.commit()
    login(world.aisha.user)
    for endpoint, path in PAGES.items():
        response = client.get(path.format(id=world.round.id))
        assert response.status_code == 403, endpoint
        text = _text(response)
        assert "Not ready yet" in text and "We will send you a message when it is ready." in text
        assert "Skaters asked for it" not in text
    assert db.session.scalar(select(FeedbackReceipt)) is None


def test_a_published_status_without_published_feedback_is_not_ready(client, login, world):
    world.round.status = RoundStatus.PUBLISHED
    db.session.commit()
    login(world.aisha.user)
    assert client.get(f"/rounds/{world.round.id}/feedback").status_code == 403


def test_the_page_shows_the_summary_each_outcome_and_why(client, login, make, world):
    make.published(world.round, "We funded the skate club and the camp.", next_steps="The club opens in May.")
    login(world.aisha.user)
    response = client.get(f"/rounds/{world.round.id}/feedback")
    assert response.status_code == 200
    text = _text(response)
    assert "You said - we did" in text
    assert "We funded the skate club and the camp." in text and "The club opens in May." in text
    assert "Funded: £25,000" in text and "Skaters asked for it and the plan is clear." in text
    assert "The panel said: fund it (£25,000)." in text
    assert "The final decision is the same as the panel said." in text
    # The app: the panel said fund it, the commissioner did not, and says why.
    assert "Not funded" in text and "The app costs too much for what it does." in text
    assert "The final decision is different from what the panel said." in text
    assert "Why it&#39;s different" in text and "We had no money left after the other bids." in text


def test_a_member_sees_their_own_scores_beside_the_panels_and_never_anyone_elses(client, login, make, world):
    make.published(world.round)
    login(world.aisha.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    assert "You gave 7 out of 10. The panel agreed 6 out of 10." in text
    assert "You gave 3 out of 4. The panel agreed 2 out of 4." in text
    assert "You gave 7 out of 10. The panel agreed 5 out of 10." in text
    assert "9 out of 10" not in text and ">9<" not in text, "Ben's score must never reach Aisha's page"
    assert BEN_SECRET not in text and "Aisha liked it" not in text
    assert "cp-bars__fill cp-w-70" in text and "cp-bars__fill cp-w-60" in text  # the picture: 7 and 6 of 10


def test_ben_sees_his_own_scores_and_not_aishas(client, login, make, world):
    make.published(world.round)
    login(world.ben.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    assert "You gave 9 out of 10. The panel agreed 6 out of 10." in text
    assert "7 out of 10" not in text


def test_a_conflicted_member_sees_only_the_outcome_of_that_bid(client, login, make, world):
    make.published(world.round)
    db.session.add(BidUpdate(round_id=world.round.id, bid_id=world.camp.id, body="Camp news for the others"))
    db.session.commit()
    login(world.aisha.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    section = text[text.index(f'id="bid-{world.camp.id}"') :]
    section = section[: section.index("</section>")]
    assert "Funded: £10,000" in section
    assert "You stepped out for this one" in section
    for hidden in (
        "Camp reasons only",
        "The camp had a new plan.",
        "The panel said",
        "Camp news",
        "You gave",
    ):
        assert hidden not in section, hidden
    assert "Camp news for the others" not in text


def test_a_bid_the_member_did_not_score_says_so(client, login, make, world):
    make.published(world.round)
    login(world.chair.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    assert text.count("You didn't send a scoring sheet for this bid.") == 3
    assert "You gave" not in text


def test_news_on_funded_bids_is_shown_dated(client, login, make, world):
    make.published(world.round)
    db.session.add(
        BidUpdate(round_id=world.round.id, bid_id=world.club.id, body="The club opened last week.")
    )
    db.session.commit()
    login(world.aisha.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    assert "News since the decision" in text and "The club opened last week." in text
    from panel.core.templating import long_date

    posted = db.session.scalar(select(BidUpdate)).posted_at
    assert long_date(posted) in text


def test_opening_the_page_records_a_receipt(client, login, make, world):
    make.published(world.round)
    login(world.aisha.user)
    client.get(f"/rounds/{world.round.id}/feedback")
    receipt = db.session.scalar(
        select(FeedbackReceipt).where(FeedbackReceipt.membership_id == world.aisha.id)
    )
    assert receipt.opened_at is not None and receipt.last_opened_at == receipt.opened_at
    first = receipt.opened_at
    client.get(f"/rounds/{world.round.id}/feedback")
    db.session.expire_all()
    receipt = db.session.scalar(
        select(FeedbackReceipt).where(FeedbackReceipt.membership_id == world.aisha.id)
    )
    assert receipt.opened_at == first and receipt.last_opened_at > first
    assert (
        db.session.scalar(select(FeedbackReceipt).where(FeedbackReceipt.membership_id == world.ben.id))
        is None
    )


def test_a_reminder_receipt_gets_its_first_opening(client, login, make, world):
    make.published(world.round)
    db.session.add(
        FeedbackReceipt(
            round_id=world.round.id, membership_id=world.aisha.id, reminded_at=minutes_ago(5), reminders=1
        )
    )
    db.session.commit()
    login(world.aisha.user)
    client.get(f"/rounds/{world.round.id}/feedback")
    db.session.expire_all()
    receipt = db.session.scalar(
        select(FeedbackReceipt).where(FeedbackReceipt.membership_id == world.aisha.id)
    )
    assert receipt.opened_at is not None and receipt.reminders == 1


def test_opening_the_page_marks_its_messages_read(client, login, make, world):
    make.published(world.round)
    link = f"/rounds/{world.round.id}/feedback"
    for kind, to in (
        ("feedback", link),
        ("bid_update", f"{link}#bid-{world.club.id}"),
        ("reminder", f"/rounds/{world.round.id}/sheets/"),
        ("feedback", f"/rounds/{world.round.id}1/feedback"),
    ):
        db.session.add(
            Notification(
                user_id=world.aisha.user_id, round_id=world.round.id, kind=kind, message="Hello", link=to
            )
        )
    db.session.add(
        Notification(
            user_id=world.ben.user_id, round_id=world.round.id, kind="feedback", message="Hi", link=link
        )
    )
    db.session.commit()
    login(world.aisha.user)
    page = _text(client.get(link))
    assert "Messages (2 new)" in page  # the header already counts them as read
    db.session.expire_all()
    unread = {n.link for n in db.session.scalars(select(Notification).where(Notification.read_at.is_(None)))}
    assert unread == {f"/rounds/{world.round.id}/sheets/", f"/rounds/{world.round.id}1/feedback", link}
    assert (
        db.session.scalar(select(Notification).where(Notification.user_id == world.ben.user_id)).read_at
        is None
    )


def test_the_round_page_links_to_feedback_once_published(client, login, make, world):
    login(world.aisha.user)
    hub = f"/rounds/{world.round.id}"
    assert "/feedback" not in _text(client.get(hub))
    make.published(world.round)
    text = _text(client.get(hub))
    assert f'href="/rounds/{world.round.id}/feedback"' in text
    assert f'href="/rounds/{world.round.id}/feedback/contribution"' in text


def test_a_closed_round_keeps_its_feedback(client, login, make, world):
    make.published(world.round, status=RoundStatus.CLOSED)
    login(world.aisha.user)
    assert client.get(f"/rounds/{world.round.id}/feedback").status_code == 200


def test_the_page_has_reading_help(client, login, make, world):
    make.published(world.round)
    login(world.aisha.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback"))
    assert (
        'data-cp-text-size="large"' in text and "data-cp-read-aloud" in text and "js/reading." in text
    )  # its address carries a fingerprint


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_wrong_methods_are_refused_politely(client, login, make, world, method):
    make.published(world.round)
    login(world.aisha.user)
    for endpoint in ("feedback.show", "feedback.contribution", "feedback.certificate"):
        assert client.open(PAGES[endpoint].format(id=world.round.id), method=method).status_code == 405
