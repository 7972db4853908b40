"""A first run with no stumbles, walked as the people who tripped on it: a commissioner builds a new round from
scratch with criteria of their own, invites a young person and opens training and scoring; Mo, 14, joins on a
360x640 phone with the keyboard alone, declares her links to bidders, reads the training, practises, scores the
bid and sends her sheet. Each place someone stumbled before is checked as the person sees it now, and every page
on the way starts with its heading within 200 px of the top of her phone, with nothing axe-core objects to."""

import re
import secrets

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.training.manage.operations import record_training_in_person
from scoring.people import MemberKind, MemberRole
from tests import factories
from tests.browser.helpers import (
    DESKTOP,
    HEADING_WITHIN,
    assert_visible_focus,
    axe_violations,
    describe_violations,
    fits_width,
    heading_top,
    tab_to,
)
from tests.browser.test_keyboard_join import _join_with_code, _press_and_wait

pytestmark = pytest.mark.browser

PHONE_640 = {"width": 360, "height": 640}
OWN_CRITERION = "Young people will want to go"
QUESTION = "Would young people you know want to go?"
DESCRIPTORS = {
    1: "No young person would go.",
    2: "A few might go once.",
    3: "Some would go now and then.",
    4: "Many would go most weeks.",
    5: "Young people would ask for it.",
}
PLAIN = "A club in the park on Friday nights. You can play football and talk to a youth worker."
HARD = (
    "The organisation proposes structured diversionary provision addressing antisocial behaviour through "
    "sustained recreational engagement and detached youth work."
)


def _checked(page, what: str) -> None:
    """What every page on the way must be: heading on the first screen of a phone, no sideways scroll, no axe
    finding."""
    top = heading_top(page)
    assert top is not None and top <= HEADING_WITHIN, f"{what}: the heading starts {top} px down"
    assert fits_width(page), f"{what} scrolls sideways at 360 px"
    violations = axe_violations(page)
    assert not violations, f"{what}: axe-core found\n" + describe_violations(violations)


def _submit(page, name: str):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    return navigation.value


def _new_round(desk) -> int:
    """The commissioner's new round, from the Rounds page: details, then a criterion of their own on 1 to 5."""
    desk.goto("/rounds/new")
    page = desk.page
    page.get_by_label("Title", exact=True).fill(f"Park nights {secrets.token_hex(2)}")
    page.get_by_label("Budget").fill("20000")
    page.get_by_label("What the panel decides").fill("Which clubs get money.")
    page.get_by_label("What the panel does not decide").fill("The total budget.")
    _submit(page, "Set up the round")
    round_id = int(re.search(r"/rounds/(\d+)", page.url).group(1))

    desk.goto(f"/rounds/{round_id}/criteria/new")
    page.get_by_label("Short title").fill(OWN_CRITERION)
    page.get_by_label("Question for the panel").fill(QUESTION)
    page.get_by_label("Weight").fill("10")
    page.get_by_label("1 to 5", exact=False).check()
    # The boxes for the new scale are drawn at once: no second button to find.
    page.locator("#descriptor_5").wait_for(state="visible", timeout=5000)
    assert page.locator("#descriptor_0").count() == 0
    for level, words in DESCRIPTORS.items():
        page.locator(f"#descriptor_{level}").fill(words)
    _submit(page, "Save criterion")
    return round_id


def _add_bid(desk, round_id: int) -> None:
    desk.goto(f"/rounds/{round_id}/bids/new")
    page = desk.page
    page.get_by_label("Reference").fill("PN-01")
    page.get_by_label("Organisation").fill("Park Lane Youth Club")
    page.get_by_label("Title", exact=True).fill("Friday nights in the park")
    page.get_by_label("Summary (optional)").fill(HARD)
    page.get_by_label("Summary for young readers (optional)").fill(PLAIN)
    page.get_by_label("Amount requested").fill("8000")
    _submit(page, "Save bid")
    assert "There is no summary for young readers yet." not in page.inner_text("main")


def _invite(desk, round_id: int) -> str:
    """Mo's invitation card; a reload shows the same card again, its link printed once."""
    desk.goto(f"/rounds/{round_id}/panel/invite")
    page = desk.page
    page.get_by_label("Name").fill("Mo")
    page.get_by_label("Panel member", exact=True).check()
    page.get_by_label("Young person", exact=True).check()
    page.get_by_label("Age").select_option("14-16")
    _submit(page, "Make their invitation card")
    code = page.inner_text(".cp-card__code").strip()
    card = page.inner_text(".cp-card")
    assert card.count("/join/") == 1, f"the card shows its link more than once: {card}"
    page.reload()
    assert page.inner_text(".cp-card__code").strip() == code, "reloading the page made a new code"
    return code


def _open_training_and_scoring(app, desk, round_id: int) -> None:
    """A chair joins (by their own card, not walked here), then the commissioner opens training and scoring."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        factories.member(round_, kind=MemberKind.ADULT, age_band=None, role=MemberRole.CHAIR)
        db.session.commit()
        db.session.remove()
    desk.goto(f"/rounds/{round_id}")
    page = desk.page
    gaps = page.locator("#practice-gaps").inner_text()
    assert OWN_CRITERION in gaps, "the commissioner is not told the practice bid has no model answer"
    stage = page.inner_text("#stage")
    assert "Before it can move on" not in stage, stage
    _submit(page, "Move on to training and scoring")
    assert "training and scoring" in page.inner_text("#stage").lower()


def _membership_id(app, round_id: int, username: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(Membership.id)
            .join(User, Membership.user_id == User.id)
            .where(Membership.round_id == round_id, User.username == username)
        )
        db.session.remove()
    return found


def test_a_new_round_and_a_new_young_panellist_get_through_without_a_stumble(open_page, browser_app):
    desk = open_page("commissioner", DESKTOP)
    round_id = _new_round(desk)
    _add_bid(desk, round_id)
    code = _invite(desk, round_id)

    # Mo joins on her phone with the keyboard alone.
    mo = open_page(None, PHONE_640)
    phone = mo.page
    username = f"mo-{secrets.token_hex(3)}"
    mo.goto("/join")
    _checked(phone, "the join page")
    _join_with_code(phone, code, username)
    assert phone.url.endswith(f"/rounds/{round_id}/conflicts"), phone.url
    _checked(phone, "the conflicts page")
    # No link to the one bidder: the note stays empty, and the page says what to do next.
    tab_to(phone, lambda element: element["name"].startswith("link_"))
    # Once she is in the form, its button stays on her screen (a bar at the bottom), not 4,000 px below.
    save = phone.get_by_role("button", name="Save my answers").bounding_box()
    assert save is not None and 0 <= save["y"] and save["y"] + save["height"] <= PHONE_640["height"], save
    phone.keyboard.press("ArrowDown")
    assert phone.evaluate("document.activeElement.value") == "no"
    tab_to(phone, lambda element: element["tag"] == "button" and "Save my answers" in element["text"])
    _press_and_wait(phone)
    assert "What to do next" in phone.inner_text("main")
    tab_to(phone, lambda element: element["tag"] == "a" and "training" in element["href"])
    assert_visible_focus(phone)
    _press_and_wait(phone)
    assert "/training" in phone.url, phone.url
    _checked(phone, "the start of training")
    _open_training_and_scoring(browser_app, desk, round_id)
    mo.goto(f"/rounds/{round_id}/training")

    # The training's words follow this round's scale, not the default 0 to 4.
    training = phone.inner_text("main")
    steps = phone.locator("main a[href*='/training/steps/']")
    found_scale = False
    for index in range(steps.count()):
        mo.goto(steps.nth(index).get_attribute("href") or "")
        words = phone.inner_text("main")
        assert "from 0 to 4" not in words
        found_scale = found_scale or "from 1 to 5" in words
        mo.goto(f"/rounds/{round_id}/training")
    assert found_scale, f"no training step names the round's scale; the start page said: {training[:300]}"

    # The practice bid: no empty comparison for a criterion of the commissioner's own.
    mo.goto(f"/rounds/{round_id}/training/practice")
    _checked(phone, "the practice bid")
    phone.locator("main input[type=radio][value='4']").first.check()
    _submit(phone, "Check my scores")
    feedback = phone.inner_text("main")
    _checked(phone, "the practice feedback")
    assert "No model answer" not in feedback
    assert OWN_CRITERION in feedback and DESCRIPTORS[4] in feedback

    # Her training is recorded as done in person (the rest of training is walked in test_training_journey.py).
    with browser_app.app_context():
        membership = db.session.get(Membership, _membership_id(browser_app, round_id, username))
        commissioner = db.session.scalar(select(User).where(User.username == "commissioner"))
        record_training_in_person(commissioner, membership, "Training day", utcnow())
        db.session.commit()
        db.session.remove()

    # The scoring sheet: the bid in plain words first; after a save it says what she has done, with the scale.
    mo.goto(f"/rounds/{round_id}/sheets/")
    _checked(phone, "her scoring sheets")
    with phone.expect_navigation():
        phone.locator("main a[href*='/sheets/']").filter(has_text="Friday nights in the park").first.click()
    _checked(phone, "the scoring sheet")
    sheet = phone.inner_text("main")
    assert sheet.index(PLAIN) < sheet.index("What Park Lane Youth Club wrote")
    assert "Not started" in phone.inner_text("main")
    phone.locator("main input[type=radio][value='4']").first.focus()
    phone.keyboard.press("Space")
    phone.wait_for_function("() => /Saved/.test(document.querySelector('main').innerText)")
    phone.wait_for_function("() => !/Not started/.test(document.querySelector('main').innerText)")
    after = phone.inner_text("main")
    assert "out of 5" in after, f"the total does not say what it is out of: {after[:600]}"
    _submit(phone, "Send my scores")
    assert "Submitted" in phone.inner_text("main") or "Sent" in phone.inner_text("main")
    _checked(phone, "the sheet once sent")
