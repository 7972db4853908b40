"""The bids list, a bid's page, and adding or changing a bid by hand."""

import io

import pytest
from sqlalchemy import select

from panel.bids.models import Bid
from panel.extensions import db
from scoring.rounds import RoundStatus


def _page(response) -> str:
    return response.get_data(as_text=True)


def _bids(round_) -> dict[str, Bid]:
    return {bid.reference: bid for bid in db.session.scalars(select(Bid).where(Bid.round_id == round_.id))}


def test_the_list_shows_each_bid_and_the_total_against_the_budget(client, login, make, cast):
    make.bid(cast.round, "B10", organisation="Riverside Trust", amount_pence=48_000_000)
    login(cast.commissioner)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/"))
    assert "<title>Bids – Youth wellbeing fund – Co-Panel</title>" in page
    for text in ("B01", "Northside Youth Club", "Friday night football", "£25,000", "B02", "£12,000"):
        assert text in page
    assert "£517,000" in page and "£500,000" in page
    assert "£17,000 more than the budget" in page
    assert page.index("B02") < page.index("B10")
    assert "Add a bid" in page and "Import bids from a spreadsheet" in page


def test_the_list_counts_each_bids_documents(client, login, cast):
    login(cast.commissioner)
    client.post(
        f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents",
        data={"document": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "plan.pdf")},
        content_type="multipart/form-data",
    )
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/"))
    row = page[page.index("Friday night football") : page.index("Street art workshops")]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in row


def test_members_see_the_list_without_buttons(client, login, cast):
    login(cast.member)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/"))
    assert "Friday night football" in page and "Street art workshops" in page
    assert "£500,000 to share" in page
    assert "Add a bid" not in page and "Import bids" not in page


def test_a_conflicted_member_does_not_see_that_bid_in_the_list(client, login, cast):
    login(cast.conflicted)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/"))
    assert "Street art workshops" in page
    assert "Friday night football" not in page and "Northside Youth Club" not in page
    assert "£37,000" not in page  # the total would give the hidden bid's amount away


def test_once_scoring_starts_the_list_says_bids_are_locked(client, login, cast):
    cast.round.status = RoundStatus.SCORING
    db.session.commit()
    login(cast.commissioner)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/"))
    assert "Add a bid" not in page
    assert "bids can no longer be added or changed" in page


def test_a_bid_page_shows_its_details(client, login, cast):
    cast.bid.summary = "We will open on Fridays.\n\nAnd run a league."
    db.session.commit()
    login(cast.member)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/{cast.bid.id}"))
    assert "Friday night football" in page and "Northside Youth Club" in page and "£25,000" in page
    assert '<p class="govuk-body">We will open on Fridays.</p>' in page
    assert "Change" not in page and "Add document" not in page


def test_a_commissioner_adds_a_bid(client, login, cast):
    login(cast.commissioner)
    response = client.post(
        f"/rounds/{cast.round.id}/bids/new",
        data={
            "reference": " B03 ",
            "organisation": "Hilltop Girls' Group",
            "title": "Confidence camp",
            "summary": "A week away.",
            "amount": "£7,500.50",
        },
    )
    bid = _bids(cast.round)["B03"]
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/rounds/{cast.round.id}/bids/{bid.id}")
    assert (bid.organisation, bid.title, bid.summary, bid.amount_pence) == (
        "Hilltop Girls' Group",
        "Confidence camp",
        "A week away.",
        750_050,
    )
    assert "Bid added: B03" in _page(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("reference", "", "Enter a reference, like B01"),
        ("reference", "R" * 41, "The reference must be 40 characters or fewer"),
        (
            "reference",
            "b01",
            "Another bid in this round already has the reference b01. Choose a different one.",
        ),
        ("organisation", "  ", "Enter the name of the organisation"),
        ("title", "", "Enter the bid&#39;s title"),
        ("title", "T" * 201, "The title must be 200 characters or fewer"),
        ("amount", "", "Enter an amount in pounds, like 25000"),
        ("amount", "lots", "Enter an amount in pounds using numbers only"),
        ("amount", "-5", "Enter an amount in pounds using numbers only"),
        ("amount", "12.345", "Enter an amount in pounds using numbers only"),
    ],
)
def test_adding_a_bid_explains_each_mistake_and_keeps_what_was_typed(
    client, login, cast, field, value, message
):
    login(cast.commissioner)
    data = {
        "reference": "B03",
        "organisation": "Hilltop",
        "title": "Camp",
        "summary": "Kept summary",
        "amount": "9,000",
    }
    data[field] = value
    response = client.post(f"/rounds/{cast.round.id}/bids/new", data=data)
    page = _page(response)
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error: " in page
    assert message in page
    assert page.count(message) == 2  # in the summary and beside the field
    assert "Kept summary" in page
    if data["amount"]:
        assert f'value="{data["amount"]}"' in page
    assert set(_bids(cast.round)) == {"B01", "B02"}


def test_editing_shows_the_current_details_and_saves_changes(client, login, cast):
    login(cast.commissioner)
    url = f"/rounds/{cast.round.id}/bids/{cast.bid.id}/edit"
    page = _page(client.get(url))
    assert 'value="B01"' in page and 'value="25,000"' in page and "Change bid B01" in page
    response = client.post(
        url,
        data={
            "reference": "B01",
            "organisation": "Northside Youth Club",
            "title": "Football and food",
            "summary": "",
            "amount": "26000",
        },
    )
    assert response.status_code == 302
    db.session.refresh(cast.bid)
    assert (cast.bid.title, cast.bid.amount_pence, cast.bid.summary) == ("Football and food", 2_600_000, "")


def test_editing_cannot_take_another_bids_reference(client, login, cast):
    login(cast.commissioner)
    url = f"/rounds/{cast.round.id}/bids/{cast.bid.id}/edit"
    response = client.post(url, data={"reference": "B02", "organisation": "x", "title": "y", "amount": "1"})
    assert "already has the reference B02" in _page(response)
    db.session.refresh(cast.bid)
    assert cast.bid.reference == "B01"


def test_the_same_reference_is_fine_in_another_round(client, login, make, cast):
    login(cast.commissioner)
    elsewhere = make.round("Another round")
    response = client.post(
        f"/rounds/{elsewhere.id}/bids/new",
        data={"reference": "B01", "organisation": "Northside", "title": "Again", "amount": "100"},
    )
    assert response.status_code == 302
    assert set(_bids(elsewhere)) == {"B01"}
