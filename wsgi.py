"""What a production server imports: `gunicorn -k gevent -w 1 wsgi:app` (see README)."""

import gc
import signal

from panel import create_app
from panel.core.templating import compile_templates
from panel.extensions import socketio
from panel.meetings.presence import clear_presence_on_start
from panel.meetings.queue import close_connections_now

app = create_app()
clear_presence_on_start(app)
compile_templates(app)


def _stop_meeting_connections_first(handler):
    """When the process is asked to stop (SIGTERM: a deploy, systemd), close its meeting connections at once,
    then stop as the server would: otherwise it waits its whole graceful timeout (30 s) for connections that
    never end by themselves, and meanwhile nobody on them hears the meeting. Closed like a lost connection, they
    reconnect straight away, to another process or to this one once it is back."""

    def close_them() -> None:
        with app.app_context():
            close_connections_now(socketio.server)  # type: ignore[attr-defined]  # set by init_app

    def stopping(signum, frame):
        handler(signum, frame)  # the server stops taking new connections
        socketio.start_background_task(close_them)  # not in the signal handler itself: it uses the database

    return stopping


# Only under a server that handles SIGTERM itself (gunicorn's worker has by now); a command that imports this
# module keeps the default, which simply ends it.
if callable(_server_stop := signal.getsignal(signal.SIGTERM)):
    signal.signal(signal.SIGTERM, _stop_meeting_connections_first(_server_stop))
# Everything made while starting up lives as long as the server: keep the garbage collector from walking it
# again and again, which otherwise pauses a live meeting's broadcasts for tens of milliseconds.
gc.collect()
gc.freeze()
