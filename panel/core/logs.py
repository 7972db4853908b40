"""Log lines an operations team can ship: one per HTTP request (`copanel.requests`) and one per meeting
connection opened or closed (`copanel.meeting`), each a JSON object on one line, through Python logging.

They say what happened, where and how long it took, never who: no user ids, names, network addresses,
cookies, query strings or raw paths (a path can carry an invitation or sign-in token; the URL rule
`/join/<token>` does not). They cost next to nothing until a logging configuration turns these loggers on
at INFO: deploy/gunicorn/logging.json does, writing them to standard output.
"""

import json
import logging
import time
from datetime import UTC, datetime

from flask import Flask, Response, current_app, request, request_finished, request_started

from panel.extensions import socketio

requests_log = logging.getLogger("copanel.requests")
meeting_log = logging.getLogger("copanel.meeting")

# Where a request's environ keeps the moment it started.
STARTED = "copanel.started"

# Each meeting connection this process holds, by Socket.IO id: when it opened, its round and its transport.
_opened: dict[str, tuple[float, int, str]] = {}


def _write(log: logging.Logger, event: str, fields: dict) -> None:
    line = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": event,
        **fields,
        "instance": current_app.config["INSTANCE"],
    }
    log.info(json.dumps(line, separators=(",", ":")))


def _started(sender: Flask, **extra) -> None:
    request.environ[STARTED] = time.perf_counter()


def _finished(sender: Flask, response: Response, **extra) -> None:
    started = request.environ.get(STARTED)
    if started is None or not requests_log.isEnabledFor(logging.INFO):
        return
    rule = request.url_rule
    _write(
        requests_log,
        "request",
        {
            "method": request.method,
            # The rule, never the path: no ids typed by hand, no tokens, no query string. None when no page
            # matched (a 404 or 405).
            "rule": rule.rule if rule is not None else None,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )


def register(app: Flask) -> None:
    """One line per request: timed from before the first of the app's own checks (the session's) to the
    response, all after_request work included."""
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)


def _sid() -> str:
    return request.sid  # type: ignore[attr-defined]  # Flask-SocketIO sets it on each event's request


def _transport() -> str:
    """'websocket' or 'polling' (a browser that started on long-polling and upgraded says 'websocket' once it
    has); 'unknown' for a connection the engine does not hold (the test client's)."""
    server = socketio.server  # type: ignore[attr-defined]  # set by init_app; not in the stubs
    namespace = request.namespace  # type: ignore[attr-defined]  # set by Flask-SocketIO, like sid
    try:
        return server.transport(_sid(), namespace)
    except (AttributeError, KeyError):
        return "unknown"


def meeting_connection_opened(round_id: int) -> None:
    """Called by the meeting's connect handler once the connection is accepted."""
    transport = _transport()
    _opened[_sid()] = (time.monotonic(), round_id, transport)
    if meeting_log.isEnabledFor(logging.INFO):
        _write(meeting_log, "meeting_connection_opened", {"round": round_id, "transport": transport})


def meeting_connection_closed(reason: object = None) -> None:
    """Called by the meeting's disconnect handler; says nothing of a connection it never saw open."""
    opened = _opened.pop(_sid(), None)
    if opened is None or not meeting_log.isEnabledFor(logging.INFO):
        return
    at, round_id, transport = opened
    now = _transport()
    _write(
        meeting_log,
        "meeting_connection_closed",
        {
            "round": round_id,
            "transport": transport if now == "unknown" else now,
            "open_seconds": round(time.monotonic() - at, 1),
            # Socket.IO's own words ("client disconnect", "ping timeout", "transport close", ...).
            "reason": reason if isinstance(reason, str) else None,
        },
    )
