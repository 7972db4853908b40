"""The "Words we use" page: the round's panel and commissioners can read it, and each word has an anchor."""

import re

import pytest
from markupsafe import escape

from panel.training.pack import load_pack


def _url(round_) -> str:
    return f"/rounds/{round_.id}/training/glossary"


@pytest.fixture
def round_(make):
    return make.round(criteria=1)


@pytest.mark.parametrize("who", ["member", "commissioner"])
def test_the_panel_and_commissioners_see_every_word_with_its_meaning(client, login, make, round_, who):
    login(make.member(round_).user if who == "member" else make.commissioner())
    response = client.get(_url(round_))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Words we use" in page and "Words we use</h1>" in page
    for term in load_pack().glossary:
        assert f'id="{term.slug}"' in page
        row = page[page.index(f'id="{term.slug}"') :]
        row = row[: row.index("</div>")]
        assert term.term.lower() in row.lower()
        assert str(escape(term.meaning)) in row


def test_the_words_are_in_alphabetical_order(client, login, make, round_):
    login(make.member(round_).user)
    page = client.get(_url(round_)).get_data(as_text=True)
    ids = re.findall(r'class="govuk-summary-list__row" id="([a-z0-9-]+)"', page)
    assert ids == [term.slug for term in sorted(load_pack().glossary, key=lambda term: term.term.lower())]


def test_glossary_links_in_a_step_land_on_an_anchor_of_this_page(client, login, make, round_):
    from panel.core.markdown import render

    pack = load_pack()
    login(make.member(round_).user)
    page = client.get(_url(round_)).get_data(as_text=True)
    for step in pack.steps:
        for slug in re.findall(r'href="[^"#]*#([^"]+)"', str(render(step.body, pack.glossary, _url(round_)))):
            assert f'id="{slug}"' in page, (step.slug, slug)


def test_a_member_of_another_round_is_refused(client, login, make, round_):
    other = make.round("Another round", criteria=1)
    login(make.member(other).user)
    response = client.get(_url(round_))
    assert response.status_code == 403
    assert "panel you are not on" in response.get_data(as_text=True)


def test_someone_on_no_panel_is_refused(client, login, make, round_):
    login(make.user())
    assert client.get(_url(round_)).status_code == 403


def test_a_round_that_does_not_exist_is_not_found(client, login, make):
    login(make.commissioner())
    assert client.get("/rounds/999999/training/glossary").status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, round_):
    response = client.get(_url(round_))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
