"""The pages a young person reads outside training are plain too: Flesch-Kincaid grade 6 or below.

The round here has a plain title and scope, so what is measured is our own wording, not the commissioner's.
"""

import pytest
from textstat.backend.counts import _count_syllables

from tests.reading import grade, page_text, use_offline_dictionary

MAX_GRADE = 6.0


@pytest.fixture(scope="module", autouse=True)
def _dictionary():
    original = _count_syllables.get_cmudict
    use_offline_dictionary()
    yield
    _count_syllables.get_cmudict = original


@pytest.fixture
def young_member(make, login):
    round_ = make.round(
        "Youth fund",
        purpose="Help young people feel good.",
        in_scope="Who gets money.",
        out_of_scope="The total.",
        criteria=1,
        bids=2,
    )
    return round_, login(make.member(round_).user)


@pytest.mark.parametrize("path", ["/", "/join", "/privacy", "/accessibility", "/login"])
def test_public_pages_read_at_grade_six_or_below(client, path):
    text = page_text(client.get(path).get_data(as_text=True))
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/rounds/{id}",
        "/rounds/{id}/conflicts",
        "/rounds/{id}/training/",
        "/rounds/{id}/sheets/",
        "/rounds/{id}/bids/",
    ],
)
def test_a_young_members_pages_read_at_grade_six_or_below(client, young_member, path):
    round_, _ = young_member
    response = client.get(path.format(id=round_.id))
    text = page_text(response.get_data(as_text=True))
    assert grade(text) <= MAX_GRADE, text


def test_the_join_form_reads_at_grade_six_or_below(client, make):
    card = make.invitation(make.round("Youth fund"))
    client.post("/join", data={"code": card.code})
    text = page_text(client.get("/join/setup").get_data(as_text=True))
    assert "Hello Sky" in text
    assert grade(text) <= MAX_GRADE, text


def test_the_next_step_after_saving_conflicts_reads_at_grade_six_or_below(client, young_member):
    round_, _ = young_member
    answers = {f"link_{bid.id}": "no" for bid in round_.bids}
    response = client.post(f"/rounds/{round_.id}/conflicts", data=answers, follow_redirects=True)
    text = page_text(response.get_data(as_text=True))
    assert "What to do next" in text
    assert grade(text) <= MAX_GRADE, text


def test_the_home_page_of_someone_on_no_panel_reads_at_grade_six_or_below(client, make, login):
    login(make.user("sky", "Sky"))
    text = page_text(client.get("/").get_data(as_text=True))
    assert "Join a panel" in text
    assert grade(text) <= MAX_GRADE, text
