"""A panel member raises a worry from any page; it reaches the round's lead privately, and they are told
what happens next."""

import pytest
from sqlalchemy import select

from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.safeguarding.models import MAX_TEXT, Worry
from tests.panel.safeguarding.world import WORRY, raise_worry
from tests.panel.training.journey_helpers import markup, text


def _worries() -> list[Worry]:
    db.session.expire_all()
    return list(db.session.scalars(select(Worry).order_by(Worry.id)))


def test_every_page_offers_the_button_to_panel_members(client, login, world):
    login(world.young.user)
    for path in ("/", f"/rounds/{world.round.id}", "/notifications", "/privacy"):
        assert "I&#39;m worried about something" in client.get(path).get_data(as_text=True), path


def test_people_on_no_panel_are_not_offered_it(client, login, world, make):
    login(make.user())
    assert "worried about something" not in text(client.get("/"))
    assert client.get("/worry").status_code == 403


def test_a_young_member_raises_a_worry_and_reads_what_happens_next(client, login, world):
    login(world.young.user)
    form = text(client.get("/worry"))
    assert "Only Sam Lead (the safeguarding lead for this panel) will read it" in form
    assert "call 999" in form and "0800 1111" in form
    response = raise_worry(client, world.round.id, contact="Talk to me at the next meeting")
    (worry,) = _worries()
    assert (worry.round_id, worry.raised_by_id, worry.text, worry.contact) == (
        world.round.id,
        world.young.user_id,
        WORRY,
        "Talk to me at the next meeting",
    )
    assert worry.read_at is None and worry.status.value == "open"
    assert response.headers["Location"] == f"/worry/{worry.id}/sent"
    page = text(client.get(response.headers["Location"]))
    assert "Thank you for telling us" in page
    assert "Sam Lead (the safeguarding lead for this panel) will read it" in page
    assert "within 2 working days" in page and "It is private" in page
    assert "in the way you asked" in page
    assert "Call 999" in page and "0800 1111" in page


def test_the_lead_alone_is_told_in_co_panel_and_by_email_without_the_words(client, login, world, inbox, app):
    login(world.young.user)
    raise_worry(client, world.round.id)
    notes = db.session.scalars(select(Notification)).all()
    assert [(note.user_id, note.kind) for note in notes] == [(world.lead.id, "worry")]
    assert WORRY not in notes[0].message and "Aisha" not in notes[0].message
    ((recipients, message),) = inbox.messages
    assert recipients == ["sam@example.org"]
    body = message.get_content()
    assert "raised a worry" in body and "Sign in to read it" in body
    assert "group chat" not in body and "Aisha" not in body and "aisha" not in body


def test_with_no_lead_the_commissioners_are_told(client, login, world, make):
    world.round.safeguarding_lead_id = None
    db.session.commit()
    second = make.commissioner()
    login(world.young.user)
    assert "the people who run the panel" in text(client.get("/worry"))
    raise_worry(client, world.round.id)
    told = {note.user_id for note in db.session.scalars(select(Notification))}
    assert told == {world.commissioner.id, second.id}


def test_a_lead_who_lost_the_role_is_not_told(client, login, world):
    world.lead.is_safeguarding_lead = False
    db.session.commit()
    login(world.young.user)
    raise_worry(client, world.round.id)
    assert {note.user_id for note in db.session.scalars(select(Notification))} == {world.commissioner.id}


def test_a_member_of_several_panels_chooses_starting_from_the_page_they_were_on(client, login, world, make):
    make.member(world.other_round, world.young.user)
    login(world.young.user)
    page = markup(client.get(f"/worry?round_id={world.other_round.id}"))
    assert f'value="{world.other_round.id}" checked' in page
    assert "Read by Olu Other" in page and "Read by Sam Lead" in page
    raise_worry(client, world.other_round.id)
    assert _worries()[0].round_id == world.other_round.id


@pytest.mark.parametrize("sent", ["²", "99999999999999999999", "-1", "", "arabic"])
def test_a_round_id_not_in_plain_digits_leaves_the_newest_panel_chosen(client, login, world, make, sent):
    make.member(world.other_round, world.young.user)
    login(world.young.user)
    if sent == "arabic":  # the older round's id in Arabic digits: int() would read it
        sent = str(world.round.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = client.get("/worry", query_string={"round_id": sent})
    assert response.status_code == 200
    assert f'value="{world.other_round.id}" checked' in markup(response)


def test_the_button_carries_the_round_of_the_page(client, login, world):
    login(world.young.user)
    page = client.get(f"/rounds/{world.round.id}").get_data(as_text=True)
    assert f"/worry?round_id={world.round.id}" in page


@pytest.mark.parametrize(
    "words, problem",
    [
        ("", "Tell us what is worrying you"),
        ("   ", "Tell us what is worrying you"),
        ("x" * (MAX_TEXT + 1), "Please keep it to 5,000 characters or fewer"),
    ],
)
def test_empty_or_too_long_worries_are_refused_kindly(client, login, world, words, problem):
    login(world.young.user)
    response = raise_worry(client, world.round.id, text=words)
    assert response.status_code == 200 and problem in text(response)
    assert _worries() == []


def test_a_round_the_member_is_not_on_cannot_be_chosen(client, login, world):
    login(world.young.user)
    response = raise_worry(client, world.other_round.id)
    assert "Choose one of your panels" in text(response)
    assert _worries() == []


def test_too_many_in_a_short_time_keeps_the_words_in_the_form(client, login, world):
    login(world.young.user)
    for _ in range(5):
        raise_worry(client, world.round.id, text="Another thing")
    response = raise_worry(client, world.round.id, text="The words I must not lose")
    assert response.status_code == 429
    page = markup(response)
    assert "The words I must not lose" in page and "Your words are still here" in page
    assert len(_worries()) == 5


def test_only_the_person_who_sent_it_sees_what_happens_next(client, login, world):
    login(world.young.user)
    raise_worry(client, world.round.id)
    (worry,) = _worries()
    for someone in (world.adult.user, world.chair.user, world.other_member.user):
        login(someone)
        assert client.get(f"/worry/{worry.id}/sent").status_code == 403
        assert "group chat" not in text(client.get("/worry/mine"))


def test_the_member_sees_their_worries_and_whether_they_were_read(client, login, world):
    login(world.young.user)
    raise_worry(client, world.round.id)
    assert "Not read yet" in text(client.get("/worry/mine"))
    (worry,) = _worries()
    worry.read_at, worry.read_by_id = utcnow(), world.lead.id
    worry.handling_note = "Spoke to the school"
    db.session.commit()
    page = text(client.get("/worry/mine"))
    assert "Read on" in page and WORRY in page
    assert "Spoke to the school" not in page
