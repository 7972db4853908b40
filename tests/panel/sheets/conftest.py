"""A round ready for scoring: two criteria (0-4, weights 30 and 10), two bids and a trained young member."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.sheets.models import Sheet
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


def stored_sheet(membership, bid):
    """The sheet as the database holds it now, read fresh."""
    db.session.expire_all()
    return db.session.scalar(
        select(Sheet).where(Sheet.membership_id == membership.id, Sheet.bid_id == bid.id)
    )


def snapshot(membership, bid):
    """Everything stored for one sheet, to compare before and after a refused save."""
    sheet = stored_sheet(membership, bid)
    if sheet is None:
        return None
    return (
        sheet.version,
        sheet.status,
        sheet.strengths,
        sheet.concerns,
        sheet.questions,
        sorted((row.criterion_id, row.score, row.abstained, row.comment) for row in sheet.scores),
    )
