"""Account operations: they change the session's objects and flush; the caller commits."""

from sqlalchemy import func, select

from panel.accounts.models import User
from panel.extensions import db


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == normalise_username(username)))


def authenticate(username: str, password: str) -> User | None:
    """The user with this username and password, or None (without saying which was wrong)."""
    user = find_user(username)
    if user is None or user.pseudonymised_at is not None or not user.check_password(password):
        return None
    return user


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
