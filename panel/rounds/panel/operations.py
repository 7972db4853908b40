"""Building a round's panel: inviting people, printing their cards, cancelling invitations.

Only hashes of an invitation's token and code are stored. The plain ones of a batch of new cards are made from
a random seed (`new_card_seed`) with HMAC-SHA256, so the seed alone can make them again: the browser that made
the cards keeps the seed for a short while (in its signed session cookie, never on the server), and its
cards page can be reloaded or printed again without making new codes (`cards_again`). Nobody else, and no copy
of the database, can show a card again.
"""

import base64
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from panel.accounts.invitations import CODE_ALPHABET, CODE_LENGTH, format_code, hash_code, hash_token
from panel.accounts.models import Invitation, User
from panel.extensions import db
from panel.rounds.models import Round
from scoring.people import AgeBand, MemberKind, MemberRole

MOST_CARDS_AT_ONCE = 1000  # a batch read back from a cookie is never longer than this


@dataclass(frozen=True)
class IssuedCard:
    """An invitation with the plain token and code that its new card carries."""

    invitation: Invitation
    token: str
    code: str

    @property
    def printed_code(self) -> str:
        return format_code(self.code)


def new_card_seed() -> bytes:
    """The random seed a batch of cards is made from (256 bits)."""
    return secrets.token_bytes(32)


def card_secrets(seed: bytes, number: int) -> tuple[str, str]:
    """The link token and the code of the card made `number`-th from `seed`: as long and as random as
    invitations.new_token() and new_code() (a 24-byte token; a code of CODE_LENGTH characters from
    CODE_ALPHABET, taken from 256 bits, so no character is likelier than another by any measurable amount)."""
    token = base64.urlsafe_b64encode(hmac.digest(seed, b"token %d" % number, "sha256")[:24]).decode()
    value = int.from_bytes(hmac.digest(seed, b"code %d" % number, "sha256"))
    characters = []
    for _ in range(CODE_LENGTH):
        value, index = divmod(value, len(CODE_ALPHABET))
        characters.append(CODE_ALPHABET[index])
    return token, "".join(characters)


def _issue_secrets(invitation: Invitation, now: datetime, seed: bytes, number: int) -> IssuedCard:
    """Give the invitation a fresh token, code and expiry; earlier cards for it stop working."""
    token, code = card_secrets(seed, number)
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
    seed: bytes | None = None,
) -> IssuedCard:
    """A new invitation to the round's panel, with its first card (made from `seed`, or from a new one)."""
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
    card = _issue_secrets(invitation, now, seed or new_card_seed(), 0)
    db.session.add(invitation)
    db.session.flush()
    return card


def can_reprint(invitation: Invitation) -> bool:
    """Waiting and expired invitations can get a new card; used and cancelled ones cannot."""
    return invitation.used_at is None and invitation.revoked_at is None


def reprint_cards(
    invitations: list[Invitation], actor: User, now: datetime, seed: bytes | None = None
) -> list[IssuedCard]:
    """New cards (new token, code and expiry) for these invitations, made from `seed` (or a new one) in this
    order; the cards printed before stop working."""
    seed = seed or new_card_seed()
    reprintable = [invitation for invitation in invitations if can_reprint(invitation)]
    cards = [_issue_secrets(invitation, now, seed, number) for number, invitation in enumerate(reprintable)]
    db.session.flush()
    return cards


def cards_again(round_: Round, seed: bytes, count: int, now: datetime) -> list[IssuedCard]:
    """The cards of the round made from `seed` (the first `count`) that still work, in the order they were made.
    Each is made again from the seed and found by its hashes; one replaced by a newer card since, used,
    cancelled or run out is left out."""
    made = [card_secrets(seed, number) for number in range(min(count, MOST_CARDS_AT_ONCE))]
    by_code = {hash_code(code): (token, code) for token, code in made}
    found = db.session.scalars(
        select(Invitation).where(Invitation.round_id == round_.id, Invitation.code_hash.in_(list(by_code)))
    )
    working = {
        invitation.code_hash: IssuedCard(invitation, *by_code[invitation.code_hash])
        for invitation in found
        if invitation.state(now) == "open"
        and invitation.token_hash == hash_token(by_code[invitation.code_hash][0])
    }
    return [working[digest] for digest in by_code if digest in working]


def cancel_invitation(invitation: Invitation, actor: User, now: datetime) -> bool:
    """Stop an unused invitation working. False if it was already used or cancelled."""
    if not can_reprint(invitation):
        return False
    invitation.revoked_at = now
    db.session.flush()
    return True
