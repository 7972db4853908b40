"""A round's training: its steps and quiz questions, its practice bid, and each member's progress."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, utcnow
from panel.extensions import Model


class TrainingStep(Model):
    """One short page of training (about two minutes to read), copied from the default pack and editable."""

    __tablename__ = "training_step"
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 30", name="minutes_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    slug: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str | None] = mapped_column(String(500))
    minutes: Mapped[int] = mapped_column(default=2)
    required: Mapped[bool] = mapped_column(default=True)

    questions: Mapped[list["QuizQuestion"]] = relationship(
        back_populates="step", order_by="QuizQuestion.position", cascade="all, delete-orphan"
    )


class QuizQuestion(Model):
    """A multiple-choice question about a step, with an explanation shown after answering."""

    __tablename__ = "quiz_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("training_step.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")

    step: Mapped[TrainingStep] = relationship(back_populates="questions")
    options: Mapped[list["QuizOption"]] = relationship(
        back_populates="question", order_by="QuizOption.position", cascade="all, delete-orphan"
    )


class QuizOption(Model):
    """One answer to choose; exactly one per question is right (at most one, enforced by the schema)."""

    __tablename__ = "quiz_option"
    __table_args__ = (
        Index(
            "uq_quiz_option_one_correct",
            "question_id",
            unique=True,
            sqlite_where=text("is_correct"),
            postgresql_where=text("is_correct"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))
    is_correct: Mapped[bool] = mapped_column(default=False)

    question: Mapped[QuizQuestion] = relationship(back_populates="options")


class StepCompletion(Model):
    """A member has read a step."""

    __tablename__ = "step_completion"
    __table_args__ = (UniqueConstraint("membership_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("training_step.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QuizAnswer(Model):
    """A member's latest answer to a question (a retry replaces it) and how many tries it took."""

    __tablename__ = "quiz_answer"
    __table_args__ = (
        UniqueConstraint("membership_id", "question_id"),
        CheckConstraint("attempts >= 1", name="attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("quiz_question.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("quiz_option.id", ondelete="CASCADE"))
    correct: Mapped[bool]
    attempts: Mapped[int] = mapped_column(default=1)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    option: Mapped[QuizOption] = relationship()


class PracticeBid(Model):
    """A made-up bid to practise on, scored on the round's real sheet; one per round."""

    __tablename__ = "practice_bid"
    __table_args__ = (CheckConstraint("amount_pence >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), unique=True)
    organisation: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    amount_pence: Mapped[int] = mapped_column(BigInteger, default=0)

    model_scores: Mapped[list["PracticeModelScore"]] = relationship(
        back_populates="practice_bid", cascade="all, delete-orphan"
    )


class PracticeModelScore(Model):
    """The model answer for one criterion of the practice bid, and why."""

    __tablename__ = "practice_model_score"
    __table_args__ = (UniqueConstraint("practice_bid_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_bid_id: Mapped[int] = mapped_column(
        ForeignKey("practice_bid.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)

    practice_bid: Mapped[PracticeBid] = relationship(back_populates="model_scores")


class PracticeScore(Model):
    """A member's score for one criterion of the practice bid; None means "I can't judge this"."""

    __tablename__ = "practice_score"
    __table_args__ = (UniqueConstraint("membership_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    score: Mapped[int | None]
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
