"""The privacy notice: one for the whole Co-Panel, a plain version for young people and a full one, changed by
commissioners only, shown at joining (plain) and on /privacy (both)."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.privacy.notice.models import PrivacyNotice
from panel.privacy.notice.operations import current_notice, default_notice
from tests.panel.training.journey_helpers import text

YOUNG = "## What we keep\n\nYour name and your scores. [Ask us](mailto:dpo@example.org) anything."
FULL = "### Who looks after your data\n\nNorthtown Council is in charge of your data."


def save(client, **fields):
    return client.post("/privacy/edit", data={"young_text": YOUNG, "full_text": FULL, **fields})


def test_by_default_the_privacy_page_shows_both_versions_of_co_panels_own_notice(client):
    page = text(client.get("/privacy"))
    assert "What Co-Panel knows about you" in page  # the plain version
    assert "The full privacy notice" in page and "Cookies" in page and "Your rights" in page
    assert "Last changed" not in page


def test_a_commissioner_changes_the_notice_for_everyone(client, login, make):
    commissioner = login(make.commissioner())
    form = text(client.get("/privacy/edit"))
    assert "What Co-Panel knows about you" in form and "Nobody here has changed it yet" in form
    response = save(client)
    assert response.status_code == 302 and response.headers["Location"] == "/privacy"
    page = client.get("/privacy").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m">What we keep</h2>' in page
    assert '<a href="mailto:dpo@example.org" class="govuk-link">Ask us</a>' in page
    assert "Northtown Council is in charge of your data." in page
    assert "What Co-Panel knows about you" not in page and "Last changed on" in page
    saved = db.session.scalar(select(PrivacyNotice))
    assert saved.updated_by_id == commissioner.id
    assert f"Last changed by {commissioner.display_name}" in text(client.get("/privacy/edit"))


def test_joining_shows_the_plain_version(client, login, make):
    login(make.commissioner())
    save(client)
    client.get("/logout")
    card = make.invitation(make.round("Youth fund"))
    client.post("/join", data={"code": card.code})
    page = text(client.get("/join/setup"))
    assert "What we keep" in page and "Northtown Council" not in page


def test_scripts_and_raw_html_are_never_kept(client, login, make):
    login(make.commissioner())
    save(
        client,
        young_text="Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    page = client.get("/privacy").get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page
    stored = db.session.scalar(select(PrivacyNotice.young_text))
    assert "<script" not in stored and "javascript:" not in stored and "onerror" not in stored


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"young_text": ""}, "Write the plain version for young people"),
        ({"full_text": "  "}, "Write the full version"),
        ({"full_text": "x" * 20_001}, "Keep it to 20,000 characters or fewer"),
    ],
)
def test_a_notice_that_cannot_be_saved_says_why(client, login, make, fields, message):
    login(make.commissioner())
    response = save(client, **fields)
    assert response.status_code == 400 and message in text(response)
    assert db.session.scalar(select(PrivacyNotice)) is None


def test_the_form_shows_how_easy_the_young_version_is_to_read(client, login, make):
    login(make.commissioner())
    assert "Reading level: grade" in text(client.get("/privacy/edit"))


@pytest.mark.parametrize("who", ["panellist", "outsider"])
def test_only_commissioners_change_the_notice(client, login, make, who):
    person = make.user()
    if who == "panellist":
        make.member(make.round(), person)
    login(person)
    assert client.get("/privacy/edit").status_code == 403
    assert save(client).status_code == 403
    assert db.session.scalar(select(PrivacyNotice)) is None
    assert "Change the privacy notice" not in text(client.get("/privacy"))


def test_the_notice_without_a_saved_row_is_the_default(app_context):
    assert current_notice() == default_notice()
    assert "never ask for your date of birth" in default_notice().young_text
