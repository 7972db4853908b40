"""Who has scored what (statuses only, never scores), reminders to those with sheets left, and extra time."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.core.mail import EmailOutcome, send_emails
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.rounds.models import Conflict, Membership, Round
from panel.rounds.permissions import can_manage_round, membership_of
from panel.sheets.models import Assignment, Sheet, SheetStatus
from scoring.people import MemberKind, MemberRole


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    CONFLICT = "conflict"
    NOT_ASSIGNED = "not_assigned"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "submitted": "Submitted",
            "conflict": "Conflict",
            "not_assigned": "Not assigned",
        }[self.value]

    @property
    def to_score(self) -> bool:
        return self not in (Progress.CONFLICT, Progress.NOT_ASSIGNED)


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    deadline: date | None
    statuses: list[Progress]

    @property
    def left(self) -> int:
        """Sheets this member must still finish."""
        return sum(1 for status in self.statuses if status in (Progress.NOT_STARTED, Progress.IN_PROGRESS))


@dataclass(frozen=True)
class BidCount:
    bid: Bid
    young: int
    adult: int
    young_expected: int
    adult_expected: int


@dataclass(frozen=True)
class RoundProgress:
    bids: list[Bid]
    rows: list[MemberRow]
    counts: list[BidCount]


def can_see_scoring_progress(user, round_: Round) -> bool:
    """Commissioners and the round's chair see who has submitted what (never the scores)."""
    if can_manage_round(user, round_):
        return True
    membership = membership_of(user, round_)
    return membership is not None and membership.role is MemberRole.CHAIR


def deadline_for(membership: Membership, round_deadline: date | None) -> date | None:
    """The member's own extension if they have one, else the round's scoring deadline."""
    return membership.scoring_extended_to or round_deadline


def _pairs(statement) -> set[tuple[int, int]]:
    return {(membership_id, bid_id) for membership_id, bid_id in db.session.execute(statement)}


def _status(key: tuple[int, int], conflicts, assigned, sheets) -> Progress:
    if key in conflicts:
        return Progress.CONFLICT
    if assigned and key not in assigned:
        return Progress.NOT_ASSIGNED
    status = sheets.get(key)
    if status is None:
        return Progress.NOT_STARTED
    return Progress.SUBMITTED if status is SheetStatus.SUBMITTED else Progress.IN_PROGRESS


def _count(bid: Bid, column: int, rows: list[MemberRow]) -> BidCount:
    tally = {(kind, done): 0 for kind in MemberKind for done in (True, False)}
    for row in rows:
        status = row.statuses[column]
        if status.to_score:
            tally[(row.membership.kind, status is Progress.SUBMITTED)] += 1
    young, adult = tally[(MemberKind.YOUNG, True)], tally[(MemberKind.ADULT, True)]
    return BidCount(
        bid, young, adult, young + tally[(MemberKind.YOUNG, False)], adult + tally[(MemberKind.ADULT, False)]
    )


def scoring_progress(round_: Round) -> RoundProgress:
    """Every member's status on every bid, in a fixed number of queries however big the round."""
    memberships = list(
        db.session.scalars(
            select(Membership).where(Membership.round_id == round_.id).options(joinedload(Membership.user))
        )
    )
    memberships.sort(key=lambda m: (m.kind is not MemberKind.YOUNG, m.user.display_name.casefold(), m.id))
    bids = sorted(db.session.scalars(select(Bid).where(Bid.round_id == round_.id)), key=in_reference_order)
    conflicts = _pairs(
        select(Conflict.membership_id, Conflict.bid_id)
        .join(Membership)
        .where(Membership.round_id == round_.id)
    )
    assigned = _pairs(
        select(Assignment.membership_id, Assignment.bid_id).where(Assignment.round_id == round_.id)
    )
    # Only the status column: the scores and comments never leave the database for this page.
    sheets = {
        (membership_id, bid_id): status
        for membership_id, bid_id, status in db.session.execute(
            select(Sheet.membership_id, Sheet.bid_id, Sheet.status).where(Sheet.round_id == round_.id)
        )
    }
    rows = [
        MemberRow(
            m,
            deadline_for(m, round_.scoring_deadline),
            [_status((m.id, bid.id), conflicts, assigned, sheets) for bid in bids],
        )
        for m in memberships
    ]
    return RoundProgress(bids, rows, [_count(bid, column, rows) for column, bid in enumerate(bids)])


@dataclass(frozen=True)
class Reminder:
    membership: Membership
    left: int
    message: str


def reminder_message(membership: Membership, left: int, deadline: date | None) -> str:
    """A short, friendly nudge in plain words."""
    sheets = "1 scoring sheet" if left == 1 else f"{left} scoring sheets"
    when = f" Please finish them by {deadline.day} {deadline:%B %Y}." if deadline else ""
    return (
        f"Hi {membership.user.display_name}, you have {sheets} left to finish for "
        f"{membership.round.title}.{when} Your list of sheets shows which ones. Thank you!"
    )


def remind_unfinished(actor, round_: Round, link: str, now: datetime) -> list[Reminder]:
    """Notify every member with sheets left to finish; flushes and returns who was reminded."""
    reminders = []
    for row in scoring_progress(round_).rows:
        if row.left == 0:
            continue
        membership = row.membership
        message = reminder_message(membership, row.left, row.deadline)
        db.session.add(
            Notification(
                user_id=membership.user_id,
                round_id=round_.id,
                kind="reminder",
                message=message,
                link=link,
                created_at=now,
            )
        )
        reminders.append(Reminder(membership, row.left, message))
    db.session.flush()
    return reminders


def extend_scoring(actor, membership: Membership, until: date) -> None:
    """Give one member until `until` to finish scoring."""
    membership.scoring_extended_to = until
    db.session.flush()


def email_reminders(reminders: list[Reminder], sheets_url: str) -> EmailOutcome:
    """Email reminders to members who gave an address."""
    return send_emails(
        [
            (
                reminder.membership.user.email,
                "A reminder to finish your scoring sheets",
                f"{reminder.message}\n\nOpen your scoring sheets here:\n{sheets_url}\n",
            )
            for reminder in reminders
            if reminder.membership.user.email
        ]
    )
