"""A young panellist on a phone, with the keyboard alone: from their "You said - we did" page to the reply form,
answering and sending it anonymously, and on to their record of contribution and its certificate."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.feedback.models import ProcessReply
from panel.rounds.models import Membership
from tests.browser.helpers import PHONE, assert_visible_focus, focused, tab_to, typed
from tests.browser.pages import FEEDBACK_READER

pytestmark = pytest.mark.browser

SAID = "Short breaks in the meeting helped me think."


def _press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def _link_to(href: str):
    return lambda element: element["tag"] == "a" and element["href"] == href


def _choose(page, value: str) -> None:
    for _ in range(4):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowRight")
    assert focused(page)["value"] == value


def test_a_young_member_replies_and_finds_their_certificate_with_the_keyboard(open_page, demo, browser_app):
    visit = open_page(FEEDBACK_READER, PHONE)
    page = visit.page
    base = f"/rounds/{demo.published_round_id}/feedback"
    visit.goto(base)
    assert "You said - we did" in page.inner_text("h1")
    assert "Here's what happened to each bid" in page.inner_text("main")

    tab_to(page, _link_to(f"{base}/reply"))
    assert_visible_focus(page)
    _press_and_wait(page)
    assert page.inner_text("h1") == "Tell us how it went"

    tab_to(page, lambda element: element["name"] == "felt_heard")
    page.keyboard.press("Space")
    _choose(page, "partly")
    tab_to(page, lambda element: element["name"] == "change")
    page.keyboard.press("Control+A")
    typed(page, SAID)
    share = tab_to(page, lambda element: element["name"] == "share_name")
    assert_visible_focus(page)
    if share["checked"]:
        page.keyboard.press("Space")  # leave the name out: anonymous
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Send my answers")
    _press_and_wait(page)
    assert page.url.endswith(f"{base}#your-say")
    assert "Thank you for telling us how it went." in page.inner_text("main")

    with browser_app.app_context():
        reply = db.session.scalar(
            select(ProcessReply)
            .join(Membership, Membership.id == ProcessReply.membership_id)
            .where(ProcessReply.round_id == demo.published_round_id, ProcessReply.change == SAID)
        )
        assert reply is not None and reply.felt_heard.value == "partly" and reply.share_name is False
        db.session.remove()

    tab_to(page, _link_to(f"{base}/contribution"))
    _press_and_wait(page)
    assert page.inner_text("h1") == "Your time on the panel"
    certificate = tab_to(page, _link_to(f"{base}/certificate.pdf"))
    assert "certificate" in certificate["text"].lower()
    assert_visible_focus(page)
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Print this page")
    assert_visible_focus(page)
