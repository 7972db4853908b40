"""Setting up a round and changing its details."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from panel import create_app
from panel.extensions import db
from panel.rounds.models import Round
from scoring.rounds import RoundStatus
from tests import factories


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def round_form(**changes) -> dict:
    form = {
        "title": "Young people's wellbeing 2027",
        "purpose": "Choose services that help young people feel better.",
        "budget": "£1,400,000",
        "training_deadline": ["1", "3", "2027"],
        "scoring_deadline": ["14", "3", "2027"],
        "meeting_date": ["20", "3", "2027"],
        "in_scope": "Which bids get money, and how much.",
        "out_of_scope": "The total budget.",
    }
    form.update(changes)
    return form


def all_rounds() -> list[Round]:
    return db.session.scalars(select(Round)).all()


def test_a_commissioner_sets_up_a_draft_round(client, make, login):
    casey = login(make.commissioner())
    response = client.post("/rounds/new", data=round_form())

    [round_] = all_rounds()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}"
    assert round_.title == "Young people's wellbeing 2027"
    assert round_.budget_pence == 140_000_000
    assert (round_.training_deadline, round_.scoring_deadline, round_.meeting_date) == (
        date(2027, 3, 1),
        date(2027, 3, 14),
        date(2027, 3, 20),
    )
    assert round_.in_scope == "Which bids get money, and how much."
    assert round_.out_of_scope == "The total budget."
    assert round_.status is RoundStatus.DRAFT
    assert round_.created_by_id == casey.id
    assert "Round set up: Young people's wellbeing 2027" in text(client.get(response.headers["Location"]))


def test_the_new_round_form_explains_what_is_in_and_out_of_young_peoples_hands(client, make, login):
    login(make.commissioner())
    page = text(client.get("/rounds/new"))
    assert "Set up a new round" in page
    assert "What the panel decides" in page and "What the panel does not decide" in page
    assert "Young people must be told what is in their hands" in page
    assert "what is out of their hands" in page


def test_dates_may_be_left_blank_while_the_round_is_planned(client, make, login):
    login(make.commissioner())
    blank = ["", "", ""]
    client.post(
        "/rounds/new", data=round_form(training_deadline=blank, scoring_deadline=blank, meeting_date=blank)
    )
    [round_] = all_rounds()
    assert (round_.training_deadline, round_.scoring_deadline, round_.meeting_date) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter a title for the round"),
        ({"title": "x" * 161}, "The title must be 160 characters or fewer"),
        ({"budget": ""}, "Enter the budget in pounds, like 1400000"),
        ({"budget": "lots"}, "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ({"budget": "12.345"}, "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ({"training_deadline": ["31", "2", "2027"]}, "Enter a real date, like 14 3 2027"),
        ({"training_deadline": ["", "3", "2027"]}, "Training deadline must include a day"),
        ({"scoring_deadline": ["14", "", ""]}, "Scoring deadline must include a month and year"),
        ({"meeting_date": ["20", "3", "27"]}, "Enter a real date, like 14 3 2027"),
        ({"meeting_date": ["twenty", "3", "2027"]}, "Enter a real date, like 14 3 2027"),
        ({"meeting_date": ["²", "3", "2027"]}, "Enter a real date, like 14 3 2027"),
        ({"meeting_date": ["20", "٣", "2027"]}, "Enter a real date, like 14 3 2027"),
        ({"retention_days": "²"}, "Enter a whole number of days from 1 to 3650, or leave it blank"),
        ({"retention_days": "٣٠"}, "Enter a whole number of days from 1 to 3650, or leave it blank"),
        (
            {"retention_days": "99999999999999999999"},
            "Enter a whole number of days from 1 to 3650, or leave it blank",
        ),
        ({"meeting_date": ["20"]}, "Meeting date must include a month and year"),
        (
            {"scoring_deadline": ["28", "2", "2027"]},
            "The scoring deadline must be on or after the training deadline",
        ),
        ({"meeting_date": ["13", "3", "2027"]}, "The meeting date must be on or after the scoring deadline"),
        ({"in_scope": "  "}, "Say what the panel decides"),
        ({"out_of_scope": ""}, "Say what the panel does not decide"),
    ],
)
def test_each_mistake_is_shown_beside_its_field_and_nothing_is_saved(client, make, login, changes, message):
    login(make.commissioner())
    response = client.post("/rounds/new", data=round_form(**changes))
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) == 2  # in the error summary and beside the field
    assert "<title>Error: " in page
    assert all_rounds() == []


def test_what_was_typed_is_kept_when_the_form_comes_back(client, make, login):
    login(make.commissioner())
    page = text(
        client.post(
            "/rounds/new",
            data=round_form(
                budget="lots", training_deadline=["31", "2", "2027"], purpose="For the youth centre"
            ),
        )
    )
    assert 'value="Young people\'s wellbeing 2027"' in page
    assert 'value="lots"' in page
    assert re.search(r'id="training_deadline-day"[^>]*value="31"', page)
    assert re.search(r'id="training_deadline-month"[^>]*value="2"', page)
    assert "For the youth centre</textarea>" in page
    assert "Which bids get money, and how much.</textarea>" in page


def test_the_error_summary_links_to_the_first_box_of_a_date(client, make, login):
    login(make.commissioner())
    page = text(client.post("/rounds/new", data=round_form(training_deadline=["31", "2", "2027"])))
    assert 'href="#training_deadline-day"' in page
    assert page.count('id="training_deadline-day"') == 1


def test_only_commissioners_set_up_rounds(client, make, login):
    login(make.user())
    response = client.post("/rounds/new", data=round_form())
    assert response.status_code == 403
    assert "Only commissioners can set up and change rounds" in text(response)
    assert all_rounds() == []


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/rounds/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_editing_shows_the_saved_details(client, make, login):
    round_ = make.round(budget_pence=140_000_050, training_deadline=date(2027, 3, 1))
    login(make.commissioner())
    page = text(client.get(f"/rounds/{round_.id}/edit"))
    assert "Change the round's details" in page
    assert 'value="Young people\'s wellbeing 2027"' in page
    assert 'value="1,400,000.50"' in page
    assert re.search(r'id="training_deadline-day"[^>]*value="01"', page)
    assert re.search(r'id="training_deadline-year"[^>]*value="2027"', page)


def test_a_commissioner_changes_a_rounds_details(client, make, login):
    round_ = make.round()
    login(make.commissioner())
    response = client.post(
        f"/rounds/{round_.id}/edit", data=round_form(title="Youth fund", budget="250000.50")
    )
    assert response.status_code == 302
    db.session.refresh(round_)
    assert (round_.title, round_.budget_pence) == ("Youth fund", 25_000_050)
    assert round_.meeting_date == date(2027, 3, 20)


def test_a_bad_edit_changes_nothing(client, make, login):
    round_ = make.round()
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/edit", data=round_form(title="Youth fund", budget="-3"))
    assert response.status_code == 200
    assert "Enter an amount in pounds using numbers only" in text(response)
    db.session.refresh(round_)
    assert round_.title == "Young people's wellbeing 2027"


def test_panel_members_cannot_edit_their_round(client, make, login):
    round_ = make.round()
    login(make.member(round_).user)
    assert client.get(f"/rounds/{round_.id}/edit").status_code == 403
    assert client.post(f"/rounds/{round_.id}/edit", data=round_form(title="Hijacked")).status_code == 403
    db.session.refresh(round_)
    assert round_.title == "Young people's wellbeing 2027"


def test_editing_an_unknown_round_is_not_found(client, make, login):
    login(make.commissioner())
    assert client.get("/rounds/999/edit").status_code == 404


def test_the_rounds_list_links_to_each_round(client, make, login):
    round_ = make.round("Youth fund 2027")
    login(make.commissioner())
    page = text(client.get("/rounds/"))
    assert f'href="/rounds/{round_.id}"' in page
    assert "Youth fund 2027" in page and "£1,400,000" in page


def test_setting_up_a_round_needs_the_forms_csrf_token(app, make):
    guarded = create_app({**app.config, "WTF_CSRF_ENABLED": True}, instance_path=app.instance_path)
    casey = make.commissioner()
    browser = guarded.test_client()
    with browser.session_transaction() as session:
        session.update(factories.signed_in(casey))
    response = browser.post("/rounds/new", data=round_form())
    assert response.status_code == 400
    assert all_rounds() == []
