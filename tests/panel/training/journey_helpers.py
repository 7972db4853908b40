"""A small training course made on the spot, and the page-reading helpers the journey and gate tests share."""

import html
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from panel.core.models import utcnow
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


def markup(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def text(response) -> str:
    """The page's words as a person reads them: no tags, runs of white space as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup(response))).replace(" .", ".").strip()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def step(
    round_: Round,
    title: str,
    *questions,
    slug: str = "",
    body: str = "Some words to read.",
    required: bool = True,
    video_url: str | None = None,
) -> TrainingStep:
    """A step with questions given as (prompt, [options], index of the right one)."""
    made = TrainingStep(
        round_id=round_.id,
        position=len(steps_of(round_)),
        slug=slug,
        title=title,
        body=body,
        minutes=2,
        required=required,
        video_url=video_url,
        questions=[
            QuizQuestion(
                position=n,
                prompt=prompt,
                explanation=f"Because {prompt.lower()}",
                options=[
                    QuizOption(position=i, text=option, is_correct=i == right)
                    for i, option in enumerate(options)
                ],
            )
            for n, (prompt, options, right) in enumerate(questions)
        ],
    )
    db.session.add(made)
    db.session.commit()
    return made


def steps_of(round_: Round) -> list[TrainingStep]:
    return list(db.session.scalars(select(TrainingStep).where(TrainingStep.round_id == round_.id)))


def practice_bid(round_: Round, model: dict | None = None) -> PracticeBid:
    """A practice bid with model answers given as {criterion: (score, reason)}."""
    made = PracticeBid(
        round_id=round_.id,
        organisation="Riverside Youth Trust",
        title="Saturday sports club",
        summary="We will run a free sports club every Saturday.",
        amount_pence=1_500_000,
        model_scores=[
            PracticeModelScore(criterion_id=criterion.id, score=score, reason=reason)
            for criterion, (score, reason) in (model or {}).items()
        ],
    )
    db.session.add(made)
    db.session.commit()
    return made


@dataclass
class Course:
    """A round with three steps (the middle one without questions), two criteria, a practice bid, a member."""

    round: Round
    steps: list[TrainingStep]
    membership: Membership

    @property
    def member(self):
        return self.membership.user

    def url(self, tail: str = "") -> str:
        return f"/rounds/{self.round.id}/training/{tail}"

    def question(self, step_index: int, number: int = 0) -> QuizQuestion:
        return self.steps[step_index].questions[number]

    def option(self, step_index: int, number: int = 0, *, right: bool = True) -> QuizOption:
        return next(o for o in self.question(step_index, number).options if o.is_correct is right)


def course(make, *, pass_mark: int = 80) -> Course:
    round_ = make.round("Youth fund", criteria=2, bids=2, training_pass_mark=pass_mark)
    steps = [
        step(
            round_,
            "What commissioning is",
            ("Who pays?", ["The council", "Nobody"], 0),
            ("Who decides?", ["Only adults", "The panel"], 1),
        ),
        step(round_, "The money, and what you decide", slug="money-and-scope"),
        step(round_, "Being fair", ("Does a slick video make a good service?", ["Yes", "No"], 1)),
    ]
    practice_bid(round_, {round_.criteria[0]: (3, "They show a clear plan with dates.")})
    return Course(round=round_, steps=steps, membership=make.member(round_))


def finish_training(course_: Course) -> None:
    """Everything done the way the pages would do it, straight in the database."""
    now = utcnow()
    membership = course_.membership
    for item in course_.steps:
        db.session.add(StepCompletion(membership_id=membership.id, step_id=item.id, completed_at=now))
        for question in item.questions:
            right = next(o for o in question.options if o.is_correct)
            db.session.add(
                QuizAnswer(
                    membership_id=membership.id,
                    question_id=question.id,
                    option_id=right.id,
                    correct=True,
                    attempts=1,
                    answered_at=now,
                )
            )
    membership.practice_done_at = now
    db.session.commit()
