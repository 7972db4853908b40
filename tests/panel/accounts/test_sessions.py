"""Sessions you can end: signing out ends the session wherever its cookie was copied; a person can sign out
everywhere, and a commissioner can do it for a panel member (a lost phone) or print them a one-time sign-in code
(a forgotten password); a new password signs out every other device; a session nobody uses ends by itself."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from panel.accounts.models import SignIn, SignInCode
from panel.core.audit import AccessRecord
from panel.core.models import utcnow
from panel.extensions import db, socketio
from panel.meetings.presence import MOST_SCREENS, NAMESPACE
from scoring.people import MemberKind
from scoring.rounds import RoundStatus
from tests.factories import PASSWORD
from tests.reading import grade, page_text

NEW_PASSWORD = "purple-tiger-pie"


def text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def signed_in_browser(app, make, user):
    """A browser of its own, signed in as `user` through the sign-in form."""
    browser = app.test_client()
    response = browser.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, text(response)
    return browser


def is_signed_in(browser) -> bool:
    return browser.get("/my-data").status_code == 200


def copy_of_cookies(app, browser):
    """Another browser holding the very same cookies (copied from a shared phone, say)."""
    copy = app.test_client()
    for cookie in browser._cookies.values():
        copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return copy


def sign_ins(user) -> int:
    return db.session.scalar(select(func.count()).select_from(SignIn).where(SignIn.user_id == user.id))


def test_a_cookie_copied_before_signing_out_opens_nothing_afterwards(app, make):
    nadia = make.user("nadia", "Nadia")
    phone = signed_in_browser(app, make, nadia)
    copied = copy_of_cookies(app, phone)
    assert is_signed_in(copied)
    assert phone.post("/logout").status_code == 302
    for path in ("/my-data", "/my-data.json", "/account", "/rounds/"):
        response = copied.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    assert sign_ins(nadia) == 0


def test_signing_in_on_a_second_device_keeps_the_first_signed_in(app, make):
    nadia = make.user("nadia", "Nadia")
    phone, laptop = signed_in_browser(app, make, nadia), signed_in_browser(app, make, nadia)
    laptop.post("/logout")
    assert is_signed_in(phone) and not is_signed_in(laptop)


def test_a_session_key_of_someone_else_does_not_sign_in_as_them(app, make, client):
    nadia, omar = make.user("nadia", "Nadia"), make.user("omar", "Omar")
    phone = signed_in_browser(app, make, nadia)
    with phone.session_transaction() as session:
        key = session["_sign_in"]
    with client.session_transaction() as session:
        session.update({"_user_id": str(omar.id), "_fresh": True, "_sign_in": key})
    assert not is_signed_in(client)


def test_sign_out_everywhere_ends_every_session_and_says_so(app, make):
    nadia = make.user("nadia", "Nadia")
    phone, laptop = signed_in_browser(app, make, nadia), signed_in_browser(app, make, nadia)
    page = text(laptop.get("/account"))
    assert "Here. Signed in" in page and page.count("Somewhere else.") == 1
    response = laptop.post("/account/sign-out-everywhere", follow_redirects=True)
    assert "You have signed out on every device." in text(response)
    assert not is_signed_in(phone) and not is_signed_in(laptop)


def test_changing_your_password_signs_out_your_other_devices_only(app, make):
    nadia = make.user("nadia", "Nadia")
    phone, laptop = signed_in_browser(app, make, nadia), signed_in_browser(app, make, nadia)
    form = {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    response = laptop.post("/account/password", data=form, follow_redirects=True)
    assert "Your password is changed. You are signed out on your other devices." in text(response)
    assert is_signed_in(laptop) and not is_signed_in(phone)
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "nadia", "password": PASSWORD}).status_code == 200
    assert fresh.post("/login", data={"username": "nadia", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"current_password": "not it", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
            "not the password you use now",
        ),
        (
            {"current_password": PASSWORD, "password": "short", "password_again": "short"},
            "at least 10 characters",
        ),
        (
            {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": "other-tiger-pie"},
            "two passwords are different",
        ),
    ],
)
def test_a_password_that_cannot_be_changed_says_why_and_changes_nothing(app, make, form, message):
    nadia = make.user("nadia", "Nadia")
    phone, laptop = signed_in_browser(app, make, nadia), signed_in_browser(app, make, nadia)
    response = laptop.post("/account/password", data=form)
    assert response.status_code == 400 and message in text(response)
    assert is_signed_in(phone) and is_signed_in(laptop)
    db.session.refresh(nadia)
    assert nadia.check_password(PASSWORD)


def test_guessing_the_current_password_on_a_signed_in_device_is_slowed(rate_limited_app, make):
    nadia = make.user("nadia", "Nadia")
    laptop = signed_in_browser(rate_limited_app, make, nadia)
    wrong = {"current_password": "guess", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    statuses = [laptop.post("/account/password", data=wrong).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    right = {**wrong, "current_password": PASSWORD}
    response = laptop.post("/account/password", data=right)
    assert response.status_code == 429 and "too many wrong tries" in text(response)


def test_a_session_nobody_uses_ends_by_itself(app, make):
    nadia = make.user("nadia", "Nadia")
    phone = signed_in_browser(app, make, nadia)
    row = db.session.scalar(select(SignIn).where(SignIn.user_id == nadia.id))
    row.seen_at = utcnow() - timedelta(minutes=app.config["IDLE_MINUTES"] - 1)
    db.session.commit()
    assert is_signed_in(phone)  # used just in time: it goes on, and its last use moves on
    db.session.refresh(row)
    assert utcnow() - row.seen_at < timedelta(minutes=1)
    row.seen_at = utcnow() - timedelta(minutes=app.config["IDLE_MINUTES"] + 1)
    db.session.commit()
    assert not is_signed_in(phone)
    assert sign_ins(nadia) == 0


def test_an_autosave_after_the_session_ended_is_told_plainly_not_sent_to_sign_in(app, make):
    round_ = make.round(status=RoundStatus.SCORING, criteria=1)
    bid = make.bid(round_, "R1")
    member = make.member(round_, trained=True)
    phone = signed_in_browser(app, make, member.user)
    copied = copy_of_cookies(app, phone)
    phone.post("/logout")
    response = copied.post(
        f"/rounds/{round_.id}/sheets/{bid.id}/autosave",
        json={"version": 0, "strengths": "kept on this device"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 401
    assert "You were signed out" in response.get_json()["message"]


# A commissioner helps a member: a lost phone, a forgotten password.


@pytest.fixture
def panel(make):
    round_ = make.round(criteria=1)
    young = make.member(round_, make.user("zara", "Zara"))
    return round_, young, make.commissioner("casey")


def help_page(round_, membership) -> str:
    return f"/rounds/{round_.id}/panel/members/{membership.id}/sign-in"


def test_a_commissioner_signs_a_member_out_everywhere(app, make, login, client, panel):
    round_, zara, casey = panel
    phone, laptop = signed_in_browser(app, make, zara.user), signed_in_browser(app, make, zara.user)
    login(casey)
    page = text(client.get(help_page(round_, zara)))
    assert "Zara is signed in on 2 devices" in page
    response = client.post(help_page(round_, zara).replace("/sign-in", "/sign-out"), follow_redirects=True)
    assert "Zara is signed out on 2 devices." in text(response)
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert db.session.scalar(select(AccessRecord.action).where(AccessRecord.actor_id == casey.id)) == (
        "member_signed_out"
    )
    assert "Help<span" in text(client.get(f"/rounds/{round_.id}/panel"))


def test_a_sign_in_code_card_lets_a_member_choose_a_new_password_and_signs_out_the_rest(
    app, make, login, client, panel
):
    round_, zara, casey = panel
    lost_phone = signed_in_browser(app, make, zara.user)
    login(casey)
    card = text(client.post(help_page(round_, zara) + "-code", follow_redirects=True))
    code = re.search(r'cp-card__code">([A-Z0-9]{4}-[A-Z0-9]{4})<', card).group(1)
    assert (
        "Your username is <strong>zara</strong>" in card
        and "QR code: scan it to choose a new password" in card
    )

    borrowed = app.test_client()
    response = borrowed.post("/sign-in/code", data={"code": code.lower().replace("-", " ")})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in/new-password"
    chooser = text(borrowed.get("/sign-in/new-password"))
    assert "Your username is <strong>zara</strong>" in chooser
    assert grade(page_text(chooser)) <= 6
    response = borrowed.post(
        "/sign-in/new-password", data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert is_signed_in(borrowed) and not is_signed_in(lost_phone)
    again = app.test_client().post("/sign-in/code", data={"code": code})
    assert again.status_code == 410 and "already been used" in text(again)
    assert (
        app.test_client().post("/login", data={"username": "zara", "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_a_newer_sign_in_card_cancels_the_older_one_and_cards_run_out(app, make, panel):
    _, zara, casey = panel
    older = make.sign_in_code(zara.user, casey)
    newer = make.sign_in_code(zara.user, casey)
    response = app.test_client().get(f"/sign-in/code/{older.token}")
    assert response.status_code == 410 and "A newer card has replaced this one" in text(response)
    code = db.session.get(SignInCode, newer.code.id)
    code.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().post("/sign-in/code", data={"code": newer.printed_code})
    assert response.status_code == 410 and "This card has run out" in text(response)


def test_wrong_sign_in_codes_count_as_wrong_tries_from_that_network(rate_limited_app, make, panel):
    browser = rate_limited_app.test_client()
    rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"] = "3 per minute"
    statuses = [
        browser.post("/sign-in/code", data={"code": "ABCD-EFGH"}, environ_base={"REMOTE_ADDR": "192.0.2.9"})
        for _ in range(4)
    ]
    assert [response.status_code for response in statuses][-1] == 429
    assert "too many wrong tries from this network" in text(statuses[-1])


@pytest.mark.parametrize("who", ["commissioner", "lead", "self"])
def test_nobody_can_take_over_an_account_that_sees_more_than_a_member(app, make, login, client, panel, who):
    round_, _, casey = panel
    if who == "commissioner":
        seat = make.member(round_, make.commissioner("chris"), kind=MemberKind.ADULT)
    elif who == "lead":
        lead = make.user("lee", "Lee")
        lead.is_safeguarding_lead = True
        seat = make.member(round_, lead, kind=MemberKind.ADULT)
    else:
        seat = make.member(round_, casey, kind=MemberKind.ADULT)
    login(casey)
    for path in (help_page(round_, seat), help_page(round_, seat) + "-code"):
        method = client.get if path.endswith("/sign-in") else client.post
        assert method(path).status_code == 403, path
    assert db.session.scalar(select(func.count()).select_from(SignInCode)) == 0


def test_the_command_line_signs_anyone_out_and_prints_a_sign_in_code(app, make, panel):
    *_, casey = panel
    phone = signed_in_browser(app, make, casey)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sign-out-everywhere", "casey"])
    assert result.exit_code == 0 and "signed out on 1 device" in result.output
    assert not is_signed_in(phone)
    result = runner.invoke(args=["sign-in-code", "casey"])
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", result.output).group(1)
    assert app.test_client().post("/sign-in/code", data={"code": code}).status_code == 302
    assert runner.invoke(args=["sign-in-code", "nobody"]).exit_code != 0


def test_removing_someones_details_ends_their_sessions_and_cards(app, make, panel):
    from panel.privacy.removal.operations import pseudonymise

    _, zara, casey = panel
    phone = signed_in_browser(app, make, zara.user)
    card = make.sign_in_code(zara.user, casey)
    pseudonymise(zara.user, utcnow())
    db.session.commit()
    assert not is_signed_in(phone)
    assert app.test_client().get(f"/sign-in/code/{card.token}").status_code == 404


# Meeting connections carry the session they opened with.


@pytest.fixture
def meeting(make):
    round_ = make.round(status=RoundStatus.MEETING, criteria=1)
    make.bid(round_, "R1")
    member = make.member(round_, make.user("zara", "Zara"), trained=True)
    make.meeting(round_)
    return round_, member


def open_meeting(app, browser, round_):
    return socketio.test_client(
        app, namespace=NAMESPACE, auth={"round": round_.id}, flask_test_client=browser
    )


def test_a_meeting_connection_closes_when_its_session_ends_elsewhere(app, make, meeting):
    round_, zara = meeting
    phone = signed_in_browser(app, make, zara.user)
    screen = open_meeting(app, phone, round_)
    assert screen.is_connected(NAMESPACE)
    laptop = signed_in_browser(app, make, zara.user)
    laptop.post("/account/sign-out-everywhere")
    assert not screen.is_connected(NAMESPACE)
    refused = open_meeting(app, phone, round_)
    assert not refused.is_connected(NAMESPACE)


def test_an_event_on_a_connection_whose_session_ended_is_refused(app, make, meeting):
    """Even a connection nobody closed (its server was not told) answers nothing once its session has gone."""
    round_, zara = meeting
    phone = signed_in_browser(app, make, zara.user)
    screen = open_meeting(app, phone, round_)
    db.session.execute(SignIn.__table__.delete().where(SignIn.user_id == zara.user_id))
    db.session.commit()
    answer = screen.emit("sync", {}, namespace=NAMESPACE, callback=True)
    assert answer["ok"] is False
    assert not screen.is_connected(NAMESPACE)


def test_one_person_keeps_a_handful_of_meeting_screens_the_oldest_closing(app, make, meeting):
    round_, zara = meeting
    phone = signed_in_browser(app, make, zara.user)
    screens = [open_meeting(app, phone, round_) for _ in range(MOST_SCREENS + 2)]
    assert [screen.is_connected(NAMESPACE) for screen in screens] == [False, False] + [True] * MOST_SCREENS


def test_pages_about_your_sessions_read_plainly(app, make):
    nadia = make.user("nadia", "Nadia")
    laptop = signed_in_browser(app, make, nadia)
    assert grade(page_text(text(laptop.get("/account")))) <= 6
    assert grade(page_text(text(app.test_client().get("/sign-in/code")))) <= 6
