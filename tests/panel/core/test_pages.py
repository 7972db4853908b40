"""The pages anyone can open, and the friendly error pages."""

import pytest

from panel import create_app


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
