"""Account operations: they change the session's objects and flush; the caller commits."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Literal, TypeVar

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from panel.accounts import invitations, sessions
from panel.accounts.models import CardColumns, SignInCode, User
from panel.accounts.tries import Limit
from panel.core.models import rows_matched
from panel.extensions import db

# Wrong passwords allowed per account, typed from anywhere: enough for a young person who mistypes a few times,
# too few to guess a password (20 an hour; a password chosen when joining has at least 10 characters). Anyone
# who knows a username can make its owner wait this long, which is why it is minutes and not hours, and why a
# wrong password from a whole network is counted separately, with a ceiling a class never reaches.
ACCOUNT_TRIES = Limit("sign-in-account", rule="5 per 15 minutes")
ADDRESS_TRIES = Limit("sign-in-address", setting="FAILED_TRIES_PER_ADDRESS")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == normalise_username(username)))


@cache
def stand_in_hash() -> str:
    """The hash of a password nobody has, made the way User.set_password makes every hash: checked when nobody
    can sign in with the username typed, so an unknown username takes as long as a known one."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(username: str, password: str) -> User | None:
    """The user with this username and password, or None (without saying which was wrong, in words or in time:
    exactly one password hash is checked either way)."""
    user = find_user(username)
    if user is None or user.pseudonymised_at is not None:
        check_password_hash(stand_in_hash(), password)  # the same work as for a real account, and no match
        return None
    return user if check_password_hash(user.password_hash, password) else None


@dataclass(frozen=True)
class Slowed:
    """Too many wrong tries: for this username (from anywhere), or from this network (for any username)."""

    by: Literal["account", "address"]
    minutes: int


@dataclass(frozen=True)
class SignInAttempt:
    user: User | None = None
    slowed: Slowed | None = None  # set when the person must wait before trying again
    checked: bool = True  # False when the password was not even checked, because of slowed
    tries_left: int | None = None  # after a wrong password: tries this username has before it must wait


def _slowed(account: str, address: str) -> Slowed | None:
    if (minutes := ADDRESS_TRIES.wait(address)) is not None:
        return Slowed("address", minutes)
    if (minutes := ACCOUNT_TRIES.wait(account)) is not None:
        return Slowed("account", minutes)
    return None


def try_to_sign_in(username: str, password: str, address: str) -> SignInAttempt:
    """Check a username and password, counting only wrong ones: per account (the username as typed, whether or
    not anyone has it, so being slowed says nothing about who has an account) and per network address.

    The account's try is counted before the password is checked, so a guesser's many tries at once cannot slip
    past its limit; getting in forgets that account's tries. A network's count holds wrong tries only, so a
    class signing in together never adds to it."""
    account = normalise_username(username)
    if (slowed := _slowed(account, address)) is not None:
        return SignInAttempt(slowed=slowed, checked=False)
    if (minutes := ACCOUNT_TRIES.take(account)) is not None:
        return SignInAttempt(slowed=Slowed("account", minutes), checked=False)
    user = authenticate(username, password)
    if user is not None:
        ACCOUNT_TRIES.forget(account)
        return SignInAttempt(user=user)
    ADDRESS_TRIES.fail(address)
    return SignInAttempt(slowed=_slowed(account, address), tries_left=ACCOUNT_TRIES.left(account))


def create_user(
    username: str,
    password: str,
    display_name: str,
    *,
    email: str | None = None,
    is_commissioner: bool = False,
) -> User:
    user = User(
        username=normalise_username(username),
        display_name=display_name.strip(),
        email=(email or "").strip() or None,
        is_commissioner=is_commissioner,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, password: str, *, keep: str | None) -> int:
    """A new password: every other session of theirs ends (a lost phone, a shared computer left signed in),
    except the browser with key `keep`. Returns how many ended. The caller commits."""
    user.set_password(password)
    return sessions.end_everywhere(user.id, sessions.Ended.PASSWORD, keep=keep)


Card = TypeVar("Card", bound=CardColumns)


def find_card(kind: type[Card], *, code: str | None = None, token: str | None = None) -> Card | None:
    """The card of this kind (an Invitation, a SignInCode) whose typed code or link token this is, in whatever
    state it is; None for one we never printed.

    A code we printed and one we never did cost the same: one keyed hash and one lookup by a unique index, so
    the time taken says nothing a guesser does not see in the answer."""
    if code is not None:
        typed = invitations.normalise_code(code)
        if not invitations.is_well_formed(typed):
            return None
        digest = invitations.hash_code(typed, kind.hashed_as)
        return db.session.scalar(select(kind).where(kind.code_hash == digest))
    if token is not None and 0 < len(token) <= 100:
        digest = invitations.hash_token(token, kind.hashed_as)
        return db.session.scalar(select(kind).where(kind.token_hash == digest))
    return None


def claim_card(card: CardColumns, now: datetime, **also: Any) -> bool:
    """Mark the card used (with `also`, like who used it) if it is still open; False if it was used, cancelled
    or ran out first (in another tab a moment ago, or replaced by a newer card).

    A conditional UPDATE, so that of two people using one card at the same moment exactly one succeeds: the
    database re-checks the row when the first transaction commits."""
    kind = type(card)
    return (
        rows_matched(
            update(kind)
            .where(
                kind.id == card.id,
                kind.used_at.is_(None),
                kind.revoked_at.is_(None),
                kind.expires_at > now,
            )
            .values(used_at=now, **also)
            .execution_options(synchronize_session=False)
        )
        == 1
    )


# A sign-in code card works once, for a week: long enough to reach a young person at their next session.
SIGN_IN_CODE_DAYS = 7


@dataclass(frozen=True)
class IssuedSignInCode:
    """A new sign-in code: its secrets exist only here, to be printed once."""

    code: SignInCode
    token: str
    printed_code: str


def issue_sign_in_code(user: User, made_by: User | None, now: datetime) -> IssuedSignInCode:
    """A one-time sign-in code for `user`, cancelling any earlier one still open (`made_by` None: from the
    server's command line). The caller commits."""
    db.session.execute(
        update(SignInCode)
        .where(SignInCode.user_id == user.id, SignInCode.used_at.is_(None), SignInCode.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token, code = invitations.new_token(), invitations.new_code()
    row = SignInCode(
        user_id=user.id,
        token_hash=invitations.hash_token(token, SignInCode.hashed_as),
        code_hash=invitations.hash_code(code, SignInCode.hashed_as),
        expires_at=now + timedelta(days=SIGN_IN_CODE_DAYS),
        created_by_id=made_by.id if made_by is not None else None,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return IssuedSignInCode(row, token, invitations.format_code(code))


class CodeUnavailable(Exception):
    """The card was used, cancelled or ran out while its holder chose a password."""


def use_sign_in_code(code: SignInCode, password: str, now: datetime) -> User:
    """The card's holder chose a new password: the card is used up, and every session of its owner ends (the
    caller signs this browser in, then commits)."""
    if not claim_card(code, now):
        raise CodeUnavailable
    user = code.user
    if user.pseudonymised_at is not None:
        raise CodeUnavailable
    change_password(user, password, keep=None)
    return user
