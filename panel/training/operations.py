"""Training: the default pack copied into a round; a member reading, answering, practising; counting it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from panel.core.markdown import clean_source
from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Criterion, Membership, Round
from panel.training.models import (
    PracticeBid,
    PracticeModelScore,
    PracticeScore,
    QuizAnswer,
    QuizOption,
    QuizQuestion,
    StepCompletion,
    TrainingStep,
)
from panel.training.pack import PACK_SCALE, PackPractice, fill_scale, load_pack
from scoring.practice import carried_answers, lacking_model_answer
from scoring.scales import scale_words
from scoring.sheets import score_problems
from scoring.training import TrainingFacts, unlocked


class PracticeRefused(ValueError):
    """The practice scores can't be saved; problems says why, by criterion (empty: practice impossible)."""

    def __init__(self, message: str, problems: dict[int, str] | None = None):
        super().__init__(message)
        self.problems = problems or {}


def install_default_pack(round_: Round) -> None:
    """Copy the default pack's steps, quiz and practice bid into a round that has no training yet."""
    if db.session.scalar(select(TrainingStep.id).where(TrainingStep.round_id == round_.id).limit(1)):
        return
    pack = load_pack()
    for position, step in enumerate(pack.steps):
        db.session.add(
            TrainingStep(
                round_id=round_.id,
                position=position,
                slug=step.slug,
                title=step.title,
                body=clean_source(step.body),
                video_url=step.video_url or None,
                minutes=step.minutes,
                required=True,
                questions=[_question(number, question) for number, question in enumerate(step.questions)],
            )
        )
    if practice_bid_of(round_) is None:
        db.session.add(_practice_bid(round_, pack.practice))
    db.session.flush()


def _question(position: int, question) -> QuizQuestion:
    return QuizQuestion(
        position=position,
        prompt=question.prompt,
        explanation=question.explanation,
        options=[
            QuizOption(position=index, text=text, is_correct=index == question.correct)
            for index, text in enumerate(question.options)
        ],
    )


def _practice_bid(round_: Round, practice: PackPractice) -> PracticeBid:
    """The pack's practice bid, with the pack's model answers for the round's criteria that can take them."""
    bid = PracticeBid(
        round_id=round_.id,
        organisation=practice.organisation,
        title=practice.title,
        summary=practice.summary,
        amount_pence=practice.amount_pence,
    )
    _carry_into(bid, criteria_of(round_), practice)
    return bid


def _carry_into(bid: PracticeBid, criteria: list[Criterion], practice: PackPractice) -> None:
    """Give each criterion that keeps a default one's title and scale the pack's model answer for it.

    A model answer the commissioner wrote stays as it is. One carried from the pack that no longer fits its
    criterion (renamed, or moved to another scale) goes, so no member compares a 1 to 5 score with a reason
    written for 0 to 4; the round's page then asks for a model answer of the commissioner's own.
    """
    defaults = [answer.default() for answer in practice.model_answers]
    carried = carried_answers(criteria, defaults, PACK_SCALE)
    from_the_pack = {(answer.score, answer.reason) for answer in defaults}
    models = {model.criterion_id: model for model in bid.model_scores}
    for criterion in criteria:
        model, answer = models.get(criterion.id), carried.get(criterion.id)
        if model is not None and (model.score, model.reason) not in from_the_pack:
            continue  # the commissioner's own
        if answer is None:
            if model is not None:
                bid.model_scores.remove(model)
        elif model is None:
            bid.model_scores.append(
                PracticeModelScore(criterion_id=criterion.id, score=answer.score, reason=answer.reason)
            )
        else:
            model.score, model.reason = answer.score, answer.reason


def _is_the_packs(bid: PracticeBid, practice: PackPractice) -> bool:
    """The practice bid is still the pack's own (its answers fit no other bid)."""
    return (bid.organisation, bid.title) == (practice.organisation, practice.title)


def carry_model_answers(round_: Round) -> None:
    """After the scoring sheet changes: carry the pack's model answers to the criteria that now fit them."""
    bid, practice = practice_bid_of(round_), load_pack().practice
    if bid is not None and _is_the_packs(bid, practice):
        _carry_into(bid, criteria_of(round_), practice)
        db.session.flush()


def criteria_lacking_model_answer(round_: Round) -> list[Criterion]:
    """The criteria of the round's sheet whose practice feedback has no model answer to compare with.

    That is every criterion while the round has no practice bid, and any whose model score is off its scale.
    """
    criteria = criteria_of(round_)
    bid = practice_bid_of(round_)
    scores = {model.criterion_id: model.score for model in bid.model_scores} if bid else {}
    lacking = set(lacking_model_answer(criteria, scores))
    return [criterion for criterion in criteria if criterion.id in lacking]


def step_text(round_: Round, body: str) -> str:
    """A step's Markdown as this round's members read it: where it names the scale, the round's own."""
    return fill_scale(body, scale_words(criteria_of(round_)))


def steps_of(round_: Round) -> list[TrainingStep]:
    """The round's training steps in order."""
    return list(
        db.session.scalars(
            select(TrainingStep)
            .where(TrainingStep.round_id == round_.id)
            .order_by(TrainingStep.position, TrainingStep.id)
        )
    )


def criteria_of(round_: Round) -> list[Criterion]:
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == round_.id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def practice_bid_of(round_: Round) -> PracticeBid | None:
    return db.session.scalar(select(PracticeBid).where(PracticeBid.round_id == round_.id))


def practice_possible(round_: Round) -> bool:
    """Practice needs a practice bid and a scoring sheet with at least one criterion."""
    has_criteria = db.session.scalar(select(Criterion.id).where(Criterion.round_id == round_.id).limit(1))
    return has_criteria is not None and practice_bid_of(round_) is not None


def _count(statement) -> int:
    return db.session.scalar(statement) or 0


def training_facts(membership: Membership) -> TrainingFacts:
    """What the gate needs, counted from the database; only required steps and their questions count."""
    required = select(TrainingStep.id).where(
        TrainingStep.round_id == membership.round_id, TrainingStep.required.is_(True)
    )
    questions = select(QuizQuestion.id).where(QuizQuestion.step_id.in_(required))
    return TrainingFacts(
        required_steps=_count(select(func.count()).select_from(required.subquery())),
        steps_done=_count(
            select(func.count(StepCompletion.id)).where(
                StepCompletion.membership_id == membership.id, StepCompletion.step_id.in_(required)
            )
        ),
        questions=_count(select(func.count()).select_from(questions.subquery())),
        questions_right=_count(
            select(func.count(QuizAnswer.id)).where(
                QuizAnswer.membership_id == membership.id,
                QuizAnswer.correct.is_(True),
                QuizAnswer.question_id.in_(questions),
            )
        ),
        practice_done=membership.practice_done_at is not None and practice_possible(membership.round),
        pass_mark=membership.round.training_pass_mark,
        done_in_person=membership.trained_in_person_at is not None,
        completed_before=membership.training_completed_at is not None,
    )


def training_done(membership: Membership) -> bool:
    """Whether the member's sheets are open: the pure rule, without counting for those done for good.

    Done in person or finished once is final (scoring.training.remaining says so too), and this check sits on the
    autosave path, so it skips the four counts that training_facts would make.
    """
    if membership.training_completed_at is not None or membership.trained_in_person_at is not None:
        return True
    return unlocked(training_facts(membership))


def _note_completion(membership: Membership, now: datetime) -> None:
    """Stamp the moment training first unlocks the sheets; from then on it stays unlocked."""
    db.session.flush()
    if membership.training_completed_at is None and unlocked(training_facts(membership)):
        membership.training_completed_at = now
        db.session.flush()


def complete_step(membership: Membership, step: TrainingStep, now: datetime) -> None:
    """Record that the member has read a step of their own round (once)."""
    if step.round_id != membership.round_id:
        raise ValueError("This step belongs to another round")
    done = db.session.scalar(
        select(StepCompletion).where(
            StepCompletion.membership_id == membership.id, StepCompletion.step_id == step.id
        )
    )
    if done is None:
        db.session.add(StepCompletion(membership_id=membership.id, step_id=step.id, completed_at=now))
    _note_completion(membership, now)


def answer_question(
    membership: Membership, question: QuizQuestion, option: QuizOption, now: datetime
) -> QuizAnswer:
    """Save the member's answer to a question of their round; a retry replaces it and counts one more try."""
    if question.step.round_id != membership.round_id:
        raise ValueError("This question belongs to another round")
    if option.question_id != question.id:
        raise ValueError("This answer belongs to another question")
    answer = db.session.scalar(
        select(QuizAnswer).where(
            QuizAnswer.membership_id == membership.id, QuizAnswer.question_id == question.id
        )
    )
    if answer is None:
        answer = QuizAnswer(membership_id=membership.id, question_id=question.id, attempts=0)
        db.session.add(answer)
    answer.option_id = option.id
    answer.correct = option.is_correct
    answer.attempts += 1
    answer.answered_at = now
    _note_completion(membership, now)
    return answer


def score_practice(membership: Membership, scores: dict[int, int | None], now: datetime) -> None:
    """Save the member's practice scores (every criterion, on its scale) and mark the practice as done."""
    round_ = membership.round
    criteria = criteria_of(round_)
    if not criteria or practice_bid_of(round_) is None:
        raise PracticeRefused("This round's scoring sheet or practice bid is not ready yet")
    problems = score_problems({criterion.id: criterion.scale for criterion in criteria}, scores)
    if problems:
        raise PracticeRefused("Some criteria need a score", problems)
    saved = {
        score.criterion_id: score
        for score in db.session.scalars(
            select(PracticeScore).where(PracticeScore.membership_id == membership.id)
        )
    }
    for criterion in criteria:
        row = saved.get(criterion.id)
        if row is None:
            row = PracticeScore(membership_id=membership.id, criterion_id=criterion.id)
            db.session.add(row)
        row.score = scores[criterion.id]
        row.scored_at = now
    membership.practice_done_at = now
    _note_completion(membership, now)


@dataclass(frozen=True)
class StepProgress:
    """One step of a member's training and how far they are with it and its questions."""

    step: TrainingStep
    read: bool
    questions: int
    answered: int
    right: int

    @property
    def quiz_done(self) -> bool:
        return self.answered == self.questions


def step_progress(membership: Membership) -> list[StepProgress]:
    """Every step of the member's round, in order, with what they have read and answered."""
    steps = steps_of(membership.round)
    read = set(
        db.session.scalars(
            select(StepCompletion.step_id).where(StepCompletion.membership_id == membership.id)
        )
    )
    answers = {
        answer.question_id: answer.correct
        for answer in db.session.scalars(select(QuizAnswer).where(QuizAnswer.membership_id == membership.id))
    }
    progress = []
    for step in steps:
        ids = [question.id for question in step.questions]
        progress.append(
            StepProgress(
                step=step,
                read=step.id in read,
                questions=len(ids),
                answered=sum(1 for qid in ids if qid in answers),
                right=sum(1 for qid in ids if answers.get(qid)),
            )
        )
    return progress


def answers_of(membership: Membership, step: TrainingStep) -> dict[int, QuizAnswer]:
    """The member's saved answers to a step's questions, by question id."""
    ids = [question.id for question in step.questions]
    return {
        answer.question_id: answer
        for answer in db.session.scalars(
            select(QuizAnswer).where(
                QuizAnswer.membership_id == membership.id, QuizAnswer.question_id.in_(ids)
            )
        )
    }


def practice_scores_of(membership: Membership) -> dict[int, int | None]:
    """The member's practice scores by criterion id (None: "I can't judge this")."""
    return {
        score.criterion_id: score.score
        for score in db.session.scalars(
            select(PracticeScore).where(PracticeScore.membership_id == membership.id)
        )
    }


@hooks.on_create
def _give_the_new_round_its_pack(round_: Round) -> None:
    install_default_pack(round_)


@hooks.on_sheet_change
def _carry_the_packs_model_answers(round_: Round) -> None:
    carry_model_answers(round_)
