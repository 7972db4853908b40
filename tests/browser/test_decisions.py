"""The commissioner's decisions in a real browser, in a round of their own at the decided stage (the demo's
decided round is already published, so tests/browser/pages.py sees these pages read-only): the editable pages
and a form with errors pass axe-core and fit a phone; the reading-level hint updates as they type; and the
whole job, from a decision that needs explaining to publishing, works with the keyboard alone."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Round
from scoring.people import MemberKind
from scoring.rounds import RoundStatus
from tests import factories
from tests.browser.helpers import PHONE, VIEWPORTS, assert_visible_focus, focused, tab_to, typed
from tests.browser.test_accessibility import _assert_no_problems

pytestmark = pytest.mark.browser

HARD = (
    "Notwithstanding considerable organisational deliberation, the commissioning authority determined "
    "that allocation of the available resources was inappropriate."
)
PLAIN = "We chose the skate club. It gets the money it asked for. The app does not get money this time."


@pytest.fixture
def decided_round(browser_app):
    """A round whose meeting has ended: the skate club recommended for funding (young members keen too), the
    app not (though most young members' first views said fund it). Nothing decided yet."""
    with browser_app.app_context():
        round_ = factories.round(
            "Decisions in the browser", budget_pence=5_000_000, status=RoundStatus.DECIDED
        )
        needs = factories.criterion(round_, "Young people want it", scale=(0, 4))
        club = factories.bid(
            round_, "D-01", title="Skate club", organisation="Skate Group", amount_pence=2_500_000
        )
        app = factories.bid(
            round_, "D-02", title="Chat app", organisation="App Makers", amount_pence=3_000_000
        )
        # Three young members: fewer would be too few to show their lean (scoring/disclosure.py).
        young = [factories.member(round_, trained=True) for _ in range(3)]
        factories.member(round_, kind=MemberKind.ADULT, trained=True)
        factories.recommendation(round_, club, "fund", consensus={needs: 4})
        factories.recommendation(round_, app, "do_not_fund", consensus={needs: 1})
        for member in young:
            factories.first_view(member, app, "fund")
        ids = {"round": round_.id, "club": club.id, "app": app.id}
        db.session.remove()
    return ids


def _press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_editable_pages_and_a_form_with_errors_are_accessible(open_page, decided_round, viewport):
    visit = open_page("commissioner", VIEWPORTS[viewport])
    base = f"/rounds/{decided_round['round']}/decisions"
    for path in (
        base,
        f"{base}/{decided_round['app']}",
        f"{base}/summary",
        f"{base}/receipts",
        f"{base}/{decided_round['club']}/letter",
    ):
        assert visit.goto(path).status == 200, path
        _assert_no_problems(visit, viewport, f"GET {path}")
    visit.goto(f"{base}/{decided_round['app']}")
    with visit.page.expect_navigation():
        visit.page.click("main form[method=post] button[type=submit]")
    assert "There is a problem" in visit.page.inner_text("main")
    _assert_no_problems(visit, viewport, "the decision form with errors")


def test_the_reading_level_hint_updates_as_the_commissioner_types(open_page, decided_round):
    visit = open_page("commissioner", PHONE)
    page = visit.page
    visit.goto(f"/rounds/{decided_round['round']}/decisions/summary")
    hint = page.locator("#summary-reading")
    assert hint.get_attribute("aria-live") == "polite"
    assert hint.inner_text() == "Write something to see how easy it is to read."
    page.fill("#summary", HARD)  # fill() types it in one go and fires the input event, as pasting would
    expect(hint).to_contain_text("Hard for some young people: use shorter sentences and words")
    page.fill("#summary", PLAIN)
    expect(hint).to_contain_text("Easy to read")
    assert hint.inner_text().startswith("Reading level: grade")


def _to_button(page, label: str) -> None:
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == label)
    assert_visible_focus(page)


def _decide(page, outcome: str, reasons: str) -> None:
    tab_to(page, lambda element: element["name"] == "outcome")
    page.keyboard.press("Space")
    for _ in range(3):
        if focused(page)["value"] == outcome and focused(page)["checked"]:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == outcome and focused(page)["checked"]
    tab_to(page, lambda element: element["name"] == "reasons")
    typed(page, reasons)


def test_deciding_explaining_and_publishing_with_the_keyboard_alone(open_page, decided_round, browser_app):
    visit = open_page("commissioner", PHONE)
    page = visit.page
    base = f"/rounds/{decided_round['round']}/decisions"

    # The app: not funding it goes against most young members' first views, so it needs an explanation.
    visit.goto(f"{base}/{decided_round['app']}")
    _decide(page, "not_funded", "It costs too much.")
    _to_button(page, "Save the decision")
    _press_and_wait(page)
    assert "There is a problem" in page.inner_text("main")
    assert "Most young members' first view was: fund it." in page.inner_text("main")
    tab_to(page, lambda element: element["name"] == "explanation")
    typed(page, "We had no money left for it.")
    _to_button(page, "Save the decision")
    _press_and_wait(page)
    assert "Decision saved: D-02, Chat app." in page.inner_text("main")
    assert "Different, explained" in page.inner_text("main")

    # The skate club: as the panel said, nothing to explain.
    visit.goto(f"{base}/{decided_round['club']}")
    _decide(page, "funded", "Skaters asked for it.")
    tab_to(page, lambda element: element["name"] == "amount")
    typed(page, "25000")
    _to_button(page, "Save the decision")
    _press_and_wait(page)
    assert "Decision saved: D-01, Skate club." in page.inner_text("main")

    visit.goto(f"{base}/summary")
    tab_to(page, lambda element: element["name"] == "summary")
    typed(page, PLAIN)
    _to_button(page, "Save")
    _press_and_wait(page)
    assert "The summary for young people is saved." in page.inner_text("main")

    visit.goto(base)
    _to_button(page, "Publish the decisions")
    _press_and_wait(page)
    assert "The decisions are published." in page.inner_text("main")
    with browser_app.app_context():
        assert (
            db.session.scalar(select(Round.status).where(Round.id == decided_round["round"]))
            is RoundStatus.PUBLISHED
        )
        db.session.remove()
