"""An invitation card as it comes out of the printer: its link printed once, its numbered steps beside their
numbers, and printing (or reloading) it again shows the same card."""

import re

import pytest

from tests.browser.helpers import DESKTOP
from tests.browser.pages import invite_someone

pytestmark = pytest.mark.browser

# Text a printed element adds before or after itself (GOV.UK Frontend prints a link's address after it).
ADDED_BY_PRINT = """() => [...document.querySelectorAll(".cp-card, .cp-card *")].flatMap(element =>
  ["::before", "::after"].map(where => getComputedStyle(element, where).content)
).filter(content => content && content !== "none" && content !== "normal" && content !== '""')"""

# Where each step's words start, and where its number ends, in pixels from the left of the page.
STEP_EDGES = """() => [...document.querySelectorAll(".cp-card__steps > li")].map(item => {
  const words = document.createRange();
  words.selectNodeContents(item);
  return {words: words.getClientRects()[0].left, box: item.getBoundingClientRect().left};
})"""


def test_a_printed_card_shows_its_link_once_and_each_step_beside_its_number(open_page, demo):
    visit = open_page("commissioner", DESKTOP)
    assert invite_someone(visit, demo).status == 200
    visit.page.emulate_media(media="print")
    card = visit.page.locator(".cp-card").inner_text()
    (link,) = re.findall(r"http://127\.0\.0\.1:\d+/join/[A-Za-z0-9_-]+", card)
    assert card.count("/join/") == 1
    assert visit.page.evaluate(ADDED_BY_PRINT) == [], "something is printed beside the card's text"

    steps = visit.page.evaluate(STEP_EDGES)
    assert len(steps) == 3
    assert max(step["words"] for step in steps) - min(step["words"] for step in steps) < 1, steps
    # Each step's words start where its list item starts: its number is right beside it, outside the box.
    assert all(abs(step["words"] - step["box"]) < 1 for step in steps), steps

    visit.page.reload()
    assert link in visit.page.locator(".cp-card").inner_text()  # the same card, not a new one
