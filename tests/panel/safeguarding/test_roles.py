"""Commissioners give adults the safeguarding role (never a young member) and name each round's lead."""

import pytest

from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from tests.panel.training.journey_helpers import markup, text


def _refresh(*objects):
    db.session.expire_all()
    return objects


def test_a_commissioner_gives_an_adult_the_role(client, login, world, make):
    adult = make.user("jo", "Jo Youthworker")
    login(world.commissioner)
    response = client.post("/safeguarding/leads", data={"username": "JO"})
    assert response.status_code == 302
    _refresh()
    assert adult.is_safeguarding_lead
    assert "Jo Youthworker (jo)" in text(client.get("/safeguarding/leads"))


@pytest.mark.parametrize(
    "username, problem",
    [
        ("", "Enter the username of the person to give the role to"),
        ("nobody", "There is nobody with the username nobody"),
        (
            "aisha",
            "Aisha Khan is on a panel as a young person, so they can't be a safeguarding lead. Choose an adult.",
        ),
    ],
)
def test_the_role_is_refused_with_a_clear_message(client, login, world, username, problem):
    login(world.commissioner)
    response = client.post("/safeguarding/leads", data={"username": username})
    assert response.status_code == 400 and problem in text(response)
    _refresh()
    assert not world.young.user.is_safeguarding_lead


def test_removing_the_role_sends_their_rounds_worries_back_to_the_commissioners(client, login, world):
    login(world.commissioner)
    response = client.post(f"/safeguarding/leads/{world.lead.id}/remove")
    assert response.status_code == 302
    assert "Worries on 1 round they led now go to the commissioners" in text(
        client.get("/safeguarding/leads")
    )
    _refresh()
    assert not world.lead.is_safeguarding_lead and world.round.safeguarding_lead_id is None
    assert client.post(f"/safeguarding/leads/{world.lead.id}/remove").status_code == 400


def test_a_commissioner_names_a_rounds_lead_from_the_people_with_the_role(client, login, world):
    login(world.commissioner)
    page = markup(client.get(f"/rounds/{world.round.id}/safeguarding-lead"))
    assert f'value="{world.lead.id}" checked' in page and "Olu Other (olu)" in page
    response = client.post(
        f"/rounds/{world.round.id}/safeguarding-lead", data={"lead": str(world.other_lead.id)}
    )
    assert response.status_code == 302
    _refresh()
    assert world.round.safeguarding_lead_id == world.other_lead.id
    assert "Olu Other" in text(client.get(f"/rounds/{world.round.id}"))
    client.post(f"/rounds/{world.round.id}/safeguarding-lead", data={"lead": "none"})
    _refresh()
    assert world.round.safeguarding_lead_id is None
    assert "None named: the commissioners read worries" in text(client.get(f"/rounds/{world.round.id}"))


def test_someone_without_the_role_cannot_be_named(client, login, world):
    login(world.commissioner)
    response = client.post(
        f"/rounds/{world.round.id}/safeguarding-lead", data={"lead": str(world.adult.user_id)}
    )
    assert response.status_code == 400
    assert "Choose one of the people with the safeguarding role" in text(response)
    _refresh()
    assert world.round.safeguarding_lead_id == world.lead.id


@pytest.mark.parametrize("who", ["lead", "chair", "young"])
def test_only_commissioners_give_the_role_or_name_a_lead(client, login, world, who):
    person = getattr(world, who)
    login(getattr(person, "user", person))
    assert client.get("/safeguarding/leads").status_code == 403
    assert client.post("/safeguarding/leads", data={"username": "olu"}).status_code == 403
    assert client.post(f"/safeguarding/leads/{world.other_lead.id}/remove").status_code == 403
    assert (
        client.post(f"/rounds/{world.round.id}/safeguarding-lead", data={"lead": "none"}).status_code == 403
    )
    _refresh()
    assert world.round.safeguarding_lead_id == world.lead.id and world.other_lead.is_safeguarding_lead


def test_the_command_gives_and_takes_away_the_role(app, world, make):
    adult = make.user("jo", "Jo Youthworker")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["safeguarding-lead", "jo"])
    assert result.exit_code == 0 and "Jo Youthworker now has the safeguarding role" in result.output
    _refresh()
    assert adult.is_safeguarding_lead
    assert runner.invoke(args=["safeguarding-lead", "jo", "--remove"]).exit_code == 0
    _refresh()
    assert not adult.is_safeguarding_lead


def test_the_command_refuses_a_young_member_and_an_unknown_name(app, world, make):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["safeguarding-lead", "aisha"])
    assert refused.exit_code != 0 and "can't be a safeguarding lead" in refused.output
    assert "There is nobody called 'ghost'" in runner.invoke(args=["safeguarding-lead", "ghost"]).output
    young_chair = make.member(
        world.other_round, make.user("kai"), role=MemberRole.CHAIR, kind=MemberKind.YOUNG
    )
    assert runner.invoke(args=["safeguarding-lead", young_chair.user.username]).exit_code != 0
