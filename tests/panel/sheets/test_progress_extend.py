"""Giving one member more time to score: a date on or after the round's deadline, chosen by the chair."""

from datetime import date

import pytest

from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from tests.panel.training.journey_helpers import text


@pytest.fixture
def panel(make):
    round_ = make.round(bids=1, scoring_deadline=date(2027, 3, 14))
    return {
        "round": round_,
        "member": make.member(round_, make.user(display_name="Mo"), trained=True),
        "chair": make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True),
    }


def _url(panel, membership=None):
    membership = membership or panel["member"]
    return f"/rounds/{panel['round'].id}/sheets/progress/{membership.id}/extend"


def _date(day, month, year):
    return {"until": [str(day), str(month), str(year)]}


@pytest.mark.parametrize("who", ["chair", "commissioner"])
def test_the_chair_or_commissioner_gives_a_member_more_time(client, make, login, panel, who):
    login(panel["chair"].user if who == "chair" else make.commissioner())
    assert client.get(_url(panel)).status_code == 200
    response = client.post(_url(panel), data=_date(21, 3, 2027))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Mo now has until 21 March 2027 to finish scoring" in page
    db.session.refresh(panel["member"])
    assert panel["member"].scoring_extended_to == date(2027, 3, 21)


def test_the_form_shows_the_current_extension(client, login, panel):
    panel["member"].scoring_extended_to = date(2027, 4, 2)
    db.session.commit()
    login(panel["chair"].user)
    page = client.get(_url(panel)).get_data(as_text=True)
    for box, value in (("day", "2"), ("month", "4"), ("year", "2027")):
        assert f'id="until-{box}" name="until" type="text" value="{value}"' in page
    assert "Mo already has until 2 April 2027" in text(client.get(_url(panel)))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "Enter the new deadline, like 14 3 2027"),
        (
            ("13", "3", "2027"),
            "The new deadline must be on or after the round's scoring deadline, 14 March 2027",
        ),
        (("31", "2", "2027"), "Enter a real date, like 14 3 2027"),
        (("21", "", "2027"), "must include a month"),
        (("x", "y", "z"), "Enter a real date"),
    ],
)
def test_bad_dates_are_explained_and_change_nothing(client, login, panel, typed, message):
    login(panel["chair"].user)
    response = client.post(_url(panel), data={"until": list(typed)})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert page.count(message) == 2, "beside the field and in the error summary"
    db.session.refresh(panel["member"])
    assert panel["member"].scoring_extended_to is None


def test_the_round_deadline_itself_is_accepted(client, login, panel):
    login(panel["chair"].user)
    assert client.post(_url(panel), data=_date(14, 3, 2027)).status_code == 302


def test_a_round_without_a_deadline_has_nothing_to_extend(client, make, login):
    round_ = make.round()
    member = make.member(round_)
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/sheets/progress/{member.id}/extend", data=_date(21, 3, 2027))
    assert response.status_code == 400
    assert "no scoring deadline yet" in text(response)


def test_a_membership_of_another_round_is_not_found(client, make, login, panel):
    stranger = make.member(make.round("Another round", scoring_deadline=date(2027, 3, 14)))
    login(panel["chair"].user)
    assert client.get(_url(panel, stranger)).status_code == 404
    assert client.post(_url(panel, stranger), data=_date(21, 3, 2027)).status_code == 404
    db.session.refresh(stranger)
    assert stranger.scoring_extended_to is None


def test_a_member_cannot_extend_their_own_deadline(client, login, panel):
    login(panel["member"].user)
    assert client.post(_url(panel), data=_date(21, 3, 2027)).status_code == 403
    db.session.refresh(panel["member"])
    assert panel["member"].scoring_extended_to is None
