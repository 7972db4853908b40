"""Who viewed or exported other people's personal data, and when: one call, one row, never the data itself.

The model lives here rather than in core/models.py, which holds the declarative base that panel.extensions
imports (a model there would import itself in a circle)."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.models import UTCDateTime, utcnow
from panel.extensions import Model, db

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.accounts.models import User
    from panel.rounds.models import Round

# What each action means, for the log's readers. An action not listed here is shown as it is written.
ACTIONS = {
    "decisions_exported": "Downloaded the decisions workbook (members as P1, P2, ...)",
    "decisions_exported_with_names": "Downloaded the decisions workbook with members' names",
    "sheet_exported": "Downloaded one sheet of the decisions as a CSV (members as P1, P2, ...)",
    "sheet_exported_with_names": "Downloaded one sheet of the decisions as a CSV with members' names",
    "monitoring_viewed": "Looked at the monitoring evidence",
    "decisions_exported_cli": "Exported the decisions from the command line",
    "decisions_exported_cli_with_names": "Exported the decisions with members' names from the command line",
    "cli_export_before_reveal": (
        "Exported the decisions from the command line, with scores the meeting had not shown yet"
    ),
    "cli_export_named_before_reveal": (
        "Exported the decisions with members' names from the command line, with scores the meeting had not "
        "shown yet"
    ),
    "panel_viewed": "Looked at the panel's membership list",
    "conflicts_viewed": "Looked at the conflicts register",
    "training_progress_viewed": "Looked at who has finished their training",
    "scoring_progress_viewed": "Looked at who has scored which bids",
    "receipts_viewed": "Looked at who has read the decisions",
    "replies_viewed": "Read the panel's replies about how it went",
    "worry_read": "Read a worry",
    "worries_listed": "Looked at the list of worries",
    "meeting_record_viewed": "Looked at the meeting record (who did what in the meeting)",
    "decision_viewed": "Looked at the panel's view of one bid and its final decision",
    "letter_viewed": "Looked at the letter to one bidder",
    "letter_downloaded": "Downloaded the letter to one bidder",
    "own_data_viewed": "Looked at their own data (My data)",
    "own_data_downloaded": "Downloaded their own data (My data)",
    "removal_requests_viewed": "Looked at the requests to remove people's data",
    "member_signed_out": "Signed a panel member out on every device",
    "sign_in_code_made": "Printed a one-time sign-in code for a panel member",
}
MAX_ACTION = 40
MAX_SUBJECT = 200


class AccessRecord(Model):
    """One look at, or download of, other people's personal data. Says what was seen, never what it said."""

    __tablename__ = "access_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Kept when the person or the round is removed, so the log still shows that something was seen.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(MAX_ACTION))
    subject: Mapped[str] = mapped_column(String(MAX_SUBJECT), default="")

    actor: Mapped["User | None"] = relationship()
    round: Mapped["Round | None"] = relationship()

    @property
    def who(self) -> str:
        """The person, by name and username; a command-line export has nobody signed in."""
        if self.actor is not None:
            return f"{self.actor.display_name} ({self.actor.username})"
        return "Someone on the server's command line" if "_cli" in self.action else "A removed account"

    @property
    def description(self) -> str:
        """The action in words."""
        return ACTIONS.get(self.action, self.action.replace("_", " ").capitalize())


def record_access(actor, action: str, *, round_=None, subject: str = "") -> AccessRecord:
    """Note that `actor` viewed or exported personal data (`subject` names what, e.g. "worry 12"); the view
    commits. Pass references, never the data itself."""
    if not action or len(action) > MAX_ACTION:
        raise ValueError(f"an audit action is 1 to {MAX_ACTION} characters")
    record = AccessRecord(
        actor_id=getattr(actor, "id", None),
        round_id=round_.id if round_ is not None else None,
        action=action,
        subject=subject[:MAX_SUBJECT],
        at=utcnow(),
    )
    db.session.add(record)
    db.session.flush()
    return record


def access_log(*, round_=None, page: int = 1, per_page: int = 50) -> tuple[list[AccessRecord], int]:
    """One page of the log, newest first (one round's, or the whole deployment's), and how many rows in all."""
    query = select(AccessRecord)
    count = select(func.count(AccessRecord.id))
    if round_ is not None:
        query = query.where(AccessRecord.round_id == round_.id)
        count = count.where(AccessRecord.round_id == round_.id)
    query = query.order_by(AccessRecord.at.desc(), AccessRecord.id.desc())
    rows = db.session.scalars(query.limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return list(rows), db.session.scalar(count) or 0
