"""A new round's practice teaches something: the pack's model answers follow the criteria that keep a default
one's title and scale, the commissioner is told which criteria still have none, and a member's practice
feedback never shows an empty comparison."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Criterion, Round
from panel.training.models import PracticeBid
from panel.training.pack import load_pack
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.panel.training.manage_helpers import text
from tests.reading import grade, page_text

PACK = load_pack().practice
MONEY = next(answer for answer in PACK.model_answers if answer.criterion_title == "Value for money")


def round_form() -> dict:
    return {
        "title": "Youth fund 2027",
        "purpose": "Choose services that help young people feel better.",
        "budget": "£100,000",
        "training_deadline": ["1", "3", "2027"],
        "scoring_deadline": ["14", "3", "2027"],
        "meeting_date": ["20", "3", "2027"],
        "in_scope": "Which bids get money.",
        "out_of_scope": "The total budget.",
    }


def criterion_form(title: str, scale: str = "0-4", **changes) -> dict:
    low, high = (int(end) for end in scale.split("-"))
    form = {
        "title": title,
        "question": f"How well does the bid do this: {title.lower()}?",
        "guidance": "",
        "weight": "20",
        "scale": scale,
        "shown_scale": scale,
        "submit": "Save criterion",
    }
    form.update({f"descriptor_{level}": f"What {level} means" for level in range(low, high + 1)})
    form.update(changes)
    return form


@pytest.fixture
def commissioner(make, login):
    return login(make.commissioner())


@pytest.fixture
def new_round(client, commissioner) -> Round:
    """A round set up through its pages, as a commissioner does: it gets the default pack, and no criteria."""
    assert client.post("/rounds/new", data=round_form()).status_code == 302
    return db.session.scalars(select(Round)).one()


def add(client, round_: Round, title: str, scale: str = "0-4") -> Criterion:
    assert (
        client.post(f"/rounds/{round_.id}/criteria/new", data=criterion_form(title, scale)).status_code == 302
    )
    return db.session.scalars(select(Criterion).where(Criterion.title == title)).one()


def model_answers(round_: Round) -> dict[int, tuple[int, str]]:
    bid = db.session.scalars(select(PracticeBid).where(PracticeBid.round_id == round_.id)).one()
    db.session.refresh(bid)
    return {model.criterion_id: (model.score, model.reason) for model in bid.model_scores}


def test_the_training_area_takes_part_when_a_sheet_changes(app):
    assert hooks.registered()["sheet change"] == ["panel.training.operations"]


def test_a_criterion_that_keeps_a_default_title_and_scale_gets_its_model_answer(client, new_round):
    money = add(client, new_round, "Value for money")
    fun = add(client, new_round, "Fun to go to", "1-5")
    assert model_answers(new_round) == {money.id: (MONEY.score, MONEY.reason)}
    assert fun.id not in model_answers(new_round)


def test_a_default_title_on_another_scale_gets_none_and_loses_a_carried_one(client, new_round):
    money = add(client, new_round, "Value for money")
    assert money.id in model_answers(new_round)
    response = client.post(
        f"/rounds/{new_round.id}/criteria/{money.id}/edit", data=criterion_form("Value for money", "1-5")
    )
    assert response.status_code == 302
    assert model_answers(new_round) == {}, "a reason written for 0 to 4 is no model answer on 1 to 5"
    client.post(f"/rounds/{new_round.id}/criteria/{money.id}/edit", data=criterion_form("Value for money"))
    assert model_answers(new_round) == {money.id: (MONEY.score, MONEY.reason)}


def test_the_commissioners_own_model_answer_is_never_replaced(client, new_round):
    fun = add(client, new_round, "Fun to go to")
    practice = {
        "organisation": PACK.organisation,
        "title": PACK.title,
        "summary": PACK.summary,
        "amount": "48000",
        f"score_{fun.id}": "1",
        f"reason_{fun.id}": "Our own reason.",
    }
    assert client.post(f"/rounds/{new_round.id}/training/manage/practice", data=practice).status_code == 302
    client.post(f"/rounds/{new_round.id}/criteria/{fun.id}/edit", data=criterion_form("Value for money"))
    assert model_answers(new_round) == {fun.id: (1, "Our own reason.")}


def test_a_practice_bid_of_the_commissioners_own_takes_no_pack_answers(client, new_round):
    practice = {"organisation": "Our club", "title": "Our bid", "summary": "What we do.", "amount": "100"}
    assert client.post(f"/rounds/{new_round.id}/training/manage/practice", data=practice).status_code == 302
    add(client, new_round, "Value for money")
    assert model_answers(new_round) == {}


def test_the_round_page_says_which_criteria_lack_a_model_answer_and_links_to_write_them(client, new_round):
    add(client, new_round, "Value for money")
    add(client, new_round, "Fun to go to", "1-5")
    page = client.get(f"/rounds/{new_round.id}")
    words = text(page)
    assert "The practice bid has no model answer for 1 criterion: Fun to go to" in words
    assert "members see only their own score for it" in words
    assert f'href="/rounds/{new_round.id}/training/manage/practice#model-answers"' in page.get_data(
        as_text=True
    )
    assert "Value for money" not in words[words.index("has no model answer") :][:80]


def test_a_round_with_every_model_answer_shows_no_warning(client, new_round):
    add(client, new_round, "Value for money")
    assert "no model answer" not in text(client.get(f"/rounds/{new_round.id}"))
    assert "No model answer yet" not in text(client.get(f"/rounds/{new_round.id}/training/manage/practice"))


def test_the_training_and_practice_bid_pages_say_it_too(client, new_round):
    fun = add(client, new_round, "Fun to go to", "1-5")
    manage = text(client.get(f"/rounds/{new_round.id}/training/manage"))
    assert "The practice bid has no model answer for 1 criterion: Fun to go to" in manage
    edit = client.get(f"/rounds/{new_round.id}/training/manage/practice")
    words = text(edit)
    assert "No model answer yet for: Fun to go to" in words
    assert "Give each one a model answer below." in words
    assert f'href="#score_{fun.id}"' in edit.get_data(as_text=True)
    assert "How to write a model answer" in words and "Value for money" in words


def test_moving_into_training_is_warned_not_refused(client, make, new_round):
    """Members can practise from the day they join, and practice still works without a model answer (they see
    what each score means), so the move is not held back: the stage says so beside the button instead."""
    add(client, new_round, "Fun to go to", "1-5")
    make.bid(new_round)
    make.member(new_round, role=MemberRole.CHAIR, kind=MemberKind.ADULT)
    make.member(new_round)
    page = client.get(f"/rounds/{new_round.id}")
    stage = text(page)[text(page).index("Stage This round is at") :]
    assert "You can move on, but the practice bid has no model answer for some criteria" in stage
    assert 'href="#practice-gaps"' in page.get_data(as_text=True)
    assert 'id="practice-gaps"' in page.get_data(as_text=True)
    assert client.post(f"/rounds/{new_round.id}/status", data={"to": "scoring"}).status_code == 302
    db.session.refresh(new_round)
    assert new_round.status is RoundStatus.SCORING


def test_practice_feedback_without_a_model_answer_shows_the_members_score_and_what_it_means(
    client, make, login, new_round
):
    money = add(client, new_round, "Value for money")
    fun = add(client, new_round, "Fun to go to", "1-5")
    member = make.member(new_round)
    login(member.user)
    url = f"/rounds/{new_round.id}/training/practice"
    response = client.post(url, data={f"criterion-{money.id}-score": "2", f"criterion-{fun.id}-score": "4"})
    assert response.headers["Location"] == f"{url}/feedback"
    page = client.get(f"{url}/feedback")
    words = text(page)
    words = words[words.index("what matters is that you can explain your score") :]
    assert "No model answer" not in words and "nothing to compare" not in words
    fun_part = words[words.index("Fun to go to") :]
    assert "Your score 4" in fun_part
    assert "You gave 4. On this sheet, 4 means: What 4 means" in fun_part
    assert "What each score means" in fun_part
    assert all(f"{level}: What {level} means" in fun_part for level in range(1, 6))
    assert "0: What 0 means" not in fun_part
    # The criterion that kept its default title still compares with the pack's model answer.
    money_part = words[words.index("Value for money") : words.index("Fun to go to")]
    assert f"The model answer gives {MONEY.score}" in money_part
    assert grade(page_text(page.get_data(as_text=True))) <= 6
