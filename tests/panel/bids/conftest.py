"""People around one round of bids, for the pages that decide who may see and change them."""

import itertools
from dataclasses import dataclass

import pytest

from panel.accounts.models import User
from panel.extensions import db
from scoring.people import MemberKind

_numbers = itertools.count(1)


def quick_user(name: str, *, commissioner: bool = False) -> User:
    """A user for tests that sign in through the session: no password, so no slow hashing."""
    number = next(_numbers)
    person = User(
        username=f"bids{number}", display_name=name, is_commissioner=commissioner, password_hash="unusable"
    )
    db.session.add(person)
    db.session.commit()
    return person


@dataclass
class Cast:
    """A draft round with two bids, and everyone who might ask about them."""

    round: object
    bid: object
    other_bid: object
    commissioner: object
    member: object
    conflicted: object
    stranger: object


@pytest.fixture
def cast(make):
    round_ = make.round("Youth wellbeing fund", budget_pence=50_000_000)
    bid = make.bid(
        round_,
        "B01",
        organisation="Northside Youth Club",
        title="Friday night football",
        amount_pence=2_500_000,
    )
    other_bid = make.bid(
        round_, "B02", organisation="Harbour Arts", title="Street art workshops", amount_pence=1_200_000
    )
    conflicted = make.member(round_, quick_user("Connie Conflicted"), kind=MemberKind.ADULT)
    make.conflict(conflicted, bid)
    elsewhere = make.round("Another council's round")
    return Cast(
        round=round_,
        bid=bid,
        other_bid=other_bid,
        commissioner=quick_user("Casey Commissioner", commissioner=True),
        member=make.member(round_, quick_user("Mo Member")).user,
        conflicted=conflicted.user,
        stranger=make.member(elsewhere, quick_user("Sam Stranger")).user,
    )
