"""Changing a round's training (steps, quiz, pass mark, practice bid) and seeing who has done it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from panel.core.markdown import clean_source
from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.training.models import (
    PracticeBid,
    PracticeModelScore,
    QuizAnswer,
    QuizOption,
    QuizQuestion,
    StepCompletion,
    TrainingStep,
)
from panel.training.operations import practice_bid_of, steps_of, training_facts
from scoring.criteria import moved
from scoring.training import TrainingFacts, quiz_passed, unlocked


@dataclass(frozen=True)
class StepDetails:
    """What a commissioner types about one training step."""

    title: str
    minutes: int
    required: bool
    video_url: str | None
    body: str


@dataclass(frozen=True)
class QuestionDetails:
    """A question, its answers in order, the index of the right one, and why it is right."""

    prompt: str
    options: tuple[str, ...]
    correct: int
    explanation: str


@dataclass(frozen=True)
class PracticeDetails:
    """The practice bid and its model answer: {criterion id: (score, reason)}."""

    organisation: str
    title: str
    summary: str
    amount_pence: int
    model_answers: dict[int, tuple[int, str]]


def _renumber(items: list) -> None:
    for position, item in enumerate(items):
        item.position = position


def _apply_step(step: TrainingStep, details: StepDetails) -> None:
    step.title = details.title
    step.minutes = details.minutes
    step.required = details.required
    step.video_url = details.video_url
    # Stored without raw HTML, so no writer can leave a script for a member's browser.
    step.body = clean_source(details.body)


def add_step(actor, round_: Round, details: StepDetails) -> TrainingStep:
    """A new step at the end of the round's training."""
    position = max((step.position for step in steps_of(round_)), default=-1) + 1
    step = TrainingStep(round_id=round_.id, position=position)
    _apply_step(step, details)
    db.session.add(step)
    db.session.flush()
    return step


def update_step(actor, step: TrainingStep, details: StepDetails) -> None:
    """Change a step; members who have read it keep it as read."""
    _apply_step(step, details)
    db.session.flush()


def move_step(actor, step: TrainingStep, by: int) -> None:
    """Move a step one place earlier (-1) or later (+1)."""
    steps = {item.id: item for item in steps_of(db.session.get_one(Round, step.round_id))}
    _renumber([steps[ident] for ident in moved(list(steps), step.id, by)])
    db.session.flush()


def _forget_answers(question_ids: list[int]) -> None:
    # The schema cascades these on PostgreSQL; SQLite does not enforce foreign keys, so say it here too.
    if question_ids:
        db.session.execute(delete(QuizAnswer).where(QuizAnswer.question_id.in_(question_ids)))


def delete_step(actor, step: TrainingStep) -> None:
    """Remove a step with its questions and who read it, and close the gap it leaves."""
    round_ = db.session.get_one(Round, step.round_id)
    _forget_answers([question.id for question in step.questions])
    db.session.execute(delete(StepCompletion).where(StepCompletion.step_id == step.id))
    db.session.delete(step)
    db.session.flush()
    _renumber(steps_of(round_))
    db.session.flush()


def set_pass_mark(actor, round_: Round, pass_mark: int) -> None:
    """The share of quiz answers (0-100 %) a member must get right."""
    if not 0 <= pass_mark <= 100:
        raise ValueError("The pass mark is a percentage from 0 to 100")
    round_.training_pass_mark = pass_mark
    db.session.flush()


def _apply_options(question: QuizQuestion, details: QuestionDetails) -> None:
    """Rewrite the answers in place, so the schema's "at most one right answer" holds after every flush."""
    if not 0 <= details.correct < len(details.options):
        raise ValueError("The right answer must be one of the answers")
    for option in question.options:
        option.is_correct = False
    db.session.flush()
    kept, dropped = question.options[: len(details.options)], question.options[len(details.options) :]
    if dropped:
        dropped_ids = [option.id for option in dropped]
        db.session.execute(delete(QuizAnswer).where(QuizAnswer.option_id.in_(dropped_ids)))
    for option in dropped:
        question.options.remove(option)
    for position, text in enumerate(details.options):
        if position < len(kept):
            kept[position].text = text
        else:
            question.options.append(QuizOption(text=text, position=position))
        question.options[position].position = position
    db.session.flush()
    question.options[details.correct].is_correct = True
    db.session.flush()


def add_question(actor, step: TrainingStep, details: QuestionDetails) -> QuizQuestion:
    """A new question at the end of a step's quiz."""
    position = max((question.position for question in step.questions), default=-1) + 1
    question = QuizQuestion(prompt=details.prompt, explanation=details.explanation, position=position)
    step.questions.append(question)
    db.session.flush()
    _apply_options(question, details)
    return question


def update_question(actor, question: QuizQuestion, details: QuestionDetails) -> None:
    """Change a question; answers already given keep the mark they were given."""
    question.prompt = details.prompt
    question.explanation = details.explanation
    _apply_options(question, details)


def delete_question(actor, question: QuizQuestion) -> None:
    """Remove a question and the answers members gave to it."""
    step = question.step
    _forget_answers([question.id])
    step.questions.remove(question)
    db.session.flush()
    _renumber(step.questions)
    db.session.flush()


def save_practice(actor, round_: Round, details: PracticeDetails) -> PracticeBid:
    """Replace the practice bid's text and set the model answer of each criterion given."""
    practice = practice_bid_of(round_) or PracticeBid(round_id=round_.id)
    practice.organisation = details.organisation
    practice.title = details.title
    practice.summary = details.summary
    practice.amount_pence = details.amount_pence
    db.session.add(practice)
    criteria = {criterion.id: criterion for criterion in round_.criteria}
    models = {model.criterion_id: model for model in practice.model_scores}
    for criterion_id, (score, reason) in details.model_answers.items():
        if criterion_id not in criteria or not criteria[criterion_id].scale.contains(score):
            raise ValueError("A model score must be on the scale of one of the round's criteria")
        model = models.get(criterion_id)
        if model is None:
            model = PracticeModelScore(criterion_id=criterion_id, score=score, reason=reason)
            practice.model_scores.append(model)
        else:
            model.score, model.reason = score, reason
    db.session.flush()
    return practice


def record_training_in_person(actor, membership: Membership, note: str, now: datetime) -> None:
    """The member did their training in person (an offline training day): their sheets open."""
    membership.trained_in_person_at = now
    membership.trained_in_person_note = note
    membership.trained_in_person_by_id = actor.id
    db.session.flush()


def undo_training_in_person(actor, membership: Membership) -> None:
    """Take back an in-person training record, for example one made for the wrong person."""
    membership.trained_in_person_at = None
    membership.trained_in_person_note = ""
    membership.trained_in_person_by_id = None
    db.session.flush()


@dataclass(frozen=True)
class ProgressRow:
    """One member's training, as the chair and commissioner see it: which parts are done, never a score.

    Only yes/no facts leave here (the quiz passed or not, the steps and practice done or not): a member's
    quiz percentage is theirs alone, so the row does not offer it to the page.
    """

    membership: Membership
    facts: TrainingFacts

    @property
    def steps_done(self) -> bool:
        return self.facts.steps_done >= self.facts.required_steps

    @property
    def has_quiz(self) -> bool:
        return self.facts.questions > 0

    @property
    def quiz_passed(self) -> bool:
        return quiz_passed(self.facts)

    @property
    def practice_done(self) -> bool:
        return self.facts.practice_done

    @property
    def ready(self) -> bool:
        return unlocked(self.facts)


def training_progress(round_: Round) -> list[ProgressRow]:
    """Every member of the round's panel, by name, with their training facts."""
    members = db.session.scalars(select(Membership).where(Membership.round_id == round_.id)).all()
    members = sorted(members, key=lambda member: member.user.display_name.lower())
    return [ProgressRow(member, training_facts(member)) for member in members]
