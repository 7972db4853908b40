"""My data in a real browser: a young member on her phone reads what Co-Panel holds about her, downloads it,
and asks for it to be removed; a commissioner confirms, and she can no longer sign in. axe-core checks every
page."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.demo.content import PASSWORD
from panel.extensions import db
from scoring.rounds import RoundStatus
from tests import factories
from tests.browser.helpers import DESKTOP, PHONE, assert_visible_focus, tab_to
from tests.browser.test_accessibility import _assert_no_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def mina(browser_app):
    """Mina (young, 14-16) on a published round: she scored one bid and told us about an uncle at another."""
    with browser_app.app_context():
        round_ = factories.round("My data round", status=RoundStatus.PUBLISHED)
        needs = factories.criterion(round_, "Young people want it", scale=(0, 4))
        club = factories.bid(round_, "M-01", title="Skate club", organisation="Skate Group")
        camp = factories.bid(round_, "M-02", title="Summer camp", organisation="Camp People")
        seat = factories.member(
            round_,
            factories.user("mina-data", "Mina Data", password=PASSWORD, email="mina@example.org"),
            trained=True,
        )
        factories.sheet(seat, club, {needs: 3}, strengths="Lots of young people asked for it")
        factories.conflict(seat, camp, "My uncle runs it")
        user_id = seat.user_id
        db.session.remove()
    return user_id


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def test_a_young_member_sees_downloads_and_asks_to_remove_her_data(open_page, mina, browser_app):
    phone = open_page("mina-data", PHONE)
    page = phone.page
    phone.goto("/")
    with page.expect_navigation():
        page.click("footer a:text('My data'), .cp-footer a:text('My data')")
    assert page.url.endswith("/my-data")
    main = page.inner_text("main")
    for words in (
        "Your account",
        "Mina Data",
        "mina@example.org",
        "Your scores",
        "My uncle runs it",
        "Lots of young people asked for it",
        "Why we keep it:",
        "How long we keep it:",
    ):
        assert words in main, words
    _assert_no_problems(phone, "360", "My data")

    with page.expect_download() as download:
        page.click("text=Download my data (JSON)")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["name"] == "Mina Data"
    values = [
        row["value"] for section in data["sections"] for group in section["groups"] for row in group["rows"]
    ]
    assert "Lots of young people asked for it" in values and "mina@example.org" in values

    page.click("text=See what happens if you ask")
    page.wait_for_url("**/my-data/remove")
    assert "What stays" in page.inner_text("main")
    _assert_no_problems(phone, "360", "asking to remove my data")
    _submit(page)
    assert page.url.endswith("/my-data")
    assert "We have your request" in page.inner_text("main")
    assert "You asked us to remove your data" in page.inner_text("main")
    _assert_no_problems(phone, "360", "My data with a request waiting")

    desk = open_page("commissioner", DESKTOP)
    desk.goto("/removal-requests")
    block = desk.page.locator("form", has=desk.page.locator("input[value=remove]")).filter(
        has=desk.page.locator("legend:has-text('Mina Data')")
    )
    _assert_no_problems(desk, "1280", "the requests to remove data")
    block.locator("input[value=remove]").check()
    with desk.page.expect_navigation():
        block.locator("button[type=submit]").click()
    assert "Their name and contact details are removed" in desk.page.inner_text("main")
    assert "Mina Data" not in desk.page.inner_text("main")

    with browser_app.app_context():
        mina_now = db.session.get(User, mina)
        assert mina_now.display_name == f"Former panel member {mina}" and mina_now.email is None
        assert db.session.scalar(select(User).where(User.username == "mina-data")) is None
        db.session.remove()
    phone.goto("/my-data")
    assert "/login" in page.url  # her session ended with her details


def test_my_data_and_its_download_are_reachable_with_the_keyboard_alone(open_page, mina):
    """Signing in, the footer's My data link, then the download, without a mouse on a phone."""
    visit = open_page(None, PHONE)
    page = visit.page
    visit.goto("/login")
    tab_to(page, lambda element: element["name"] == "username")
    page.keyboard.type("mina-data")
    tab_to(page, lambda element: element["name"] == "password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda element: element["tag"] == "a" and element["text"] == "My data")
    assert_visible_focus(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/my-data")
    tab_to(page, lambda element: element["text"] == "Download my data (JSON)")
    assert_visible_focus(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    held = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert held["name"] == "Mina Data"
