"""Only the round's lead reads its worries (the commissioners when it has none); opening one marks it read and
is logged; the lead marks it dealt with."""

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.core.audit import AccessRecord
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Round
from panel.safeguarding.models import Worry
from panel.safeguarding.operations import raise_worry
from tests.panel.safeguarding.world import WORRY
from tests.panel.training.journey_helpers import text


@pytest.fixture
def worry(world, data_app) -> Worry:
    with data_app.test_request_context():  # a request of its own, for the link in the lead's message
        made_id = raise_worry(
            db.session.get(User, world.young.user_id),
            db.session.get(Round, world.round.id),
            WORRY,
            "At the next meeting",
            utcnow(),
        ).id
        db.session.commit()
    return db.session.get(Worry, made_id)


def _fresh(worry: Worry) -> Worry:
    db.session.expire_all()
    return db.session.get(Worry, worry.id)


def test_the_lead_lists_opens_and_reads_the_worry(client, login, world, worry):
    login(world.lead)
    listing = text(client.get("/safeguarding"))
    assert "Youth fund" in listing and "New" in listing
    assert "Another round" not in listing
    page = text(client.get(f"/safeguarding/{worry.id}"))
    assert WORRY in page and "Aisha Khan (aisha)" in page and "young person aged 14 to 16" in page
    assert "At the next meeting" in page
    opened = _fresh(worry)
    assert opened.read_by_id == world.lead.id and opened.read_at is not None
    assert "Read, not dealt with yet" in text(client.get("/safeguarding"))


def test_opening_a_worry_is_logged_every_time_and_first_read_is_kept(client, login, world, worry):
    login(world.lead)
    client.get(f"/safeguarding/{worry.id}")
    first = _fresh(worry).read_at
    client.get(f"/safeguarding/{worry.id}")
    assert _fresh(worry).read_at == first
    records = db.session.scalars(select(AccessRecord)).all()
    assert [(r.actor_id, r.action, r.round_id, r.subject) for r in records] == [
        (world.lead.id, "worry_read", world.round.id, f"Worry {worry.id}")
    ] * 2
    assert WORRY not in str([(r.action, r.subject) for r in records])


def test_opening_it_clears_the_leads_message_about_it(client, login, world, worry):
    login(world.lead)
    assert "Messages (1 new)" in text(client.get("/"))
    client.get(f"/safeguarding/{worry.id}")
    assert "Messages (1 new)" not in text(client.get("/"))


@pytest.mark.parametrize("who", ["adult", "chair", "other_member", "other_lead", "commissioner", "young"])
def test_nobody_else_can_read_it(client, login, world, worry, who):
    person = getattr(world, who)
    login(getattr(person, "user", person))
    assert client.get(f"/safeguarding/{worry.id}").status_code == 403
    assert client.post(f"/safeguarding/{worry.id}/handle", data={"note": "Done"}).status_code == 403
    assert WORRY not in text(client.get("/safeguarding"))
    assert _fresh(worry).read_at is None


def test_panel_members_cannot_open_the_list_at_all(client, login, world):
    for member in (world.young, world.chair):
        login(member.user)
        assert client.get("/safeguarding").status_code == 403


def test_with_no_lead_the_commissioner_reads_it(client, login, world, worry):
    world.round.safeguarding_lead_id = None
    db.session.commit()
    login(world.commissioner)
    assert "Youth fund" in text(client.get("/safeguarding"))
    assert WORRY in text(client.get(f"/safeguarding/{worry.id}"))
    login(world.lead)
    assert client.get(f"/safeguarding/{worry.id}").status_code == 403


def test_an_unknown_worry_is_not_found(client, login, world):
    login(world.lead)
    assert client.get("/safeguarding/999999").status_code == 404


def test_the_lead_marks_it_dealt_with_and_the_member_sees_that_but_not_the_note(client, login, world, worry):
    login(world.lead)
    response = client.post(
        f"/safeguarding/{worry.id}/handle", data={"note": "Talked with her mum and the school"}
    )
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Dealt with" in page and "Talked with her mum and the school" in page and "by Sam Lead" in page
    done = _fresh(worry)
    assert done.status.value == "handled" and done.handled_by_id == world.lead.id
    login(world.young.user)
    mine = text(client.get("/worry/mine"))
    assert "Dealt with" in mine and "Talked with her mum" not in mine


def test_dealing_with_it_needs_a_note(client, login, world, worry):
    login(world.lead)
    response = client.post(f"/safeguarding/{worry.id}/handle", data={"note": "  "})
    assert response.status_code == 400 and "Say what was done" in text(response)
    assert _fresh(worry).status.value == "open"
