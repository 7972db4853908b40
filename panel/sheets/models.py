"""Individual scoring sheets: one per member per bid, one score per criterion, and who must score what."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model


class SheetStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Sheet(Model):
    """A member's own scoring of one bid. `version` goes up on every save, so a stale save can be refused."""

    __tablename__ = "sheet"
    __table_args__ = (
        UniqueConstraint("bid_id", "membership_id"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    status: Mapped[SheetStatus] = mapped_column(
        enum_type(SheetStatus, "sheet_status"), default=SheetStatus.IN_PROGRESS
    )
    version: Mapped[int] = mapped_column(default=1)
    strengths: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    scores: Mapped[list["SheetScore"]] = relationship(back_populates="sheet", cascade="all, delete-orphan")


class SheetScore(Model):
    """A score for one criterion, or an abstention ("I can't judge this"), with an optional comment."""

    __tablename__ = "sheet_score"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id"),
        CheckConstraint("NOT (abstained AND score IS NOT NULL)", name="score_or_abstain"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheet.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    score: Mapped[int | None]
    abstained: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[Sheet] = relationship(back_populates="scores")


class Assignment(Model):
    """A bid the commissioner asked this member to score. A round with no assignments: everyone scores every bid."""

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("bid_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
