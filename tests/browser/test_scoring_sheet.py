"""Scoring a bid on a phone with the keyboard alone: the sheet saves as Aisha chooses and types, says so,
keeps what she did while the connection was lost and sends it when it returns, refuses to let a second tab
silently overwrite the first, and submits when every criterion has an answer."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from panel.bids.models import Bid
from panel.demo.content import BIDS
from panel.extensions import db
from panel.rounds.models import Criterion
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from tests.browser.helpers import PHONE, axe_violations, describe_violations, focused, tab_to, typed

pytestmark = pytest.mark.browser

SCORER = "aisha"
# The last bid: Aisha has no conflict with it, and no other browser test scores it.
BID = max(reference for reference, *_ in BIDS)
CANT_JUDGE = "cant-judge"
STATUS = "[data-cp-save-status]"


@pytest.fixture
def sheet(browser_app, demo):
    """The sheet's URL and its criteria (id, lowest level), with Aisha's sheet for the bid cleared first."""
    with browser_app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.round_id == demo.round_id, Bid.reference == BID))
        criteria = db.session.execute(
            select(Criterion.id, Criterion.scale_min)
            .where(Criterion.round_id == demo.round_id)
            .order_by(Criterion.position, Criterion.id)
        ).all()
        mine = (Sheet.bid_id == bid_id) & (Sheet.membership_id == demo.membership_id)
        db.session.execute(delete(SheetScore).where(SheetScore.sheet_id.in_(select(Sheet.id).where(mine))))
        db.session.execute(delete(Sheet).where(mine))
        db.session.commit()
        db.session.remove()
    return {"path": f"/rounds/{demo.round_id}/sheets/{bid_id}", "bid_id": bid_id, "criteria": criteria}


def _saved_sheet(browser_app, demo, bid_id: int) -> dict:
    """Aisha's sheet in the database: status, texts, and {criterion id: (score, abstained, comment)}."""
    with browser_app.app_context():
        found = db.session.scalar(
            select(Sheet).where(Sheet.bid_id == bid_id, Sheet.membership_id == demo.membership_id)
        )
        if found is None:
            return {}
        saved = {
            "status": found.status,
            "strengths": found.strengths or "",
            "concerns": found.concerns or "",
            "questions": found.questions or "",
            "scores": {
                row.criterion_id: (row.score, row.abstained, row.comment or "") for row in found.scores
            },
        }
        db.session.remove()
    return saved


def _named(suffix: str):
    return lambda element: element["name"].endswith(suffix)


def _score(page, criterion_id: int, value, *, backwards: bool = False) -> None:
    """Tab to a criterion's radios, move with the arrow keys to the value and choose it with Space."""
    tab_to(page, _named(f"{criterion_id}-score"), backwards=backwards)
    for _ in range(12):
        if focused(page)["value"] == str(value):
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == str(value)
    page.keyboard.press("Space")


def _type_into(page, name_suffix: str, text: str, *, backwards: bool = False) -> None:
    tab_to(page, _named(name_suffix), backwards=backwards)
    page.keyboard.press("End")
    typed(page, text)


def _expect_status(page, words: str) -> None:
    expect(page.locator(STATUS)).to_contain_text(words, timeout=10_000)


def _expect_nothing_waiting(page) -> None:
    """Wait until the browser holds no unsent changes (the server has them all)."""
    page.wait_for_function(
        "() => !Object.keys(localStorage).some((key) => key.startsWith('copanel-autosave:'))"
    )


def _checked(page, criterion_id: int) -> str | None:
    return page.evaluate(
        "(suffix) => { const r = [...document.querySelectorAll('input[type=radio]')]"
        ".find((e) => e.name.endsWith(suffix) && e.checked); return r ? r.value : null; }",
        f"{criterion_id}-score",
    )


def _text(page, name_suffix: str) -> str:
    return page.locator(f"textarea[name$='{name_suffix}']").input_value()


def test_nothing_is_lost_when_the_connection_drops(open_page, browser_app, demo, sheet):
    first, second = sheet["criteria"][0][0], sheet["criteria"][1][0]
    lowest = sheet["criteria"][0][1]
    visit = open_page(SCORER, PHONE)
    page, context = visit.page, visit.page.context
    visit.goto(sheet["path"])

    _score(page, first, lowest + 2)
    _type_into(page, f"{first}-comment", "Good plan.")
    _score(page, second, CANT_JUDGE)
    _expect_status(page, "Saved at")

    context.set_offline(True)
    _score(page, first, lowest + 3, backwards=True)
    _type_into(page, "strengths", "Run by young people.")
    _expect_status(page, "Not saved yet, trying again")
    context.set_offline(False)
    _expect_status(page, "Saved at")
    _expect_nothing_waiting(page)

    page.reload()
    assert _checked(page, first) == str(lowest + 3)
    assert _checked(page, second) == CANT_JUDGE
    assert _text(page, f"{first}-comment") == "Good plan."
    assert _text(page, "strengths") == "Run by young people."
    saved = _saved_sheet(browser_app, demo, sheet["bid_id"])
    assert saved["strengths"] == "Run by young people."
    assert saved["scores"][first] == (lowest + 3, False, "Good plan.")
    assert saved["scores"][second][1] is True


def test_edits_made_offline_are_sent_when_the_sheet_is_opened_again(
    chromium, open_page, browser_app, demo, sheet
):
    visit = open_page(SCORER, PHONE)
    page, context = visit.page, visit.page.context
    visit.goto(sheet["path"])
    # Nothing from this first visit may reach the server: offline, and every request it makes refused as well.
    # Offline alone was not enough: while the browser shuts, the page can hear it come back online and send the
    # edits itself (seen in CI more than once), and then the reopened sheet would have nothing left to send.
    context.route("**/*", lambda route: route.abort("internetdisconnected"))
    context.set_offline(True)
    _type_into(page, "concerns", "Only open two evenings.")
    _expect_status(page, "Not saved yet, trying again")
    # The phone's browser is shut while still offline and opened again later with what it kept (its cookies and
    # local storage): a new context, so nothing of the first visit lives on.
    kept = context.storage_state()
    context.close()
    assert _saved_sheet(browser_app, demo, sheet["bid_id"]).get("concerns", "") == ""

    later = chromium.new_context(viewport=PHONE, storage_state=kept)
    try:
        again = later.new_page()
        again.goto(visit.base_url + sheet["path"])
        assert _text(again, "concerns") == "Only open two evenings."
        _expect_status(again, "Saved at")
        assert _saved_sheet(browser_app, demo, sheet["bid_id"])["concerns"] == "Only open two evenings."
    finally:
        later.close()


def test_a_second_tab_cannot_silently_overwrite_the_first(open_page, browser_app, demo, sheet):
    visit = open_page(SCORER, PHONE)
    first_tab = visit.page
    visit.goto(sheet["path"])
    second_tab = first_tab.context.new_page()
    second_tab.goto(visit.base_url + sheet["path"])

    _type_into(first_tab, "questions", "Who runs it?")
    _expect_status(first_tab, "Saved at")
    _type_into(second_tab, "questions", "How many come?")
    notice = second_tab.locator("[data-cp-save-notice]")
    expect(notice).to_contain_text("Who runs it?")
    assert _text(second_tab, "questions") == "How many come?"
    assert _saved_sheet(browser_app, demo, sheet["bid_id"])["questions"] == "Who runs it?"
    violations = axe_violations(second_tab)
    assert not violations, describe_violations(violations)

    tab_to(second_tab, lambda element: element["tag"] == "button" and element["text"] == "Use my text")
    second_tab.keyboard.press("Enter")
    _expect_status(second_tab, "Saved at")
    expect(notice).to_have_count(0)
    assert _saved_sheet(browser_app, demo, sheet["bid_id"])["questions"] == "How many come?"


def test_a_finished_sheet_is_submitted_with_the_keyboard(open_page, browser_app, demo, sheet):
    visit = open_page(SCORER, PHONE)
    page = visit.page
    visit.goto(sheet["path"])
    for criterion_id, lowest in sheet["criteria"]:
        _score(page, criterion_id, lowest + 1)
    _expect_status(page, "Saved at")

    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Send my scores")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "submitted" in page.inner_text("main").lower()
    saved = _saved_sheet(browser_app, demo, sheet["bid_id"])
    assert saved["status"] == SheetStatus.SUBMITTED
    assert {criterion_id: score for criterion_id, (score, _, _) in saved["scores"].items()} == {
        criterion_id: lowest + 1 for criterion_id, lowest in sheet["criteria"]
    }


# The phone the sheet was found stale on: 360 by 640.
SMALL_PHONE = {"width": 360, "height": 640}


def _titles(browser_app, criteria) -> list[str]:
    with browser_app.app_context():
        ids = [criterion_id for criterion_id, _ in criteria]
        titles = dict(
            db.session.execute(select(Criterion.id, Criterion.title).where(Criterion.id.in_(ids))).all()
        )
        db.session.remove()
    return [titles[criterion_id] for criterion_id in ids]


def test_a_save_redraws_the_status_what_is_left_and_the_total_without_a_reload(
    open_page, browser_app, demo, sheet
):
    criteria = sheet["criteria"]
    titles = _titles(browser_app, criteria)
    visit = open_page(SCORER, SMALL_PHONE)
    page = visit.page
    visit.goto(sheet["path"])
    tag, to_do, total = (page.locator(f"[data-cp-{name}]") for name in ("sheet-tag", "to-do", "total"))
    expect(tag).to_have_text("Not started")
    expect(to_do).to_contain_text(titles[0])
    expect(total).to_be_hidden()
    assert page.locator(STATUS).get_attribute("aria-live") == "polite"
    page.evaluate("() => { window.notReloaded = true; }")

    first, lowest = criteria[0]
    _score(page, first, lowest + 3)
    _expect_status(page, "Saved at")
    _expect_status(page, "Your sheet is now: In progress.")
    expect(tag).to_have_text("In progress")
    expect(to_do).not_to_contain_text(titles[0])
    expect(to_do).to_contain_text("Still to score: " + titles[1])
    expect(total).to_be_visible()
    expect(total).to_contain_text(f"Your total so far: {lowest + 3:.1f} out of 4")
    expect(total).to_contain_text("Scores go from 0 to 4, and 4 is the best.")
    assert focused(page)["name"].endswith(f"{first}-score"), "the save moved the focus"

    for criterion_id, lowest in criteria[1:]:
        _score(page, criterion_id, lowest + 3)
    expect(tag).to_have_text("Ready to send", timeout=10_000)
    _expect_status(page, "Your sheet is now: Ready to send.")
    expect(to_do).to_have_text("Every question has an answer, so you can send your sheet.")
    expect(total).to_contain_text(f"Your total: {lowest + 3:.1f} out of 4")
    assert focused(page)["name"].endswith(f"{criteria[-1][0]}-score"), "the save moved the focus"
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
