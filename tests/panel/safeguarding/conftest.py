"""A round with a named safeguarding lead, its panel, and a second round with its own lead."""

import pytest

from panel.accounts.models import User
from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from tests.panel.safeguarding.world import World


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
