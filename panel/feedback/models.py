"""What panel members tell us after the decisions (their replies on the process) and news of funded bids."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.bids.models import Bid


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "partly": "A bit", "no": "No"}[self.value]


class ProcessReply(Model):
    """A panellist's say on how the process went. Shown without their name unless they choose to share it."""

    __tablename__ = "process_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), unique=True)
    felt_heard: Mapped[Answer | None] = mapped_column(enum_type(Answer, "felt_heard_answer"))
    training_useful: Mapped[Answer | None] = mapped_column(enum_type(Answer, "training_useful_answer"))
    change: Mapped[str] = mapped_column(Text, default="")
    share_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BidUpdate(Model):
    """A dated update on a funded bid after the decision ("report back"), for every panellist of the round."""

    __tablename__ = "bid_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    bid: Mapped["Bid"] = relationship()
