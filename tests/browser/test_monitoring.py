"""The monitoring evidence in a real browser, for the demo's round that has been met, decided and published:
every chart is a figure whose caption says its figures in words, the page passes axe-core and fits a phone,
and the wide table of views scrolls by keyboard with a visible focus."""

import re

import pytest

from tests.browser.helpers import PHONE, VIEWPORTS, assert_visible_focus, tab_to
from tests.browser.test_accessibility import _assert_no_problems

pytestmark = pytest.mark.browser


def _path(demo) -> str:
    return f"/rounds/{demo.published_round_id}/export/monitoring"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_charts_come_with_their_figures_in_words_and_pass_axe(shared_page, demo, viewport):
    visit = shared_page("commissioner", VIEWPORTS[viewport])
    assert visit.goto(_path(demo)).status == 200
    page = visit.page
    charts = page.locator("main figure.cp-chart")
    assert charts.count() >= 7  # members, ages, training (young, adults), came, turns, scores, two replies
    for index in range(charts.count()):
        caption = charts.nth(index).locator("figcaption")
        assert caption.is_visible()
        assert caption.inner_text().strip(), f"chart {index} has no caption"
        bars = charts.nth(index).locator(".cp-bars__row")
        assert bars.count() >= 2
        assert re.search(r"\d", bars.first.inner_text()), "each bar shows its figure as text"
    assert "The chair was an adult." in page.inner_text("main")
    table = page.locator("main table", has_text="Young people's middle score")
    assert table.locator("tbody tr").count() == 5  # one row per bid of the demo's third round
    _assert_no_problems(visit, viewport, f"GET {_path(demo)}")


def test_the_wide_table_scrolls_by_keyboard_on_a_phone(open_page, demo):
    visit = open_page("commissioner", PHONE)
    visit.goto(_path(demo))
    tab_to(visit.page, lambda element: element["tag"] == "div" and "decision on each bid" in element["text"])
    assert_visible_focus(visit.page)
    scroller = visit.page.locator("main .cp-table-wrap")
    assert scroller.evaluate("element => element.scrollWidth > element.clientWidth"), "wider than a phone"
    visit.page.keyboard.press("ArrowRight")
    visit.page.wait_for_function("() => document.querySelector('main .cp-table-wrap').scrollLeft > 0")
