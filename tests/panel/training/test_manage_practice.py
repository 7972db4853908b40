"""A commissioner replaces the practice bid and sets its model answer for each criterion of the sheet."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from panel.extensions import db
from panel.training.models import PracticeBid, PracticeModelScore
from tests.panel.training.manage_helpers import error_beside, markup, text


@pytest.fixture
def commissioner(make, login):
    return login(make.commissioner())


@pytest.fixture
def round_(make):
    round_ = make.round()
    make.criterion(round_, "Meets young people's needs")
    make.criterion(round_, "Value for money", scale=(1, 5))
    return round_


def ids(round_) -> tuple[int, int]:
    needs, money = round_.criteria
    return needs.id, money.id


def practice_form(round_, **changes) -> dict:
    needs, money = ids(round_)
    form = {
        "organisation": "Sunny Days Youth Club",
        "title": "Friday night football",
        "summary": "We will run football every Friday for 12 to 16 year olds.",
        "amount": "12,500",
        f"score_{needs}": "3",
        f"reason_{needs}": "They asked young people what they wanted.",
        f"score_{money}": "2",
        f"reason_{money}": "The coaches cost a lot for few sessions.",
    }
    form.update(changes)
    return form


def url(round_) -> str:
    return f"/rounds/{round_.id}/training/manage/practice"


def model_answers(practice: PracticeBid) -> dict[int, tuple[int, str]]:
    return {
        row.criterion_id: (row.score, row.reason)
        for row in db.session.scalars(
            select(PracticeModelScore).where(PracticeModelScore.practice_bid_id == practice.id)
        )
    }


def test_a_commissioner_writes_a_practice_bid_with_its_model_answer(client, commissioner, round_):
    page = text(client.get(url(round_)))
    assert "No model answer yet for: Meets young people's needs Value for money" in page
    response = client.post(url(round_), data=practice_form(round_))
    assert response.status_code == 302
    practice = db.session.scalar(select(PracticeBid).where(PracticeBid.round_id == round_.id))
    assert (practice.organisation, practice.title, practice.amount_pence) == (
        "Sunny Days Youth Club",
        "Friday night football",
        1_250_000,
    )
    needs, money = ids(round_)
    assert model_answers(practice) == {
        needs: (3, "They asked young people what they wanted."),
        money: (2, "The coaches cost a lot for few sessions."),
    }
    page = client.get(response.headers["Location"])
    assert "The practice bid is saved." in text(page)
    assert "No model answer yet" not in text(page)
    assert re.search(r'<input[^>]*name="amount"[^>]*value="12,500"', markup(page))
    assert re.search(rf'name="score_{money}" type="radio" value="2"[^>]*checked', markup(page))


def test_the_model_answer_offers_each_criterions_own_scale_and_descriptors(client, commissioner, round_):
    page = text(client.get(url(round_)))
    money_starts = page.index("Model score: Value for money")
    needs = page[page.index("Model score: Meets young people's needs") : money_starts]
    assert "0: Level 0 meaning" in needs and "4: Level 4 meaning" in needs and "5:" not in needs
    money = page[money_starts:]
    assert "1: Level 1 meaning" in money and "5: Level 5 meaning" in money and "0: Level" not in money


def test_replacing_the_practice_bid_changes_the_saved_one(client, commissioner, round_):
    client.post(url(round_), data=practice_form(round_))
    needs, _ = ids(round_)
    client.post(url(round_), data=practice_form(round_, title="Saturday art club", **{f"score_{needs}": "1"}))
    practices = db.session.scalars(select(PracticeBid)).all()
    assert [practice.title for practice in practices] == ["Saturday art club"]
    assert model_answers(practices[0])[needs] == (1, "They asked young people what they wanted.")


def test_criteria_can_be_left_without_a_model_answer_and_are_listed(client, commissioner, round_):
    _, money = ids(round_)
    form = practice_form(round_)
    del form[f"score_{money}"]
    form[f"reason_{money}"] = ""
    response = client.post(url(round_), data=form)
    assert response.status_code == 302
    page = text(client.get(url(round_)))
    assert "No model answer yet for: Value for money" in page


@pytest.mark.parametrize(
    "which, score, message",
    [
        ("money", "0", "Choose a score from 1 to 5 for Value for money"),
        ("money", "6", "Choose a score from 1 to 5 for Value for money"),
        ("needs", "5", "Choose a score from 0 to 4 for Meets young people's needs"),
        ("needs", "-1", "Choose a score from 0 to 4 for Meets young people's needs"),
        ("needs", "three", "Choose a score from 0 to 4 for Meets young people's needs"),
    ],
)
def test_a_model_score_outside_the_criterions_scale_is_refused(
    client, commissioner, round_, which, score, message
):
    needs, money = ids(round_)
    criterion_id = {"needs": needs, "money": money}[which]
    response = client.post(url(round_), data=practice_form(round_, **{f"score_{criterion_id}": score}))
    assert response.status_code == 400
    assert error_beside(markup(response), f"score_{criterion_id}", str(escape(message)))
    assert db.session.scalar(select(PracticeBid.id)) is None


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("organisation", "", "Enter the name of the organisation"),
        ("title", " ", "Enter the title of the bid"),
        ("summary", "", "Enter what the bid says"),
        ("amount", "", "Enter the amount asked for, in pounds, like 25000"),
        ("amount", "lots", None),
        ("amount", "-5", None),
    ],
)
def test_bad_practice_bid_input_is_shown_beside_the_field_and_kept(
    client, commissioner, round_, field, typed, message
):
    form = practice_form(round_, **{field: typed})
    response = client.post(url(round_), data=form)
    page = markup(response)
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error"', page)
    if message:
        assert message in text(response)
    for name in ("organisation", "title", "summary", "amount"):
        if name != field:
            assert str(escape(form[name])) in page, name
    assert str(escape(form[next(key for key in form if key.startswith("reason_"))])) in page
    assert db.session.scalar(select(PracticeBid.id)) is None


def test_a_model_score_needs_a_reason_and_a_reason_needs_a_score(client, commissioner, round_):
    needs, money = ids(round_)
    form = practice_form(round_, **{f"reason_{needs}": ""})
    del form[f"score_{money}"]
    response = client.post(url(round_), data=form)
    assert response.status_code == 400
    page = text(response)
    assert "Say why the model score for Meets young people's needs is 3" in page
    assert "Choose the model score for Value for money" in page
    assert "The coaches cost a lot for few sessions." in page


def test_a_round_without_criteria_is_told_to_design_its_sheet_first(client, make, commissioner):
    round_ = make.round()
    page = text(client.get(url(round_)))
    assert "The scoring sheet has no criteria yet" in page and "Model answer" not in page


def test_only_commissioners_can_change_the_practice_bid(client, make, login, round_):
    login(make.member(round_).user)
    assert client.get(url(round_)).status_code == 403
    assert client.post(url(round_), data=practice_form(round_)).status_code == 403
    assert db.session.scalar(select(PracticeBid.id)) is None


def test_a_criterion_of_another_round_is_ignored(client, make, commissioner, round_):
    stranger = make.criterion(make.round("Another round"), "Somewhere else")
    form = practice_form(round_, **{f"score_{stranger.id}": "2", f"reason_{stranger.id}": "Sneaky"})
    assert client.post(url(round_), data=form).status_code == 302
    assert stranger.id not in model_answers(db.session.scalar(select(PracticeBid)))
