"""What a production server imports: `gunicorn -k gevent -w 1 wsgi:app` (see README)."""

import gc
import signal
import sys

# A server process is a gevent WSGI server and never an asyncio client: python-socketio loads its asyncio client's
# aiohttp whenever aiohttp is installed (the test extra installs it for the benchmarks' clients), a tenth of a
# restart's time for nothing. A production install has no aiohttp at all; this makes every server start the same.
sys.modules.setdefault("aiohttp", None)  # type: ignore[arg-type]  # None in sys.modules: "import aiohttp" fails

from panel import create_app
from panel.core.templating import compile_templates
from panel.extensions import socketio
from panel.meetings.presence import clear_presence_on_start
from panel.meetings.queue import close_connections_now, refuse_connections_while

CLOSE_AGAIN_EVERY = 0.25  # seconds, while the process finishes stopping

app = create_app(commands=False)  # a server runs no commands (and starts sooner without them)
clear_presence_on_start(app)
compile_templates(app)
_stopping: list[int] = []  # the signal, once the process has been asked to stop
# Wrapping wsgi_app is how Flask's documentation adds middleware; the type checker sees a method.
app.wsgi_app = refuse_connections_while(lambda: bool(_stopping), app.wsgi_app)  # type: ignore[method-assign]


def _stop_meeting_connections_first(handler):
    """When the process is asked to stop (SIGTERM: a deploy, systemd), close its meeting connections at once,
    then stop as the server would: otherwise it waits its whole graceful timeout (30 s) for connections that
    never end by themselves, and meanwhile nobody on them hears the meeting. Closed like a lost connection, they
    reconnect straight away, to another process or to this one once it is back.

    The server goes on accepting for up to a second after the signal, and browsers try again within one: a
    reconnection that reached this process then would hold it up for the whole timeout (measured with
    bench/meeting_faults.py: 30 s). So from the signal on, meeting connections are refused (see
    refuse_connections_while), and any that opened all the same are closed too, until the process has gone."""

    def close_them() -> None:
        while True:
            with app.app_context():
                close_connections_now(socketio.server)  # type: ignore[attr-defined]  # set by init_app
            socketio.sleep(CLOSE_AGAIN_EVERY)  # type: ignore[arg-type]  # stub says int; sleep takes any seconds

    def stopping(signum, frame):
        handler(signum, frame)  # the server stops taking new connections within a second
        if not _stopping:
            _stopping.append(signum)
            # Not in the signal handler itself: closing uses the database.
            socketio.start_background_task(close_them)

    return stopping


# Only under a server that handles SIGTERM itself (gunicorn's worker has by now); a command that imports this
# module keeps the default, which simply ends it.
if callable(_server_stop := signal.getsignal(signal.SIGTERM)):
    signal.signal(signal.SIGTERM, _stop_meeting_connections_first(_server_stop))
# Everything made while starting up lives as long as the server: keep the garbage collector from walking it
# again and again, which otherwise pauses a live meeting's broadcasts for tens of milliseconds.
gc.collect()
gc.freeze()
