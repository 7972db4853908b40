"""What every model shares: timezone-aware UTC columns, the current time, enums stored by value, SQLite settings."""

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, DateTime, TypeDecorator, Update, event
from sqlalchemy.engine import Engine

from panel.extensions import db


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(enum_cls, name: str):
    """Store a StrEnum by its value, checked by the database, portable across SQLite and PostgreSQL."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, connection_record) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless each connection asks for them.

    Write-ahead logging lets pages read while a meeting command or an autosave writes, and with
    synchronous=NORMAL a commit no longer waits for the disk (a power cut can lose the last commits, never
    corrupt the file)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def rows_matched(statement: Update) -> int:
    """Run an UPDATE through the session and say how many rows it matched: a conditional UPDATE is how two
    people (or two tabs) acting at once are told apart."""
    # Session.execute is typed as returning a Result; for an UPDATE without RETURNING it is a CursorResult.
    return cast("CursorResult[Any]", db.session.execute(statement)).rowcount
