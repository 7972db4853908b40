"""Reading help on a training page, with the keyboard alone: a bigger text size that is remembered, and a
read-aloud button that starts and stops reading. Speech is stubbed, so the test makes no sound."""

import pytest

from tests.browser.helpers import PHONE, assert_visible_focus, focused, tab_to

pytestmark = pytest.mark.browser

READER = "aisha"

# Replaces speaking with a record of what would have been said; runs before the page's own scripts.
STUB_SPEECH = """
if ("speechSynthesis" in window) {
  window.__spoken = [];
  window.__cancelled = 0;
  window.speechSynthesis.speak = (utterance) => { window.__spoken.push(utterance.text); };
  window.speechSynthesis.cancel = () => { window.__cancelled += 1; };
}
"""

BODY_TEXT = "main .cp-training-text p"


def _size_button(size: str):
    """The text-size button whose hidden words name this size ('A large', not 'A larger')."""
    return lambda element: element["tag"] == "button" and element["text"].split()[-1:] == [size]


def _read_aloud(element) -> bool:
    return element["tag"] == "button" and element["text"] in ("Read this page aloud", "Stop reading")


def _pressed(page, size: str) -> str:
    return page.get_attribute(f"[data-cp-text-size='{size}']", "aria-pressed")


def _font_size(page) -> float:
    return float(page.eval_on_selector(BODY_TEXT, "(e) => parseFloat(getComputedStyle(e).fontSize)"))


def _html_classes(page) -> list[str]:
    return page.evaluate("[...document.documentElement.classList]")


def test_text_size_is_chosen_with_the_keyboard_and_remembered(open_page, demo):
    visit = open_page(READER, PHONE)
    page = visit.page
    assert visit.goto(f"/rounds/{demo.round_id}/training/steps/{demo.step_id}").status == 200
    normal = _font_size(page)
    assert "cp-text-normal" in _html_classes(page) and _pressed(page, "normal") == "true"

    tab_to(page, _size_button("large"))
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    assert "cp-text-large" in _html_classes(page) and "cp-text-normal" not in _html_classes(page)
    pressed = [_pressed(page, size) for size in ("normal", "large", "larger")]
    assert pressed == ["false", "true", "false"]
    large = _font_size(page)
    assert large > normal, f"the body text stayed {normal}px after choosing large"

    page.reload()
    assert "cp-text-large" in _html_classes(page) and _pressed(page, "large") == "true"
    assert _font_size(page) == large

    # The chosen size follows the reader to pages without the controls, such as the round's own page.
    assert visit.goto(f"/rounds/{demo.round_id}").status == 200
    assert "cp-text-large" in _html_classes(page)
    visit.goto(f"/rounds/{demo.round_id}/training/steps/{demo.step_id}")

    tab_to(page, _size_button("normal"))
    assert_visible_focus(page)
    page.keyboard.press("Space")
    assert "cp-text-normal" in _html_classes(page) and _pressed(page, "normal") == "true"
    assert _font_size(page) == normal


def test_read_aloud_button_starts_and_stops_with_the_keyboard(open_page, demo):
    visit = open_page(READER, PHONE)
    page = visit.page
    page.add_init_script(STUB_SPEECH)
    visit.goto(f"/rounds/{demo.round_id}/training/steps/{demo.step_id}")
    button = page.locator("[data-cp-read-aloud]")
    can_speak = page.evaluate("'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function'")
    if not can_speak:
        # A browser that cannot speak must not offer a button that does nothing.
        assert button.is_hidden()
        pytest.skip("this Chromium has no speechSynthesis: the read-aloud button rightly stays hidden")

    assert button.is_visible()
    assert button.evaluate("(e) => e.tagName") == "BUTTON"
    element = tab_to(page, _read_aloud)
    assert element["text"] == "Read this page aloud"
    assert_visible_focus(page)

    page.keyboard.press("Enter")
    assert focused(page)["text"] == "Stop reading"
    assert button.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and page.inner_text("h1") in spoken[0]
    assert "Text size" not in spoken[0], "the reading-help controls were read out with the page"

    cancelled = page.evaluate("window.__cancelled")
    page.keyboard.press("Space")
    assert focused(page)["text"] == "Read this page aloud"
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.__spoken.length") == 1
    assert page.evaluate("window.__cancelled") == cancelled + 1, "stopping did not stop the speech"
