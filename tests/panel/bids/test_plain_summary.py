"""A bid's summary for young readers: the commissioner writes it with a reading-level hint, and young panel
members read it first, before what the organisation wrote (folded under it)."""

import pytest

from panel.demo import content
from tests.reading import reading_grade

EASY = "A safe place to play football on Friday nights. A youth worker is there too."
HARD = (
    "The organisation proposes comprehensive diversionary provision addressing antisocial behaviour through "
    "structured recreational engagement."
)


def _page(response) -> str:
    return response.get_data(as_text=True)


def _details(cast, plain: str = EASY) -> dict:
    return {
        "reference": cast.bid.reference,
        "organisation": cast.bid.organisation,
        "title": cast.bid.title,
        "summary": HARD,
        "plain_summary": plain,
        "amount": "25000",
    }


def test_a_commissioner_writes_it_and_a_young_member_reads_it_first(client, login, cast):
    login(cast.commissioner)
    edit = f"/rounds/{cast.round.id}/bids/{cast.bid.id}/edit"
    form = _page(client.get(edit))
    assert "Summary for young readers (optional)" in form
    assert 'aria-live="polite"' in form and "js/reading_level." in form  # fingerprinted address
    assert f'data-cp-reading-url="/rounds/{cast.round.id}/bids/reading-level"' in form
    assert client.post(edit, data=_details(cast)).status_code == 302

    login(cast.member)
    page = _page(client.get(f"/rounds/{cast.round.id}/bids/{cast.bid.id}"))
    assert page.index(EASY) < page.index(f"What {cast.bid.organisation} wrote") < page.index("comprehensive")
    assert '<details class="govuk-details">' in page
    assert "data-cp-text-size" in page  # reading help: text size and read aloud
    assert "There is no summary for young readers" not in page and "Reading level" not in page


def test_the_commissioner_is_told_when_a_bid_has_none_and_how_easy_it_is_when_it_has(client, login, cast):
    login(cast.commissioner)
    show = f"/rounds/{cast.round.id}/bids/{cast.bid.id}"
    page = _page(client.get(show))
    assert "There is no summary for young readers yet." in page
    assert f'href="/rounds/{cast.round.id}/bids/{cast.bid.id}/edit#plain_summary"' in page

    client.post(f"{show}/edit", data=_details(cast, plain=HARD))
    page = _page(client.get(show))
    assert "There is no summary for young readers yet." not in page
    assert "Summary for young readers: Reading level: grade" in page


def test_a_summary_for_young_readers_that_is_too_long_is_refused_and_kept(client, login, cast):
    login(cast.commissioner)
    long = "Short words. " * 100
    response = client.post(
        f"/rounds/{cast.round.id}/bids/{cast.bid.id}/edit", data=_details(cast, plain=long)
    )
    assert response.status_code == 200
    page = _page(response)
    assert "The summary for young readers must be 1,200 characters or fewer" in page
    assert "Short words. Short words." in page  # what was typed is still there


def test_the_hint_is_measured_as_the_commissioner_types(client, login, cast):
    login(cast.commissioner)
    url = f"/rounds/{cast.round.id}/bids/reading-level"
    easy = client.post(url, json={"text": EASY}).get_json()
    assert easy["easy"] is True and easy["grade"] <= 6
    assert client.post(url, json={"text": HARD}).get_json()["easy"] is False


@pytest.mark.parametrize(
    "body", [{"json": {}}, {"json": {"text": 5}}, {"data": "not json"}, {"json": {"text": "word " * 600}}]
)
def test_the_hint_refuses_bad_requests_plainly(client, login, cast, body):
    login(cast.commissioner)
    response = client.post(f"/rounds/{cast.round.id}/bids/reading-level", **body)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_only_those_who_change_the_bids_may_ask(client, login, cast):
    login(cast.member)
    assert client.post(f"/rounds/{cast.round.id}/bids/reading-level", json={"text": EASY}).status_code == 403


@pytest.mark.parametrize("reference", sorted(content.PLAIN_SUMMARIES))
def test_the_demos_summaries_for_young_readers_are_plain(reference):
    assert reading_grade(content.PLAIN_SUMMARIES[reference]) <= 6
