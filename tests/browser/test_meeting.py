"""A whole consensus meeting on the demo's second round, with every screen following the chair live: the chair
(desktop) runs it, Ben and Ella follow on phones, Aisha joins late, and the projector shows it in a window of
its own. First views stay secret until shown, the projector never shows a name, Ella steps out for the bid she
has a link to, a reload lands where the room is, and Ben uses his phone with the keyboard alone.
See docs/meeting.md."""

import re
from html import unescape

import pytest
from playwright.sync_api import expect

from panel.demo.content import BIDS_TWO, COMMISSIONER, CONFLICTS_TWO, MEMBERS
from tests.browser.helpers import (
    DESKTOP,
    PHONE,
    assert_visible_focus,
    axe_violations,
    describe_violations,
    fits_width,
    overflowing,
    signed_in_as,
    tab_to,
)

pytestmark = pytest.mark.browser

WAIT = 5_000  # ms: every step shows on every screen in well under this
STATE = "[data-cp-state]"
NOW = "#cp-now-title > :visible"  # a member's one message for where they are in the talk
NAMES = [name for _, name, *_ in MEMBERS] + [COMMISSIONER[1]]
BIDS = {
    reference: (organisation, title, summary) for reference, organisation, title, _, summary, *_ in BIDS_TWO
}
(ELLAS_LINK,) = [reference for username, reference, _ in CONFLICTS_TWO if username == "ella"]
FIRST, *MIDDLE, LAST = sorted(BIDS)
assert LAST == ELLAS_LINK, "the journey below has Ella step out for the last bid"


# What the screens show


def _state(page):
    return page.locator(STATE)


def _expect_at(page, phase: str, bid_id: int | None = None, status: str = "running") -> None:
    """Wait until the page's live region shows the meeting at this phase (and bid)."""
    state = _state(page)
    expect(state).to_have_attribute("data-status", status, timeout=WAIT)
    expect(state).to_have_attribute("data-phase", phase, timeout=WAIT)
    if bid_id is not None:
        expect(state).to_have_attribute("data-bid", str(bid_id), timeout=WAIT)


def _open(visit, path: str):
    """Open a meeting page and wait until its socket is live (so commands and updates go over it)."""
    response = visit.goto(path)
    assert response.status == 200, f"GET {path} answered {response.status}"
    expect(visit.page.locator("[data-cp-status]")).to_have_text("Live", timeout=WAIT)
    return visit.page


def _click(page, selector: str) -> None:
    """Press a command button: the script sends it over the socket, so the page does not reload."""
    page.locator(selector).click()


def _assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}:\n" + describe_violations(violations)


def _assert_fits_phone(page, what: str) -> None:
    assert fits_width(page), f"{what} scrolls sideways at 360 px; sticking out: " + "; ".join(
        overflowing(page)
    )


def _assert_no_names(page, when: str) -> None:
    html = page.content()
    shown = [name for name in NAMES if re.search(rf"\b{re.escape(name)}\b", html)]
    assert not shown, f"the projector shows {shown} ({when})"


def _mark(page) -> None:
    """Leave a mark in the page's window: it is gone if the page reloads."""
    page.evaluate("window.cpNotReloaded = true")


def _not_reloaded(page) -> bool:
    return page.evaluate("window.cpNotReloaded === true")


def _button(words: str):
    return lambda element: element["tag"] == "button" and element["text"] == words


# The chair's plain form posts (docs/meeting.md: every command also works without the socket)


def _post(page, meeting, name: str, expect_bid: int, expect_phase: str, **fields) -> tuple[dict, str]:
    """Give a chair command as the page's plain form would, with its CSRF token; return where the meeting is on
    the page the post leads back to, and that page."""
    csrf = page.locator("[data-cp-meeting]").get_attribute("data-csrf")
    form = {
        "csrf_token": csrf,
        "name": name,
        "expect_bid": str(expect_bid),
        "expect_phase": expect_phase,
        **{key: str(value) for key, value in fields.items()},
    }
    base = page.url.split("/rounds/")[0]
    response = page.request.post(base + meeting["command"], form=form)
    assert response.ok, f"{name} answered {response.status}"
    html = unescape(response.text())
    at = dict(re.findall(r'data-(phase|bid|status)="([^"]*)"', html.split("data-cp-state", 1)[1][:400]))
    return at, html


def _record_by_form(page, meeting, bid_id: int, after: tuple[int, str], decision: dict) -> None:
    """Go to a bid, show its scores, talk, agree and record, all as plain form posts."""
    at, _ = _post(page, meeting, "go_to", *after, bid=bid_id)
    assert at == {"status": "running", "phase": "bid", "bid": str(bid_id)}
    for name, phase, then in (
        ("reveal_scores", "bid", "scores"),
        ("discuss", "scores", "discuss"),
        ("agree", "discuss", "agree"),
    ):
        at, _ = _post(page, meeting, name, bid_id, phase)
        assert at["phase"] == then, f"{name} left the meeting at {at}"
    consensus = {f"consensus-{criterion}": 3 for criterion in meeting["criteria"]}
    _, html = _post(page, meeting, "record", bid_id, "agree", revision=0, **consensus, **decision)
    assert decision["reasons"] in html, "the decision was not recorded"


def _fill_decision(
    page,
    bid_id: int,
    scores: list[tuple[int, int]],
    recommendation: str,
    amount: str,
    conditions: str,
    reasons: str,
) -> None:
    form = f"#cp-record-{bid_id}"
    for criterion, score in scores:
        page.check(f"{form}-{criterion}-{score}")
    page.check(f"{form}-recommendation-{recommendation}")
    if amount:
        page.fill(f"{form}-amount", amount)
    if conditions:
        page.fill(f"{form}-conditions", conditions)
    page.fill(f"{form}-reasons", reasons)
    _click(page, f"{form}-button")


REASONS = {
    FIRST: "Young people run it from the start; the studio must be open to all, not only the youth council.",
    LAST: "The walls are not agreed yet, so the plan cannot work as it stands.",
    **{reference: f"The panel's reasons for {reference}." for reference in MIDDLE},
}


def test_a_whole_meeting_live_on_every_screen(meeting, open_page):
    bids = meeting["bids"]
    first, last = bids[FIRST], bids[LAST]

    # Everyone opens the meeting before it starts; the chair opens the projector screen on a second browser
    # (as a tab of the same window it would sit in the background, where Chromium slows the console's frames).
    chair_visit = open_page("chair", DESKTOP)
    chair = _open(chair_visit, meeting["chair"])
    screen = _open(open_page("chair", DESKTOP), meeting["screen"])
    ben = _open(open_page("ben", PHONE), meeting["base"])
    ella = _open(open_page("ella", PHONE), meeting["base"])
    for page in (ben, ella, screen):
        _expect_at(page, "waiting", status="waiting")
    expect(ben.locator("h1")).to_have_text("The meeting will start soon")
    _mark(ben)

    # The chair starts: every screen moves to the first bid.
    _click(chair, "#cp-start-button")
    for page in (chair, ben, ella, screen):
        _expect_at(page, "bid", first)
    expect(ben.locator("h1")).to_contain_text(f"Bid 1 of {len(bids)}: {BIDS[FIRST][1]}")

    # First views, in secret: each member sees only their own; the chair sees how many, never what.
    _click(chair, "#cp-first-view-button")
    for page in (chair, ben, ella):
        _expect_at(page, "first_view", first)
    # Of the people here who can answer: Ben and Ella (the chair gives no first view; the others are away).
    expect(chair.locator("#cp-controls")).to_contain_text("0 of 2")
    expect(chair.locator("#cp-controls")).to_contain_text(
        "If fewer than 3 people answer, the answers stay hidden"
    )
    # Ben, with the keyboard alone.
    tab_to(ben, _button("Fund it"))
    assert_visible_focus(ben)
    ben.keyboard.press("Enter")
    expect(ben.locator("#cp-now [data-cp-my-view-text]")).to_have_text("You picked: Fund it.", timeout=WAIT)
    expect(ben.locator("[data-cp-announcer]")).to_contain_text("Got it. You picked: Fund it.", timeout=WAIT)
    expect(chair.locator("#cp-controls")).to_contain_text("1 of 2", timeout=WAIT)
    ella.locator("#cp-view-not_sure-button").click()
    expect(ella.locator("#cp-now [data-cp-my-view-text]")).to_contain_text(
        "You picked: Not sure", timeout=WAIT
    )
    expect(chair.locator("#cp-controls")).to_contain_text("2 of 2", timeout=WAIT)
    expect(ben.locator("#cp-now [data-cp-my-view-text]")).to_contain_text("You picked: Fund it")
    expect(ben.locator("#cp-first-views")).to_have_count(0)
    chair_sees = chair.inner_text("#cp-live")
    for secret in ("Fund it", "Not sure", "Don't fund it", "You picked"):
        assert secret not in chair_sees, f"the chair's screen shows {secret!r} before the views are shown"

    # The chair shows the first views. Two are too few to count (each would learn what the other picked), so
    # every screen says so without a reload, and Ben still sees his own (scoring/disclosure.py, split_shown).
    _click(chair, "#cp-reveal-views-button")
    for page in (chair, ben, screen):
        _expect_at(page, "views", first)
    counts = ben.locator("#cp-first-views")
    expect(counts.locator("[data-cp-too-few]")).to_have_text(
        "Too few people answered to show what they picked. This keeps everyone's answer secret.", timeout=WAIT
    )
    expect(screen.locator("#cp-first-views [data-cp-too-few]")).to_contain_text("Too few people answered")
    expect(chair.locator("#cp-first-views [data-cp-too-few]")).to_contain_text(
        "Only 2 people gave a first view, so the answers stay hidden."
    )
    for page in (chair, ben, screen):
        expect(page.locator(".cp-bars__row")).to_have_count(0)
        assert "Not sure" not in page.inner_text("#cp-first-views")
    expect(counts.locator("[data-cp-my-view-text]")).to_have_text("You picked: Fund it.")
    assert _not_reloaded(ben)

    # The chair shows the scores: the dot plots appear on Ben's phone and on the projector, with no names.
    _click(chair, "#cp-reveal-scores-button")
    for page in (chair, ben, screen):
        _expect_at(page, "scores", first)
    for page in (ben, screen):
        expect(page.locator("#cp-scores .cp-dotplot")).to_have_count(len(meeting["criteria"]), timeout=WAIT)
    assert _not_reloaded(ben)
    _assert_no_names(screen, "with the scores shown")
    _assert_accessible(chair, "the chair's console with the scores shown")
    _assert_accessible(ben, "Ben's phone with the scores shown")
    _assert_fits_phone(ben, "Ben's phone with the scores shown")
    _assert_accessible(screen, "the projector with the scores shown")

    # Talking it through: Ben puts his hand up with the keyboard, the chair sees his name and gives him the turn.
    _click(chair, "#cp-discuss-button")
    _expect_at(ben, "discuss", first)
    tab_to(ben, _button("Put my hand up"))
    assert_visible_focus(ben)
    ben.keyboard.press("Space")
    expect(ben.locator(NOW)).to_have_text("You're number 1 in the queue", timeout=WAIT)
    expect(ben.locator("#cp-hand-lower-button")).to_be_focused()
    waiting = chair.locator("#cp-talk .cp-queue__item")
    expect(waiting).to_have_count(1, timeout=WAIT)
    expect(waiting.locator(".cp-queue__who")).to_contain_text("Ben")
    expect(screen.locator("#cp-talk")).to_contain_text("1 person is waiting to talk.", timeout=WAIT)
    _assert_accessible(chair, "the chair's console while the room talks")
    waiting.get_by_role("button", name=re.compile("^Give turn")).click()
    expect(chair.locator("#cp-talk [data-cp-speaking]")).to_contain_text("Ben has the turn.", timeout=WAIT)
    expect(ben.locator(NOW)).to_have_text("It's your turn to talk!", timeout=WAIT)
    expect(ben.locator("#cp-talk [data-cp-speaking]")).to_have_text("It's your turn to talk!")
    expect(screen.locator("#cp-talk")).to_contain_text("Someone on the panel has the turn.", timeout=WAIT)
    _assert_no_names(screen, "while Ben has the turn")
    assert _not_reloaded(ben)

    # Ben reloads his phone: he lands where the room is, not at the start.
    ben.reload()
    assert not _not_reloaded(ben)
    expect(ben.locator("[data-cp-status]")).to_have_text("Live", timeout=WAIT)
    _mark(ben)
    _expect_at(ben, "discuss", first)
    expect(ben.locator(NOW)).to_have_text("It's your turn to talk!")
    expect(ben.locator("h1")).to_contain_text(f"Bid 1 of {len(bids)}")

    # Agreeing: the chair writes down the decision; every member's screen shows it.
    _click(chair, "#cp-agree-button")
    _expect_at(ben, "agree", first)
    _expect_at(chair, "agree", first)
    _assert_accessible(chair, "the chair's console while agreeing")
    _fill_decision(
        chair,
        first,
        [(criterion, 4) for criterion in meeting["criteria"]],
        "fund_with_conditions",
        "30000",
        "Open the studio to every young person in Easthaven.",
        REASONS[FIRST],
    )
    decision = ben.locator("#cp-agree .cp-decision")
    expect(decision).to_contain_text("Fund with conditions", timeout=WAIT)
    expect(decision).to_contain_text("£30,000")
    expect(decision).to_contain_text("Open the studio to every young person in Easthaven.")
    expect(decision).to_contain_text(REASONS[FIRST])
    expect(chair.locator(f"#cp-agenda-{first}")).to_contain_text("Fund with conditions", timeout=WAIT)
    _assert_fits_phone(ben, "Ben's phone with the decision")

    # Aisha joins late: she lands on the same bid and step as everyone, decision and all.
    aisha = _open(open_page("aisha", PHONE), meeting["base"])
    _expect_at(aisha, "agree", first)
    expect(aisha.locator("h1")).to_have_text(ben.inner_text("h1"))
    expect(aisha.locator("#cp-agree .cp-decision")).to_contain_text(REASONS[FIRST])

    # The chair goes to Ella's bid: she steps out and sees nothing of it; Ben and Aisha see it.
    _click(chair, f"#cp-go-to-{last}-button")
    for page in (chair, ben, aisha):
        _expect_at(page, "bid", last)
    _expect_at(ella, "out", None)  # never the bid's step
    expect(ella.locator("#cp-out h1")).to_have_text("You're stepping out for this one", timeout=WAIT)
    expect(ella.locator("#cp-out")).to_contain_text("You told us you have a link to this bid.")
    expect(_state(ella)).to_have_attribute("data-bid", "")
    organisation, title, summary = BIDS[LAST]
    ellas_page = ella.inner_text("body") + ella.content()
    for secret in (LAST, title, organisation, summary):
        assert secret not in ellas_page, f"Ella, stepping out, can see {secret!r}"
    assert "Signed in as Ella" in signed_in_as(ella)
    for page in (ben, aisha):
        expect(page.locator("h1")).to_contain_text(title)
    _assert_accessible(ella, "Ella's stepping-out card")
    _assert_fits_phone(ella, "Ella's stepping-out card")

    # The chair records Ella's bid through the console, and the others by plain form posts.
    _click(chair, "#cp-reveal-scores-button")
    _expect_at(chair, "scores", last)
    _click(chair, "#cp-discuss-button")
    _expect_at(chair, "discuss", last)
    _click(chair, "#cp-agree-button")
    _expect_at(chair, "agree", last)
    _fill_decision(
        chair,
        last,
        [(criterion, 2) for criterion in meeting["criteria"]],
        "do_not_fund",
        "",
        "",
        REASONS[LAST],
    )
    expect(chair.locator(f"#cp-agenda-{last}")).to_contain_text("Do not fund", timeout=WAIT)
    expect(ella.locator("#cp-out")).to_be_visible()
    _expect_at(ella, "out", None)  # the scores, the talk and the decision changed nothing on her screen
    assert "Do not fund" not in ella.inner_text("#cp-live") and REASONS[LAST] not in ella.content()
    after = (last, "agree")
    for reference in MIDDLE:
        _record_by_form(
            chair,
            meeting,
            bids[reference],
            after,
            {"recommendation": "reserve", "amount": "1000", "reasons": REASONS[reference]},
        )
        after = (bids[reference], "agree")

    # Every bid has a decision: the chair closes the meeting, and every screen says it has finished.
    expect(chair.locator("#cp-pause-close")).to_contain_text("Every bid has a decision.", timeout=WAIT)
    _click(chair, "#cp-close-button")
    for page in (chair, ben, ella, aisha, screen):
        _expect_at(page, "closed", None, status="closed")
    for page in (ben, ella, aisha):
        expect(page.locator("h1")).to_have_text("The meeting is over")
    _assert_no_names(screen, "after the meeting")
    assert _not_reloaded(ben)

    # The meeting record lists every recommendation, with its reasons.
    chair.goto(chair_visit.base_url + meeting["record"])
    rows = chair.locator("tbody tr", has_text="Recorded the agreement")
    expect(rows).to_have_count(len(bids))
    record = chair.inner_text("main")
    assert f"Fund with conditions, £30,000. Reasons: {REASONS[FIRST]}" in record
    assert f"Do not fund. Reasons: {REASONS[LAST]}" in record
    for reference in MIDDLE:
        assert f"Reserve, £1,000. Reasons: {REASONS[reference]}" in record
    # Shown to the room, but two are too few to count there, so the record keeps what each picked secret too.
    assert "Ben: kept secret, as too few gave one to show them" in record
    assert "Ella: kept secret, as too few gave one to show them" in record
    assert "Ben: Fund it" not in record and "Ella: Not sure" not in record
