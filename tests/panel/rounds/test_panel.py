"""Building a round's panel: the panel page, inviting people, printing cards and cancelling invitations."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.accounts.invitations import hash_code, hash_token
from panel.accounts.models import Invitation
from panel.core.models import utcnow
from panel.extensions import db
from scoring.people import AgeBand, MemberKind, MemberRole
from tests import factories
from tests.panel.accounts.invitation_helpers import issue

CODE_ON_CARD = re.compile(r'<p class="cp-card__code">([A-Z2-9]{4}-[A-Z2-9]{4})</p>')
LINK_ON_CARD = re.compile(r'<p class="cp-card__url">http://localhost/join/([A-Za-z0-9_-]+)</p>')

INVITE = {"display_name": "Sam", "role": "panellist", "kind": "young", "age_band": "14-16", "email": ""}


def names_on_cards(text: str) -> list[str]:
    return re.findall(r'<p class="cp-card__name">([^<]*)</p>', text)


def page(response) -> str:
    """The page's HTML, with the line-break hints in a card's link taken out."""
    return response.get_data(as_text=True).replace("&#39;", "'").replace("<wbr>", "")


def invitations() -> list[Invitation]:
    db.session.expire_all()
    return db.session.scalars(select(Invitation).order_by(Invitation.id)).all()


@pytest.fixture
def round_(make):
    return make.round("Youth wellbeing fund")


@pytest.fixture
def boss(make, login):
    return login(make.commissioner())


def test_the_panel_page_lists_members_and_invitations(client, make, round_, boss):
    young = make.member(round_, make.user(display_name="Priya"), age_band=AgeBand.B17_19)
    adult = make.member(
        round_, make.user(display_name="Dr Okafor"), role=MemberRole.CHAIR, kind=MemberKind.ADULT
    )
    young.conflicts_reviewed_at = utcnow()
    db.session.commit()
    issue(round_, display_name="Waiting Will")
    issue(round_, display_name="Late Lou", now=utcnow() - timedelta(days=60))
    cancelled = issue(round_, display_name="Cancelled Cal")
    cancelled.invitation.revoked_at = utcnow()
    db.session.commit()

    text = page(client.get(f"/rounds/{round_.id}/panel"))
    for expected in (
        "Priya",
        "Dr Okafor",
        "Panel member",
        "Chair",
        "Young person",
        "Adult",
        "17 to 19",
        "Waiting Will",
        "Late Lou",
        "Cancelled Cal",
        "Waiting",
        "Expired",
        "Cancelled",
    ):
        assert expected in text
    assert adult.user.display_name in text
    assert "Yes (none)" in text and "Not yet" in text
    assert "Printing makes new codes" in text


def test_inviting_a_young_person_shows_their_card_at_once(client, round_, boss):
    response = client.post(f"/rounds/{round_.id}/panel/invite", data={**INVITE, "email": "sam@example.org"})
    assert response.status_code == 302 and response.headers["Location"] == f"/rounds/{round_.id}/panel/cards"
    text = page(client.get(response.headers["Location"]))
    assert "Invitation card for Sam" in text
    assert "Print or copy this card now. For safety we keep no copy of the codes" in text
    assert "If a card gets lost, make a new one." in text
    assert '<svg role="img" aria-label="QR code' in text
    (code,) = CODE_ON_CARD.findall(text)
    token = LINK_ON_CARD.search(text).group(1)
    for step in (
        "Open the link or scan the code",
        "Type your code if asked",
        "Choose a username and password",
    ):
        assert step in text
    assert "Youth wellbeing fund" in text

    (invitation,) = invitations()
    assert (
        invitation.display_name,
        invitation.role,
        invitation.kind,
        invitation.age_band,
        invitation.email,
    ) == ("Sam", MemberRole.PANELLIST, MemberKind.YOUNG, AgeBand.B14_16, "sam@example.org")
    assert invitation.code_hash == hash_code(code) and invitation.token_hash == hash_token(token)
    assert invitation.created_by_id == boss.id
    days = (invitation.expires_at - utcnow()) / timedelta(days=1)
    assert 20.9 < days <= 21
    # The code is shown once: the panel page never shows it again.
    assert code not in page(client.get(f"/rounds/{round_.id}/panel"))


def test_inviting_an_adult_chair(client, round_, boss):
    data = {**INVITE, "display_name": "Mrs Jones", "role": "chair", "kind": "adult", "age_band": ""}
    assert client.post(f"/rounds/{round_.id}/panel/invite", data=data).status_code == 302
    (invitation,) = invitations()
    assert (invitation.role, invitation.kind, invitation.age_band) == (
        MemberRole.CHAIR,
        MemberKind.ADULT,
        None,
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"age_band": ""}, "Choose the young person's age band"),
        ({"kind": "adult"}, "Only young people have an age band"),
        ({"display_name": "  "}, "Enter the name they like to be called"),
        ({"display_name": "x" * 81}, "The name must be 80 characters or fewer"),
        ({"role": ""}, "Choose panel member or chair"),
        ({"role": "boss"}, "Choose panel member or chair"),
        ({"kind": ""}, "Choose young person or adult"),
        ({"age_band": "99-100"}, "Choose an age band from the list"),
        ({"email": "sam at home"}, "Enter an email address like name@example.com"),
    ],
)
def test_invite_mistakes_are_explained_and_nothing_is_made(client, round_, boss, changes, message):
    data = {key: value for key, value in {**INVITE, **changes}.items() if value != ""}
    response = client.post(f"/rounds/{round_.id}/panel/invite", data=data)
    text = page(response)
    assert response.status_code == 400 and "There is a problem" in text
    assert text.count(message) == 2
    if data.get("display_name", "").strip() and len(data["display_name"]) <= 80:
        assert f'value="{data["display_name"]}"' in text
    assert invitations() == []


def _print(client, round_, **data):
    """Press a print button on the panel page, and follow on to the page it leads to."""
    return client.post(f"/rounds/{round_.id}/panel/cards", data=data, follow_redirects=True)


def test_printing_cards_makes_new_codes_and_the_old_ones_stop_working(client, round_, boss):
    first = issue(round_, display_name="Sam")
    second = issue(round_, display_name="Jo")
    response = _print(client, round_, invitations=[str(first.invitation.id)], print_ticked="y")
    text = page(response)
    assert response.status_code == 200
    assert names_on_cards(text) == ["Sam"]
    assert "Cards printed before for these people no longer work" in text
    (new_code,) = CODE_ON_CARD.findall(text)
    assert new_code != first.printed_code

    client.post("/logout")
    assert client.post("/join", data={"code": first.code}).status_code == 400
    assert client.get(f"/join/{first.token}").status_code == 404
    assert client.post("/join", data={"code": new_code}).headers["Location"] == "/join/setup"
    assert client.post("/join", data={"code": second.code}).status_code == 302  # untouched


def test_every_card_shows_its_link_once_as_text_and_its_steps_in_order(client, round_, boss):
    """A GOV.UK link prints its address again after itself, so the card's link is text (and the person
    printing cards does not open a join link by mistake)."""
    issue(round_, display_name="Sam")
    text = page(_print(client, round_, print_all_waiting="y"))
    (token,) = LINK_ON_CARD.findall(text)
    assert text.count(token) == 1
    assert f'href="http://localhost/join/{token}"' not in text
    steps = re.search(r'<ol class="([^"]*cp-card__steps[^"]*)">(.*?)</ol>', text, re.DOTALL)
    assert "govuk-!-text-align-left" in steps.group(1).split()  # each number beside its own step
    assert re.findall(r"<li>([^<]*)</li>", steps.group(2)) == [
        "Open the link or scan the code.",
        "Type your code if asked.",
        "Choose a username and password.",
    ]


def test_reloading_the_cards_shows_the_same_cards_and_makes_no_new_codes(client, round_, boss):
    issue(round_, display_name="Ali")
    issue(round_, display_name="Bea")
    response = client.post(f"/rounds/{round_.id}/panel/cards", data={"print_all_waiting": "y"})
    assert response.status_code == 302  # a reload or printing again asks for the page, not for new cards
    first = page(client.get(response.headers["Location"]))
    hashes = [invitation.code_hash for invitation in invitations()]
    again = client.get(response.headers["Location"])
    assert again.headers["Cache-Control"] == "no-store"
    assert page(again) == first.replace(_nonce(first), _nonce(page(again)))
    assert names_on_cards(first) == ["Ali", "Bea"]
    assert [invitation.code_hash for invitation in invitations()] == hashes
    codes = CODE_ON_CARD.findall(first)
    assert [hash_code(code) for code in codes] == hashes  # the cards shown are the cards that work
    client.post("/logout")
    assert all(client.post("/join", data={"code": code}).status_code == 302 for code in codes)


def _nonce(text: str) -> str:
    return re.search(r'nonce="([^"]*)"', text).group(1)


def test_the_cards_are_not_shown_again_later_or_in_another_browser(app, client, make, round_, boss):
    issue(round_, display_name="Sam")
    client.post(f"/rounds/{round_.id}/panel/cards", data={"print_all_waiting": "y"})
    hashes = [invitation.code_hash for invitation in invitations()]
    cards = f"/rounds/{round_.id}/panel/cards"

    other_browser = app.test_client()
    with other_browser.session_transaction() as session:
        session.update(factories.signed_in(boss))
    with client.session_transaction() as session:
        made = session["cards_made"]
        session["cards_made"] = {**made, "at": made["at"] - 31 * 60}  # half an hour and a minute ago
    for browser in (other_browser, client):
        text = page(browser.get(cards))
        assert "These cards can't be shown again" in text
        assert "For safety we keep no copy of the codes on a card" in text
        assert "Opening this page changed nothing: the cards you printed still work." in text
        assert CODE_ON_CARD.findall(text) == []
        assert f'href="/rounds/{round_.id}/panel#print-cards">Make new cards on the panel page</a>' in text
    assert [invitation.code_hash for invitation in invitations()] == hashes  # nothing was made again


def test_what_makes_the_cards_again_leaves_the_browser_when_they_may_no_longer_be_shown(client, round_, boss):
    """The session cookie is signed, not hidden: its copy of a batch's seed goes on signing out, and on the
    first page after the cards may no longer be shown."""
    issue(round_)
    client.post(f"/rounds/{round_.id}/panel/cards", data={"print_all_waiting": "y"})
    with client.session_transaction() as session:
        made = session["cards_made"]
        session["cards_made"] = {**made, "at": made["at"] - 31 * 60}
    client.get("/")
    with client.session_transaction() as session:
        assert "cards_made" not in session

    client.post(f"/rounds/{round_.id}/panel/cards", data={"print_all_waiting": "y"})
    client.get(f"/rounds/{round_.id}/panel")
    with client.session_transaction() as session:
        assert "cards_made" in session  # still shown if they go back to it
    client.post("/logout")
    with client.session_transaction() as session:
        assert "cards_made" not in session


def test_a_card_used_or_replaced_since_is_left_out(client, make, round_, boss):
    issue(round_, display_name="Ali")
    issue(round_, display_name="Bea")
    issue(round_, display_name="Cy")
    text = page(_print(client, round_, print_all_waiting="y"))
    ali, bea, _ = CODE_ON_CARD.findall(text)
    used = invitations()[0]
    used.used_at = utcnow()
    db.session.commit()
    other = app_client_as(client, make)  # another commissioner prints Bea a card of their own
    other.post(
        f"/rounds/{round_.id}/panel/cards",
        data={"invitations": [str(invitations()[1].id)], "print_ticked": "y"},
    )
    text = page(client.get(f"/rounds/{round_.id}/panel/cards"))
    assert names_on_cards(text) == ["Cy"]
    assert ali not in text and bea not in text
    words = " ".join(text.split())
    assert (
        "2 more cards were made at the same time. They are not shown: each has been used, cancelled or "
        "replaced by a newer card since."
    ) in words


def app_client_as(client, make):
    other = client.application.test_client()
    with other.session_transaction() as session:
        session.update(factories.signed_in(make.commissioner()))
    return other


def test_a_sign_in_card_shows_again_on_a_reload_until_a_newer_one_replaces_it(
    app, client, make, round_, boss
):
    seat = make.member(round_, make.user("zara", "Zara"))
    help_page = f"/rounds/{round_.id}/panel/members/{seat.id}/sign-in"
    response = client.post(help_page + "-code")
    assert response.status_code == 302 and response.headers["Location"] == help_page + "-code"
    first = page(client.get(help_page + "-code"))
    (code,) = CODE_ON_CARD.findall(first)
    assert "Sign-in code card for Zara" in first and "Your username is <strong>zara</strong>" in first
    assert "Print or copy this card now. For safety we keep no copy of the code" in first
    token = re.search(r'<p class="cp-card__url">http://localhost/sign-in/code/([A-Za-z0-9_-]+)</p>', first)
    assert first.count(token.group(1)) == 1
    assert CODE_ON_CARD.findall(page(client.get(help_page + "-code"))) == [code]  # the same card again

    assert app.test_client().post("/sign-in/code", data={"code": code}).status_code == 302  # it is the card
    other_browser = app.test_client()
    with other_browser.session_transaction() as session:
        session.update(factories.signed_in(boss))
    assert "This sign-in card can't be shown again" in page(other_browser.get(help_page + "-code"))

    make.sign_in_code(seat.user, boss)  # a newer card (made on the command line) cancels this one
    gone = page(client.get(help_page + "-code"))
    assert "This sign-in card can't be shown again" in gone and code not in gone
    assert f'href="{help_page}">Print a new sign-in card for Zara</a>' in gone


def test_printing_for_everyone_waiting_leaves_out_used_cancelled_and_expired(client, make, round_, boss):
    waiting = [issue(round_, display_name=name) for name in ("Ali", "Bea")]
    expired = issue(round_, display_name="Cy", now=utcnow() - timedelta(days=60))
    used = issue(round_, display_name="Dee")
    used.invitation.used_at = utcnow()
    cancelled = issue(round_, display_name="Eve")
    cancelled.invitation.revoked_at = utcnow()
    db.session.commit()
    text = page(_print(client, round_, print_all_waiting="y"))
    assert len(CODE_ON_CARD.findall(text)) == 2
    assert names_on_cards(text) == ["Ali", "Bea"]
    hashes = {invitation.id: invitation.code_hash for invitation in invitations()}
    assert hashes[expired.invitation.id] == hash_code(expired.code)
    assert all(hashes[card.invitation.id] != hash_code(card.code) for card in waiting)


def test_an_expired_invitation_can_be_ticked_for_a_fresh_card(client, round_, boss):
    expired = issue(round_, display_name="Cy", now=utcnow() - timedelta(days=60))
    text = page(_print(client, round_, invitations=[str(expired.invitation.id)], print_ticked="y"))
    (code,) = CODE_ON_CARD.findall(text)
    assert invitations()[0].state(utcnow()) == "open"
    client.post("/logout")
    assert client.post("/join", data={"code": code}).status_code == 302


def test_printing_with_nothing_ticked_says_what_to_do(client, round_, boss):
    issue(round_)
    response = _print(client, round_, print_ticked="y")
    assert response.status_code == 400
    assert "Tick at least one person" in page(response)


def test_used_or_other_rounds_invitations_cannot_be_reprinted(client, make, round_, boss):
    used = issue(round_)
    used.invitation.used_at = utcnow()
    other = issue(make.round("Another round"))
    db.session.commit()
    for card in (used, other):
        response = _print(client, round_, invitations=[str(card.invitation.id)], print_ticked="y")
        assert response.status_code == 400
        assert "Choose from the invitations in the list" in page(response)
    assert {invitation.code_hash for invitation in invitations()} == {
        hash_code(used.code),
        hash_code(other.code),
    }


def test_cancelling_an_invitation_stops_its_card(client, make, round_, boss):
    card = issue(round_, display_name="Sam")
    response = client.post(f"/rounds/{round_.id}/panel/invitations/{card.invitation.id}/cancel")
    assert response.status_code == 302
    assert "The invitation for Sam is cancelled" in page(client.get(response.headers["Location"]))
    assert invitations()[0].revoked_at is not None
    again = client.post(f"/rounds/{round_.id}/panel/invitations/{card.invitation.id}/cancel")
    assert "already used or cancelled" in page(client.get(again.headers["Location"]))


def test_an_invitation_from_another_round_is_not_found(client, make, round_, boss):
    card = issue(make.round("Another round"))
    assert (
        client.post(f"/rounds/{round_.id}/panel/invitations/{card.invitation.id}/cancel").status_code == 404
    )
    assert client.post(f"/rounds/{round_.id}/panel/invitations/99999/cancel").status_code == 404
    assert invitations()[0].revoked_at is None


# Access: every panel page, for everyone who might ask.

PAGES = [
    ("get", "/rounds/{round}/panel"),
    ("get", "/rounds/{round}/panel/invite"),
    ("post", "/rounds/{round}/panel/invite"),
    ("post", "/rounds/{round}/panel/cards"),
    ("get", "/rounds/{round}/panel/cards"),
    ("post", "/rounds/{round}/panel/invitations/{invitation}/cancel"),
]


def _call(client, method, url, round_, card):
    return getattr(client, method)(url.format(round=round_.id, invitation=card.invitation.id), data=INVITE)


@pytest.mark.parametrize("method, url", PAGES)
def test_signed_out_people_are_sent_to_sign_in(client, round_, method, url):
    response = _call(client, method, url, round_, issue(round_))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("method, url", PAGES)
@pytest.mark.parametrize("whose", ["this round", "another round"])
def test_panel_members_cannot_build_the_panel(client, make, login, round_, method, url, whose):
    seat = make.member(
        round_ if whose == "this round" else make.round("Another round"), role=MemberRole.CHAIR
    )
    login(seat.user)
    card = issue(round_)
    response = _call(client, method, url, round_, card)
    assert response.status_code == 403
    assert "Only the people who run this round can build its panel" in page(response)
    assert len(invitations()) == 1 and invitations()[0].revoked_at is None


@pytest.mark.parametrize("method, url", PAGES)
def test_commissioners_can_use_every_panel_page(client, round_, boss, method, url):
    response = _call(client, method, url, round_, issue(round_))
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 400 or "There is a problem" in page(response)


def test_a_round_that_does_not_exist_is_not_found(client, boss):
    assert client.get("/rounds/99999/panel").status_code == 404
