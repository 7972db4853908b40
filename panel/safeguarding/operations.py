"""Raising a worry, telling whoever reads it (never what it says), reading it, dealing with it; and the role."""

from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import func, or_, select, update

from panel.accounts.models import User
from panel.core.audit import record_access
from panel.core.mail import EmailOutcome, send_emails
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.safeguarding.models import Worry, WorryStatus
from panel.safeguarding.permissions import is_young_member, lead_of

# A sensible cap so nobody floods the lead's inbox; over it the text stays in the form (see routes).
LIMITS = ((timedelta(minutes=10), 5), (timedelta(days=1), 20))
NOTIFICATION = "worry"
EMAIL_SUBJECT = "A panel member raised a worry"
# Shown to the member: when their worry will be read. Change it here if your team promises otherwise.
READ_WITHIN = "within 2 working days (not at weekends or on bank holidays)"


class RoleRefused(Exception):
    """The safeguarding role cannot go to this person; the message says why."""


def readers_of(round_: Round) -> list[User]:
    """Who reads this round's worries: its lead, or, with none, every commissioner."""
    lead = lead_of(round_)
    if lead is not None:
        return [lead]
    return list(db.session.scalars(select(User).where(User.is_commissioner).order_by(User.id)))


def rounds_of(user) -> list[Round]:
    """The rounds a member can raise a worry on, newest first."""
    return list(
        db.session.scalars(
            select(Round)
            .join(Membership)
            .where(Membership.user_id == user.id)
            .order_by(Round.created_at.desc())
        )
    )


def too_many_recently(user, now: datetime) -> bool:
    """True when the member has sent as many worries as LIMITS allow for now."""
    for window, most in LIMITS:
        sent = db.session.scalar(
            select(func.count(Worry.id)).where(Worry.raised_by_id == user.id, Worry.created_at > now - window)
        )
        if (sent or 0) >= most:
            return True
    return False


def raise_worry(actor, round_: Round, text: str, contact: str, now: datetime) -> Worry:
    """Keep the worry and tell each reader in Co-Panel that there is one (without what it says)."""
    worry = Worry(round_id=round_.id, raised_by_id=actor.id, text=text, contact=contact, created_at=now)
    db.session.add(worry)
    db.session.flush()
    link = url_for("safeguarding.show", worry_id=worry.id)
    for reader in readers_of(round_):
        db.session.add(
            Notification(
                user_id=reader.id,
                round_id=round_.id,
                kind=NOTIFICATION,
                link=link,
                created_at=now,
                message=f"A panel member on {round_.title} raised a worry. Open it to read it.",
            )
        )
    db.session.flush()
    return worry


def email_readers(worry: Worry) -> EmailOutcome:
    """Email each reader who gave an address that there is a worry to read: never its words or who sent it."""
    link = url_for("safeguarding.show", worry_id=worry.id, _external=True)
    body = (
        f"A panel member on {worry.round.title} raised a worry in Co-Panel.\n\n"
        f"Sign in to read it:\n{link}\n\n"
        "For their privacy, this email does not say what it is about or who sent it.\n"
    )
    return send_emails(
        [(reader.email, EMAIL_SUBJECT, body) for reader in readers_of(worry.round) if reader.email]
    )


def open_worry(actor, worry: Worry, now: datetime) -> None:
    """The reader opens a worry: the first opening marks it read; every opening goes in the access log."""
    if worry.read_at is None:
        worry.read_at, worry.read_by_id = now, actor.id
    record_access(actor, "worry_read", round_=worry.round, subject=f"Worry {worry.id}")
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == actor.id,
            Notification.kind == NOTIFICATION,
            Notification.link == url_for("safeguarding.show", worry_id=worry.id),
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
    )
    db.session.flush()


def handle_worry(actor, worry: Worry, note: str, now: datetime) -> None:
    """Mark a worry dealt with, saying what was done."""
    worry.status, worry.handling_note = WorryStatus.HANDLED, note
    worry.handled_at, worry.handled_by_id = now, actor.id
    db.session.flush()


def worries_for(reader) -> list[Worry]:
    """The worries this reader may read, newest first: their rounds as lead, and for commissioners the rounds
    with no lead (or a lead who no longer holds the role)."""
    leads = select(User.id).where(User.is_safeguarding_lead)
    mine = Round.safeguarding_lead_id == reader.id if reader.is_safeguarding_lead else None
    unled = or_(Round.safeguarding_lead_id.is_(None), Round.safeguarding_lead_id.not_in(leads))
    conditions = [c for c in (mine, unled if reader.is_commissioner else None) if c is not None]
    if not conditions:
        return []
    return list(
        db.session.scalars(
            select(Worry)
            .join(Worry.round)
            .where(or_(*conditions))
            .order_by(Worry.created_at.desc(), Worry.id.desc())
        )
    )


def own_worries(user) -> list[Worry]:
    """What this member has sent, newest first."""
    return list(
        db.session.scalars(
            select(Worry)
            .where(Worry.raised_by_id == user.id)
            .order_by(Worry.created_at.desc(), Worry.id.desc())
        )
    )


def grant_safeguarding_role(actor, person: User) -> None:
    """Let an adult read worries; a young member is refused."""
    if is_young_member(person):
        raise RoleRefused(
            f"{person.display_name} is on a panel as a young person, so they can't be a "
            "safeguarding lead. Choose an adult."
        )
    person.is_safeguarding_lead = True
    db.session.flush()


def revoke_safeguarding_role(actor, person: User) -> list[Round]:
    """Take the role away; rounds they led go back to the commissioners (returned, to say so)."""
    led = list(db.session.scalars(select(Round).where(Round.safeguarding_lead_id == person.id)))
    for round_ in led:
        round_.safeguarding_lead_id = None
    person.is_safeguarding_lead = False
    db.session.flush()
    return led


def safeguarding_leads() -> list[User]:
    """Everyone who holds the role, by name."""
    return list(db.session.scalars(select(User).where(User.is_safeguarding_lead).order_by(User.display_name)))


def choose_lead(actor, round_: Round, person: User | None) -> None:
    """Name the round's lead (someone with the role), or none."""
    if person is not None and not person.is_safeguarding_lead:
        raise RoleRefused(f"{person.display_name} doesn't have the safeguarding role.")
    round_.safeguarding_lead_id = person.id if person is not None else None
    db.session.flush()
