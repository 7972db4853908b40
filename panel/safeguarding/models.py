"""A worry a panel member raised, kept for the round's safeguarding lead alone."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.accounts.models import User
    from panel.rounds.models import Round

MAX_TEXT = 5000
MAX_CONTACT = 200


class WorryStatus(StrEnum):
    OPEN = "open"
    HANDLED = "handled"


class Worry(Model):
    """What worried a member, on which round; who read it and when; whether it has been dealt with."""

    __tablename__ = "worry"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    # Kept if the member's account is removed: the lead may still need to act on it.
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(MAX_CONTACT), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[WorryStatus] = mapped_column(
        enum_type(WorryStatus, "worry_status"), default=WorryStatus.OPEN
    )
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    handling_note: Mapped[str] = mapped_column(Text, default="")

    round: Mapped["Round"] = relationship()
    raised_by: Mapped["User | None"] = relationship(foreign_keys=[raised_by_id])
    read_by: Mapped["User | None"] = relationship(foreign_keys=[read_by_id])
    handled_by: Mapped["User | None"] = relationship(foreign_keys=[handled_by_id])
