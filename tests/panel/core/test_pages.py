"""The pages anyone can open, and the friendly error pages."""

import html
import re

import pytest

from panel import create_app
from panel.extensions import db
from scoring.rounds import RoundStatus


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/", "Co-Panel"),
        ("/privacy", "Your privacy"),
        ("/accessibility", "Accessibility"),
        ("/login", "Sign in"),
    ],
)
def test_public_pages_open_without_signing_in(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert heading in response.get_data(as_text=True)


def test_privacy_notice_says_what_is_kept_in_plain_words(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "never ask for your date of birth" in page
    assert "without your name" in page


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_home_lists_the_panels_a_member_sits_on(client, make, login):
    round_ = make.round("Youth fund 2027")
    make.round("Somebody else's round")
    person = login(make.member(round_).user)
    page = client.get("/").get_data(as_text=True)
    assert f"Hello, {person.display_name}" in page
    assert "Youth fund 2027" in page
    assert "Somebody else&#39;s round" not in page and "Somebody else's round" not in page


def words_of(markup: str) -> str:
    """Words as a person reads them: no tags, runs of white space as one space."""
    text = re.sub(r"<[^>]+>", " ", html.unescape(markup))
    return re.sub(r"\s+", " ", text).replace(" .", ".").replace(" :", ":")


def words(response) -> str:
    return words_of(response.get_data(as_text=True))


JOIN_PROMPT = "Got an invitation card? Use its code to join."


def round_cards(response) -> dict[str, str]:
    """Each round's card on the home page: its title -> the words in it."""
    parts = response.get_data(as_text=True).split('<div class="govuk-summary-card">')[1:]
    found = {}
    for part in parts:
        title = re.search(r'<h3 class="govuk-summary-card__title">\s*(.*?)\s*</h3>', part, re.DOTALL)
        found[html.unescape(title.group(1))] = words_of(part)
    return found


def test_a_commissioners_home_shows_their_rounds_and_what_each_needs_next(client, make, login):
    draft = make.round("Youth fund 2027", criteria=1)
    scoring = make.round("Summer grants", status=RoundStatus.SCORING)
    make.round("Old grants", status=RoundStatus.CLOSED)
    login(make.commissioner())
    response = client.get("/")
    page = words(response)
    assert "Your rounds" in page and "Your panels" not in page.split("Sign out")[-1]
    assert "Youth fund 2027" in page and "Summer grants" in page and "Old grants" not in page
    assert page.index("Summer grants") < page.index("Youth fund 2027")  # newest first
    cards = round_cards(response)
    assert "Stage Draft" in cards["Youth fund 2027"]
    assert "Before it can move on to training and scoring: Add at least one bid" in cards["Youth fund 2027"]
    assert "The panel needs a chair who has joined" in cards["Youth fund 2027"]
    assert "Stage Training and scoring" in cards["Summer grants"]
    assert "No scoring sheet has been submitted yet" in cards["Summer grants"]
    markup = html.unescape(response.get_data(as_text=True))
    assert f'href="/rounds/{draft.id}"' in markup and f'href="/rounds/{scoring.id}"' in markup
    assert 'href="/rounds/new"' in markup and 'href="/rounds/"' in markup
    assert JOIN_PROMPT not in page and 'href="/join"' not in markup


def test_a_commissioner_with_no_rounds_is_shown_how_to_set_one_up(client, make, login):
    login(make.commissioner())
    page = words(client.get("/"))
    assert "No rounds on the go." in page and "Set up a new round" in page
    assert JOIN_PROMPT not in page


def test_a_round_ready_for_its_next_stage_says_so(client, make, login):
    make.round("Published grants", status=RoundStatus.PUBLISHED)
    login(make.commissioner())
    assert "What needs doing Ready to move on to closed." in words(client.get("/"))


def test_a_members_home_shows_their_panels_and_no_rounds_or_join_prompt(client, make, login):
    round_ = make.round("Youth fund 2027", status=RoundStatus.SCORING)
    login(make.member(round_).user)
    page = words(client.get("/"))
    assert "Your panels" in page and "Youth fund 2027" in page and "you are a panel member" in page
    assert "Your rounds" not in page and "What needs doing" not in page
    assert JOIN_PROMPT not in page


def test_someone_on_no_panel_is_shown_how_to_join(client, make, login):
    login(make.user("sky", "Sky"))
    response = client.get("/")
    page = words(response)
    assert "You are not on a panel yet. " + JOIN_PROMPT in page
    assert 'href="/join"' in response.get_data(as_text=True)
    assert "Your rounds" not in page


def test_a_safeguarding_lead_on_no_panel_is_shown_the_worries(client, make, login):
    lead = make.user("lee", "Lee Lead")
    lead.is_safeguarding_lead = True
    db.session.commit()
    login(lead)
    response = client.get("/")
    assert "You read the worries that panel members raise." in words(response)
    assert 'href="/safeguarding"' in response.get_data(as_text=True)
    assert JOIN_PROMPT not in words(response)


def test_unexpected_errors_show_a_friendly_500_without_details(app):
    fresh = create_app({**app.config, "PROPAGATE_EXCEPTIONS": False}, instance_path=app.instance_path)

    @fresh.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = fresh.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "something went wrong on our side" in page
    assert "secret internals" not in page


@pytest.mark.parametrize("path", ["/rounds/99999999999999999999", "/rounds/2147483648/bids/", "/rounds/0"])
def test_ids_beyond_what_a_database_holds_are_not_found(client, make, login, path):
    login(make.commissioner())
    assert client.get(path).status_code == 404


def test_two_saves_of_the_same_thing_at_once_get_a_friendly_409(app):
    """A unique row written twice (a double click racing itself) is a clear message, never a 500."""
    from sqlalchemy.exc import IntegrityError

    fresh = create_app({**app.config, "PROPAGATE_EXCEPTIONS": False}, instance_path=app.instance_path)

    @fresh.post("/clash")
    def clash():
        raise IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed"))

    response = fresh.test_client().post("/clash")
    assert response.status_code == 409
    assert "saved a moment ago" in response.get_data(as_text=True)


def _pages_with_reading_help() -> list:
    from pathlib import Path

    templates = Path(__file__).resolve().parents[3] / "templates"
    return sorted(
        path
        for path in templates.rglob("*.html")
        if "reading_help = true" in path.read_text(encoding="utf-8")
        and path.parent.name not in ("meetings", "_macros")
    )


@pytest.mark.parametrize(
    "path", _pages_with_reading_help(), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_reading_help_comes_after_the_pages_heading(path):
    """On a phone the heading comes first, then the text size and read-aloud buttons. (The meeting page puts
    them under its live heading: tests/browser/test_meeting_room.py.)"""
    source = path.read_text(encoding="utf-8")
    heading = min(index for index in (source.find("<h1"), source.find("govukPanel({")) if index >= 0)
    help_at = source.find('{% include "_macros/reading_help.html" %}')
    assert help_at > heading, f"{path.name}: the reading help is not placed after the heading"


def test_the_menu_folds_behind_a_button_on_a_phone(client, make, login):
    login(make.member(make.round("Youth fund 2027")).user)
    page = client.get("/").get_data(as_text=True)
    assert 'class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"' in page
    assert (
        'aria-controls="navigation"' in page
        and '<ul class="govuk-service-navigation__list" id="navigation"' in page
    )
