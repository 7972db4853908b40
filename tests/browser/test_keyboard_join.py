"""The join journey with the keyboard alone: a commissioner invites a young person, who joins on a phone and
declares a conflict of interest. No mouse, no clicks and no filling fields by script: Tab, Shift+Tab, Enter,
Space, arrow keys and typing, with a visible focus indicator along the way."""

import secrets

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.demo.content import PASSWORD
from panel.extensions import db
from panel.rounds.models import Membership
from scoring.people import AgeBand, MemberKind
from tests.browser.helpers import DESKTOP, PHONE, assert_visible_focus, focused, signed_in_as, tab_to, typed

pytestmark = pytest.mark.browser

CONFLICTED_BID = "EH-04"
NOTE = "My cousin makes podcasts with them."
ZOES_PASSWORD = "purple-tiger-pizza"


def _press_and_wait(page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _field(field_id: str):
    return lambda element: element["id"] == field_id


def _link_to(href: str):
    return lambda element: element["tag"] == "a" and element["href"] == href


def _button(words: str):
    return lambda element: element["tag"] == "button" and words in element["text"]


def _choose(page, value: str, *, key: str = "ArrowDown", limit: int = 6) -> None:
    """Move through a radio group or a select with an arrow key until the focused control has this value."""
    for _ in range(limit):
        if focused(page)["value"] == value:
            break
        page.keyboard.press(key)
    assert focused(page)["value"] == value


def _sign_in_as_commissioner(page) -> None:
    tab_to(page, _field("username"))
    assert_visible_focus(page)
    typed(page, "commissioner")
    tab_to(page, _field("password"))
    typed(page, PASSWORD)
    _press_and_wait(page)
    assert "Signed in as" in page.inner_text("body")


def _go_to_invite_page(page, round_id: int) -> None:
    tab_to(page, _link_to("/rounds/"))
    _press_and_wait(page)
    tab_to(page, _link_to(f"/rounds/{round_id}"))
    _press_and_wait(page)
    tab_to(page, _link_to(f"/rounds/{round_id}/panel"))
    assert_visible_focus(page)
    _press_and_wait(page)
    tab_to(page, _link_to(f"/rounds/{round_id}/panel/invite"))
    _press_and_wait(page)


def _invite_zoe(page) -> str:
    """Fill in the invitation for Zoe, a young panellist aged 14-16; return the code on her new card."""
    tab_to(page, _field("display_name"))
    typed(page, "Zoe")
    tab_to(page, lambda element: element["name"] == "role")
    _choose(page, "panellist")
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    tab_to(page, lambda element: element["name"] == "kind")
    _choose(page, "young")
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    assert_visible_focus(page)
    tab_to(page, _field("age_band"))
    _choose(page, "14-16")
    tab_to(page, _button("Make their invitation card"))
    assert_visible_focus(page)
    _press_and_wait(page)
    assert "Invitation card for Zoe" in page.inner_text("h1")
    return page.inner_text(".cp-card__code").strip()


def _sign_out(page) -> None:
    tab_to(page, _button("Sign out"), backwards=True)
    assert_visible_focus(page)
    _press_and_wait(page)
    assert "You have signed out" in page.inner_text("body")


def _join_with_code(page, code: str, username: str) -> None:
    """As Zoe on a phone: type the card's code, choose a login, agree to the privacy and confidentiality."""
    tab_to(page, _field("code"))
    assert_visible_focus(page)
    typed(page, code)
    _press_and_wait(page)
    assert page.url.endswith("/join/setup"), page.url
    for field_id in ("username", "password", "password_again"):
        tab_to(page, _field(field_id))
        typed(page, username if field_id == "username" else ZOES_PASSWORD)
    for box in ("privacy", "confidentiality"):
        tab_to(page, _field(box))
        assert_visible_focus(page)
        page.keyboard.press("Space")
        assert focused(page)["checked"], f"Space did not tick {box}"
    tab_to(page, _button("Join the panel"))
    assert_visible_focus(page)
    _press_and_wait(page)


def _declare_conflict(page, bid_ids: dict[str, int]) -> None:
    """Answer every bid: Yes (with a note) for the conflicted one, No for the rest, then save."""
    conflicted = f"link_{bid_ids[CONFLICTED_BID]}"
    answered = set()
    for _ in bid_ids:
        group = tab_to(page, lambda e: e["name"].startswith("link_") and e["name"] not in answered)
        answered.add(group["name"])
        if group["name"] == conflicted:
            page.keyboard.press("Space")
            assert focused(page)["value"] == "yes" and focused(page)["checked"]
            assert_visible_focus(page)
            tab_to(page, _field(f"note_{bid_ids[CONFLICTED_BID]}"))
            typed(page, NOTE)
        else:
            page.keyboard.press("ArrowDown")
            assert focused(page)["value"] == "no" and focused(page)["checked"], f"{group['name']} is not No"
    tab_to(page, _button("Save my answers"))
    _press_and_wait(page)


def _bid_ids(app, round_id: int) -> dict[str, int]:
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.round_id == round_id)).all()
        return {bid.reference: bid.id for bid in bids}


def test_young_person_joins_and_declares_a_conflict_with_the_keyboard_alone(open_page, browser_app, demo):
    commissioner = open_page(None, DESKTOP)
    commissioner.goto("/login")
    _sign_in_as_commissioner(commissioner.page)
    _go_to_invite_page(commissioner.page, demo.round_id)
    code = _invite_zoe(commissioner.page)
    _sign_out(commissioner.page)

    username = f"zoe-{secrets.token_hex(3)}"
    zoe = open_page(None, PHONE)
    zoe.goto("/join")
    _join_with_code(zoe.page, code, username)
    assert zoe.page.url.endswith(f"/rounds/{demo.round_id}/conflicts"), zoe.page.url
    assert "Signed in as Zoe" in signed_in_as(zoe.page)
    _declare_conflict(zoe.page, _bid_ids(browser_app, demo.round_id))

    assert "Your answers are saved" in zoe.page.inner_text("body")
    assert "Signed in as Zoe" in signed_in_as(zoe.page)
    with browser_app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
        assert (membership.round_id, membership.kind, membership.age_band) == (
            demo.round_id,
            MemberKind.YOUNG,
            AgeBand("14-16"),
        )
        assert user.privacy_accepted_at is not None
        assert membership.confidentiality_accepted_at is not None
        assert membership.conflicts_reviewed_at is not None
        conflicts = [(conflict.bid.reference, conflict.note) for conflict in membership.conflicts]
        assert conflicts == [(CONFLICTED_BID, NOTE)]
        db.session.remove()
