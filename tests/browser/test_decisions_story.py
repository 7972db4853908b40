"""The whole of "You said - we did" in real browsers, one person per context: the commissioner publishes the
decisions (one goes against the panel and cannot be saved until it is explained); a young panellist on a phone
reads what happened and why, with their own scores; the commissioner sees that she opened it; she downloads her
certificate. axe-core checks every page on the way."""

import pytest
from sqlalchemy import select

from panel.decisions.models import FeedbackReceipt
from panel.demo.content import PASSWORD
from panel.extensions import db
from panel.rounds.models import Round
from scoring.people import MemberKind
from scoring.rounds import RoundStatus
from tests import factories
from tests.browser.helpers import DESKTOP, PHONE
from tests.browser.test_accessibility import _assert_no_problems

pytestmark = pytest.mark.browser

EXPLANATION = "The council's safety check found no adult would read the chats at night."


@pytest.fixture
def story(browser_app):
    """A round just after its meeting: the panel recommended the skate club and not the chat app, though
    most young members' first view of the app was "fund it". Zara (young, 14-16) scored both."""
    with browser_app.app_context():
        round_ = factories.round("Story round", budget_pence=5_000_000, status=RoundStatus.DECIDED)
        needs = factories.criterion(round_, "Young people want it", scale=(0, 4))
        club = factories.bid(
            round_, "S-01", title="Skate club", organisation="Skate Group", amount_pence=2_500_000
        )
        chat = factories.bid(
            round_, "S-02", title="Chat app", organisation="App Makers", amount_pence=3_000_000
        )
        zara = factories.member(round_, factories.user("zara-story", "Zara", password=PASSWORD), trained=True)
        # Three young members: fewer would be too few to show their lean (scoring/disclosure.py).
        others = [factories.member(round_, trained=True) for _ in range(2)]
        factories.member(round_, kind=MemberKind.ADULT, trained=True)
        factories.sheet(zara, club, {needs: 3})
        factories.sheet(zara, chat, {needs: 4})
        factories.recommendation(round_, club, "fund", consensus={needs: 4})
        factories.recommendation(round_, chat, "do_not_fund", consensus={needs: 1})
        for young in (zara, *others):
            factories.first_view(young, chat, "fund")
        ids = {"round": round_.id, "club": club.id, "chat": chat.id, "zara": zara.id}
        db.session.remove()
    return ids


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def test_decisions_published_read_by_a_young_panellist_on_her_phone(open_page, story, browser_app):
    decisions = f"/rounds/{story['round']}/decisions"
    feedback = f"/rounds/{story['round']}/feedback"
    commissioner = open_page("commissioner", DESKTOP)
    desk = commissioner.page

    # Not funding the chat app goes against most young members' first views: refused until it says why.
    commissioner.goto(f"{decisions}/{story['chat']}")
    desk.check("input[name=outcome][value=not_funded]")
    desk.fill("textarea[name=reasons]", "It did not keep young people safe enough.")
    _submit(desk)
    assert "There is a problem" in desk.inner_text("main")
    assert "Explain why" in desk.inner_text("main")
    _assert_no_problems(commissioner, "1280", "a decision refused for want of an explanation")
    desk.fill("textarea[name=explanation]", EXPLANATION)
    _submit(desk)
    assert "Decision saved: S-02, Chat app." in desk.inner_text("main")

    commissioner.goto(f"{decisions}/{story['club']}")
    desk.check("input[name=outcome][value=funded]")
    desk.fill("input[name=amount]", "25000")
    desk.fill("textarea[name=reasons]", "Skaters asked for it and the plan is clear.")
    _submit(desk)
    assert "Decision saved: S-01, Skate club." in desk.inner_text("main")

    commissioner.goto(f"{decisions}/summary")
    desk.fill("textarea[name=summary]", "We chose the skate club. The chat app does not get money this time.")
    _submit(desk)
    commissioner.goto(decisions)
    with desk.expect_navigation():
        desk.click("button:has-text('Publish the decisions')")
    assert "The decisions are published." in desk.inner_text("main")

    # Zara, on her phone: the outcome, the reasons, the explanation, and her own scores.
    zara = open_page("zara-story", PHONE)
    phone = zara.page
    assert zara.goto(feedback).status == 200
    # Each bid's reasons and scores are folded away, so the page is a few screens long; she opens them.
    folded = phone.locator("main details summary")
    assert folded.count() == 2
    assert "Your scores and the panel's scores" not in phone.inner_text("main")
    for index in range(folded.count()):
        folded.nth(index).click()
    page_text = phone.inner_text("main")
    assert "You said - we did" in phone.inner_text("h1")
    assert "Chat app" in page_text and EXPLANATION in page_text
    assert "Your scores and the panel's scores" in page_text
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _assert_no_problems(zara, "360", "the You said - we did page")

    # The commissioner sees that she has opened it.
    with browser_app.app_context():
        receipt = db.session.scalar(
            select(FeedbackReceipt).where(FeedbackReceipt.membership_id == story["zara"])
        )
        assert receipt is not None and receipt.opened_at is not None
        assert db.session.get(Round, story["round"]).status is RoundStatus.PUBLISHED
        db.session.remove()
    commissioner.goto(f"{decisions}/receipts")
    zara_row = desk.locator("tr", has=desk.locator("th", has_text="Zara"))
    assert "Opened" in zara_row.inner_text()
    assert "1 of 3" in desk.inner_text("main")

    # Her record of contribution, and the certificate as a real PDF.
    assert zara.goto(f"{feedback}/contribution").status == 200
    _assert_no_problems(zara, "360", "the contribution page")
    with phone.expect_download() as download:
        phone.click("text=Download your certificate (PDF)")
    with open(download.value.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF") and b"Zara" in content
