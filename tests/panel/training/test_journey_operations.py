"""The journey's operations: reading a step, answering, practising, and counting it all for the gate."""

from datetime import timedelta

import pytest

from panel.core.models import utcnow
from panel.extensions import db
from panel.training.models import PracticeScore, QuizAnswer, StepCompletion
from panel.training.operations import (
    PracticeRefused,
    answer_question,
    complete_step,
    score_practice,
    training_facts,
)
from panel.training.permissions import can_score, can_train
from scoring.training import TrainingFacts
from tests.panel.training.journey_helpers import count, course, finish_training, practice_bid, step

NOW = utcnow()


def test_reading_a_step_is_recorded_once(make):
    c = course(make)
    complete_step(c.membership, c.steps[0], NOW)
    complete_step(c.membership, c.steps[0], NOW + timedelta(minutes=1))
    db.session.commit()
    assert count(StepCompletion) == 1


def test_a_step_of_another_round_cannot_be_marked_read(make):
    c = course(make)
    elsewhere = step(make.round("Other"), "Elsewhere")
    with pytest.raises(ValueError):
        complete_step(c.membership, elsewhere, NOW)
    assert count(StepCompletion) == 0


def test_a_retry_replaces_the_answer_and_counts_the_attempt(make):
    c = course(make)
    question = c.question(0)
    first = answer_question(c.membership, question, c.option(0, right=False), NOW)
    assert (first.correct, first.attempts) == (False, 1)
    again = answer_question(c.membership, question, c.option(0), NOW + timedelta(minutes=1))
    db.session.commit()
    assert again.id == first.id
    assert (again.correct, again.attempts, again.option_id) == (True, 2, c.option(0).id)
    assert count(QuizAnswer) == 1


def test_an_option_of_another_question_is_refused(make):
    c = course(make)
    with pytest.raises(ValueError):
        answer_question(c.membership, c.question(0, 0), c.option(0, 1), NOW)
    assert count(QuizAnswer) == 0


def test_a_question_of_another_round_is_refused(make):
    c = course(make)
    other = step(make.round("Other"), "Elsewhere", ("Why?", ["Because", "No"], 0))
    with pytest.raises(ValueError):
        answer_question(c.membership, other.questions[0], other.questions[0].options[0], NOW)
    assert count(QuizAnswer) == 0


def test_practice_scores_every_criterion_and_marks_practice_done(make):
    c = course(make)
    first, second = c.round.criteria
    score_practice(c.membership, {first.id: 3, second.id: None}, NOW)
    db.session.commit()
    saved = {row.criterion_id: row.score for row in db.session.query(PracticeScore)}
    assert saved == {first.id: 3, second.id: None}
    assert c.membership.practice_done_at == NOW
    score_practice(c.membership, {first.id: 1, second.id: 2}, NOW)
    db.session.commit()
    assert count(PracticeScore) == 2


@pytest.mark.parametrize("scores", [{0: 3}, {0: 3, 1: 9}, {0: -1, 1: 0}])
def test_practice_with_a_missing_or_impossible_score_saves_nothing(make, scores):
    c = course(make)
    ids = [criterion.id for criterion in c.round.criteria]
    with pytest.raises(PracticeRefused) as refused:
        score_practice(c.membership, {ids[key]: value for key, value in scores.items()}, NOW)
    assert refused.value.problems
    assert count(PracticeScore) == 0 and c.membership.practice_done_at is None


def test_practice_is_impossible_without_a_scoring_sheet(make):
    round_ = make.round()
    practice_bid(round_)
    with pytest.raises(PracticeRefused):
        score_practice(make.member(round_), {}, NOW)


def test_facts_count_required_steps_and_their_questions_only(make):
    c = course(make, pass_mark=70)
    step(c.round, "Extra reading", ("Optional?", ["Yes", "No"], 0), required=False)
    complete_step(c.membership, c.steps[0], NOW)
    answer_question(c.membership, c.question(0, 0), c.option(0, 0), NOW)
    answer_question(c.membership, c.question(0, 1), c.option(0, 1, right=False), NOW)
    db.session.commit()
    assert training_facts(c.membership) == TrainingFacts(
        required_steps=3,
        steps_done=1,
        questions=3,
        questions_right=1,
        practice_done=False,
        pass_mark=70,
        done_in_person=False,
    )


def test_practice_counts_as_not_done_once_the_sheet_has_no_criteria(make):
    c = course(make)
    finish_training(c)
    assert training_facts(c.membership).practice_done is True
    for criterion in list(c.round.criteria):
        db.session.delete(criterion)
    db.session.commit()
    assert training_facts(c.membership).practice_done is False


def test_who_may_train_and_who_may_score(make):
    c = course(make)
    outsider = make.user()
    assert can_train(c.member, c.round) and not can_score(c.member, c.round)
    assert not can_train(outsider, c.round) and not can_score(outsider, c.round)
    assert not can_train(make.commissioner(), c.round)
    finish_training(c)
    assert can_score(c.member, c.round)
    assert not can_score(c.member, make.round("Other"))


def test_training_done_in_person_opens_the_sheets(make):
    c = course(make)
    c.membership.trained_in_person_at = NOW
    db.session.commit()
    assert can_score(c.member, c.round)
