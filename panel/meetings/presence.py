"""Who is connected to a meeting right now: a row per open connection, refreshed by the browser's heartbeat."""

from datetime import datetime, timedelta

from flask import current_app
from flask_socketio import disconnect
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from panel.accounts.sessions import Ended, sign_ins_ended
from panel.core.models import rows_matched, utcnow
from panel.extensions import db, socketio
from panel.meetings.models import Attendance, Meeting, Presence

NAMESPACE = "/meeting"
HERE_FOR = timedelta(seconds=75)  # a connection not heard from for this long no longer counts as here


def mark_here(
    sid: str,
    meeting_id: int,
    user_id: int,
    screen: bool,
    now: datetime | None = None,
    *,
    membership_id: int | None = None,
    sign_in_id: int | None = None,
) -> None:
    """Note (or refresh) an open connection; the chair's screen shows who is here. A panel member's
    attendance is kept too, for their record of contribution."""
    now = now or utcnow()
    updated = rows_matched(
        update(Presence)
        .where(Presence.sid == sid)
        .values(seen_at=now)
        .execution_options(synchronize_session=False)
    )
    if not updated:
        db.session.add(
            Presence(
                sid=sid,
                meeting_id=meeting_id,
                user_id=user_id,
                screen=screen,
                seen_at=now,
                sign_in_id=sign_in_id,
                instance=current_app.config["INSTANCE"],
            )
        )
    if membership_id is not None and not screen:
        _attended(meeting_id, membership_id, now)
    db.session.commit()


def _attended(meeting_id: int, membership_id: int, now: datetime) -> None:
    seen = update(Attendance).where(
        Attendance.meeting_id == meeting_id, Attendance.membership_id == membership_id
    )
    if rows_matched(seen.values(last_seen_at=now).execution_options(synchronize_session=False)):
        return
    try:
        with db.session.begin_nested():  # two devices joining at once: the second one only refreshes
            db.session.add(
                Attendance(
                    meeting_id=meeting_id, membership_id=membership_id, first_seen_at=now, last_seen_at=now
                )
            )
    except IntegrityError:
        db.session.execute(seen.values(last_seen_at=now).execution_options(synchronize_session=False))


def mark_gone(sid: str) -> int | None:
    """Forget a closed connection; returns its round so the chair's screen can be told."""
    round_id = db.session.scalar(select(Meeting.round_id).join(Presence).where(Presence.sid == sid))
    db.session.execute(delete(Presence).where(Presence.sid == sid))
    db.session.commit()
    return round_id


def present_user_ids(meeting_id: int, now: datetime | None = None) -> set[int]:
    """Who has a connection open now (heard from recently), projector screens not counted."""
    since = (now or utcnow()) - HERE_FOR
    return set(
        db.session.scalars(
            select(Presence.user_id).where(
                Presence.meeting_id == meeting_id, Presence.seen_at >= since, Presence.screen.is_(False)
            )
        )
    )


def clear_presence(instance: str) -> None:
    """A server process starting has no connections yet: the rows it left when it stopped would mislead the
    chair. Other processes' rows are theirs, and still true."""
    db.session.execute(delete(Presence).where(Presence.instance == instance))
    db.session.commit()


def clear_presence_on_start(app) -> None:
    """Called by a server process as it starts; a database not yet migrated has nothing to clear."""
    with app.app_context():
        try:
            clear_presence(app.config["INSTANCE"])
        except DBAPIError:
            db.session.rollback()


AGAIN = "Sign in again to follow the meeting."
ENDED_WORDS = {
    Ended.SIGNED_OUT: f"You signed out, so this screen has stopped. {AGAIN}",
    Ended.EVERYWHERE: f"You signed out on every device, so this screen has stopped. {AGAIN}",
    Ended.HELPED: f"The person who runs your panel signed you out, so this screen has stopped. {AGAIN}",
    Ended.PASSWORD: f"Your password was changed, so this screen has stopped. {AGAIN}",
    Ended.IDLE: f"You were signed out after a long time with nothing done. {AGAIN}",
    Ended.REMOVED: "This screen has stopped.",
}
MOST_SCREENS = 5  # meeting connections one person may have open at once (a phone, a laptop, a tab or two)
TOO_MANY = "You opened the meeting on more screens, so this one has stopped. Refresh it to use it here again."


def close(sids: list[str], message: str) -> None:
    """Tell these connections why, then close them, on whichever server process holds them (through the
    message queue when there is one)."""
    for sid in sids:
        socketio.emit("closed", {"message": message}, to=sid, namespace=NAMESPACE)
        disconnect(sid, namespace=NAMESPACE)  # Flask-SocketIO's, given a sid: works outside an event


@sign_ins_ended.connect
def _close_connections_of_ended_sessions(sender, ids: list[int], why: str, **extra) -> None:
    """A meeting connection carries the session it opened with: when that session ends, so does it."""
    sids = list(db.session.scalars(select(Presence.sid).where(Presence.sign_in_id.in_(ids))))
    close(sids, ENDED_WORDS[Ended(why)])


def close_the_oldest_beyond(user_id: int, most: int = MOST_SCREENS) -> None:
    """A person keeps at most `most` meeting connections: opening one more closes their oldest, with a message
    (a forgotten tab, or a copied cookie, cannot pile connections up)."""
    sids = list(
        db.session.scalars(
            select(Presence.sid).where(Presence.user_id == user_id).order_by(Presence.id.desc())
        )
    )
    close(sids[most:], TOO_MANY)
