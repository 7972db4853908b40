"""Issue's done-when, in real browsers: a young member on a 360 px phone presses "I'm worried about something",
sends a worry and reads what happens next; the round's safeguarding lead signs in on their own computer (a
separate browser context) and reads it; nobody else can, and the commissioner's access log shows that she read
it, never what it says. axe-core checks every page on the way.
It also works with JavaScript turned off."""

import re

import pytest

from tests.browser.helpers import DESKTOP, PHONE, assert_visible_focus, tab_to, typed
from tests.browser.test_accessibility import _assert_no_problems

pytestmark = pytest.mark.browser

WORRY = "An older boy at the youth club keeps asking me for my address after the panel meetings."


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def _sent_worry_id(url: str) -> int:
    found = re.search(r"/worry/(\d+)/sent$", url)
    assert found, f"expected the 'what happens next' page, got {url}"
    return int(found[1])


def test_a_young_member_raises_a_worry_on_her_phone_and_the_lead_reads_it(open_page, demo):
    phone = open_page("aisha", PHONE)
    phone.goto(f"/rounds/{demo.round_id}")
    worried = phone.page.get_by_role("link", name="I'm worried about something")
    if not worried.is_visible():  # on a phone the site menu folds behind its "Menu" button
        phone.page.get_by_role("button", name="Menu").click()
    with phone.page.expect_navigation():
        worried.click()
    assert "I'm worried about something" in phone.page.inner_text("h1")
    assert "Priya Shah" in phone.page.inner_text("main") and "0800 1111" in phone.page.inner_text("main")
    _assert_no_problems(phone, "360", "the worry form")

    _submit(phone.page)
    assert "Tell us what is worrying you" in phone.page.inner_text(".govuk-error-summary")
    _assert_no_problems(phone, "360", "the worry form with an error")

    phone.page.fill("textarea[name=text]", WORRY)
    phone.page.fill("input[name=contact]", "Please talk to me at the next meeting")
    _submit(phone.page)
    worry_id = _sent_worry_id(phone.page.url)
    next_steps = phone.page.inner_text("main")
    assert "Thank you for telling us" in next_steps
    assert "Priya Shah (the safeguarding lead for this panel) will read it" in next_steps
    assert "within 2 working days" in next_steps and "It is private" in next_steps
    assert "999" in next_steps and "0800 1111" in next_steps
    _assert_no_problems(phone, "360", "what happens next")

    lead = open_page("safeguarding", DESKTOP)
    lead.goto("/safeguarding")
    row = lead.page.locator("tr", has=lead.page.locator(f"a[href='/safeguarding/{worry_id}']"))
    assert "New" in row.inner_text()
    _assert_no_problems(lead, "1280", "the lead's list of worries")
    with lead.page.expect_navigation():
        row.get_by_role("link").click()
    page = lead.page.inner_text("main")
    assert WORRY in page and "Aisha" in page and "Please talk to me at the next meeting" in page
    _assert_no_problems(lead, "1280", "a worry, opened by the lead")
    lead.page.fill("textarea[name=note]", "Spoke with Aisha and the youth club manager.")
    _submit(lead.page)
    assert "Dealt with" in lead.page.inner_text("main")

    phone.goto("/worry/mine")
    assert "Dealt with" in phone.page.inner_text("main")
    assert "youth club manager" not in phone.page.inner_text("main")
    _assert_no_problems(phone, "360", "the worries she has sent")

    chair = open_page("chair", DESKTOP)
    assert chair.goto(f"/safeguarding/{worry_id}").status == 403
    assert WORRY not in chair.page.inner_text("body")

    commissioner = open_page("commissioner", DESKTOP)
    assert commissioner.goto(f"/safeguarding/{worry_id}").status == 403, (
        "the round has a lead: only she reads it"
    )
    commissioner.goto(f"/rounds/{demo.round_id}/audit")
    log = commissioner.page.inner_text("main")
    assert "Read a worry" in log and "Priya Shah (safeguarding)" in log and f"Worry {worry_id}" in log
    assert WORRY not in log
    _assert_no_problems(commissioner, "1280", "the round's access log")


def test_a_worry_can_be_sent_with_javascript_turned_off(chromium, live_server, signed_in_state):
    context = chromium.new_context(
        viewport=PHONE, java_script_enabled=False, storage_state=signed_in_state("aisha")
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server}/worry")
        page.fill("textarea[name=text]", "Written with no JavaScript at all.")
        _submit(page)
        _sent_worry_id(page.url)
        assert "Thank you for telling us" in page.inner_text("main")
    finally:
        context.close()


def test_a_young_member_raises_a_worry_with_the_keyboard_alone_on_her_phone(open_page, demo):
    """From a page of her round to "what happens next" without a mouse: the link sits in the menu on a phone."""
    phone = open_page("aisha", PHONE)
    page = phone.page
    phone.goto(f"/rounds/{demo.round_id}")

    def worry_link_or_menu(element):
        return (element["tag"] == "a" and element["text"] == "I'm worried about something") or (
            element["tag"] == "button" and element["text"] == "Menu"
        )

    reached = tab_to(page, worry_link_or_menu)
    if reached["tag"] == "button":
        page.keyboard.press("Enter")
        reached = tab_to(page, lambda element: element["text"] == "I'm worried about something")
    assert_visible_focus(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "I'm worried about something" in page.inner_text("h1")

    tab_to(page, lambda element: element["name"] == "text")
    assert_visible_focus(page)
    typed(page, "Someone in my group keeps messaging me and it makes me uneasy.")
    send = tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    assert send["indicator"], "the send button shows where the focus is"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _sent_worry_id(page.url)
    assert "Thank you for telling us" in page.inner_text("main")
