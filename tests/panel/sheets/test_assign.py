"""Sharing the bids out: only the commissioner, enough young and adult scorers, never a conflicted member."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.sheets.models import Assignment, Sheet
from scoring.people import MemberKind, MemberRole
from tests.panel.training.journey_helpers import text


def _panel(make, young=4, adult=2, bids=3):
    round_ = make.round(bids=bids)
    members = [make.member(round_, trained=True) for _ in range(young)]
    members += [make.member(round_, kind=MemberKind.ADULT, age_band=None, trained=True) for _ in range(adult)]
    return round_, members


def _assigned():
    return {(a.membership_id, a.bid_id) for a in db.session.scalars(select(Assignment))}


def _url(round_):
    return f"/rounds/{round_.id}/sheets/assignments"


def test_the_page_says_everyone_scores_every_bid_until_the_bids_are_shared_out(client, make, login):
    round_, _ = _panel(make)
    login(make.commissioner())
    page = text(client.get(_url(round_)))
    assert "Everyone scores every bid" in page
    assert "Go back to everyone scoring every bid" not in page


def test_sharing_out_gives_each_bid_enough_young_and_adult_scorers(client, make, login):
    round_, members = _panel(make)
    login(make.commissioner())
    response = client.post(_url(round_), data={"young": "2", "adult": "1"})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "only the bids shared out to them" in page and "short of scorers" not in page
    assigned = _assigned()
    kinds = {m.id: m.kind for m in members}
    for bid in round_.bids:
        scorers = [kinds[member] for member, bid_id in assigned if bid_id == bid.id]
        assert scorers.count(MemberKind.YOUNG) == 2 and scorers.count(MemberKind.ADULT) == 1
    loads = [sum(1 for member, _ in assigned if member == m.id) for m in members[:4]]
    assert max(loads) - min(loads) <= 1


def test_a_conflicted_member_is_never_given_that_bid_and_shortfalls_are_listed(client, make, login):
    round_, members = _panel(make, young=2, adult=1)
    first = round_.bids[0]
    for member in members:
        make.conflict(member, first)
    login(make.commissioner())
    response = client.post(_url(round_), data={"young": "2", "adult": "1"}, follow_redirects=True)
    page = text(response)
    assert not {pair for pair in _assigned() if pair[1] == first.id}
    assert f"{first.reference} {first.title}: 0 young people can score it, not 2" in page
    assert f"{first.reference} {first.title}: 0 adults can score it, not 1" in page


def test_sharing_out_again_replaces_the_earlier_assignments(client, make, login):
    round_, _ = _panel(make, young=4, adult=0, bids=2)
    login(make.commissioner())
    client.post(_url(round_), data={"young": "4", "adult": "0"})
    assert len(_assigned()) == 8
    client.post(_url(round_), data={"young": "1", "adult": "0"})
    assert len(_assigned()) == 2


def test_going_back_to_everyone_scoring_deletes_the_assignments_and_keeps_started_sheets(client, make, login):
    round_, members = _panel(make)
    db.session.add(Sheet(round_id=round_.id, bid_id=round_.bids[0].id, membership_id=members[0].id))
    db.session.commit()
    login(make.commissioner())
    client.post(_url(round_), data={"young": "1", "adult": "1"})
    page = text(client.get(_url(round_)))
    assert "1 sheet has already been started" in page and "sheets already started stay" in page
    response = client.post(_url(round_), data={"everyone-everyone": "Go back to everyone scoring every bid"})
    assert response.status_code == 302
    assert _assigned() == set()
    assert db.session.scalar(select(Sheet)) is not None
    assert "Everyone scores every bid" in text(client.get(_url(round_)))


def test_bad_numbers_are_shown_beside_the_fields_and_change_nothing(client, make, login):
    round_, _ = _panel(make)
    login(make.commissioner())
    response = client.post(_url(round_), data={"young": "two", "adult": ""})
    page = text(response)
    assert response.status_code == 400
    assert "Enter a whole number from 0 to 50" in page
    assert "Enter how many adults should score each bid" in page
    assert 'value="two"' in response.get_data(as_text=True)
    assert _assigned() == set()


@pytest.mark.parametrize("typed", ["²", "٣", "9" * 5_000])
def test_other_digits_and_numbers_too_long_to_read_get_the_same_message(client, make, login, typed):
    round_, _ = _panel(make)
    login(make.commissioner())
    client.post(_url(round_), data={"young": "1", "adult": "1"})
    before = _assigned()
    response = client.post(_url(round_), data={"young": typed, "adult": "1"})
    assert response.status_code == 400
    assert "Enter a whole number from 0 to 50" in text(response)
    assert _assigned() == before
    # The page after sharing out reads the numbers back from its address: a bad one lists no shortfalls.
    assert client.get(_url(round_), query_string={"young": typed, "adult": "1"}).status_code == 200


def test_only_the_commissioner_may_share_the_bids_out(client, make, login):
    round_, members = _panel(make)
    chair = make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT, age_band=None, trained=True)
    for person in (members[0].user, chair.user, make.user()):
        login(person)
        assert client.get(_url(round_)).status_code == 403
        assert client.post(_url(round_), data={"young": "1", "adult": "1"}).status_code == 403
    assert _assigned() == set()


def test_a_round_that_does_not_exist_is_not_found(client, make, login):
    login(make.commissioner())
    assert client.get("/rounds/999/sheets/assignments").status_code == 404


def test_the_page_shows_each_bids_scorers(client, make, login):
    round_, _ = _panel(make, young=2, adult=1, bids=1)
    login(make.commissioner())
    client.post(_url(round_), data={"young": "1", "adult": "1"})
    page = text(client.get(_url(round_)))
    bid = round_.bids[0]
    assert f"{bid.reference} {bid.title} 1 1" in page
