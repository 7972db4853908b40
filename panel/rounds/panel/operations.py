"""Building a round's panel: inviting people, printing their cards, cancelling invitations.

Only hashes of an invitation's token and code are stored, so the plain ones exist only in the IssuedCard an
operation returns: the page that shows the card is the only chance to print it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from panel.accounts.invitations import format_code, hash_code, hash_token, new_code, new_token
from panel.accounts.models import Invitation, User
from panel.extensions import db
from panel.rounds.models import Round
from scoring.people import AgeBand, MemberKind, MemberRole


@dataclass(frozen=True)
class IssuedCard:
    """An invitation with the plain token and code that its new card carries."""

    invitation: Invitation
    token: str
    code: str

    @property
    def printed_code(self) -> str:
        return format_code(self.code)


def _issue_secrets(invitation: Invitation, now: datetime) -> IssuedCard:
    """Give the invitation a fresh token, code and expiry; earlier cards for it stop working."""
    token, code = new_token(), new_code()
    invitation.token_hash = hash_token(token)
    invitation.code_hash = hash_code(code)
    invitation.expires_at = now + timedelta(days=current_app.config["INVITATION_DAYS"])
    return IssuedCard(invitation, token, code)


def invite_member(
    round_: Round,
    actor: User,
    *,
    display_name: str,
    role: MemberRole,
    kind: MemberKind,
    age_band: AgeBand | None,
    email: str | None,
    now: datetime,
) -> IssuedCard:
    """A new invitation to the round's panel, with its first card."""
    invitation = Invitation(
        round=round_,
        display_name=display_name.strip(),
        role=role,
        kind=kind,
        age_band=age_band,
        email=(email or "").strip() or None,
        created_by_id=actor.id,
        created_at=now,
    )
    card = _issue_secrets(invitation, now)
    db.session.add(invitation)
    db.session.flush()
    return card


def can_reprint(invitation: Invitation) -> bool:
    """Waiting and expired invitations can get a new card; used and cancelled ones cannot."""
    return invitation.used_at is None and invitation.revoked_at is None


def reprint_cards(invitations: list[Invitation], actor: User, now: datetime) -> list[IssuedCard]:
    """New cards (new token, code and expiry) for these invitations; the cards printed before stop working."""
    cards = [_issue_secrets(invitation, now) for invitation in invitations if can_reprint(invitation)]
    db.session.flush()
    return cards


def cancel_invitation(invitation: Invitation, actor: User, now: datetime) -> bool:
    """Stop an unused invitation working. False if it was already used or cancelled."""
    if not can_reprint(invitation):
        return False
    invitation.revoked_at = now
    db.session.flush()
    return True
