"""How long members' names are kept after a round closes, and the run (`copanel retention`) that removes them
once every round a person sits on has passed its period. Commissioners are never removed this way."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from panel.accounts.models import User
from panel.extensions import db
from panel.privacy.removal.operations import pseudonymise
from panel.rounds.models import Membership, Round
from scoring.rounds import RoundStatus

log = logging.getLogger("copanel.retention")


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


def run_retention(now: datetime, *, dry_run: bool = False) -> list[str]:
    """Remove everyone due (or only say who, with dry_run); one line per person, then a summary. Flushes."""
    due = due_for_removal(now)
    if not due:
        log.info("Nothing to remove")
        return ["Nothing to remove"]
    lines = []
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
