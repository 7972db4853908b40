"""How long members' names are kept after a round closes, and the run (`copanel retention`) that removes them
once every round a person sits on has passed its period. Commissioners are never removed this way.

Worries are safeguarding records: each is kept for its round's period too (whoever sent it, and even after their
name has gone), then deleted with the lead's notes, but never while it is not dealt with: the run keeps it, says
so, and deletes it on the first run after the lead marks it dealt with."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import delete, select

from panel.accounts.models import User
from panel.accounts.sessions import forget_idle
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.privacy.removal.operations import pseudonymise
from panel.rounds.models import Membership, Round
from panel.safeguarding.models import Worry, WorryStatus
from panel.safeguarding.operations import NOTIFICATION as WORRY_NOTIFICATION
from scoring.rounds import RoundStatus

log = logging.getLogger("copanel.retention")

# What My data and the privacy notices promise about worries; run_retention and pseudonymise do it.
WORRIES_KEPT = (
    "Until the date shown for each one. Then we delete it. If you ask us to remove your data, we still keep "
    "what you wrote for the safeguarding lead until then, but not your name or how to reach you. This is so "
    "they can still keep people safe."
)


@dataclass(frozen=True)
class Due:
    """A person whose details are due to go, and the rounds they sat on (ids only: no names in any log)."""

    user_id: int
    round_ids: tuple[int, ...]

    def line(self, dry_run: bool) -> str:
        rounds = ", ".join(str(round_id) for round_id in self.round_ids)
        verb = "Would remove" if dry_run else "Removed"
        return f"{verb} the name and contact details of user {self.user_id} (rounds {rounds})"


def retention_days(round_: Round) -> int:
    """The round's own period, or this Co-Panel's (COPANEL_RETENTION_DAYS)."""
    return round_.retention_days or current_app.config["RETENTION_DAYS"]


def names_kept_until(round_: Round) -> datetime | None:
    """When the round's members' names are due to go; None while the round is still open."""
    if round_.status is not RoundStatus.CLOSED or round_.closed_at is None:
        return None
    return round_.closed_at + timedelta(days=retention_days(round_))


def _passed(round_: Round, now: datetime) -> bool:
    until = names_kept_until(round_)
    return until is not None and until <= now


def due_for_removal(now: datetime) -> list[Due]:
    """Panel members, not yet removed and not commissioners, all of whose rounds are past their period."""
    rows = db.session.execute(
        select(Membership.user_id, Round)
        .join(Round, Membership.round_id == Round.id)
        .join(User, Membership.user_id == User.id)
        .where(User.is_commissioner.is_(False), User.pseudonymised_at.is_(None))
        .order_by(Membership.user_id, Round.id)
    ).all()
    rounds: dict[int, list[Round]] = {}
    for user_id, round_ in rows:
        rounds.setdefault(user_id, []).append(round_)
    return [
        Due(user_id, tuple(round_.id for round_ in seats))
        for user_id, seats in rounds.items()
        if all(_passed(round_, now) for round_ in seats)
    ]


@dataclass(frozen=True)
class DueWorries:
    """Worries of rounds past their period (ids only): the ones dealt with go; the others wait for the lead."""

    dealt_with: tuple[int, ...]
    open: tuple[int, ...]
    rounds_dealt_with: tuple[int, ...]
    rounds_open: tuple[int, ...]

    def lines(self, dry_run: bool) -> list[str]:
        lines = []
        if self.dealt_with:
            verb = "Would delete" if dry_run else "Deleted"
            lines.append(
                f"{verb} {_worries(len(self.dealt_with))} that had been dealt with "
                f"({_rounds(self.rounds_dealt_with)})"
            )
        if self.open:
            lines.append(
                f"Kept {_worries(len(self.open))} not dealt with yet ({_rounds(self.rounds_open)}): "
                "each goes once the safeguarding lead marks it dealt with"
            )
        return lines


def _worries(count: int) -> str:
    return "1 worry" if count == 1 else f"{count} worries"


def _rounds(round_ids: tuple[int, ...]) -> str:
    return ("round " if len(round_ids) == 1 else "rounds ") + ", ".join(str(one) for one in round_ids)


def worries_due(now: datetime) -> DueWorries:
    """Worries whose round has passed its period: dealt with (to delete) and not yet (kept until they are)."""
    rows = db.session.execute(
        select(Worry.id, Worry.status, Round)
        .join(Round, Worry.round_id == Round.id)
        .where(Round.status == RoundStatus.CLOSED)
        .order_by(Worry.id)
    ).all()
    due = [(worry_id, status, round_.id) for worry_id, status, round_ in rows if _passed(round_, now)]
    done = [(worry_id, round_id) for worry_id, status, round_id in due if status is WorryStatus.HANDLED]
    waiting = [
        (worry_id, round_id) for worry_id, status, round_id in due if status is not WorryStatus.HANDLED
    ]
    return DueWorries(
        tuple(worry_id for worry_id, _ in done),
        tuple(worry_id for worry_id, _ in waiting),
        tuple(sorted({round_id for _, round_id in done})),
        tuple(sorted({round_id for _, round_id in waiting})),
    )


def delete_worries(worry_ids: tuple[int, ...]) -> None:
    """Delete these worries, the lead's notes on them, and the readers' messages that point to them."""
    if not worry_ids:
        return
    with current_app.test_request_context():  # the messages' links, as raise_worry made them
        links = [url_for("safeguarding.show", worry_id=worry_id) for worry_id in worry_ids]
    db.session.execute(
        delete(Notification).where(Notification.kind == WORRY_NOTIFICATION, Notification.link.in_(links))
    )
    db.session.execute(delete(Worry).where(Worry.id.in_(worry_ids)))
    db.session.flush()


def run_retention(now: datetime, *, dry_run: bool = False) -> list[str]:
    """Delete the worries due and remove everyone due (or only say what, with dry_run); a line for the worries,
    one per person, then a summary. Flushes."""
    worries = worries_due(now)
    if not dry_run:
        delete_worries(worries.dealt_with)
        forget_idle(now=now)  # sessions nobody has used for the idle time (each also ends when next tried)
    lines = worries.lines(dry_run)
    for line in lines:
        log.info(line)
    due = due_for_removal(now)
    if not due:
        if not worries.dealt_with:
            log.info("Nothing to remove")
            lines.insert(0, "Nothing to remove")
        return lines
    for person in due:
        if not dry_run:
            pseudonymise(db.session.get_one(User, person.user_id), now)
        lines.append(person.line(dry_run))
        log.info(lines[-1])
    rounds = len({round_id for person in due for round_id in person.round_ids})
    people = f"{len(due)} {'person' if len(due) == 1 else 'people'}"
    summary = (
        f"{'Would remove' if dry_run else 'Removed'} the details of {people} "
        f"from {rounds} {'round' if rounds == 1 else 'rounds'}"
        + (" (dry run: nothing was changed)" if dry_run else "")
    )
    log.info(summary)
    return lines + [summary]
