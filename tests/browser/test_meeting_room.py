"""The meeting in a real room: a young person's phone, a keyboard and a screen reader, a break that is heard,
and a projector at the front.

- On a small phone (360x640), at the normal and the largest text size, the bid's title is on the first screen
  and every action a member has at each step (first view, hand up or down, "I need a break") is on it too,
  without scrolling, with one message for where they are in the talk.
- A member using the keyboard alone keeps their place through update after update (never the page itself),
  and hears in a live region that it is their turn and that their break request was sent; the chair's console
  shows and says (and chimes) the break request the moment it is made.
- The projector fits one 1280x720 and one 1920x1080 screen in every phase of a round with eight questions, in
  type no smaller than 24px on the big screen, and never shows a name.

The chair's commands go straight to the service here (the journey in test_meeting.py presses the buttons), so
each step is quick. See docs/meeting.md.
"""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from panel.accounts.models import User
from panel.core.models import utcnow
from panel.demo.content import BIDS_TWO, CONFLICTS_TWO
from panel.demo.round_two import add_sheet_and_bids
from panel.extensions import db
from panel.meetings.protocol import token
from panel.meetings.service import run_command
from panel.meetings.store import meeting_of, open_meeting
from panel.rounds.models import Membership, Round
from panel.sheets.operations import SheetChanges, save_sheet, submit_sheet
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.browser.helpers import axe_violations, describe_violations, fits_width, focused, tab_to
from tests.browser.test_meeting import WAIT, _expect_at, _open

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 640}
SIZES = ("normal", "larger")  # the reading help's smallest and largest text sizes
(ELLAS_LINK,) = [reference for username, reference, _ in CONFLICTS_TWO if username == "ella"]
ANNOUNCER = "[data-cp-meeting] [data-cp-announcer][aria-live='polite']"
NOW = "#cp-now-title > :visible"  # the one message the action bar shows for where the person is in the talk


def _command(app, round_id: int, username: str, name: str, **args) -> None:
    """Give a meeting command as this person, as their screen would (the chair's without `expect`)."""
    with app.app_context():
        round_ = db.session.get_one(Round, round_id)
        user = db.session.scalar(select(User).where(User.username == username))
        outcome = run_command(round_, user, name, args, None)
        db.session.remove()
    assert outcome.ok, f"{username}'s {name} was refused: {outcome.message}"


def _record(
    app, round_id: int, chair: str, consensus: dict, recommendation: str, *, amount="", conditions="", reasons
) -> None:
    """The chair writes down the panel's first decision on the bid (revision 0)."""
    _command(
        app,
        round_id,
        chair,
        "record",
        consensus=consensus,
        recommendation=recommendation,
        revision=0,
        amount=amount,
        conditions=conditions,
        reasons=reasons,
    )


def _token_of(app, round_id: int, username: str) -> str:
    """A member's token in the queue (what the chair's Give turn button sends)."""
    with app.app_context():
        membership = db.session.scalar(
            select(Membership)
            .join(User, Membership.user_id == User.id)
            .where(Membership.round_id == round_id, User.username == username)
        )
        meeting = meeting_of(db.session.get_one(Round, round_id))
        found = token(meeting.id, membership.id)
        db.session.remove()
    return found


def _with_text_size(visit, size: str):
    """A person who chose this text size in the reading help (it is kept in the browser)."""
    visit.page.add_init_script(f"window.localStorage.setItem('copanel-text-size', {size!r});")
    return visit


# --- a small phone ------------------------------------------------------------------------------------------

ON_THE_FIRST_SCREEN = """() => {
  const box = (e) => e.getBoundingClientRect();
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const h1 = document.querySelector("main h1");
  const bar = document.querySelector(".cp-actions");
  const actions = bar ? [...bar.querySelectorAll("button")].filter(shown) : [];
  const words = bar ? [...bar.querySelectorAll("*")].filter((e) => shown(e) && !e.children.length)
    .map((e) => e.textContent.trim()).filter(Boolean).join(" | ") : "";
  return {
    scrolled: window.scrollY,
    height: window.innerHeight,
    heading: h1 && [box(h1).top, box(h1).bottom],
    barTop: bar ? box(bar).top : null,
    actions: actions.map((e) => [e.textContent.trim(), box(e).top, box(e).bottom]),
    words,
  };
}"""


def _assert_on_the_first_screen(page, when: str, actions: list[str]) -> str:
    """The bid's heading and exactly these actions are inside the first screen, the heading above the bar.
    Returns what the bar says."""
    seen = page.evaluate(ON_THE_FIRST_SCREEN)
    where = f"{when} at {page.evaluate('document.documentElement.className')}: {seen}"
    assert seen["scrolled"] == 0, where
    top, bottom = seen["heading"]
    assert 0 <= top and bottom <= (seen["barTop"] if seen["barTop"] is not None else seen["height"]), where
    assert [text for text, *_ in seen["actions"]] == actions, where
    for _, top, bottom in seen["actions"]:
        assert 0 <= top and bottom <= seen["height"], where
    assert fits_width(page), where
    return seen["words"]


def _assert_reading_help_under_the_heading(page) -> None:
    help_ = page.locator("#cp-live [data-cp-reading-slot] .cp-reading-help")
    expect(help_).to_have_count(1)
    assert help_.bounding_box()["y"] >= page.locator("main h1").bounding_box()["y"]


def test_every_action_is_on_the_first_screen_of_a_small_phone_at_every_text_size(
    meeting, open_page, browser_app, demo
):
    round_id, bids = demo.meeting_round_id, meeting["bids"]
    first, ellas = min(bids.values()), bids[ELLAS_LINK]
    # Ben reads at the normal size, Aisha at the largest; Ella starts large and goes back to normal.
    phones = {
        ("ben", "normal"): _open(_with_text_size(open_page("ben", SMALL_PHONE), "normal"), meeting["base"]),
        ("aisha", "larger"): _open(
            _with_text_size(open_page("aisha", SMALL_PHONE), "larger"), meeting["base"]
        ),
    }
    ella = _open(_with_text_size(open_page("ella", SMALL_PHONE), "larger"), meeting["base"])

    def step(name: str, phase: str, actions: list[str]) -> None:
        """The chair moves the meeting on; both phones show this step, with these actions on the first screen."""
        _command(browser_app, round_id, "chair", name)
        for (who, size), page in phones.items():
            _expect_at(page, phase, first)
            _assert_on_the_first_screen(page, f"{who} at {phase} ({size} text)", actions)

    for page in phones.values():
        _expect_at(page, "waiting", status="waiting")
        _assert_on_the_first_screen(page, "waiting", [])
    # The site's menu is folded behind its button; the reading help is under the meeting's heading.
    ben = phones["ben", "normal"]
    expect(ben.locator("#navigation")).to_be_hidden()
    ben.get_by_role("button", name="Menu").click()
    expect(ben.get_by_role("link", name="Your panels")).to_be_visible()
    ben.get_by_role("button", name="Menu").click()
    expect(ben.locator("#navigation")).to_be_hidden()
    step("start", "bid", ["I need a break"])
    for page in phones.values():
        _assert_reading_help_under_the_heading(page)
    step("first_view", "first_view", ["Fund it", "Not sure", "Don't fund it", "I need a break"])
    for (who, _), page in phones.items():
        page.locator("#cp-view-fund-button").click()
        expect(page.locator("#cp-now [data-cp-my-view-text]")).to_have_text(
            "You picked: Fund it.", timeout=WAIT
        )
        _assert_on_the_first_screen(
            page, f"{who} with a first view", ["Fund it", "Not sure", "Don't fund it", "I need a break"]
        )
    step("reveal_views", "views", ["I need a break"])
    step("reveal_scores", "scores", ["Put my hand up", "I need a break"])
    _assert_accessible(phones["ben", "normal"], "Ben's phone with the scores shown")
    step("discuss", "discuss", ["Put my hand up", "I need a break"])
    for page in phones.values():
        page.locator("#cp-hand-raise-button").click()
        expect(page.locator("#cp-hand-lower-button")).to_be_visible(timeout=WAIT)
    for (who, _), page in phones.items():
        expect(page.locator(NOW)).to_contain_text("in the queue", timeout=WAIT)
        _assert_on_the_first_screen(page, f"{who} waiting to talk", ["Put my hand down", "I need a break"])
    # Each is given the turn in turn: one message, and no hand to put up.
    for (who, _), page in phones.items():
        token = page.locator("[data-cp-meeting]").get_attribute("data-token")
        _command(browser_app, round_id, "chair", "give_turn", member=token)
        expect(page.locator(NOW)).to_have_text("It's your turn to talk!", timeout=WAIT)
        said = _assert_on_the_first_screen(page, f"{who} with the turn", ["I need a break"])
        assert "hand" not in said.lower(), f"{who}, with the turn, is told {said!r}"
    _assert_accessible(phones["aisha", "larger"], "Aisha's phone, in large text, with the turn")
    _command(browser_app, round_id, "chair", "end_turn")
    step("agree", "agree", ["Put my hand up", "I need a break"])

    # Ella's bid: she steps out, and can still ask for a break; then she goes back to the normal text size.
    _command(browser_app, round_id, "chair", "go_to", bid=ellas)
    _expect_at(ella, "out", None)
    _assert_on_the_first_screen(ella, "Ella stepping out (larger text)", ["I need a break"])
    ella.locator("[data-cp-text-size='normal']").click()
    expect(ella.locator("html")).to_have_class("govuk-template cp-text-normal")
    _assert_on_the_first_screen(ella, "Ella stepping out (normal text)", ["I need a break"])
    _assert_accessible(ella, "Ella's stepping-out card")

    _command(browser_app, round_id, "chair", "pause", minutes=5)
    for page in (*phones.values(), ella):
        _expect_at(page, "paused", status="paused")
        _assert_on_the_first_screen(page, "the break", [])


def _assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}:\n" + describe_violations(violations)


# --- the keyboard, a screen reader and a break --------------------------------------------------------------

# Counts the chair's console's chimes instead of making a sound; runs before the page's own scripts.
CHIMES = """
window.__chimes = 0;
window.AudioContext = function () {
  const node = () => ({ connect() {}, start() { window.__chimes += 1; }, stop() {}, frequency: {},
    gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
  return { state: "running", currentTime: 0, destination: {}, createOscillator: node, createGain: node };
};
"""


def _focus_is_kept(page, when: str, where: str) -> None:
    """Something in the meeting has the focus (never the page itself), and it is what we expect."""
    element = focused(page)
    assert element is not None, f"{when}: the focus fell to the page itself"
    assert element["id"] == where, f"{when}: the focus is on {element}, not #{where}"


def test_a_keyboard_member_keeps_their_place_hears_their_turn_and_the_chair_hears_their_break(
    meeting, open_page, browser_app, demo
):
    round_id = demo.meeting_round_id
    chair_visit = open_page("chair")
    chair_visit.page.add_init_script(CHIMES)
    chair = _open(chair_visit, meeting["chair"])
    ben = _open(open_page("ben", SMALL_PHONE), meeting["base"])
    aisha_token = None
    for name in ("start", "reveal_scores", "discuss"):
        _command(browser_app, round_id, "chair", name)
    _expect_at(ben, "discuss")
    ben_token = ben.locator("[data-cp-meeting]").get_attribute("data-token")

    # Ben, with the keyboard alone, puts his hand up: the focus moves to the button that puts it down.
    tab_to(ben, lambda element: element["id"] == "cp-hand-raise-button")
    ben.keyboard.press("Enter")
    expect(ben.locator(ANNOUNCER)).to_contain_text(
        "Your hand is up. You're number 1 in the queue.", timeout=WAIT
    )
    _focus_is_kept(ben, "his hand up", "cp-hand-lower-button")

    # Five updates from the room, one after another; Ben keeps his place through each.
    _command(browser_app, round_id, "aisha", "raise_hand")
    expect(ben.locator("[data-cp-queue-item]")).to_have_count(2, timeout=WAIT)
    _focus_is_kept(ben, "Aisha put her hand up", "cp-hand-lower-button")

    _command(browser_app, round_id, "chair", "give_turn", member=ben_token)
    expect(ben.locator(NOW)).to_have_text("It's your turn to talk!", timeout=WAIT)
    expect(ben.locator(ANNOUNCER)).to_contain_text("It's your turn to talk!", timeout=WAIT)
    # His "put my hand down" button has gone: the focus stays in what he can do now, not on the page.
    _focus_is_kept(ben, "the chair gave him the turn", "cp-now")
    assert ben.locator("#cp-actions button:visible").all_inner_texts() == ["I need a break"]

    _command(browser_app, round_id, "chair", "save_notes", notes="Ben: young people should run the studio.")
    expect(ben.locator("#cp-notes")).to_contain_text("young people should run the studio", timeout=WAIT)
    _focus_is_kept(ben, "the notes changed", "cp-now")

    _command(browser_app, round_id, "chair", "end_turn")
    expect(ben.locator(NOW)).to_have_text("Want to say something?", timeout=WAIT)
    expect(ben.locator(ANNOUNCER)).to_contain_text("Your turn has finished.", timeout=WAIT)
    _focus_is_kept(ben, "his turn ended", "cp-now")

    aisha_token = chair.locator("#cp-talk [data-cp-queue-item]").first.get_attribute("data-token")
    _command(browser_app, round_id, "chair", "give_turn", member=aisha_token)
    expect(ben.locator("[data-cp-speaking]")).to_have_text("It's Aisha's turn to talk.", timeout=WAIT)
    _focus_is_kept(ben, "the chair gave Aisha the turn", "cp-now")

    _command(browser_app, round_id, "chair", "agree")
    _expect_at(ben, "agree")
    _focus_is_kept(ben, "the panel moved on to agreeing", "cp-now")

    # He asks for a break: his screen says it was sent (and so does the live region), where the button was.
    tab_to(ben, lambda element: element["id"] == "cp-need-break-button")
    ben.keyboard.press("Enter")
    sent = "Your break request was sent to the chair."
    expect(ben.locator("#cp-break [data-cp-break-sent]")).to_contain_text(sent, timeout=WAIT)
    expect(ben.locator("#cp-need-break-button")).to_be_hidden()
    expect(ben.locator(ANNOUNCER)).to_contain_text(sent, timeout=WAIT)
    _focus_is_kept(ben, "his break request was sent", "cp-break")

    # The chair's console says so at once, as an alert, with a chime, and lists him.
    signal = chair.locator("[data-cp-signal]")
    expect(signal).to_have_text("Ben asked for a break.", timeout=WAIT)
    assert signal.get_attribute("role") == "alert"
    assert chair.evaluate("window.__chimes") >= 1, "the chair's console made no sound"
    expect(chair.locator("#cp-break-requests")).to_contain_text("Ben", timeout=WAIT)

    # The next update keeps his confirmation; the break itself clears it, for him and for the chair.
    _command(browser_app, round_id, "chair", "save_notes", notes="Agreed to fund it.")
    expect(ben.locator("#cp-notes")).to_contain_text("Agreed to fund it.", timeout=WAIT)
    expect(ben.locator("#cp-break [data-cp-break-sent]")).to_be_visible()
    _focus_is_kept(ben, "the notes changed after his request", "cp-break")
    _command(browser_app, round_id, "chair", "pause", minutes=5)
    _expect_at(ben, "paused", status="paused")
    expect(signal).to_be_hidden()
    assert focused(ben) is not None, "the break took the focus to the page itself"
    _command(browser_app, round_id, "chair", "resume")
    _expect_at(ben, "agree")
    expect(ben.locator("#cp-need-break-button")).to_be_visible()


# --- the projector ------------------------------------------------------------------------------------------

PROJECTORS = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}
EIGHT = [
    "Young people lead it",
    "Makes a difference here",
    "A plan that can work",
    "Good use of the money",
    "Safe, welcoming and open to every young person in the town, whoever they are",
    "Lasts after the grant",
    "Works with others nearby",
    "Young people can see what changed",
]
PANEL_OF_SIX = [
    ("Projector Young One", MemberKind.YOUNG),
    ("Projector Young Two", MemberKind.YOUNG),
    ("Projector Young Three", MemberKind.YOUNG),
    ("Projector Young Four", MemberKind.YOUNG),
    ("Projector Adult One", MemberKind.ADULT),
    ("Projector Adult Two", MemberKind.ADULT),
    ("Projector Adult Three", MemberKind.ADULT),
]
NAMES = [name for name, _ in PANEL_OF_SIX]


@pytest.fixture(scope="module")
def round_of_eight(browser_app) -> dict:
    """A round with eight questions and two bids (the demo's first two), scored by a panel of its own (four young
    people, three adults), its meeting waiting. Made once; nobody else's pages list it but the commissioner's."""
    with browser_app.app_context():
        commissioner = db.session.scalar(select(User).where(User.username == "commissioner"))
        round_ = Round(
            title="Projector check: eight questions",
            budget_pence=100_000 * 100,
            scoring_deadline=date(2099, 1, 1),
            status=RoundStatus.SCORING,
            created_by_id=commissioner.id,
        )
        db.session.add(round_)
        rows = [(title, f"{title}?", "", 10, [f"Level {n}" for n in range(1, 6)]) for title in EIGHT]
        bids = add_sheet_and_bids(round_, rows, BIDS_TWO[:2], (1, 5))
        now = utcnow()
        members = []
        for number, (name, kind) in enumerate(PANEL_OF_SIX):
            user = User(username=f"projector-{number}", display_name=name, password_hash="!never-signs-in")
            db.session.add(user)
            members.append(
                Membership(
                    user=user,
                    role=MemberRole.PANELLIST,
                    kind=kind,
                    age_band=AgeBand("14-16") if kind is MemberKind.YOUNG else None,
                    confidentiality_accepted_at=now,
                    conflicts_reviewed_at=now,
                    training_completed_at=now,
                    trained_in_person_at=now,
                    trained_in_person_by_id=commissioner.id,
                )
            )
            round_.memberships.append(members[-1])
        db.session.flush()
        criteria = sorted(round_.criteria, key=lambda criterion: criterion.position)
        for number, membership in enumerate(members):
            for bid in bids.values():
                scores = {c.id: 1 + (number + position) % 5 for position, c in enumerate(criteria)}
                save_sheet(membership, bid, SheetChanges(scores=scores), 0, now)
                submit_sheet(membership, bid, now)
        round_.status = RoundStatus.MEETING
        open_meeting(round_)
        db.session.commit()
        made = {
            "round": round_.id,
            "bids": sorted(bid.id for bid in bids.values()),
            "criteria": [criterion.id for criterion in criteria],
            "members": [membership.user.username for membership in members],
        }
        assert meeting_of(round_) is not None
        db.session.remove()
    return made


FITS = """() => {
  const problems = [];
  const root = document.documentElement;
  const box = (e) => e.getBoundingClientRect();
  if (root.scrollHeight > innerHeight) problems.push(`the page is ${root.scrollHeight}px tall`);
  if (root.scrollWidth > innerWidth) problems.push(`the page is ${root.scrollWidth}px wide`);
  const parts = "h1, .cp-dotplot, .cp-screen-facts, #cp-talk, #cp-agree, #cp-budget, #cp-first-views, #cp-pause, #cp-agenda";
  for (const part of document.querySelectorAll(parts)) {
    const b = box(part);
    if (b.bottom > innerHeight + 0.5 || b.right > innerWidth + 0.5 || b.top < -0.5)
      problems.push(`${part.id || part.className} is off the screen (${Math.round(b.top)} to ${Math.round(b.bottom)})`);
  }
  for (const card of document.querySelectorAll(".cp-screen-criterion")) {
    for (const part of card.children) {
      if (box(part).bottom > box(card).bottom + 0.5)
        problems.push(`${card.id}: its ${part.className} sticks out of its box`);
    }
  }
  return problems;
}"""

SMALLEST_TEXT = """() => {
  const sizes = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode;
    const element = text.parentElement;
    if (!text.textContent.trim() || element.closest(".govuk-visually-hidden, .govuk-skip-link, script")) continue;
    if (!element.getClientRects().length) continue;
    sizes.push([parseFloat(getComputedStyle(element).fontSize), text.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes.slice(0, 3);
}"""


def test_the_projector_fits_one_screen_in_every_phase_with_eight_questions(
    round_of_eight, open_page, browser_app
):
    round_id, second = round_of_eight["round"], round_of_eight["bids"][1]
    path = f"/rounds/{round_id}/meeting/screen"
    screens = {
        size: _open(open_page("commissioner", viewport), path) for size, viewport in PROJECTORS.items()
    }
    chair = "commissioner"
    young, adult = round_of_eight["members"][0], round_of_eight["members"][-1]

    def check(phase: str, status: str = "running") -> None:
        for size, page in screens.items():
            _expect_at(page, phase, status=status)
            problems = page.evaluate(FITS)
            assert not problems, f"the projector at {size}, {phase}: " + "; ".join(problems)
            html = page.content()
            assert not [name for name in NAMES if name in html], f"a name on the projector at {phase}"
            if size == "1920x1080":
                smallest = page.evaluate(SMALLEST_TEXT)
                assert smallest[0][0] >= 24, f"text under 24px on the big screen at {phase}: {smallest}"

    check("waiting", "waiting")
    _command(browser_app, round_id, chair, "start")
    check("bid")
    _command(browser_app, round_id, chair, "first_view")
    _command(browser_app, round_id, young, "give_view", view="fund")
    check("first_view")
    # Three views, enough to count (two would each give the other away): the projector draws their bars.
    for member, view in ((round_of_eight["members"][1], "fund"), (adult, "not_sure")):
        _command(browser_app, round_id, member, "give_view", view=view)
    _command(browser_app, round_id, chair, "reveal_views")
    for page in screens.values():
        expect(page.locator("#cp-first-views .cp-bars__row")).to_have_count(3, timeout=WAIT)
    check("views")
    _command(browser_app, round_id, chair, "reveal_scores")
    for page in screens.values():
        expect(page.locator("#cp-scores .cp-dotplot")).to_have_count(8, timeout=WAIT)
    check("scores")
    _assert_accessible(screens["1920x1080"], "the projector with eight questions' scores")
    _command(browser_app, round_id, chair, "discuss")
    for member in (young, adult):
        _command(browser_app, round_id, member, "raise_hand")
    _command(browser_app, round_id, chair, "give_turn", member=_token_of(browser_app, round_id, young))
    for page in screens.values():
        expect(page.locator("#cp-talk")).to_contain_text("1 person is waiting to talk.", timeout=WAIT)
    check("discuss")
    _command(browser_app, round_id, chair, "agree")
    consensus = {str(criterion): 3 for criterion in round_of_eight["criteria"]}
    reasons = "The panel liked the plan and the people. " * 12
    _record(
        browser_app,
        round_id,
        chair,
        consensus,
        "fund_with_conditions",
        amount="20000",
        conditions="Young people help run it from the first month.",
        reasons=reasons,
    )
    for page in screens.values():
        expect(page.locator("#cp-agree")).to_contain_text("Fund with conditions", timeout=WAIT)
    check("agree")
    _command(browser_app, round_id, chair, "pause", minutes=10)
    check("paused", "paused")
    _command(browser_app, round_id, chair, "resume")
    _command(browser_app, round_id, chair, "go_to", bid=second)
    _command(browser_app, round_id, chair, "reveal_scores")
    _command(browser_app, round_id, chair, "discuss")
    _command(browser_app, round_id, chair, "agree")
    _record(browser_app, round_id, chair, consensus, "do_not_fund", reasons="Not this time.")
    _command(browser_app, round_id, chair, "close")
    check("closed", "closed")
