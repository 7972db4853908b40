"""Read receipts: which panellists have opened their feedback page, and reminders to those who have not.

The panellist's own page (the feedback blueprint) records the opening; this side only reads receipts and adds
reminders, creating a member's receipt row if they have none yet.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from panel.core.mail import EmailOutcome, send_emails
from panel.core.notifications.models import Notification
from panel.decisions.models import FeedbackReceipt
from panel.extensions import db
from panel.rounds.models import Membership, Round
from scoring.people import MemberKind

REMINDER_KIND = "feedback_reminder"
EMAIL_SUBJECT = "What your panel decided"


@dataclass(frozen=True)
class ReceiptRow:
    """One member and whether they have opened their feedback page."""

    membership: Membership
    receipt: FeedbackReceipt | None

    @property
    def opened_at(self) -> datetime | None:
        return self.receipt.opened_at if self.receipt else None

    @property
    def reminders(self) -> int:
        return self.receipt.reminders if self.receipt else 0

    @property
    def reminded_at(self) -> datetime | None:
        return self.receipt.reminded_at if self.receipt else None


def feedback_receipts(round_: Round) -> list[ReceiptRow]:
    """Every member of the round, young people first, by name, with their receipt if they have one."""
    memberships = list(
        db.session.scalars(
            select(Membership).where(Membership.round_id == round_.id).options(joinedload(Membership.user))
        )
    )
    memberships.sort(key=lambda m: (m.kind is not MemberKind.YOUNG, m.user.display_name.casefold(), m.id))
    receipts = {
        receipt.membership_id: receipt
        for receipt in db.session.scalars(
            select(FeedbackReceipt).where(FeedbackReceipt.round_id == round_.id)
        )
    }
    return [ReceiptRow(membership, receipts.get(membership.id)) for membership in memberships]


def reminder_message(membership: Membership) -> str:
    """A short, friendly nudge in plain words."""
    return (
        f"Hi {membership.user.display_name}, the decisions for {membership.round.title} are out. "
        "Open your feedback page to see what was decided and why. Thank you for being on the panel!"
    )


def remind_unopened(actor, round_: Round, link: str, now: datetime) -> list[ReceiptRow]:
    """Notify every member who has not opened their feedback page yet; flushes and returns who was reminded."""
    reminded = []
    for row in feedback_receipts(round_):
        if row.opened_at is not None:
            continue
        receipt = row.receipt
        if receipt is None:
            receipt = FeedbackReceipt(round_id=round_.id, membership_id=row.membership.id, reminders=0)
            db.session.add(receipt)
        receipt.reminded_at = now
        receipt.reminders = (receipt.reminders or 0) + 1
        db.session.add(
            Notification(
                user_id=row.membership.user_id,
                round_id=round_.id,
                kind=REMINDER_KIND,
                message=reminder_message(row.membership),
                link=link,
                created_at=now,
            )
        )
        reminded.append(ReceiptRow(row.membership, receipt))
    db.session.flush()
    return reminded


def email_feedback_reminders(rows: list[ReceiptRow], feedback_url: str) -> EmailOutcome:
    """Email the reminder to members who gave an address."""
    return send_emails(
        [
            (
                row.membership.user.email,
                EMAIL_SUBJECT,
                f"{reminder_message(row.membership)}\n\nOpen your feedback page here:\n{feedback_url}\n",
            )
            for row in rows
            if row.membership.user.email
        ]
    )
