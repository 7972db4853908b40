"""Socket.IO handlers for the meeting. Each one re-checks who is asking, then calls the same service as the pages."""

import logging
from typing import NamedTuple, TypedDict

from flask import request
from flask_login import current_user
from flask_socketio import (  # type: ignore[attr-defined]  # ConnectionRefusedError: exported, not in the stubs
    ConnectionRefusedError,
    disconnect,
    join_room,
    leave_room,
    rooms,
)

from panel.accounts.sessions import current_sign_in_id, still_live
from panel.core.logs import meeting_connection_closed, meeting_connection_opened
from panel.core.numbers import read_id
from panel.extensions import db, socketio
from panel.meetings import protocol
from panel.meetings.models import Meeting
from panel.meetings.permissions import attendance
from panel.meetings.presence import NAMESPACE, close_the_oldest_beyond, mark_gone, mark_here
from panel.meetings.queue import ask_whether_everyone_can_be_reached
from panel.meetings.service import NOT_ATTENDING, run_command
from panel.meetings.store import MeetingRow, Panel, RoundRow, Seat, asking, load, seat_and_meeting
from scoring.meeting_input import UNREADABLE

SCREEN_ONLY = "The projector screen only shows the meeting. Use the chair's console to run it."
WENT_WRONG = "Something went wrong on our side. Your screen now shows the latest."
log = logging.getLogger(__name__)


class Connection(TypedDict, total=False):
    """What an open connection said when it opened (empty for one this process doesn't know)."""

    round: int
    screen: bool
    user: int
    sign_in: int  # the session it opened with: when that ends, so does the connection


# Each open connection, by Socket.IO id. A connection lives on one server process, so this process's own table
# is the right place for it.
_connections: dict[str, Connection] = {}


def _sid() -> str:
    """This connection's Socket.IO id."""
    return request.sid  # type: ignore[attr-defined]  # Flask-SocketIO sets it on each event's request


def _connection() -> Connection:
    return _connections.get(_sid(), {})


def _round_id(auth: object) -> int | None:
    return read_id(auth.get("round")) if isinstance(auth, dict) else None


class Person(NamedTuple):
    """The person on a connection as the meeting's checks see them: who they are was settled when the
    connection opened (it keeps the session it opened with, checked with every event, and ending that session
    closes it); whether they are a commissioner is read fresh with every event."""

    id: int
    is_commissioner: bool
    is_authenticated: bool = True


class Attending(NamedTuple):
    user: Person
    round: RoundRow
    membership: Seat | None
    meeting: MeetingRow
    panel: Panel


def _attending() -> Attending | None:
    """The person on this connection, the round it follows, their seat on its panel, the meeting and the
    panel, read fresh, if they may still attend it; otherwise drop the connection."""
    connection = _connection()
    round_id, user_id, sign_in = connection.get("round"), connection.get("user"), connection.get("sign_in")
    if not round_id or not user_id:
        disconnect()
        return None
    found = asking(round_id, user_id, sign_in)
    if found is None or found.meeting is None or found.commissioner is None:
        disconnect()
        return None
    if not still_live(sign_in, found.signed_in_seen_at):  # signed out, here or elsewhere, or idle too long
        disconnect()
        return None
    user, membership = Person(user_id, found.commissioner), found.panel.seat_of(user_id)
    if not attendance(user, found.round, membership)[0]:
        disconnect()
        return None
    return Attending(user, found.round, membership, found.meeting, found.panel)


def _join_rooms(user, data, membership: Seat | None) -> None:
    """Put this connection in exactly the rooms it may hear now, leaving any it no longer may (a conflict
    recorded during the meeting moves a member out of that bid's room at their next sync or heartbeat)."""
    meeting_id = data.meeting.id
    if attendance(user, data.round, membership)[1]:
        screen = bool(_connection().get("screen"))
        wanted = protocol.screen_rooms(data, membership) if screen else protocol.chair_rooms(data, membership)
    elif membership is not None:
        wanted = protocol.member_rooms(data, membership)
    else:  # not reached: whoever doesn't chair attends by their seat on the panel (no seat, no rooms)
        wanted = []
    prefix = protocol.room(meeting_id, "")
    for name in rooms(namespace=NAMESPACE):
        if name.startswith(prefix) and name not in wanted:
            leave_room(name)
    for name in wanted:
        join_room(name)


def _snapshot(user, data, membership: Seat | None, refusal: tuple | None = None) -> dict:
    """This person's whole screen now, with their own bits (their hand, their first view), and after a refused
    command (refusal: the outcome, the command's name and its arguments) why, with what they sent."""
    view, you = protocol.screen_for(data, user, membership, screen=bool(_connection().get("screen")))
    if refusal is not None:
        outcome, name, args = refusal
        view = protocol.refused(view, outcome.message, outcome.problems, name, args)
    return {"seq": data.seq, "html": protocol.render(view, you)}


def _a_message_named_like_an_event() -> bool:
    """Whether this "connect" or "disconnect" is a message a connected browser sent with that name, not the
    connection opening or closing. Socket.IO runs the same handler for both; only a message comes from a
    connection that counts as connected (one that is opening or closing does not)."""
    server = socketio.server  # type: ignore[attr-defined]  # set by init_app; not in the stubs
    return server is not None and server.manager.is_connected(_sid(), NAMESPACE)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None, *_):
    if _a_message_named_like_an_event():
        return {"ok": False, "message": UNREADABLE}  # already connected: nothing to open, nothing to log
    round_id = _round_id(auth)
    found = (
        seat_and_meeting(round_id, current_user.id) if round_id and current_user.is_authenticated else None
    )
    if found is None or not attendance(current_user, found[0], found[1])[0]:
        raise ConnectionRefusedError(NOT_ATTENDING)
    round_, membership, meeting = found
    if meeting is None:
        raise ConnectionRefusedError("This round's meeting hasn't been set up yet.")
    screen = bool(auth.get("screen")) and attendance(current_user, round_, membership)[1]
    sign_in = current_sign_in_id()
    _connections[_sid()] = {"round": round_.id, "screen": screen, "user": current_user.id}
    if sign_in is not None:
        _connections[_sid()]["sign_in"] = sign_in
    _join_rooms(current_user, load(meeting), membership)
    mark_here(
        _sid(),
        meeting.id,
        current_user.id,
        screen,
        membership_id=membership and membership.id,
        sign_in_id=sign_in,
    )
    close_the_oldest_beyond(current_user.id)
    protocol.publish_presence(round_.id)
    meeting_connection_opened(round_.id)


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason=None, *_):
    if _a_message_named_like_an_event():
        return {"ok": False, "message": UNREADABLE}  # the browser is still here: it stays on the chair's list
    _connections.pop(_sid(), None)
    meeting_connection_closed(reason)
    round_id = mark_gone(_sid())
    if round_id is not None:
        protocol.publish_presence(round_id)


@socketio.on("sync", namespace=NAMESPACE)
def on_sync(payload=None, *_):
    """A fresh snapshot for this person (on connect, after a gap): also re-checks which rooms they belong in."""
    attending = _attending()
    if attending is None:
        return {"ok": False, "message": NOT_ATTENDING}
    data = load(attending.meeting, attending.panel, attending.round)
    _join_rooms(attending.user, data, attending.membership)
    return {"ok": True, **_snapshot(attending.user, data, attending.membership)}


@socketio.on("here", namespace=NAMESPACE)
def on_here(payload=None, *_):
    """The browser's heartbeat: keeps the person on the chair's list, and tells them the latest sequence."""
    attending = _attending()
    if attending is None:
        return {"ok": False, "message": NOT_ATTENDING}
    user, round_, membership, meeting, panel = attending
    _join_rooms(user, load(meeting, panel, round_), membership)
    mark_here(
        _sid(),
        meeting.id,
        user.id,
        bool(_connection().get("screen")),
        membership_id=membership and membership.id,
    )
    return {"ok": True, "seq": meeting.version}


@socketio.on("command", namespace=NAMESPACE)
def on_command(payload=None, *_):
    # Whether the other processes can be reached is asked now and read in run_command, so the round trip to
    # Redis overlaps the checks on who is asking instead of adding to every command.
    reach = ask_whether_everyone_can_be_reached(socketio.server)  # type: ignore[attr-defined]  # set by init_app
    try:
        return _command(payload, reach)
    finally:
        reach()  # read on every path: until then it holds a connection to Redis


def _command(payload, reach) -> dict:
    attending = _attending()
    if attending is None:
        return {"ok": False, "message": NOT_ATTENDING}
    user, round_, membership, meeting, panel = attending
    if _connection().get("screen"):
        return {"ok": False, "message": SCREEN_ONLY}
    if not isinstance(payload, dict):
        return {"ok": False, "message": UNREADABLE}
    outcome = run_command(
        round_,
        user,
        payload.get("name"),
        payload.get("args"),
        payload.get("expect"),
        membership=membership,
        meeting=meeting,
        panel=panel,
        reach=reach,
    )
    answer: dict[str, object] = {"ok": outcome.ok, "seq": outcome.seq, "view": outcome.view}
    if not outcome.ok:
        fresh = load(db.session.get_one(Meeting, meeting.id, populate_existing=True))
        refusal = (outcome, payload.get("name"), payload.get("args"))
        answer.update(
            message=outcome.message,
            problems=dict(outcome.problems),
            **_snapshot(user, fresh, membership, refusal),
        )
    return answer


@socketio.on_error(NAMESPACE)
def on_error(error):
    """No event ends in a stack trace for the person: log it, undo any half-done change, say so plainly."""
    log.exception("Meeting event failed: %s", error)
    db.session.rollback()
    return {"ok": False, "message": WENT_WRONG}
