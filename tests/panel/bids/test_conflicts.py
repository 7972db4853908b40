"""Conflicts of interest: members declare their links to bidders, the panel team keeps the register."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.bids.permissions import can_view_bid
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Conflict, Membership
from scoring.people import MemberKind, MemberRole


def page(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def conflicts() -> list[Conflict]:
    db.session.expire_all()
    return db.session.scalars(select(Conflict).order_by(Conflict.id)).all()


@pytest.fixture
def round_(make):
    return make.round("Youth wellbeing fund", bids=3)


@pytest.fixture
def seat(make, round_):
    return make.member(round_, make.user(display_name="Priya"))


def answers(round_, *yes, notes=None):
    data = {f"link_{bid.id}": "yes" if bid.reference in yes else "no" for bid in round_.bids}
    for reference, note in (notes or {}).items():
        data[f"note_{next(bid.id for bid in round_.bids if bid.reference == reference)}"] = note
    return data


def test_the_page_explains_conflicts_in_plain_words_and_asks_about_every_bid(client, login, round_, seat):
    login(seat.user)
    text = page(client.get(f"/rounds/{round_.id}/conflicts"))
    assert "A conflict of interest means you have a link to a group that asked for money." in text
    assert "just tell us, and you'll step out for that bid" in text
    for question in (
        "Do you know anyone who works or volunteers there?",
        "Do you go there, or use what they do?",
        "Is there any other reason it might be hard to be fair?",
    ):
        assert question in text
    for bid in round_.bids:
        assert f"{bid.reference}: {bid.organisation}" in text and bid.title in text
        assert f'name="link_{bid.id}" type="radio" value="yes"' in text
        assert bid.summary not in text
    assert "checked" not in text  # nothing is chosen for them


def test_declaring_links_records_them_and_marks_the_member_as_reviewed(client, login, round_, seat):
    login(seat.user)
    response = client.post(
        f"/rounds/{round_.id}/conflicts",
        data=answers(round_, "B02", notes={"B02": "My aunt runs it", "B01": "ignored"}),
    )
    assert response.status_code == 302
    assert "Your answers are saved" in page(client.get(response.headers["Location"]))
    (conflict,) = conflicts()
    assert (conflict.bid.reference, conflict.note, conflict.recorded_by_id) == (
        "B02",
        "My aunt runs it",
        seat.user_id,
    )
    assert db.session.get(Membership, seat.id).conflicts_reviewed_at is not None

    text = page(client.get(f"/rounds/{round_.id}/conflicts"))
    assert "My aunt runs it" in text
    assert text.count("checked") == 3  # last time's answers are shown again


def test_saying_no_takes_back_a_link_the_member_declared(client, login, round_, seat):
    login(seat.user)
    client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_, "B01", "B02"))
    client.post(
        f"/rounds/{round_.id}/conflicts", data=answers(round_, "B02", notes={"B02": "Now with a note"})
    )
    assert [(conflict.bid.reference, conflict.note) for conflict in conflicts()] == [
        ("B02", "Now with a note")
    ]


def test_a_conflict_the_panel_team_recorded_stays_and_is_shown(client, login, make, round_, seat):
    boss = make.commissioner()
    db.session.add(Conflict(membership=seat, bid=round_.bids[0], note="Volunteers there", recorded_by=boss))
    db.session.commit()
    login(seat.user)
    text = page(client.get(f"/rounds/{round_.id}/conflicts"))
    assert "Recorded by the panel team" in text and "Volunteers there" in text
    assert f'name="link_{round_.bids[0].id}"' not in text

    data = answers(round_)
    data[f"link_{round_.bids[0].id}"] = "no"  # a hand-made attempt to take it back
    assert client.post(f"/rounds/{round_.id}/conflicts", data=data).status_code == 302
    assert [conflict.bid.reference for conflict in conflicts()] == ["B01"]


def test_every_bid_needs_an_answer(client, login, round_, seat):
    login(seat.user)
    data = answers(round_, "B01")
    del data[f"link_{round_.bids[2].id}"]
    response = client.post(f"/rounds/{round_.id}/conflicts", data=data)
    text = page(response)
    assert response.status_code == 400
    assert text.count("Choose yes or no for B03") == 2
    assert conflicts() == [] and db.session.get(Membership, seat.id).conflicts_reviewed_at is None
    assert (
        f'id="link_{round_.bids[0].id}" name="link_{round_.bids[0].id}" type="radio" value="yes" checked'
        in text
    )


def test_a_round_without_bids_says_there_is_nothing_to_check_yet(client, login, make):
    empty = make.round("Empty round")
    login(make.member(empty).user)
    assert "There are no bids to check yet" in page(client.get(f"/rounds/{empty.id}/conflicts"))


def next_step(text: str) -> str | None:
    """The words and address of the 'What to do next' button, as 'words -> address', or None without one."""
    found = re.search(r'What to do next</h2>.*?<a href="([^"]+)"[^>]*>\s*(.*?)\s*</a>', text, re.DOTALL)
    return f"{found.group(2)} -> {found.group(1)}" if found else None


def test_after_saving_an_untrained_member_is_sent_on_to_their_training(client, login, round_, seat):
    login(seat.user)
    before = page(client.get(f"/rounds/{round_.id}/conflicts"))
    assert next_step(before) is None  # nothing to move on to before they answer

    response = client.post(
        f"/rounds/{round_.id}/conflicts", data=answers(round_, "B02"), follow_redirects=True
    )
    after = page(response)
    assert "Your answers are saved" in after
    assert next_step(after) == f"Go to your training -> /rounds/{round_.id}/training/"
    assert "Your scoring sheets open when your training is done." in after
    assert f"/rounds/{round_.id}/sheets/" not in after
    # The next step comes before the questions, so it is the first thing seen after saving.
    assert after.index("What to do next") < after.index("Do you know anyone who works or volunteers there?")


def test_after_saving_a_trained_member_is_sent_on_to_their_scoring_sheets(client, login, make, round_):
    trained = make.member(round_, trained=True)
    login(trained.user)
    response = client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_), follow_redirects=True)
    assert next_step(page(response)) == f"Go to your scoring sheets -> /rounds/{round_.id}/sheets/"
    assert client.get(f"/rounds/{round_.id}/sheets/").status_code == 200  # and the sheets really open


def test_the_next_step_follows_the_training_gate_not_the_member_page(client, login, make, round_, seat):
    """Training recorded as done in person opens the sheets: the next step says so as soon as it happens."""
    login(seat.user)
    client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_))
    assert "Go to your training" in next_step(page(client.get(f"/rounds/{round_.id}/conflicts")))
    seat.trained_in_person_at = utcnow()
    db.session.commit()
    assert "Go to your scoring sheets" in next_step(page(client.get(f"/rounds/{round_.id}/conflicts")))


def test_a_new_bid_hides_the_next_step_until_the_member_answers_about_it(client, login, make, round_, seat):
    login(seat.user)
    client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_))
    seat.conflicts_reviewed_at = utcnow() - timedelta(days=1)
    db.session.commit()
    make.bid(round_, "B04")
    assert next_step(page(client.get(f"/rounds/{round_.id}/conflicts"))) is None


def test_with_no_bids_to_check_the_member_is_sent_on_at_once(client, login, make):
    empty = make.round("Empty round")
    login(make.member(empty).user)
    text = page(client.get(f"/rounds/{empty.id}/conflicts"))
    assert next_step(text) == f"Go to your training -> /rounds/{empty.id}/training/"
    assert "change your answers" not in text


def test_can_view_bid_refuses_only_the_conflicted_member_that_bid(client, login, make, round_, seat):
    other = make.member(round_)
    outsider = make.member(make.round("Another round"))
    boss = make.commissioner()
    login(seat.user)
    client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_, "B02"))
    first, second, _ = round_.bids
    assert can_view_bid(seat.user, second) is False
    assert can_view_bid(seat.user, first) is True
    assert can_view_bid(other.user, second) is True
    assert can_view_bid(boss, second) is True
    assert can_view_bid(outsider.user, second) is False

    client.post(f"/rounds/{round_.id}/conflicts", data=answers(round_))
    assert can_view_bid(seat.user, second) is True


def test_the_register_lists_every_declaration_and_who_has_not_answered(client, login, make, round_, seat):
    adult = make.member(round_, make.user(display_name="Mr Brown"), kind=MemberKind.ADULT)
    make.member(round_, make.user(display_name="Zara"))
    boss = make.commissioner()
    db.session.add_all(
        [
            Conflict(
                membership=seat, bid=round_.bids[1], note="My aunt runs it", recorded_by_id=seat.user_id
            ),
            Conflict(membership=adult, bid=round_.bids[0], note="Trustee", recorded_by=boss),
        ]
    )
    seat.conflicts_reviewed_at = utcnow()
    db.session.commit()
    login(boss)
    text = page(client.get(f"/rounds/{round_.id}/conflicts/register"))
    for expected in (
        "Priya",
        "Young person",
        "B02: Organisation",
        "My aunt runs it",
        "The member",
        "Mr Brown",
        "Adult",
        "B01: Organisation",
        "Trustee",
        "Casey Commissioner (panel team)",
    ):
        assert expected in text
    waiting = text.split("Not answered yet")[1]
    assert "Zara" in waiting and "Mr Brown" in waiting and "Priya" not in waiting


def test_a_bid_added_after_answering_asks_the_member_again(client, login, make, round_, seat):
    seat.conflicts_reviewed_at = utcnow() - timedelta(days=1)
    db.session.commit()
    make.bid(round_, "B04")
    login(make.commissioner())
    assert "Priya" in page(client.get(f"/rounds/{round_.id}/conflicts/register")).split("Not answered yet")[1]


def test_the_panel_team_records_and_removes_a_conflict(client, login, make, round_, seat):
    boss = login(make.commissioner())
    bid = round_.bids[2]
    form = page(client.get(f"/rounds/{round_.id}/conflicts/record"))
    assert "Priya (young person)" in form and "B03: " in form
    response = client.post(
        f"/rounds/{round_.id}/conflicts/record",
        data={"membership": seat.id, "bid": bid.id, "note": "Plays football there"},
    )
    assert response.headers["Location"] == f"/rounds/{round_.id}/conflicts/register"
    (conflict,) = conflicts()
    assert (conflict.membership_id, conflict.bid_id, conflict.note, conflict.recorded_by_id) == (
        seat.id,
        bid.id,
        "Plays football there",
        boss.id,
    )
    assert can_view_bid(seat.user, bid) is False

    again = client.post(f"/rounds/{round_.id}/conflicts/record", data={"membership": seat.id, "bid": bid.id})
    assert again.status_code == 400 and "Priya already has a conflict with this bid" in page(again)

    assert client.post(f"/rounds/{round_.id}/conflicts/{conflict.id}/remove").status_code == 302
    assert conflicts() == []
    assert can_view_bid(seat.user, bid) is True


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"membership": ""}, "Choose the panel member who has the conflict"),
        ({"bid": ""}, "Choose the bid they have a link to"),
        ({"bid": "99999"}, "Choose the bid they have a link to"),
        ({"membership": "abc"}, "Choose the panel member who has the conflict"),
        ({"note": "x" * 1001}, "Keep it to 1000 characters or fewer"),
    ],
)
def test_recording_mistakes_are_explained(client, login, make, round_, seat, changes, message):
    login(make.commissioner())
    data = {"membership": str(seat.id), "bid": str(round_.bids[0].id), "note": "", **changes}
    response = client.post(f"/rounds/{round_.id}/conflicts/record", data=data)
    assert response.status_code == 400 and page(response).count(message) == 2
    assert conflicts() == []


def test_members_and_bids_of_another_round_cannot_be_used(client, login, make, round_, seat):
    other_round = make.round("Another round", bids=1)
    stranger = make.member(other_round)
    login(make.commissioner())
    for data in (
        {"membership": stranger.id, "bid": round_.bids[0].id},
        {"membership": seat.id, "bid": other_round.bids[0].id},
    ):
        assert client.post(f"/rounds/{round_.id}/conflicts/record", data=data).status_code == 400
    elsewhere = make.conflict(stranger, other_round.bids[0])
    assert client.post(f"/rounds/{round_.id}/conflicts/{elsewhere.id}/remove").status_code == 404
    assert len(conflicts()) == 1


# Access: every conflicts page, for everyone who might ask.

MANAGER_PAGES = [
    ("get", "/rounds/{round}/conflicts/register"),
    ("get", "/rounds/{round}/conflicts/record"),
    ("post", "/rounds/{round}/conflicts/record"),
    ("post", "/rounds/{round}/conflicts/{conflict}/remove"),
]
ALL_PAGES = MANAGER_PAGES + [("get", "/rounds/{round}/conflicts"), ("post", "/rounds/{round}/conflicts")]


def _call(client, method, url, round_, conflict, data=None):
    return getattr(client, method)(url.format(round=round_.id, conflict=conflict.id), data=data or {})


@pytest.fixture
def recorded(make, round_, seat):
    return make.conflict(seat, round_.bids[0])


@pytest.mark.parametrize("method, url", ALL_PAGES)
def test_signed_out_people_are_sent_to_sign_in(client, round_, recorded, method, url):
    response = _call(client, method, url, round_, recorded)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("method, url", MANAGER_PAGES)
@pytest.mark.parametrize("role", [MemberRole.PANELLIST, MemberRole.CHAIR])
def test_members_cannot_see_or_change_the_register(client, login, make, round_, recorded, method, url, role):
    login(make.member(round_, role=role).user)
    response = _call(
        client,
        method,
        url,
        round_,
        recorded,
        {"membership": recorded.membership_id, "bid": round_.bids[1].id},
    )
    assert response.status_code == 403
    assert len(conflicts()) == 1


@pytest.mark.parametrize("method, url", ALL_PAGES)
def test_members_of_another_round_are_refused(client, login, make, round_, recorded, method, url):
    login(make.member(make.round("Another round")).user)
    response = _call(client, method, url, round_, recorded, answers(round_, "B02"))
    assert response.status_code in (403, 404)
    assert len(conflicts()) == 1


@pytest.mark.parametrize("method, url", MANAGER_PAGES)
def test_commissioners_can_use_the_register_pages(client, login, make, round_, recorded, method, url):
    login(make.commissioner())
    response = _call(client, method, url, round_, recorded)
    assert response.status_code in (200, 302, 400)


def test_a_commissioner_who_is_not_on_the_panel_is_sent_to_the_register(client, login, make, round_):
    login(make.commissioner())
    response = client.get(f"/rounds/{round_.id}/conflicts")
    assert response.headers["Location"] == f"/rounds/{round_.id}/conflicts/register"


def test_a_round_that_does_not_exist_is_not_found(client, login, make):
    login(make.commissioner())
    assert client.get("/rounds/99999/conflicts/register").status_code == 404
