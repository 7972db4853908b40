"""Configuration read from the environment, with safe defaults for a laptop."""

import os
import secrets
import socket
from pathlib import Path

from limits import parse_many

from scoring.numbers import whole_number


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY, or a key generated once and kept in instance/ (never in the repository)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _whole_number(name: str, default: int, low: int, high: int, unit: str = "") -> int:
    """A whole-number setting, read as every number from outside is (scoring.numbers) and checked: a wrong
    value stops the app with a message naming the setting, not a traceback from int(), and '٣' is not 3."""
    raw = os.environ.get(name, str(default)).strip()
    number = whole_number(raw, low, high)
    if number is None:
        raise ValueError(f"{name} must be a whole number {unit}from {low} to {high}, not {raw!r}")
    return number


def _retention_days() -> int:
    """COPANEL_RETENTION_DAYS, checked: a wrong value must stop the app, not keep (or drop) data by
    mistake."""
    return _whole_number("COPANEL_RETENTION_DAYS", 365, 1, 3650, "of days ")


def _failed_tries_per_address() -> str:
    """COPANEL_FAILED_TRIES_PER_ADDRESS: wrong passwords and codes one network may send before it must wait.

    A whole class on one school network never reaches the default (30 people signing in within a minute, a
    third of them mistyping once, make 10); someone trying password after password across many usernames does.
    Raise it for a venue where hundreds sign in at once. Checked, so a typing slip stops the app at once."""
    rule = (os.environ.get("COPANEL_FAILED_TRIES_PER_ADDRESS") or "50 per minute;300 per hour").strip()
    try:
        readable = all(window.amount >= 1 for window in parse_many(rule))
    except ValueError:
        readable = False
    if not readable:
        raise ValueError(
            f"COPANEL_FAILED_TRIES_PER_ADDRESS must read like '50 per minute;300 per hour', not {rule!r}"
        )
    return rule


def database_url(instance_path: Path) -> str:
    """DATABASE_URL, with the postgres:// spelling some hosts use mapped to psycopg 3."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'copanel.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict:
    """A PostgreSQL connection is checked before each use, so a server restart does not cost the next request
    an error. An SQLite file has no server to lose, and the check would cost every request and every Socket.IO
    event a query."""
    return {} if url.startswith("sqlite") else {"pool_pre_ping": True}


def from_environment(instance_path: Path) -> dict:
    """Everything the app reads from its environment, as Flask config keys."""
    https = _flag("COPANEL_HTTPS")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url(instance_path)),
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "threading"),
        # Redis pub/sub ignores the database number: deployments sharing one Redis need channels of their own.
        "SOCKETIO_CHANNEL": os.environ.get("SOCKETIO_CHANNEL", "copanel"),
        # This server process's name among those sharing the database: its meeting connections are noted under
        # it, and a process that starts clears only its own (a steady name, like a systemd instance, clears them
        # at once after a restart; otherwise a stopped process's connections stop counting after 75 seconds).
        "INSTANCE": (os.environ.get("COPANEL_INSTANCE") or f"{socket.gethostname()}-{os.getpid()}")[:100],
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": not _flag("COPANEL_DISABLE_RATE_LIMITS"),
        # Failed sign-in tries and join codes per network address; per account it is fixed (panel/accounts).
        "FAILED_TRIES_PER_ADDRESS": _failed_tries_per_address(),
        "DOCUMENTS_DIR": os.environ.get("DOCUMENTS_DIR", str(instance_path / "documents")),
        "IMPORTS_DIR": str(instance_path / "imports"),
        # Static files under fingerprinted names, with their gzip and Brotli copies (panel/core/static_files.py).
        "STATIC_CACHE_DIR": os.environ.get("COPANEL_STATIC_CACHE_DIR") or str(instance_path / "static"),
        # Documents are at most 10 MB; the request may carry a little form data besides.
        "MAX_CONTENT_LENGTH": 11 * 1024 * 1024,
        "MAX_DOCUMENT_BYTES": 10 * 1024 * 1024,
        "INVITATION_DAYS": _whole_number("COPANEL_INVITATION_DAYS", 21, 1, 365, "of days "),
        # A session nobody uses for this long ends by itself (shared phones and youth centre computers); a
        # meeting screen that is open counts as use.
        "IDLE_MINUTES": _whole_number("COPANEL_IDLE_MINUTES", 60, 5, 1440, "of minutes "),
        # Days panel members' names and contact details are kept after a round closes, unless the round says.
        "RETENTION_DAYS": _retention_days(),
        # Who runs this Co-Panel (a council, a fund): named on panellists' certificates when set.
        "ORGANISATION": os.environ.get("COPANEL_ORGANISATION", "").strip(),
        "BEHIND_PROXY": _flag("COPANEL_BEHIND_PROXY"),
        "COPANEL_HTTPS": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        # Email is optional: with no MAIL_SERVER, reminders reach people inside Co-Panel only.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": _whole_number("MAIL_PORT", 25, 1, 65535),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Co-Panel <no-reply@localhost>"),
    }
