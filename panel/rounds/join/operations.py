"""Claiming an invitation: it changes the session's objects and flushes; the caller commits."""

from datetime import datetime

from panel.accounts.models import Invitation, User
from panel.accounts.operations import claim_card, create_user
from panel.accounts.tries import Limit
from panel.extensions import db
from panel.rounds.models import Membership

# Codes and links that match no card, per network address (the card's code is what is guessed, so there is no
# account to count by). A class typing their cards on one school network stays far below the ceiling.
JOIN_TRIES = Limit("join-address", setting="FAILED_TRIES_PER_ADDRESS")


class InvitationUnavailable(Exception):
    """The invitation was used, cancelled or ran out while someone was joining with it."""


def accept_invitation(invitation: Invitation, user: User, now: datetime) -> Membership:
    """Use the invitation: the user joins its round's panel with the role, kind and age band it names."""
    if not claim_card(invitation, now, used_by_id=user.id):
        raise InvitationUnavailable
    db.session.refresh(invitation)
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
