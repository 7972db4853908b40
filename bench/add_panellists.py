"""Add trained panellists to the demo's second round in the benchmark's own database; print what clients need."""

import json
import sys

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from panel import create_app
from panel.accounts.models import User
from panel.core.models import utcnow
from panel.demo.content import ROUND_TWO
from panel.extensions import db
from panel.rounds.models import Membership, Round
from scoring.people import AgeBand, MemberKind, MemberRole


def add_panellists(count: int, password: str) -> dict:
    """Add `count` trained members (half young, half adult) and return the round, bids, criteria and usernames."""
    round_ = db.session.scalar(select(Round).where(Round.title == ROUND_TWO["title"]))
    password_hash = generate_password_hash(password)
    usernames = [f"bench{number:03d}" for number in range(count)]
    now = utcnow()
    for number, username in enumerate(usernames):
        if db.session.scalar(select(User).where(User.username == username)) is not None:
            continue
        young = number % 2 == 0
        user = User(
            username=username,
            display_name=f"Panellist {number}",
            password_hash=password_hash,
            privacy_accepted_at=now,
        )
        db.session.add(
            Membership(
                round=round_,
                user=user,
                role=MemberRole.PANELLIST,
                kind=MemberKind.YOUNG if young else MemberKind.ADULT,
                age_band=AgeBand.B17_19 if young else None,
                confidentiality_accepted_at=now,
                conflicts_reviewed_at=now,
                trained_in_person_at=now,
            )
        )
    db.session.commit()
    return {
        "round": round_.id,
        "bids": sorted(bid.id for bid in round_.bids),
        "criteria": [criterion.id for criterion in round_.criteria],
        "usernames": usernames,
    }


if __name__ == "__main__":
    with create_app().app_context():
        print(json.dumps(add_panellists(int(sys.argv[1]), sys.argv[2])))
