"""Helpers for the safeguarding tests: the worry they raise, and the shape of the `world` fixture (a round
with a named safeguarding lead, its panel, and a second round with its own lead), which lives in
tests/panel/safeguarding/conftest.py.
"""

from dataclasses import dataclass

from panel.accounts.models import User
from panel.rounds.models import Membership, Round

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


def raise_worry(client, round_id: int | None = None, text: str = WORRY, contact: str = ""):
    data = {"text": text, "contact": contact}
    if round_id is not None:
        data["round"] = str(round_id)
    return client.post("/worry", data=data)
