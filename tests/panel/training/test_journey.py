"""A member's training through the pages: start here, steps, questions, practice and its feedback."""

import re

from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Membership
from panel.training.models import PracticeScore, QuizAnswer, StepCompletion
from tests.panel.training.journey_helpers import course, markup, practice_bid, step, text


def _answers(membership_id: int) -> dict[int, tuple[bool, int]]:
    rows = db.session.scalars(select(QuizAnswer).where(QuizAnswer.membership_id == membership_id))
    return {row.question_id: (row.correct, row.attempts) for row in rows}


def _progress(page: str) -> int:
    return int(re.search(r'<progress[^>]*value="(\d+)"', page).group(1))


def test_the_whole_journey_opens_the_scoring_sheets(client, make, login):
    c = course(make)
    first, second = c.round.criteria
    login(c.member)
    start = client.get(c.url())
    assert "Start here: your training" in text(start) and "0% done" in text(start)
    assert f'href="{c.url(f"steps/{c.steps[0].id}")}"' in markup(start)  # continue where you left off

    assert "Step 1 of 3" in text(client.get(c.url(f"steps/{c.steps[0].id}")))
    response = client.post(c.url(f"steps/{c.steps[0].id}"))
    assert response.headers["Location"] == c.url(f"steps/{c.steps[0].id}/quiz")

    quiz = c.url(f"steps/{c.steps[0].id}/quiz")
    wrong = {
        f"question_{c.question(0, 0).id}": c.option(0, 0, right=False).id,
        f"question_{c.question(0, 1).id}": c.option(0, 1).id,
    }
    assert client.post(quiz, data=wrong).status_code == 302
    page = text(client.get(quiz))
    assert "Not quite" in page and "Right" in page and "Because who pays?" in page and "Try again" in page
    client.post(quiz, data={f"question_{c.question(0, 0).id}": c.option(0, 0).id})
    assert _answers(c.membership.id) == {c.question(0, 0).id: (True, 2), c.question(0, 1).id: (True, 1)}
    assert "Next" in text(client.get(quiz))

    # A step without questions goes straight on to the next step.
    response = client.post(c.url(f"steps/{c.steps[1].id}"))
    assert response.headers["Location"] == c.url(f"steps/{c.steps[2].id}")
    client.post(c.url(f"steps/{c.steps[2].id}"))
    client.post(c.url(f"steps/{c.steps[2].id}/quiz"), data={f"question_{c.question(2).id}": c.option(2).id})
    assert "Cannot start yet" not in text(client.get(c.url()))
    assert client.get(f"/rounds/{c.round.id}/sheets/").status_code == 403

    response = client.post(
        c.url("practice"),
        data={f"criterion-{first.id}-score": "2", f"criterion-{second.id}-score": "cant-judge"},
    )
    assert response.headers["Location"] == c.url("practice/feedback")
    feedback = text(client.get(c.url("practice/feedback")))
    assert "You gave 2. The model answer gives 3. You gave 1 point less than the model answer." in feedback
    assert "They show a clear plan with dates." in feedback
    # The second criterion has no model answer: the member's own choice and what each score means, not a blank.
    assert 'You chose "I can\'t judge this". That is fine when the bid does not say enough.' in feedback
    assert "What each score means" in feedback and "0: Level 0 meaning" in feedback
    assert "No model answer" not in feedback and "nothing to compare" not in feedback
    assert "Your scoring sheets are open" in feedback
    assert "100% done" in text(client.get(c.url()))
    assert client.get(f"/rounds/{c.round.id}/sheets/").status_code == 200


def test_progress_counts_each_step_the_quiz_and_the_practice(client, make, login):
    c = course(make)
    login(c.member)
    assert _progress(markup(client.get(c.url()))) == 0
    client.post(c.url(f"steps/{c.steps[0].id}"))
    assert _progress(markup(client.get(c.url()))) == 20  # 1 of 3 steps + quiz + practice
    for item in c.steps[1:]:
        client.post(c.url(f"steps/{item.id}"))
    page = markup(client.get(c.url()))
    assert _progress(page) == 60
    assert "60% done" in text(client.get(c.url()))


def test_continue_goes_to_the_first_unfinished_thing(client, make, login):
    c = course(make)
    login(c.member)
    client.post(c.url(f"steps/{c.steps[0].id}"))
    page = markup(client.get(c.url()))
    assert re.search(r'href="([^"]+)"[^>]*>\s*Continue where you left off', page).group(1) == c.url(
        f"steps/{c.steps[0].id}/quiz"
    )


def test_the_start_page_lists_steps_quizzes_and_practice_with_their_status(client, make, login):
    c = course(make)
    login(c.member)
    client.post(c.url(f"steps/{c.steps[0].id}"))
    page = text(client.get(c.url()))
    assert "1. What commissioning is" in page and "Questions about What commissioning is" in page
    assert "Questions about The money" not in page  # that step has no questions
    assert page.count("Completed") == 1 and page.count("Not yet started") == 5
    assert "Score a practice bid" in page
    assert "Which bids get money, and how much." in page  # what this panel decides, from the round


def test_a_step_shows_its_text_safely_with_glossary_links_and_a_video_link(client, make, login):
    c = course(make)
    risky = step(
        c.round,
        "Extra",
        body="The **budget** matters.\n\n<script>alert(1)</script>",
        video_url="https://video.example/watch",
    )
    login(c.member)
    page = markup(client.get(c.url(f"steps/{risky.id}")))
    assert "<strong>" in page and "<script>alert" not in page
    assert f'href="{c.url("glossary")}#budget"' in page
    assert 'href="https://video.example/watch"' in page and "<iframe" not in page
    assert "Step 4 of 4" in text(client.get(c.url(f"steps/{risky.id}")))


def test_a_video_address_that_is_not_a_web_address_is_not_shown(client, make, login):
    c = course(make)
    odd = step(c.round, "Extra", video_url="javascript:alert(1)")
    login(c.member)
    assert "javascript:" not in markup(client.get(c.url(f"steps/{odd.id}")))


def test_the_scope_step_shows_what_this_round_decides(client, make, login):
    c = course(make)
    login(c.member)
    page = text(client.get(c.url(f"steps/{c.steps[1].id}")))
    assert "Which bids get money, and how much." in page
    assert "The total budget, and the council's own services." in page
    assert "Which bids get money" not in text(client.get(c.url(f"steps/{c.steps[0].id}")))


def test_an_unanswered_question_gets_an_error_beside_it_and_nothing_is_saved(client, make, login):
    c = course(make)
    login(c.member)
    quiz = c.url(f"steps/{c.steps[0].id}/quiz")
    response = client.post(quiz, data={f"question_{c.question(0, 1).id}": c.option(0, 1).id})
    assert response.status_code == 200
    assert "There is a problem" in text(response) and "Choose an answer" in text(response)
    assert f'href="#question_{c.question(0, 0).id}"' in markup(response)
    assert _answers(c.membership.id) == {}


def test_a_tampered_answer_is_refused_and_nothing_is_saved(client, make, login):
    c = course(make)
    other = step(make.round("Other"), "Elsewhere", ("Why?", ["Because", "No"], 0))
    login(c.member)
    quiz = c.url(f"steps/{c.steps[0].id}/quiz")
    good = {f"question_{c.question(0, 1).id}": c.option(0, 1).id}
    for bad in [c.option(0, 1).id, other.questions[0].options[0].id, "abc", "999999", "-1", "9" * 30]:
        response = client.post(quiz, data={**good, f"question_{c.question(0, 0).id}": bad})
        assert response.status_code == 400, bad
        assert "nothing was saved" in text(response)
    assert _answers(c.membership.id) == {}


def test_a_step_of_another_round_is_not_found(client, make, login):
    c = course(make)
    other = step(make.round("Other"), "Elsewhere", ("Why?", ["Because", "No"], 0))
    login(c.member)
    for path in [f"steps/{other.id}", f"steps/{other.id}/quiz", "steps/999999", "steps/999999/quiz"]:
        assert client.get(c.url(path)).status_code == 404, path
        assert client.post(c.url(path)).status_code == 404, path
    assert db.session.scalar(select(StepCompletion.id)) is None


def test_a_step_with_no_questions_has_nothing_to_answer(client, make, login):
    c = course(make)
    login(c.member)
    response = client.get(c.url(f"steps/{c.steps[1].id}/quiz"))
    assert response.status_code == 200 and "There are no questions for this step" in text(response)


def test_practice_keeps_what_was_chosen_and_marks_what_is_missing(client, make, login):
    c = course(make)
    first, second = c.round.criteria
    login(c.member)
    response = client.post(
        c.url("practice"),
        data={f"criterion-{first.id}-score": "3", f"criterion-{first.id}-comment": "Clear plan"},
    )
    assert response.status_code == 200
    page = markup(response)
    assert "There is a problem" in page and f'href="#criterion-{second.id}-score"' in page
    assert re.search(r'value="3"\s+checked|checked[^>]*value="3"', page)
    assert "Clear plan" in page
    assert db.session.scalar(select(PracticeScore.id)) is None
    assert db.session.get(Membership, c.membership.id).practice_done_at is None


def test_a_practice_score_off_the_scale_is_refused(client, make, login):
    c = course(make)
    first, second = c.round.criteria
    login(c.member)
    response = client.post(
        c.url("practice"),
        data={f"criterion-{first.id}-score": "9", f"criterion-{second.id}-score": "nonsense"},
    )
    assert response.status_code == 200
    assert text(response).count("Choose a score from 0 to 4") >= 2
    assert db.session.scalar(select(PracticeScore.id)) is None


def test_practice_waits_for_the_scoring_sheet(client, make, login):
    round_ = make.round()
    practice_bid(round_)
    membership = make.member(round_)
    login(membership.user)
    page = text(client.get(f"/rounds/{round_.id}/training/practice"))
    assert "You can't practise scoring yet" in page
    assert "Cannot start yet" in text(client.get(f"/rounds/{round_.id}/training/"))
    assert client.post(f"/rounds/{round_.id}/training/practice", data={}).status_code == 200
    assert db.session.get(Membership, membership.id).practice_done_at is None


def test_feedback_before_practice_says_what_to_do(client, make, login):
    c = course(make)
    login(c.member)
    page = text(client.get(c.url("practice/feedback")))
    assert "You haven't scored the practice bid yet" in page


def test_a_commissioner_who_is_not_on_the_panel_goes_to_the_round(client, make, login):
    c = course(make)
    login(make.commissioner())
    first = c.steps[0].id
    for path in ["", f"steps/{first}", f"steps/{first}/quiz", "practice", "practice/feedback"]:
        response = client.get(c.url(path))
        assert response.status_code == 302 and response.headers["Location"] == f"/rounds/{c.round.id}", path
