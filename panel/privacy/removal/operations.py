"""Removing a person's name and contact details while their scores and the decisions stay (pseudonymisation),
in this one place, and the requests members make for it.

What goes: the name (replaced by "Former panel member N", N being the account's number), the username, the
email address, the password (nobody can sign in again), the names, emails and codes on their invitation cards,
what they said about their links to bidders (it names family and friends), their messages, the "what would
you change" text of a reply they chose to sign with their name (an unsigned reply was anonymous already and
stays), and how they asked to hear back about a worry. What stays, under the new name: their seat (role, young
or adult, age band), training, sheets and scores, first views, attendance, the meeting record, consensus and
decisions, so every total and decision still adds up; and the worries they sent (what they wrote, when, whether
it was read and dealt with, and the lead's notes), which are safeguarding records: the round's lead keeps them
until its retention period ends (panel/privacy/retention.py), and longer only while one is not dealt with.
"""

import secrets
from datetime import datetime

from sqlalchemy import delete, select, update

from panel.accounts.models import Invitation, SignInCode, User
from panel.accounts.sessions import Ended, end_everywhere
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.feedback.models import ProcessReply
from panel.meetings.models import Presence
from panel.privacy.removal.models import RemovalRequest, RemovalStatus
from panel.rounds.models import Conflict, Membership
from panel.safeguarding.models import Worry

PSEUDONYM = "Former panel member {number}"
# Not a hash werkzeug can ever match, so no password signs in.
UNUSABLE_PASSWORD = "!removed"
REQUEST_KIND = "removal_request"
# The conflicts register still shows that a link was declared; only what the member said about it goes.
REMOVED_NOTE = "Removed with the member's name"


class RemovalRefused(ValueError):
    """This person's details cannot be removed this way (a commissioner's name stays on their decisions)."""


def pseudonym(user: User) -> str:
    return PSEUDONYM.format(number=user.id)


def pseudonymise(user: User, now: datetime, actor: User | None = None) -> bool:
    """Remove the person's identifying details (see the module's docstring); False if already done."""
    if user.pseudonymised_at is not None:
        return False
    if user.is_commissioner:
        raise RemovalRefused("A commissioner's name stays on the decisions they made.")
    name = pseudonym(user)
    user.display_name, user.username, user.email = name, f"#removed-{user.id}", None
    user.password_hash, user.pseudonymised_at = UNUSABLE_PASSWORD, now
    seats = select(Membership.id).where(Membership.user_id == user.id)
    for invitation in db.session.scalars(select(Invitation).where(Invitation.used_by_id == user.id)):
        invitation.display_name, invitation.email = name, None
        # Random hashes that no card carries (the columns are unique, so they cannot simply be emptied).
        invitation.token_hash, invitation.code_hash = secrets.token_hex(32), secrets.token_hex(32)
    db.session.execute(
        update(Conflict)
        .where(Conflict.membership_id.in_(seats), Conflict.note != "")
        .values(note=REMOVED_NOTE)
    )
    db.session.execute(
        update(ProcessReply)
        .where(ProcessReply.membership_id.in_(seats), ProcessReply.share_name.is_(True))
        .values(change="", share_name=False)
    )
    # The worry stays for the lead (see above); the way to reach its sender goes with their other details.
    db.session.execute(
        update(Worry).where(Worry.raised_by_id == user.id, Worry.contact != "").values(contact=REMOVED_NOTE)
    )
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    # Every session ends (closing any live meeting connection first), and no sign-in code card still works.
    end_everywhere(user.id, Ended.REMOVED)
    db.session.execute(delete(SignInCode).where(SignInCode.user_id == user.id))
    db.session.execute(delete(Presence).where(Presence.user_id == user.id))
    for request in db.session.scalars(
        select(RemovalRequest).where(
            RemovalRequest.user_id == user.id, RemovalRequest.status == RemovalStatus.PENDING
        )
    ):
        request.status, request.decided_at = RemovalStatus.REMOVED, now
        request.decided_by_id = actor.id if actor is not None else None
    db.session.flush()
    return True


# Requests: the member asks, a commissioner confirms (which pseudonymises) or declines with a reason.


def pending_request(user: User) -> RemovalRequest | None:
    return db.session.scalar(
        select(RemovalRequest).where(
            RemovalRequest.user_id == user.id, RemovalRequest.status == RemovalStatus.PENDING
        )
    )


def requests_of(user: User) -> list[RemovalRequest]:
    """The person's requests, newest first."""
    return list(
        db.session.scalars(
            select(RemovalRequest)
            .where(RemovalRequest.user_id == user.id)
            .order_by(RemovalRequest.requested_at.desc(), RemovalRequest.id.desc())
        )
    )


def pending_requests() -> list[RemovalRequest]:
    """Requests waiting for a commissioner, oldest first."""
    return list(
        db.session.scalars(
            select(RemovalRequest)
            .where(RemovalRequest.status == RemovalStatus.PENDING)
            .order_by(RemovalRequest.requested_at, RemovalRequest.id)
        )
    )


def recent_decisions(limit: int = 20) -> list[RemovalRequest]:
    """The latest requests that were done, declined or withdrawn, newest first."""
    return list(
        db.session.scalars(
            select(RemovalRequest)
            .where(RemovalRequest.status != RemovalStatus.PENDING)
            .order_by(RemovalRequest.decided_at.desc(), RemovalRequest.id.desc())
            .limit(limit)
        )
    )


def ask_for_removal(user: User, now: datetime, link: str) -> RemovalRequest:
    """The person's request (the one waiting already, if any); every commissioner gets a message about it."""
    if user.is_commissioner or user.pseudonymised_at is not None:
        raise RemovalRefused("Only panel members can ask for this here.")
    waiting = pending_request(user)
    if waiting is not None:
        return waiting
    request = RemovalRequest(user_id=user.id, status=RemovalStatus.PENDING, requested_at=now)
    db.session.add(request)
    for commissioner_id in db.session.scalars(select(User.id).where(User.is_commissioner.is_(True))):
        db.session.add(
            Notification(
                user_id=commissioner_id,
                kind=REQUEST_KIND,
                link=link,
                created_at=now,
                message="A panel member has asked for their details to be removed. Please check it.",
            )
        )
    db.session.flush()
    return request


def withdraw_request(request: RemovalRequest, now: datetime) -> bool:
    """The member changed their mind; False if the request was no longer waiting."""
    if request.status is not RemovalStatus.PENDING:
        return False
    request.status, request.decided_at = RemovalStatus.WITHDRAWN, now
    db.session.flush()
    return True


def confirm_removal(actor: User, request: RemovalRequest, now: datetime) -> bool:
    """Remove the person's details as they asked; False if the request was no longer waiting."""
    if request.status is not RemovalStatus.PENDING:
        return False
    pseudonymise(request.user, now, actor)
    return True


def decline_removal(actor: User, request: RemovalRequest, reason: str, now: datetime, link: str) -> bool:
    """Say no, and why (the member sees the reason on My data and in their messages); False if not waiting."""
    if request.status is not RemovalStatus.PENDING:
        return False
    request.status, request.decided_at, request.decided_by_id = RemovalStatus.DECLINED, now, actor.id
    request.reason = reason.strip()
    db.session.add(
        Notification(
            user_id=request.user_id,
            kind=REQUEST_KIND,
            link=link,
            created_at=now,
            message=f"We have not removed your details yet. This is why: {request.reason}",
        )
    )
    db.session.flush()
    return True
