"""A round with a named safeguarding lead, its panel, and a second round with its own lead."""

from dataclasses import dataclass

import pytest

from panel.accounts.models import User
from panel.extensions import db
from panel.rounds.models import Membership, Round
from scoring.people import MemberKind, MemberRole

WORRY = "Someone in my group chat keeps sending me horrible messages about the panel."


@dataclass
class World:
    round: Round
    other_round: Round
    lead: User
    other_lead: User
    commissioner: User
    young: Membership
    adult: Membership
    chair: Membership
    other_member: Membership


def _lead(make, username: str, name: str) -> User:
    person = make.user(username, name, email=f"{username}@example.org")
    person.is_safeguarding_lead = True
    db.session.commit()
    return person


@pytest.fixture
def world(make) -> World:
    round_, other = make.round("Youth fund"), make.round("Another round")
    lead, other_lead = _lead(make, "sam", "Sam Lead"), _lead(make, "olu", "Olu Other")
    round_.safeguarding_lead_id, other.safeguarding_lead_id = lead.id, other_lead.id
    db.session.commit()
    return World(
        round=round_,
        other_round=other,
        lead=lead,
        other_lead=other_lead,
        commissioner=make.user("casey", "Casey Commissioner", commissioner=True, email="casey@example.org"),
        young=make.member(round_, make.user("aisha", "Aisha Khan")),
        adult=make.member(round_, kind=MemberKind.ADULT),
        chair=make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT),
        other_member=make.member(other),
    )


def raise_worry(client, round_id: int | None = None, text: str = WORRY, contact: str = ""):
    data = {"text": text, "contact": contact}
    if round_id is not None:
        data["round"] = str(round_id)
    return client.post("/worry", data=data)
