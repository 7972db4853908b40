"""Training progress: the commissioner and the chair see who has finished which part, never the answers."""

import re

import pytest
from sqlalchemy import select

from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Membership
from panel.training.models import PracticeBid, PracticeModelScore, PracticeScore, QuizAnswer, StepCompletion
from scoring.people import MemberKind, MemberRole
from tests.panel.training.manage_helpers import add_step, markup, text


def read(membership, *steps) -> None:
    db.session.add_all(StepCompletion(membership_id=membership.id, step_id=step.id) for step in steps)
    db.session.commit()


def answer(membership, question, right: bool) -> None:
    option = next(option for option in question.options if option.is_correct == right)
    db.session.add(
        QuizAnswer(membership_id=membership.id, question_id=question.id, option_id=option.id, correct=right)
    )
    db.session.commit()


def practise(membership, criterion, score: int) -> None:
    db.session.add(PracticeScore(membership_id=membership.id, criterion_id=criterion.id, score=score))
    membership.practice_done_at = utcnow()
    db.session.commit()


@pytest.fixture
def panel(make):
    """A round with two required steps (one with 2 questions), an optional one, a practice bid and a panel."""
    round_ = make.round(criteria=1)
    first = add_step(round_, "What is commissioning?", questions=2)
    second = add_step(round_, "Being fair")
    add_step(round_, "Looking after yourself", required=False)
    criterion = round_.criteria[0]
    db.session.add(
        PracticeBid(
            round_id=round_.id,
            organisation="Sunny Days",
            title="Football",
            summary="Friday football.",
            amount_pence=1_000_000,
            model_scores=[
                PracticeModelScore(criterion_id=criterion.id, score=3, reason="A secret model reason")
            ],
        )
    )
    db.session.commit()
    ash = make.member(round_, make.user(display_name="Ash"))
    bea = make.member(round_, make.user(display_name="Bea"), kind=MemberKind.ADULT)
    cal = make.member(round_, make.user(display_name="Cal"), role=MemberRole.CHAIR, kind=MemberKind.ADULT)
    read(ash, first, second)
    for question in first.questions:
        answer(ash, question, right=True)
    practise(ash, criterion, 4)
    read(bea, first)
    answer(bea, first.questions[0], right=True)
    answer(bea, first.questions[1], right=False)
    return {"round": round_, "ash": ash, "bea": bea, "cal": cal}


def url(round_, tail="") -> str:
    return f"/rounds/{round_.id}/training/progress{tail}"


def rows(response) -> dict[str, str]:
    """Each table row's words, by the member's name."""
    page = markup(response)
    wrap = '<div class="cp-table-wrap" role="region" aria-label="Training progress" tabindex="0">'
    table = page[page.index(wrap) :]
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.DOTALL)[1:]:
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        found[words.split(" ")[0]] = words
    return found


def test_the_commissioner_sees_each_members_training_part_by_part(client, make, login, panel):
    login(make.commissioner())
    response = client.get(url(panel["round"]))
    assert response.status_code == 200
    table = rows(response)
    assert table["Ash"].startswith("Ash Young person Done Passed Done – Ready to score")
    assert table["Bea"].startswith("Bea Adult Not yet Not yet Not yet – Not yet")
    assert table["Cal"].startswith("Cal Adult Not yet Not yet Not yet – Not yet")
    assert "Record in-person training for Bea" in table["Bea"]
    assert "The quiz pass mark is 80%" in text(response)


def test_the_chair_sees_the_table_without_the_commissioners_tools(client, login, panel):
    login(panel["cal"].user)
    response = client.get(url(panel["round"]))
    assert response.status_code == 200
    table = rows(response)
    assert table["Ash"] == "Ash Young person Done Passed Done – Ready to score"
    assert "Record in-person training" not in markup(response) and "Change the training" not in text(response)


@pytest.mark.parametrize("who", ["commissioner", "chair"])
def test_progress_never_shows_what_anyone_answered(client, make, login, panel, who):
    login(make.commissioner() if who == "commissioner" else panel["cal"].user)
    page = text(client.get(url(panel["round"])))
    for secret in ("Right", "Wrong", "Question 1?", "A secret model reason", "Football"):
        assert secret not in page


@pytest.mark.parametrize("who", ["commissioner", "chair"])
def test_progress_never_shows_a_members_quiz_score(client, make, login, panel, who):
    """Bea got 1 of her 2 answers right (50%): the table says only that she has not passed yet."""
    login(make.commissioner() if who == "commissioner" else panel["cal"].user)
    response = client.get(url(panel["round"]))
    page = text(response)
    assert rows(response)["Bea"].startswith("Bea Adult Not yet Not yet")
    for score in ("50", "1 of 2", "2 of 2", "0 of 2", "right,"):
        assert score not in page
    # The only percentage on the page is the round's pass mark.
    assert re.findall(r"\d+\s*%", page) == ["80%"]


def test_a_member_without_questions_to_answer_has_nothing_to_pass(client, make, login):
    round_ = make.round()
    add_step(round_)
    make.member(round_, make.user(display_name="Dee"))
    login(make.commissioner())
    assert rows(client.get(url(round_)))["Dee"].startswith("Dee Young person Not yet No questions Not yet")


def test_an_empty_panel_says_so(client, make, login):
    login(make.commissioner())
    assert "Nobody has joined the panel yet" in text(client.get(url(make.round())))


@pytest.mark.parametrize("who", ["member", "outsider", "chair of another round"])
def test_progress_is_refused_to_everyone_else(client, make, login, panel, who):
    if who == "member":
        login(panel["bea"].user)
    elif who == "outsider":
        login(make.user())
    else:
        login(make.member(make.round("Another round"), role=MemberRole.CHAIR).user)
    response = client.get(url(panel["round"]))
    assert response.status_code == 403
    assert "Ash" not in text(response)


def test_progress_sends_people_who_are_not_signed_in_to_sign_in(client, panel):
    response = client.get(url(panel["round"]))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_commissioner_records_and_takes_back_in_person_training(client, make, login, panel):
    commissioner = login(make.commissioner())
    bea = panel["bea"]
    page = client.get(url(panel["round"], f"/{bea.id}/in-person"))
    assert page.status_code == 200 and "Record in-person training" in text(page)
    note = "Training day at the youth centre, 3 March"
    response = client.post(url(panel["round"], f"/{bea.id}/in-person"), data={"note": note})
    assert response.status_code == 302
    db.session.refresh(bea)
    assert bea.trained_in_person_at is not None
    assert (bea.trained_in_person_note, bea.trained_in_person_by_id) == (note, commissioner.id)
    progress = client.get(response.headers["Location"])
    assert "Recorded: Bea did their training in person." in text(progress)
    row = rows(progress)["Bea"]
    assert f"{note} Ready to score" in row and "Change in-person record" in row
    assert "Take back the in-person record" in text(client.get(url(panel["round"], f"/{bea.id}/in-person")))

    response = client.post(url(panel["round"], f"/{bea.id}/in-person/undo"))
    assert response.status_code == 302
    db.session.refresh(bea)
    assert bea.trained_in_person_at is None and bea.trained_in_person_by_id is None
    assert bea.trained_in_person_note == ""
    assert rows(client.get(url(panel["round"])))["Bea"].endswith("Not yet Record in-person training for Bea")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Say how and when they were trained"),
        ("   ", "Say how and when they were trained"),
        ("x" * 501, "The note must be 500 characters or fewer"),
    ],
)
def test_an_in_person_record_needs_a_short_note(client, make, login, panel, typed, message):
    login(make.commissioner())
    bea = panel["bea"]
    response = client.post(url(panel["round"], f"/{bea.id}/in-person"), data={"note": typed})
    assert response.status_code == 400
    assert re.search(r'id="note-error"', markup(response)) and message in text(response)
    assert 'href="#note"' in markup(response)
    if typed.strip():
        assert typed in markup(response)
    assert db.session.scalar(select(Membership.trained_in_person_at).where(Membership.id == bea.id)) is None


def test_only_commissioners_record_in_person_training(client, login, panel):
    login(panel["cal"].user)
    bea = panel["bea"]
    assert client.get(url(panel["round"], f"/{bea.id}/in-person")).status_code == 403
    form = {"note": "Trust me"}
    assert client.post(url(panel["round"], f"/{bea.id}/in-person"), data=form).status_code == 403
    assert client.post(url(panel["round"], f"/{bea.id}/in-person/undo")).status_code == 403
    assert db.session.scalar(select(Membership.trained_in_person_at).where(Membership.id == bea.id)) is None


def test_a_member_of_another_round_is_not_found(client, make, login, panel):
    login(make.commissioner())
    stranger = make.member(make.round("Another round"))
    base = url(panel["round"], f"/{stranger.id}/in-person")
    assert client.get(base).status_code == 404
    assert client.post(base, data={"note": "Training day"}).status_code == 404
    assert client.post(f"{base}/undo").status_code == 404
    db.session.refresh(stranger)
    assert stranger.trained_in_person_at is None


def test_the_round_hub_links_to_the_training_tools(client, make, login, panel):
    login(make.commissioner())
    page = markup(client.get(f"/rounds/{panel['round'].id}"))
    assert f'href="/rounds/{panel["round"].id}/training/manage"' in page
    assert f'href="/rounds/{panel["round"].id}/training/progress"' in page


def test_the_chair_finds_the_progress_table_from_the_round_page(client, make, login):
    from scoring.people import MemberRole

    round_ = make.round()
    chair = make.member(round_, role=MemberRole.CHAIR)
    panellist = make.member(round_)
    login(chair.user)
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert f"/rounds/{round_.id}/training/progress" in page
    login(panellist.user)
    assert f"/rounds/{round_.id}/training/progress" not in client.get(f"/rounds/{round_.id}").get_data(
        as_text=True
    )
