"""'Your scoring sheets': the bids a trained member will score, never the ones they have a conflict with."""

from panel.core.models import utcnow
from panel.extensions import db
from tests.panel.training.journey_helpers import markup, text


def trained_member(make, round_):
    membership = make.member(round_)
    membership.trained_in_person_at = utcnow()
    db.session.commit()
    return membership


def test_a_trained_member_sees_every_bid_they_will_score(client, make, login):
    round_ = make.round(bids=3)
    make.bid(make.round("Other round"), "X1", title="Someone else's bid")
    login(trained_member(make, round_).user)
    response = client.get(f"/rounds/{round_.id}/sheets/")
    page = text(response)
    assert response.status_code == 200
    assert "You will score 3 bids" in page
    for bid in round_.bids:
        assert f"{bid.reference}: {bid.title}" in page
        assert f'href="/rounds/{round_.id}/sheets/{bid.id}"' in markup(response)
    assert page.count("Not started") == 3
    assert "Someone else's bid" not in page


def test_bids_the_member_has_a_conflict_with_are_left_out(client, make, login):
    round_ = make.round(bids=3)
    conflicted, *others = round_.bids
    membership = trained_member(make, round_)
    make.conflict(membership, conflicted)
    login(membership.user)
    response = client.get(f"/rounds/{round_.id}/sheets/")
    page = text(response)
    assert "You will score 2 bids" in page
    assert conflicted.title not in page and f"/sheets/{conflicted.id}" not in markup(response)
    assert all(bid.title in page for bid in others)


def test_a_round_without_bids_says_so(client, make, login):
    round_ = make.round()
    login(trained_member(make, round_).user)
    assert "There are no bids for you to score yet" in text(client.get(f"/rounds/{round_.id}/sheets/"))


def test_sheets_are_listed_in_the_order_people_read_references(client, make, login):
    round_ = make.round(criteria=1)
    for reference in ("B10", "B2", "B1"):
        make.bid(round_, reference, title=f"Project {reference}")
    login(make.member(round_, trained=True).user)
    page = client.get(f"/rounds/{round_.id}/sheets/").get_data(as_text=True)
    assert page.index("B1: Project B1") < page.index("B2: Project B2") < page.index("B10: Project B10")
