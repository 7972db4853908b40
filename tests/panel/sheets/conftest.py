"""A round ready for scoring: two criteria (0-4, weights 30 and 10), two bids and a trained young member."""

from dataclasses import dataclass

import pytest

from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus


@dataclass
class Scene:
    round: object
    bid: object
    other_bid: object
    criteria: list
    member: object

    def url(self, suffix: str = "", bid=None) -> str:
        return f"/rounds/{self.round.id}/sheets/{(bid or self.bid).id}{suffix}"


@pytest.fixture
def scene(make):
    round_ = make.round(status=RoundStatus.SCORING)
    criteria = [
        make.criterion(round_, "Meets needs", weight=30),
        make.criterion(round_, "Value for money", weight=10),
    ]
    bid, other = make.bid(round_, "B01"), make.bid(round_, "B02")
    return Scene(round_, bid, other, criteria, make.member(round_, trained=True))


@pytest.fixture
def chair(make, scene):
    return make.member(scene.round, role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True)
