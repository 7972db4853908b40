"""Choosing another scale for a criterion, with JavaScript: the descriptor boxes are redrawn at once, one for each
score of the new scale, keeping what was typed where the scores are the same, and a screen reader hears it. The
server's "Show the boxes" button (still there without JavaScript, tests/panel/rounds/test_criteria.py) goes."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Criterion
from tests import factories
from tests.browser.helpers import PHONE, assert_visible_focus, axe_violations, describe_violations, focused

pytestmark = pytest.mark.browser

BOXES = "[data-cp-descriptor-boxes] textarea"


@pytest.fixture
def criterion(browser_app):
    """A draft round's criterion on the 0 to 4 scale, each level described ("Level 3 meaning")."""
    with browser_app.app_context():
        round_ = factories.round("Scales round")
        made = factories.criterion(round_, "Listens to young people", scale=(0, 4))
        ids = {"round": round_.id, "criterion": made.id}
        db.session.remove()
    return ids


def _names(page) -> list[str]:
    return page.locator(BOXES).evaluate_all("(boxes) => boxes.map((box) => box.name)")


def test_another_scale_redraws_the_boxes_at_once_and_keeps_what_was_typed(browser_app, open_page, criterion):
    visit = open_page("commissioner", PHONE)
    page = visit.page
    visit.goto(f"/rounds/{criterion['round']}/criteria/{criterion['criterion']}/edit")
    expect(page.locator("[data-cp-rescale]")).to_have_count(0)  # the script took the server's button away
    assert _names(page) == [f"descriptor_{level}" for level in range(5)]
    page.fill("#descriptor_3", "Good, with a clear plan")

    # With the keyboard: focus the chosen scale, arrow to the next one ("1 to 5").
    page.focus("input[name=scale][value='0-4']")
    page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "1-5"
    assert_visible_focus(page)
    assert _names(page) == [f"descriptor_{level}" for level in range(1, 6)]
    expect(page.locator("#descriptor_3")).to_have_value("Good, with a clear plan")
    expect(page.locator("#descriptor_1")).to_have_value("Level 1 meaning")
    expect(page.locator("#descriptor_5")).to_have_value("")
    expect(page.locator("label[for=descriptor_5]")).to_have_text("What a score of 5 means")
    expect(page.locator("[data-cp-scale-said]")).to_have_text(
        "The scale is now 1 to 5. There is a box below for each score, 5 in all."
    )
    expect(page.locator("[data-cp-scale-said]")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#descriptors-hint")).to_contain_text("(1 to 5)")

    # Back to 0 to 4: the 0 box comes back with what it had.
    page.keyboard.press("ArrowUp")
    expect(page.locator("#descriptor_0")).to_have_value("Level 0 meaning")
    page.keyboard.press("ArrowDown")
    page.fill("#descriptor_5", "Outstanding")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

    with page.expect_navigation():
        page.click("button[name=submit]")
    assert page.url.endswith(f"/rounds/{criterion['round']}/criteria")
    with browser_app.app_context():
        saved = db.session.scalar(select(Criterion).where(Criterion.id == criterion["criterion"]))
        assert (saved.scale_min, saved.scale_max) == (1, 5)
        assert saved.descriptors() == {
            1: "Level 1 meaning",
            2: "Level 2 meaning",
            3: "Good, with a clear plan",
            4: "Level 4 meaning",
            5: "Outstanding",
        }
        db.session.remove()
