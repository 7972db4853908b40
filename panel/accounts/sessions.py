"""Sessions you can end: each signed-in browser has a row (SignIn) whose key its session cookie carries.

Flask's session cookie is signed, not stored: on its own, a copy taken before signing out would go on working.
So signing in makes a random key, keeps its hash in a SignIn row and the key in the cookie, and every request
(panel/accounts/routes.py, load_user) and every meeting event (panel/meetings/sockets.py) asks `live_sign_in`.
Ending a session deletes its row; the `sign_ins_ended` signal lets later areas close what it had open (a
meeting's connections, on whichever server process holds them).

A session nobody has used for COPANEL_IDLE_MINUTES ends by itself: panels meet on shared phones and youth centre
computers.
"""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache

from blinker import Namespace
from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import Select, bindparam, delete, select, update

from panel.accounts.models import SignIn, User
from panel.core.models import utcnow
from panel.extensions import db

KEY = "_sign_in"  # the session cookie's entry holding this browser's key
SEEN_EVERY = timedelta(minutes=1)  # how often a row's last use is written (not on every request)


class Ended(StrEnum):
    """Why a session ended (later areas word it for the person: a meeting screen says why it stopped)."""

    SIGNED_OUT = "signed out"  # from this browser
    EVERYWHERE = "everywhere"  # the person signed out on every device
    HELPED = "helped"  # a commissioner signed them out everywhere (a lost phone) or gave them a sign-in code
    PASSWORD = "password"  # a new password: every other session ends
    IDLE = "idle"  # nobody used it for the idle time
    REMOVED = "removed"  # their name and details were removed


_signals = Namespace()
# Sent with the ids of the SignIn rows about to go, and why, before they are deleted.
sign_ins_ended = _signals.signal("sign-ins-ended")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["IDLE_MINUTES"])


def begin(user: User, now: datetime | None = None) -> str:
    """A new signed-in session for `user`; returns the key for their session cookie. The caller commits."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    db.session.add(SignIn(user_id=user.id, key_hash=_hash(key), started_at=now, seen_at=now))
    forget_idle(user.id, now)
    db.session.flush()
    return key


def cookie_values(user: User) -> dict[str, object]:
    """What signing in leaves in the session cookie, for a new session of `user` (the sign-in form and joining
    use it, and so can a test or a benchmark that needs a signed-in browser). The caller commits."""
    return {"_user_id": str(user.id), "_fresh": True, KEY: begin(user)}


def live_sign_in(user_id: int, key: object, now: datetime | None = None) -> User | None:
    """The person whose session this key is, read with the session's SignIn row in one statement, if the row is
    `user_id`'s and has not ended or gone idle. Notes the session's use (at most once a minute, and committed at
    once so the note does not wait on the page's own work)."""
    if not isinstance(key, str) or not key or len(key) > 100:
        return None
    now = now or utcnow()
    found = db.session.execute(_live_statement(), {"key_hash": _hash(key)}).first()
    if found is None or found.owner != user_id:
        return None
    if now - found.seen_at > idle_limit():
        end([found.sign_in_id], Ended.IDLE)
        db.session.commit()
        return None
    if now - found.seen_at >= SEEN_EVERY:
        db.session.execute(
            update(SignIn)
            .where(SignIn.id == found.sign_in_id)
            .values(seen_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    g.sign_in_id = found.sign_in_id
    return found.User


@cache
def _live_statement() -> Select:
    """live_sign_in's statement, built once (it runs on every request): the key's hash is a bound parameter.
    The row's own columns come as plain values; only the person is loaded as an object."""
    return (
        select(User, SignIn.id.label("sign_in_id"), SignIn.user_id.label("owner"), SignIn.seen_at)
        .join(User, User.id == SignIn.user_id)
        .where(SignIn.key_hash == bindparam("key_hash"))
    )


def current_sign_in_id() -> int | None:
    """The SignIn row of the browser asking, once its session has been checked (load_user)."""
    return g.get("sign_in_id")


def still_live(sign_in_id: int | None, seen_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether the session a meeting connection opened with goes on, given when it was last used (read with
    the event's own query, panel/meetings/store.py; None when its row has gone). Ends it when idle, and notes
    its use otherwise, so a long meeting keeps its people signed in."""
    if sign_in_id is None or seen_at is None:
        return False
    now = now or utcnow()
    if now - seen_at > idle_limit():
        end([sign_in_id], Ended.IDLE)
        db.session.commit()
        return False
    if now - seen_at >= SEEN_EVERY:
        db.session.execute(
            update(SignIn)
            .where(SignIn.id == sign_in_id)
            .values(seen_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return True


def current_key() -> str | None:
    key = session.get(KEY)
    return key if isinstance(key, str) else None


def sign_ins_of(user_id: int) -> list[SignIn]:
    """Where `user_id` is signed in now, most recently used first."""
    return list(
        db.session.scalars(
            select(SignIn).where(SignIn.user_id == user_id).order_by(SignIn.seen_at.desc(), SignIn.id.desc())
        )
    )


def end(ids: Iterable[int], why: Ended) -> int:
    """End these sessions: later areas close what they had open, then the rows go. The caller commits."""
    ids = list(ids)
    if not ids:
        return 0
    sign_ins_ended.send(current_app._get_current_object(), ids=ids, why=why)  # type: ignore[attr-defined]
    db.session.execute(delete(SignIn).where(SignIn.id.in_(ids)).execution_options(synchronize_session=False))
    return len(ids)


def end_this(key: str | None) -> None:
    """End the session whose key this is (signing out). The caller commits."""
    if key:
        end(db.session.scalars(select(SignIn.id).where(SignIn.key_hash == _hash(key))), Ended.SIGNED_OUT)


def end_everywhere(user_id: int, why: Ended, *, keep: str | None = None) -> int:
    """End every session of `user_id`, except the one with key `keep` (the browser asking, when they change
    their password). Returns how many ended. The caller commits."""
    query = select(SignIn.id).where(SignIn.user_id == user_id)
    if keep:
        query = query.where(SignIn.key_hash != _hash(keep))
    return end(db.session.scalars(query).all(), why)


def forget_idle(user_id: int | None = None, now: datetime | None = None) -> int:
    """End sessions nobody has used for the idle time (one person's, or everyone's for the retention job)."""
    since = (now or utcnow()) - idle_limit()
    query = select(SignIn.id).where(SignIn.seen_at < since)
    if user_id is not None:
        query = query.where(SignIn.user_id == user_id)
    return end(db.session.scalars(query).all(), Ended.IDLE)


def sign_in(user: User) -> None:
    """Sign this browser in as `user`, in a new session of its own (signing in, joining, a new password).
    The caller commits."""
    session.clear()  # nothing from before signing in carries over (a fixation guard as well)
    key = begin(user)
    login_user(user)
    session[KEY] = key


def sign_out() -> None:
    """End this browser's session: its row goes (and with it any meeting connection it opened, on every server
    process), and the cookie forgets who it was. The caller commits."""
    end_this(current_key())
    logout_user()
    session.pop(KEY, None)
    g.pop("sign_in_id", None)
