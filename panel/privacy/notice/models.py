"""The privacy notice as a commissioner changed it: one row for the whole deployment (the check constraint
keeps it to one)."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, utcnow
from panel.extensions import Model

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.accounts.models import User

ONLY_ROW = 1


class PrivacyNotice(Model):
    """The notice as a commissioner last saved it, and who did, when."""

    __tablename__ = "privacy_notice"
    __table_args__ = (CheckConstraint(f"id = {ONLY_ROW}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_text: Mapped[str] = mapped_column(Text)
    young_text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    updated_by: Mapped["User | None"] = relationship()
