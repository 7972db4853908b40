"""A member's account on a 360x640 phone with the keyboard alone: changing their password and signing in with
the new one, signing out everywhere, and getting back in with a sign-in code card that a commissioner prints
(a wrong code and two passwords that differ on the way). No mouse, no clicks and no filling fields by script:
Tab, Shift+Tab, Enter, Space and typing. On every page the main action is reached by keyboard and is on the
screen with a visible focus when it is, and axe-core finds nothing."""

import secrets

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.extensions import db
from panel.rounds.models import Round
from tests import factories
from tests.browser.helpers import (
    assert_visible_focus,
    axe_violations,
    describe_violations,
    focused,
    tab_to,
    typed,
)
from tests.reading import grade

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 640}
FIRST, SECOND, THIRD = "first-purple-tiger", "second-green-otter", "third-blue-whale"
WRONG_CODE = "ABCD-2345"  # well formed, and never printed
MISMATCH = "The two passwords are different. Type them again."
UNKNOWN_CODE = "We can't find that code. Check you typed it just like on your card."

IN_VIEW = """() => {
  const box = document.activeElement.getBoundingClientRect();
  return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}"""
SUMMARY_FOCUSED = "() => document.activeElement?.classList.contains('govuk-error-summary')"


def _field(field_id: str):
    return lambda element: element["id"] == field_id


def _button(words: str):
    return lambda element: element["tag"] == "button" and element["text"] == words


def _link_to(href: str):
    return lambda element: element["tag"] == "a" and element["href"] == href


def _says(page) -> str:
    """The page's words, with white space folded (a phone's narrow screen wraps lines where it likes)."""
    return " ".join(page.inner_text("body").split())


def _press_and_wait(page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _no_axe_findings(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}:\n{describe_violations(violations)}"


def _reach(page, matches, *, backwards: bool = False) -> dict:
    """Tab to an element, and check the focus shows and the element is on the screen."""
    element = tab_to(page, matches, backwards=backwards)
    assert_visible_focus(page)
    assert page.evaluate(IN_VIEW), f"focused but off the screen: {element}"
    return element


def _fill(page, answers: dict[str, str]) -> None:
    for field_id, text in answers.items():
        tab_to(page, _field(field_id))
        typed(page, text)


def _do(page, action: str) -> None:
    """Reach the page's main action by keyboard, see that it shows, and press it."""
    _reach(page, _button(action))
    _press_and_wait(page)


def _error_summary_says(page, message: str) -> None:
    """After a mistake the error summary has the focus (it is what a screen reader reads first), and it says
    what went wrong in plain words."""
    page.wait_for_function(SUMMARY_FOCUSED)
    assert_visible_focus(page)
    assert page.evaluate(IN_VIEW), "the error summary is off the screen"
    said = " ".join(page.inner_text(".govuk-error-summary__list").split())
    assert said.startswith(message), said
    assert grade(said) <= 6, f"grade {grade(said):.1f}: {said}"


def _sign_in(page, username: str, password: str) -> None:
    """From /login, with the keyboard."""
    _no_axe_findings(page, "the sign-in page")
    _fill(page, {"username": username, "password": password})
    _do(page, "Sign in")
    assert "Signed in as Kai" in _says(page)


def _open_account(page) -> None:
    """From any page: the "Your account" link beside the person's name."""
    _reach(page, _link_to("/account"))
    _press_and_wait(page)
    assert page.inner_text("h1") == "Your account"
    _no_axe_findings(page, "Your account")


def _sign_out(page) -> None:
    """On a phone, Sign out sits behind the site's Menu button."""
    reached = tab_to(page, lambda e: e["text"] in ("Menu", "Sign out") and e["tag"] == "button")
    if reached["text"] == "Menu":
        page.keyboard.press("Enter")
        _reach(page, lambda e: e["text"] == "Sign out" and e["tag"] == "button")
    _press_and_wait(page)
    assert "You have signed out." in _says(page)


def _kai(app, round_id: int) -> tuple[str, int]:
    """A young member of the demo round of their own (signing out everywhere must not end another test's
    sessions): their username and membership id."""
    with app.app_context():
        username = f"kai-{secrets.token_hex(3)}"
        kai = factories.user(username, "Kai", password=FIRST)
        membership = factories.member(db.session.get_one(Round, round_id), kai)
        membership_id = membership.id
        db.session.remove()
    return username, membership_id


def test_a_member_looks_after_their_account_with_the_keyboard_alone(open_page, browser_app, demo):
    username, membership_id = _kai(browser_app, demo.round_id)
    kai = open_page(None, SMALL_PHONE)
    page = kai.page

    # A new password, chosen on Your account, and then the only one that works.
    kai.goto("/login")
    _sign_in(page, username, FIRST)
    _open_account(page)
    _fill(page, {"current_password": FIRST, "password": SECOND, "password_again": SECOND})
    _do(page, "Change my password")
    assert page.url.endswith("/account"), page.url
    assert "Your password is changed." in _says(page)
    _sign_out(page)
    kai.goto("/login")
    _sign_in(page, username, SECOND)

    # Signing out everywhere ends this browser's session and every other one.
    other = open_page(None, SMALL_PHONE)
    other.goto("/login")
    _sign_in(other.page, username, SECOND)
    _open_account(page)
    _do(page, "Sign out everywhere")
    assert "/login" in page.url, page.url
    assert "You have signed out on every device." in _says(page)
    other.goto("/account")
    assert "/login" in other.page.url, f"still signed in on the other phone: {other.page.url}"

    # A commissioner prints a sign-in code card for Kai.
    commissioner = open_page("commissioner", SMALL_PHONE)
    commissioner.goto(f"/rounds/{demo.round_id}/panel/members/{membership_id}/sign-in")
    assert commissioner.page.inner_text("h1") == "Help Kai sign in"
    _no_axe_findings(commissioner.page, "the page for helping a member sign in")
    _do(commissioner.page, "Print a sign-in code card")
    assert commissioner.page.inner_text("h1") == "Sign-in code card for Kai"
    _no_axe_findings(commissioner.page, "the sign-in code card")
    _reach(commissioner.page, _button("Print"))  # printing itself is the browser's own dialog
    code = commissioner.page.inner_text(".cp-card__code").strip()

    # Kai types the card's code (a wrong one first), then chooses a new password (two that differ first).
    kai.goto("/login")
    _reach(page, _link_to("/sign-in/code"))
    _press_and_wait(page)
    assert page.inner_text("h1") == "Use a sign-in code"
    _no_axe_findings(page, "the sign-in code page")
    _fill(page, {"code": WRONG_CODE})
    _do(page, "Continue")
    _error_summary_says(page, UNKNOWN_CODE)
    _no_axe_findings(page, "the sign-in code page with a wrong code")
    tab_to(page, _field("code"))
    assert focused(page)["value"] == "", "the wrong code is left in the box"
    typed(page, code)
    _do(page, "Continue")
    assert page.url.endswith("/sign-in/new-password"), page.url
    assert page.inner_text("h1") == "Hello Kai!"
    _no_axe_findings(page, "choosing a new password")
    _fill(page, {"password": THIRD, "password_again": THIRD + "s"})
    _do(page, "Save and sign in")
    _error_summary_says(page, MISMATCH)
    _no_axe_findings(page, "choosing a new password, two that differ")
    _fill(page, {"password": THIRD, "password_again": THIRD})
    _do(page, "Save and sign in")
    assert "Your new password is saved, and you are signed in." in _says(page)
    assert "Signed in as Kai" in _says(page)

    with browser_app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        assert user.check_password(THIRD) and not user.check_password(SECOND)
        db.session.remove()
