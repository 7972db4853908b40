"""Joining a panel with an invitation card: by its link or its code, then choosing a login."""

import threading
import time
from datetime import timedelta

import pytest
from limits import parse_many
from sqlalchemy import func, select, update

from panel import create_app
from panel.accounts.models import Invitation, User
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.join.operations import InvitationUnavailable, accept_invitation, join_with_new_account
from panel.rounds.models import Membership
from scoring.people import AgeBand, MemberKind, MemberRole
from tests.panel.accounts.invitation_helpers import issue
from tests.reading import grade, page_text

SCHOOL = {"REMOTE_ADDR": "192.0.2.10"}  # one address for everyone on a school's network
HOME = {"REMOTE_ADDR": "203.0.113.9"}
GOOD = {
    "username": "sam.j",
    "password": "purple tiger pizza",
    "password_again": "purple tiger pizza",
    "email": "",
    "privacy": "y",
    "confidentiality": "y",
}


def page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def round_(make):
    return make.round("Youth wellbeing fund", bids=2)


def test_the_link_on_the_card_leads_to_choosing_a_login(client, round_):
    card = issue(round_, display_name="Sam")
    response = client.get(f"/join/{card.token}")
    assert response.status_code == 302 and response.headers["Location"] == "/join/setup"
    text = page(client.get("/join/setup"))
    assert "Hello Sam!" in text
    assert "You're invited to join the panel for" in text and "Youth wellbeing fund" in text
    assert "I have read what Co-Panel keeps about me" in text
    assert "I will keep the panel's work private" in text
    assert "What Co-Panel knows about you" in text  # the privacy summary


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{plain}", "  {spaced}  "])
def test_the_code_works_in_any_case_with_or_without_the_dash(client, round_, typed):
    card = issue(round_)
    variants = {
        "code": card.printed_code,
        "lower": card.printed_code.lower(),
        "plain": card.code,
        "spaced": card.code[:4].lower() + " " + card.code[4:],
    }
    response = client.post("/join", data={"code": typed.format(**variants)})
    assert response.status_code == 302 and response.headers["Location"] == "/join/setup"


def test_joining_makes_the_account_and_one_membership_in_one_go(client, round_):
    card = issue(
        round_, display_name="Sam", role=MemberRole.CHAIR, kind=MemberKind.YOUNG, age_band=AgeBand.B17_19
    )
    client.get(f"/join/{card.token}")
    response = client.post("/join/setup", data={**GOOD, "email": "sam@example.org"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/conflicts"

    user = db.session.scalar(select(User).where(User.username == "sam.j"))
    assert user.display_name == "Sam" and user.email == "sam@example.org"
    assert user.check_password("purple tiger pizza") and user.privacy_accepted_at is not None
    memberships = db.session.scalars(select(Membership)).all()
    assert len(memberships) == 1
    membership = memberships[0]
    assert (membership.round_id, membership.user_id) == (round_.id, user.id)
    assert (membership.role, membership.kind, membership.age_band) == (
        MemberRole.CHAIR,
        MemberKind.YOUNG,
        AgeBand.B17_19,
    )
    assert membership.confidentiality_accepted_at is not None
    invitation = db.session.get(Invitation, card.invitation.id)
    assert invitation.used_at is not None and invitation.used_by_id == user.id

    welcome = page(client.get(response.headers["Location"]))
    assert "Welcome to the panel, Sam!" in welcome
    assert "Conflicts of interest" in welcome


def test_an_adult_joins_without_an_age_band(client, round_):
    card = issue(round_, display_name="Dr Patel", kind=MemberKind.ADULT)
    client.get(f"/join/{card.token}")
    assert client.post("/join/setup", data=GOOD).status_code == 302
    membership = db.session.scalar(select(Membership))
    assert membership.kind is MemberKind.ADULT and membership.age_band is None


def test_the_email_from_the_invitation_is_offered_but_can_be_removed(client, round_):
    card = issue(round_, email="sam@example.org")
    client.get(f"/join/{card.token}")
    assert 'value="sam@example.org"' in page(client.get("/join/setup"))
    client.post("/join/setup", data={**GOOD, "email": ""})
    assert db.session.scalar(select(User.email).where(User.username == "sam.j")) is None


def test_a_used_card_cannot_be_used_again(client, round_):
    card = issue(round_)
    client.get(f"/join/{card.token}")
    client.post("/join/setup", data=GOOD)
    client.post("/logout")
    for response in (client.get(f"/join/{card.token}"), client.post("/join", data={"code": card.code})):
        assert response.status_code == 410
        text = page(response)
        assert "This card has already been used" in text
        assert "Ask the person who runs your panel for a new card" in text
    assert count(Membership) == 1


def test_an_expired_card_says_it_has_run_out(client, round_):
    card = issue(round_, now=utcnow() - timedelta(days=60))
    for response in (client.get(f"/join/{card.token}"), client.post("/join", data={"code": card.code})):
        assert response.status_code == 410
        assert "This card has run out" in page(response)
        assert "Ask the person who runs your panel for a new card" in page(response)


def test_a_cancelled_card_says_so(client, round_, make, login):
    card = issue(round_)
    boss = make.commissioner()
    login(boss)
    client.post(f"/rounds/{round_.id}/panel/invitations/{card.invitation.id}/cancel")
    client.post("/logout")
    response = client.post("/join", data={"code": card.printed_code})
    assert response.status_code == 410
    assert "This card has been cancelled" in page(response)


@pytest.mark.parametrize("typed", ["ABCD-2345", "nonsense", "0000-0000", "x" * 39])
def test_a_mistyped_code_is_explained_beside_the_field(client, round_, typed):
    issue(round_)
    response = client.post("/join", data={"code": typed})
    assert response.status_code == 400
    text = page(response)
    assert "We can't find that code" in text
    assert "Ask the person who runs your panel for a new card" in text
    assert "There is a problem" in text
    assert f'value="{typed}"' in text


def test_an_empty_code_asks_for_one(client):
    response = client.post("/join", data={"code": ""})
    assert response.status_code == 400 and "Type the code from your card" in page(response)


def test_a_link_we_never_made_is_a_friendly_404(client, round_):
    issue(round_)
    response = client.get("/join/not-a-real-token")
    assert response.status_code == 404
    assert "This link doesn't work" in page(response)
    assert "Ask the person who runs your panel for a new card" in page(response)


def test_setup_without_a_card_goes_back_to_the_code_page(client):
    response = client.get("/join/setup")
    assert response.status_code == 302 and response.headers["Location"] == "/join"


def test_two_people_using_one_code_at_once_only_one_gets_in(client, round_, make):
    card = issue(round_)
    client.get(f"/join/{card.token}")
    # Someone else finishes joining with the same card while this person is still typing.
    other = make.user("first")
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == card.invitation.id)
        .values(used_at=utcnow(), used_by_id=other.id)
    )
    db.session.commit()
    response = client.post("/join/setup", data=GOOD)
    assert response.status_code == 410
    assert "This card has already been used" in page(response)
    assert count(Membership) == 0
    assert db.session.scalar(select(User).where(User.username == "sam.j")) is None


def test_the_database_refuses_a_second_claim_even_with_a_stale_invitation(app_context, make):
    card = issue(make.round())
    stale = db.session.get(Invitation, card.invitation.id)
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == stale.id)
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    assert stale.used_at is None  # what this session still believes
    with pytest.raises(InvitationUnavailable):
        join_with_new_account(stale, username="late", password="x" * 12, email=None, now=utcnow())
    db.session.rollback()


@pytest.mark.parametrize("taken", ["sam.j", "SAM.J", "Sam.J"])
def test_a_taken_username_is_refused_whatever_its_case(client, round_, make, taken):
    make.user(taken)
    card = issue(round_)
    client.get(f"/join/{card.token}")
    response = client.post("/join/setup", data={**GOOD, "username": "Sam.j"})
    assert response.status_code == 400
    assert "Somebody already has that username" in page(response)
    assert count(Membership) == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"password": "short", "password_again": "short"}, "Your password needs at least 10 characters"),
        ({"password_again": "something else"}, "The two passwords are different"),
        ({"username": "ab"}, "Your username must be 3 to 40 characters long"),
        ({"username": "sam j"}, "Use only letters, numbers, dots, dashes or underscores"),
        ({"username": ""}, "Enter a username"),
        ({"email": "not an email"}, "Enter an email address like name@example.com"),
        ({"privacy": ""}, "Tick the box to say you have read what Co-Panel keeps about you"),
        ({"confidentiality": ""}, "Tick the box to say you will keep the panel's work private"),
    ],
)
def test_mistakes_are_explained_beside_the_field_and_typed_values_are_kept(client, round_, changes, message):
    card = issue(round_)
    client.get(f"/join/{card.token}")
    data = {key: value for key, value in {**GOOD, **changes}.items() if value != ""}
    response = client.post("/join/setup", data=data)
    text = page(response)
    assert response.status_code == 400
    assert "There is a problem" in text
    assert text.count(message) == 2  # in the summary and beside the field
    if data.get("username"):
        assert f'value="{data["username"]}"' in text
    assert "purple tiger pizza" not in text  # passwords are never sent back
    assert count(User) == 1 and count(Membership) == 0  # only the commissioner who invited


def test_someone_signed_in_joins_with_the_account_they_have(client, round_, make, login):
    person = make.user("alex", "Alex")
    login(person)
    card = issue(round_, display_name="Alex", role=MemberRole.PANELLIST, kind=MemberKind.ADULT)
    client.get(f"/join/{card.token}")
    text = page(client.get("/join/setup"))
    assert "Join as Alex" in text and "Choose a username" not in text

    refused = client.post("/join/setup", data={"privacy": "y"})
    assert refused.status_code == 400 and "keep the panel's work private" in page(refused)

    response = client.post("/join/setup", data={"privacy": "y", "confidentiality": "y"})
    assert response.headers["Location"] == f"/rounds/{round_.id}/conflicts"
    membership = db.session.scalar(select(Membership))
    assert membership.user_id == person.id and membership.kind is MemberKind.ADULT
    assert count(User) == 2  # Alex and the commissioner; no new account


def test_someone_already_on_the_panel_is_told_so_and_the_card_stays_unused(client, round_, make, login):
    membership = make.member(round_)
    login(membership.user)
    card = issue(round_)
    client.get(f"/join/{card.token}")
    text = page(client.get("/join/setup"))
    assert "You are already on this panel" in text
    assert db.session.get(Invitation, card.invitation.id).used_at is None
    assert count(Membership) == 1


def test_the_join_form_needs_its_csrf_token(app, make):
    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True}, instance_path=app.instance_path)
    card = issue(make.round())
    client = protected.test_client()
    response = client.post("/join", data={"code": card.code})
    assert response.status_code == 400
    assert "This form was open for too long" in page(response)

    client.get(f"/join/{card.token}")
    response = client.post("/join/setup", data=GOOD)
    assert response.status_code == 400 and count(Membership) == 0


def test_a_class_joins_with_their_cards_from_one_school_network(rate_limited_app, make):
    """30 people type the codes from their cards within a minute on one network; 10 of them mistype first."""
    round_ = make.round()
    cards = [issue(round_, display_name=f"Young person {n}") for n in range(30)]
    reached_setup = []
    for number, card in enumerate(cards):
        client = rate_limited_app.test_client()  # a phone of their own
        if number % 3 == 0:
            mistyped = card.code[:-1] + ("A" if card.code[-1] != "A" else "B")
            assert client.post("/join", data={"code": mistyped}, environ_base=SCHOOL).status_code == 400
        response = client.post("/join", data={"code": card.code.lower()}, environ_base=SCHOOL)
        reached_setup.append(response.headers.get("Location") == "/join/setup")
    assert reached_setup == [True] * 30


def test_guessing_codes_is_slowed_at_the_networks_ceiling_with_a_plain_message(rate_limited_app, make):
    ceiling = min(window.amount for window in parse_many(rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"]))
    assert ceiling >= 30  # a whole class, each mistyping once, stays below it
    card = issue(make.round())
    client = rate_limited_app.test_client()
    statuses = [
        client.post("/join", data={"code": f"ABCD-{n:04d}"}, environ_base=SCHOOL).status_code
        for n in range(ceiling)
    ]
    assert statuses == [400] * ceiling

    slowed = client.post("/join", data={"code": card.code}, environ_base=SCHOOL)  # even a real card waits
    assert slowed.status_code == 429
    text = page(slowed)
    assert (
        "Too many wrong codes were typed on this network" in text and "Wait 1 minute, then try again" in text
    )
    assert "ask the person who runs your panel" in text
    assert f'value="{card.code}"' in text  # what they typed is still there
    assert grade(page_text(slowed.get_data(as_text=True))) <= 6

    link = client.get(f"/join/{card.token}", environ_base=SCHOOL)  # the link on the card shares the count
    assert link.status_code == 429 and "Wait 1 minute" in page(link)
    assert grade(page_text(link.get_data(as_text=True))) <= 6

    elsewhere = rate_limited_app.test_client()
    assert elsewhere.post("/join", data={"code": card.code}, environ_base=HOME).status_code == 302


def test_guessing_links_is_slowed_too(rate_limited_app, make):
    ceiling = min(window.amount for window in parse_many(rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"]))
    issue(make.round())
    client = rate_limited_app.test_client()
    statuses = [client.get(f"/join/guess-{n}", environ_base=SCHOOL).status_code for n in range(ceiling + 1)]
    assert statuses == [404] * ceiling + [429]


def test_the_addresses_of_one_ipv6_network_count_as_one(rate_limited_app, make):
    """A home or school gets a whole /64 of IPv6 addresses: stepping through them does not escape the count."""
    ceiling = min(window.amount for window in parse_many(rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"]))
    card = issue(make.round())
    client = rate_limited_app.test_client()
    for n in range(ceiling):
        client.post(
            "/join", data={"code": f"ABCD-{n:04d}"}, environ_base={"REMOTE_ADDR": f"2001:db8:5:7::{n:x}"}
        )
    same_network = {"REMOTE_ADDR": "2001:db8:5:7:ffff::1"}
    assert client.post("/join", data={"code": card.code}, environ_base=same_network).status_code == 429
    next_door = {"REMOTE_ADDR": "2001:db8:5:8::1"}
    assert client.post("/join", data={"code": card.code}, environ_base=next_door).status_code == 302


def test_cards_that_were_used_or_ran_out_are_not_counted_as_guesses(rate_limited_app, make):
    """A real card that no longer works is a mistake to explain, not a guess: it never slows the network."""
    round_ = make.round()
    ceiling = min(window.amount for window in parse_many(rate_limited_app.config["FAILED_TRIES_PER_ADDRESS"]))
    old = issue(round_, now=utcnow() - timedelta(days=60))
    client = rate_limited_app.test_client()
    statuses = {
        client.post("/join", data={"code": old.code}, environ_base=SCHOOL).status_code for _ in range(ceiling)
    }
    assert statuses == {410}
    assert client.post("/join", data={"code": issue(round_).code}, environ_base=SCHOOL).status_code == 302


def test_two_people_joining_with_one_card_at_the_same_moment(app, make):
    """Two requests race on separate database sessions: exactly one of them gets the seat."""
    card = issue(make.round())
    people = [make.user("first").id, make.user("second").id]
    invitation_id = card.invitation.id
    ready = threading.Barrier(2, timeout=15)
    results = []

    def attempt(user_id: int) -> None:
        # Any failure is recorded, never left hanging: a stuck thread would keep the test run from ending.
        try:
            with app.app_context():
                invitation = db.session.get(Invitation, invitation_id)
                person = db.session.get(User, user_id)
                ready.wait()
                try:
                    accept_invitation(invitation, person, utcnow())
                    time.sleep(0.2)  # hold the row while the other request tries
                    db.session.commit()
                    results.append("joined")
                except InvitationUnavailable:
                    db.session.rollback()
                    results.append("refused")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results.append(f"failed: {error!r}")

    threads = [threading.Thread(target=attempt, args=(user_id,), daemon=True) for user_id in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["joined", "refused"]
    assert count(Membership) == 1
