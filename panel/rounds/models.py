"""A commissioning round: its money and scope, its scoring sheet design, its panel and their conflicts."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model
from scoring.criteria import Scale
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus
from scoring.training import DEFAULT_PASS_MARK

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.accounts.models import Invitation, User
    from panel.bids.models import Bid


class Round(Model):
    """One pot of money, the bids for it, and the panel that decides."""

    __tablename__ = "round"
    __table_args__ = (
        CheckConstraint("budget_pence >= 0", name="budget_not_negative"),
        CheckConstraint("training_pass_mark BETWEEN 0 AND 100", name="pass_mark_range"),
        CheckConstraint(
            "retention_days IS NULL OR retention_days BETWEEN 1 AND 3650", name="retention_days_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    purpose: Mapped[str] = mapped_column(Text, default="")
    budget_pence: Mapped[int] = mapped_column(BigInteger)
    in_scope: Mapped[str] = mapped_column(Text, default="")
    out_of_scope: Mapped[str] = mapped_column(Text, default="")
    training_deadline: Mapped[date | None]
    scoring_deadline: Mapped[date | None]
    meeting_date: Mapped[date | None]
    status: Mapped[RoundStatus] = mapped_column(
        enum_type(RoundStatus, "round_status"), default=RoundStatus.DRAFT
    )
    training_pass_mark: Mapped[int] = mapped_column(default=DEFAULT_PASS_MARK)
    # Days members' names are kept after the round closes; None: the deployment's COPANEL_RETENTION_DAYS.
    retention_days: Mapped[int | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The adult who reads this round's worries; with none, the commissioners do.
    safeguarding_lead_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="round", order_by="(Criterion.position, Criterion.id)", cascade="all, delete-orphan"
    )
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    bids: Mapped[list["Bid"]] = relationship(
        back_populates="round", order_by="Bid.reference", cascade="all, delete-orphan"
    )
    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    safeguarding_lead: Mapped["User | None"] = relationship(foreign_keys=[safeguarding_lead_id])


class Criterion(Model):
    """One question on the scoring sheet, with its weight, its scale and a descriptor for every level."""

    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),
        CheckConstraint("scale_min IN (0, 1)", name="scale_min_zero_or_one"),
        CheckConstraint("scale_max > scale_min AND scale_max - scale_min <= 10", name="scale_span"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(120))
    question: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int]
    scale_min: Mapped[int]
    scale_max: Mapped[int]

    round: Mapped[Round] = relationship(back_populates="criteria")
    levels: Mapped[list["CriterionLevel"]] = relationship(
        back_populates="criterion", order_by="CriterionLevel.score", cascade="all, delete-orphan"
    )

    @property
    def scale(self) -> Scale:
        return Scale(self.scale_min, self.scale_max)

    def descriptors(self) -> dict[int, str]:
        return {level.score: level.descriptor for level in self.levels}


class CriterionLevel(Model):
    """What a score means on one criterion, in plain words ('3: a clear plan with some evidence')."""

    __tablename__ = "criterion_level"
    __table_args__ = (UniqueConstraint("criterion_id", "score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    score: Mapped[int]
    descriptor: Mapped[str] = mapped_column(Text)

    criterion: Mapped[Criterion] = relationship(back_populates="levels")


class Membership(Model):
    """A person's seat on one round's panel: chair or panellist, young (with an age band) or adult."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id"),
        CheckConstraint("(kind = 'young') = (age_band IS NOT NULL)", name="age_band_for_young_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole, "member_role"))
    kind: Mapped[MemberKind] = mapped_column(enum_type(MemberKind, "member_kind"))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_type(AgeBand, "age_band"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confidentiality_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    conflicts_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    practice_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set once, when training first unlocks the sheets: later changes to the training never lock them again.
    training_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The chair can give one member more time after the round's scoring deadline.
    scoring_extended_to: Mapped[date | None]
    trained_in_person_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    trained_in_person_note: Mapped[str] = mapped_column(Text, default="")
    trained_in_person_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    round: Mapped[Round] = relationship(back_populates="memberships")
    user: Mapped["User"] = relationship(back_populates="memberships", foreign_keys=[user_id])
    conflicts: Mapped[list["Conflict"]] = relationship(
        back_populates="membership", cascade="all, delete-orphan"
    )


class Conflict(Model):
    """A member's link to a bidder. The member then neither opens, scores nor hears that bid."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("membership_id", "bid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    membership: Mapped[Membership] = relationship(back_populates="conflicts")
    bid: Mapped["Bid"] = relationship()
    recorded_by: Mapped["User | None"] = relationship()
