"""The meeting fan-out benchmark's baseline: a bare python-socketio server doing only the fan-out.

A client connects to /meeting with auth {"round": n} and joins room n. On "command" it sends "update"
{"seq", "html"} to the whole room, where the html is a meeting update the app sent in the same run (read
from the file named by BARE_UPDATE_HTML), then acks {"ok": true, "seq"}. No database, no templates, no
sessions.

Served like the app: gunicorn -k gevent -w 1 --worker-connections 2000 --no-control-socket bare_server:app.
With BARE_MESSAGE_QUEUE set (a redis:// URL) it broadcasts through Redis, as the app does with
SOCKETIO_MESSAGE_QUEUE.
"""

import itertools
import os
from pathlib import Path

import socketio

NAMESPACE = "/meeting"
HTML = Path(os.environ["BARE_UPDATE_HTML"]).read_text() if os.environ.get("BARE_UPDATE_HTML") else "x" * 8000
QUEUE = os.environ.get("BARE_MESSAGE_QUEUE") or None

# Its own channel, so it can never hear (or be heard by) an app sharing the same Redis.
manager = socketio.RedisManager(QUEUE, channel="copanel-bench-bare") if QUEUE else None
sio = socketio.Server(async_mode="gevent", client_manager=manager)
app = socketio.WSGIApp(sio)
sequences: dict[int, itertools.count] = {}


@sio.on("connect", namespace=NAMESPACE)
def connect(sid, environ, auth=None):
    room = auth.get("round") if isinstance(auth, dict) else None
    if not isinstance(room, int):
        raise socketio.exceptions.ConnectionRefusedError("no round")
    sio.save_session(sid, {"round": room}, namespace=NAMESPACE)
    sio.enter_room(sid, room, namespace=NAMESPACE)


@sio.on("command", namespace=NAMESPACE)
def command(sid, payload=None):
    room = sio.get_session(sid, namespace=NAMESPACE)["round"]
    seq = next(sequences.setdefault(room, itertools.count(2)))
    sio.emit("update", {"seq": seq, "html": HTML}, to=room, namespace=NAMESPACE)
    return {"ok": True, "seq": seq}


@sio.on("sync", namespace=NAMESPACE)
def sync(sid, payload=None):
    room = sio.get_session(sid, namespace=NAMESPACE)["round"]
    return {"ok": True, "seq": 1, "html": HTML, "room": room}
