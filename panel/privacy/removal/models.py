"""Requests to remove a member's details, and where each one stands."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.accounts.models import User
from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model


class RemovalStatus(StrEnum):
    PENDING = "pending"
    REMOVED = "removed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "pending": "Waiting",
            "removed": "Removed",
            "declined": "Not removed",
            "withdrawn": "Taken back",
        }[self.value]


class RemovalRequest(Model):
    """A member asking for their details to be removed; a commissioner confirms it (or says why not)."""

    __tablename__ = "removal_request"
    __table_args__ = (
        Index(
            "uq_removal_request_one_pending",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[RemovalStatus] = mapped_column(
        enum_type(RemovalStatus, "removal_status"), default=RemovalStatus.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Why a commissioner declined, shown to the member.
    reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
