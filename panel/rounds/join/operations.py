"""Claiming an invitation: it changes the session's objects and flushes; the caller commits."""

from datetime import datetime

from sqlalchemy import select, update

from panel.accounts.invitations import hash_code, hash_token, is_well_formed, normalise_code
from panel.accounts.models import Invitation, User
from panel.accounts.operations import create_user
from panel.accounts.tries import Limit
from panel.core.models import rows_matched
from panel.extensions import db
from panel.rounds.models import Membership

# Codes and links that match no card, per network address (the card's code is what is guessed, so there is no
# account to count by). A class typing their cards on one school network stays far below the ceiling.
JOIN_TRIES = Limit("join-address", setting="FAILED_TRIES_PER_ADDRESS")


class InvitationUnavailable(Exception):
    """The invitation was used, cancelled or ran out while someone was joining with it."""


def find_invitation_by_code(typed: str) -> Invitation | None:
    """The invitation whose card carries this code, whatever its state; None for a code we never printed.

    A code we printed and one we never did cost the same: one keyed hash and one lookup by a unique index, so
    the time taken says nothing a guesser does not see in the answer."""
    code = normalise_code(typed)
    if not is_well_formed(code):
        return None
    return db.session.scalar(select(Invitation).where(Invitation.code_hash == hash_code(code)))


def find_invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose card carries this link, whatever its state."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def _claim(invitation: Invitation, user: User, now: datetime) -> None:
    """Mark the invitation used by this user, or raise if someone else got there first.

    A conditional UPDATE, so that of two people using one code at the same moment exactly one succeeds:
    the database re-checks the row when the first transaction commits.
    """
    claimed = rows_matched(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed != 1:
        raise InvitationUnavailable
    db.session.refresh(invitation)


def accept_invitation(invitation: Invitation, user: User, now: datetime) -> Membership:
    """Use the invitation: the user joins its round's panel with the role, kind and age band it names."""
    _claim(invitation, user, now)
    membership = Membership(
        round_id=invitation.round_id,
        user=user,
        role=invitation.role,
        kind=invitation.kind,
        age_band=invitation.age_band,
        joined_at=now,
        confidentiality_accepted_at=now,
    )
    db.session.add(membership)
    if user.privacy_accepted_at is None:
        user.privacy_accepted_at = now
    db.session.flush()
    return membership


def join_with_new_account(
    invitation: Invitation, *, username: str, password: str, email: str | None, now: datetime
) -> User:
    """A new account, on the invitation's panel. Raises InvitationUnavailable if it was just used."""
    user = create_user(username, password, invitation.display_name, email=email)
    accept_invitation(invitation, user, now)
    return user
