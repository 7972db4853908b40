"""Every new round gets its own copy of the default training pack, once."""

from sqlalchemy import select

from panel.extensions import db
from panel.training.models import PracticeBid, PracticeModelScore, QuizOption, QuizQuestion, TrainingStep
from panel.training.operations import install_default_pack
from panel.training.pack import load_pack
from tests.panel.training.journey_helpers import count, step


def _steps(round_) -> list[TrainingStep]:
    return list(
        db.session.scalars(
            select(TrainingStep).where(TrainingStep.round_id == round_.id).order_by(TrainingStep.position)
        )
    )


def test_a_round_set_up_by_a_commissioner_gets_the_default_pack(client, make, login):
    login(make.commissioner())
    response = client.post(
        "/rounds/new",
        data={
            "title": "Youth fund",
            "purpose": "Help.",
            "budget": "£10,000",
            "training_deadline": ["", "", ""],
            "scoring_deadline": ["", "", ""],
            "meeting_date": ["", "", ""],
            "in_scope": "Which bids.",
            "out_of_scope": "The budget.",
        },
    )
    assert response.status_code == 302
    round_id = int(response.headers["Location"].rsplit("/", 1)[1])
    pack = load_pack()
    steps = db.session.scalars(
        select(TrainingStep).where(TrainingStep.round_id == round_id).order_by(TrainingStep.position)
    ).all()
    assert [item.title for item in steps] == [item.title for item in pack.steps]
    assert [len(item.questions) for item in steps] == [len(item.questions) for item in pack.steps]
    practice = db.session.scalar(select(PracticeBid).where(PracticeBid.round_id == round_id))
    assert practice.title == pack.practice.title
    assert practice.amount_pence == pack.practice.amount_pence


def test_the_copy_keeps_each_questions_right_answer(make):
    round_ = make.round()
    install_default_pack(round_)
    db.session.commit()
    pack_step, step_ = load_pack().steps[0], _steps(round_)[0]
    for pack_question, question in zip(pack_step.questions, step_.questions, strict=True):
        assert [option.text for option in question.options] == list(pack_question.options)
        assert [option.is_correct for option in question.options].index(True) == pack_question.correct
        assert question.explanation == pack_question.explanation


def test_installing_twice_changes_nothing(make):
    round_ = make.round()
    install_default_pack(round_)
    db.session.commit()
    before = (count(TrainingStep), count(QuizQuestion), count(QuizOption), count(PracticeBid))
    install_default_pack(round_)
    db.session.commit()
    assert (count(TrainingStep), count(QuizQuestion), count(QuizOption), count(PracticeBid)) == before


def test_a_round_that_already_has_steps_is_left_alone(make):
    round_ = make.round()
    step(round_, "Our own step")
    install_default_pack(round_)
    db.session.commit()
    assert [item.title for item in _steps(round_)] == ["Our own step"]


def test_model_answers_are_matched_to_criteria_by_title(make):
    answers = load_pack().practice.model_answers
    round_ = make.round()
    matching = make.criterion(round_, title=answers[0].criterion_title.upper())
    make.criterion(round_, title="Something the pack does not know")
    install_default_pack(round_)
    db.session.commit()
    [model] = db.session.scalars(select(PracticeModelScore)).all()
    assert (model.criterion_id, model.score) == (matching.id, answers[0].score)
    assert model.reason == answers[0].reason


def test_a_model_score_outside_the_criterions_scale_is_left_out(make):
    answers = load_pack().practice.model_answers
    answer = max(answers, key=lambda item: item.score)
    assert answer.score >= 2, "this test needs a model score above 1 in the pack"
    round_ = make.round()
    make.criterion(round_, title=answer.criterion_title, scale=(0, answer.score - 1))
    install_default_pack(round_)
    db.session.commit()
    assert count(PracticeModelScore) == 0
