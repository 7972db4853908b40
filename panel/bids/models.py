"""Bids for a round's money, and the documents that come with them."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, utcnow
from panel.extensions import Model

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.rounds.models import Round


class Bid(Model):
    """What an organisation asks for and why, under a reference that survives import and export."""

    __tablename__ = "bid"
    __table_args__ = (
        UniqueConstraint("round_id", "reference"),
        CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The bid in a few short sentences for young readers (Flesch-Kincaid grade 6 or below), written by the
    # commissioner; shown first on the bid's page. Empty until written.
    plain_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped["Round"] = relationship(back_populates="bids")
    documents: Mapped[list["Document"]] = relationship(
        back_populates="bid", order_by="Document.uploaded_at", cascade="all, delete-orphan"
    )


class Document(Model):
    """A file attached to a bid; the bytes live under DOCUMENTS_DIR, named by stored_name only."""

    __tablename__ = "document"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bid: Mapped[Bid] = relationship(back_populates="documents")
