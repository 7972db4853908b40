"""The consensus meeting as stored: the source of truth every screen is rebuilt from."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model
from scoring.consensus import Recommendation, View
from scoring.meeting import Phase, Status

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.accounts.models import User
    from panel.bids.models import Bid
    from panel.rounds.models import Membership


class Meeting(Model):
    """One round's meeting. `version` goes up by one with every accepted command: it is the sequence number."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("cursor >= 0", name="cursor_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), unique=True)
    status: Mapped[Status] = mapped_column(enum_type(Status, "meeting_status"), default=Status.WAITING)
    version: Mapped[int] = mapped_column(default=1)
    cursor: Mapped[int] = mapped_column(default=0)
    # Membership ids in the order hands went up; whoever has the turn; who takes notes (None: the chair).
    queue: Mapped[list] = mapped_column(JSON, default=list)
    speaking_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    scribe_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    break_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    break_requests: Mapped[list] = mapped_column(JSON, default=list)
    turns_young: Mapped[int] = mapped_column(default=0)
    turns_adult: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    items: Mapped[list["MeetingItem"]] = relationship(
        back_populates="meeting", order_by="MeetingItem.position", cascade="all, delete-orphan"
    )


class MeetingItem(Model):
    """One bid on the agenda: how far the meeting got with it, the notes, and what the room agreed."""

    __tablename__ = "meeting_item"
    __table_args__ = (
        UniqueConstraint("meeting_id", "bid_id"),
        CheckConstraint("amount_pence IS NULL OR amount_pence >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    step: Mapped[Phase] = mapped_column(enum_type(Phase, "meeting_phase"), default=Phase.BID)
    views_revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scores_revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Members who have had a turn on this bid: the chair sees who has not spoken yet.
    spoken: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[Recommendation | None] = mapped_column(enum_type(Recommendation, "recommendation"))
    amount_pence: Mapped[int | None] = mapped_column(BigInteger)
    conditions: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=0)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    bid: Mapped["Bid"] = relationship()
    consensus: Mapped[list["ConsensusScore"]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )
    views: Mapped[list["FirstView"]] = relationship(back_populates="item", cascade="all, delete-orphan")


class ConsensusScore(Model):
    """The score the room agreed for one criterion of one bid; the individual scores stay on the sheets."""

    __tablename__ = "consensus_score"
    __table_args__ = (UniqueConstraint("item_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_item.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"))
    score: Mapped[int]

    item: Mapped[MeetingItem] = relationship(back_populates="consensus")


class FirstView(Model):
    """A member's secret first view of a bid, shown to the room only when the chair reveals them all."""

    __tablename__ = "first_view"
    __table_args__ = (UniqueConstraint("item_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_item.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"))
    view: Mapped[View] = mapped_column(enum_type(View, "first_view_choice"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[MeetingItem] = relationship(back_populates="views")


class MeetingRecord(Model):
    """One accepted command, kept for audit and export. Append-only: never updated, never deleted."""

    __tablename__ = "meeting_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    command: Mapped[str] = mapped_column(String(40))
    bid_id: Mapped[int | None] = mapped_column(ForeignKey("bid.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])
    bid: Mapped["Bid | None"] = relationship()
    member: Mapped["Membership | None"] = relationship()


@event.listens_for(MeetingRecord, "before_update")
@event.listens_for(MeetingRecord, "before_delete")
def _record_is_append_only(mapper, connection, target) -> None:
    raise ValueError("The meeting record is append-only")


class Attendance(Model):
    """A panel member who joined the meeting: when they first and last were there. Kept (unlike presence) for
    their record of contribution."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Presence(Model):
    """An open connection to a meeting, so the chair sees who is here. A server process that starts clears the
    rows it left (its connections ended with it); other processes' rows stay."""

    __tablename__ = "presence"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), unique=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The signed-in browser the connection opened with: ending that sign-in closes this connection.
    sign_in_id: Mapped[int | None] = mapped_column(ForeignKey("sign_in.id", ondelete="SET NULL"), index=True)
    # The server process holding the connection (config INSTANCE): a process that starts clears only its own.
    instance: Mapped[str] = mapped_column(String(100), default="", index=True)
    screen: Mapped[bool] = mapped_column(default=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
