"""The message queue that carries a meeting's updates between server processes, and how a process stops.

python-socketio's Redis manager, with what a live meeting needs on top:

- **A lost subscription is retried every half second** (the library waits 1, 2, 4 ... up to 60 seconds), and
  once it is back (and once it first starts) every screen on this process is told to `resync`: updates
  published while it was away, or before it had subscribed, never reached them, and Socket.IO keeps no buffer
  to replay.
- **`reachable()`** answers whether Redis answers now, so a chair's command can be refused in plain words
  instead of being saved and reaching nobody (panel/meetings/service.py). `ask()` splits the question from its
  answer: the PING goes out as the command arrives and its answer is read just before anything is written, so
  the round trip to Redis overlaps reading the meeting instead of coming before it.

`close_connections_now` ends every meeting connection of this process without a goodbye, so browsers reconnect
at once (to another process, or to this one once it has restarted) instead of holding on until the server's
graceful timeout; wsgi.py calls it when the process is asked to stop, again and again until it has gone, and
`refuse_connections_while` turns away the reconnections that reach it meanwhile (the server goes on taking
connections for up to a second after the signal, and one opened then would hold it up for the whole timeout).
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import socketio

NAMESPACE = "/meeting"
RETRY_EVERY = 0.5  # seconds between tries to subscribe again
PING_TIMEOUT = 0.5  # seconds a command waits to learn whether Redis answers
SOCKETIO_PATH = "/socket.io"  # Flask-SocketIO's default, which the app keeps
STOPPING = "This server is stopping. The meeting connects again in a moment."
log = logging.getLogger(__name__)


class MeetingQueue(socketio.RedisManager):
    def __init__(self, url: str, channel: str) -> None:
        super().__init__(url, channel=channel)
        self._url = url
        self._pinger: Any = None  # a Redis client of its own, with short timeouts

    def _redis_listen_with_retries(self):  # the library's loop, with a steady retry and a resync once back
        lost = False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if lost:
                    log.warning("The message queue is back: telling this process's screens to catch up")
                # Also the first time: the listener starts with the process's first connection, and updates
                # published before it had subscribed never reached the screens that opened meanwhile.
                self.resync_everyone_here()
                lost = False
                yield from self.pubsub.listen()
            except Exception as error:  # noqa: BLE001  (as the library's own loop: a dead listener leaves the process deaf)
                if not lost:
                    log.error("Lost the message queue (%s): retrying every %s s", error, RETRY_EVERY)
                lost = True
                time.sleep(RETRY_EVERY)

    def resync_everyone_here(self) -> None:
        """Tell every meeting screen on this process to fetch the latest (an event of this process only)."""
        socketio.Manager.emit(self, "resync", {}, namespace=NAMESPACE)

    def reachable(self) -> bool:
        """Whether Redis answers now (within half a second)."""
        return self.ask()()

    def ask(self) -> Callable[[], bool]:
        """Send Redis a PING now; the function returned reads its answer (within half a second of being
        called): whether Redis answered. Until it is first called, a connection is kept for this answer, so
        every path must call it; later calls give the same answer again."""
        redis = self._get_redis_module()
        pinger = self._pinger = self._pinger or redis.Redis.from_url(
            self._url, socket_timeout=PING_TIMEOUT, socket_connect_timeout=PING_TIMEOUT
        )
        pool = pinger.connection_pool
        try:
            connection = pool.get_connection()
        except (redis.RedisError, OSError):
            return _no
        try:
            connection.send_command("PING")
        except (redis.RedisError, OSError):
            pool.release(connection)
            return _no

        answer: list[bool] = []

        def answered() -> bool:
            if not answer:
                try:
                    answer.append(bool(connection.read_response()))
                except (redis.RedisError, OSError):
                    answer.append(False)
                finally:
                    pool.release(
                        connection
                    )  # after an error redis-py has disconnected it: the pool reconnects
            return answer[0]

        return answered


def _no() -> bool:
    return False


def _yes() -> bool:
    return True


def queue_for(url: str | None, channel: str) -> MeetingQueue | None:
    """The manager for a redis:// message queue (None without one: one process needs none)."""
    if not url or not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    return MeetingQueue(url, channel)


def everyone_can_be_reached(server) -> bool:
    """Whether an update now would reach every screen: true with no message queue (one process), else when
    the queue answers."""
    return ask_whether_everyone_can_be_reached(server)()


def ask_whether_everyone_can_be_reached(server) -> Callable[[], bool]:
    """everyone_can_be_reached, asked now and answered when the function returned is called (every path must
    call it: until then it holds a connection to Redis)."""
    manager = getattr(server, "manager", None)
    return manager.ask() if isinstance(manager, MeetingQueue) else _yes


def close_connections_now(server) -> int:
    """End every Socket.IO connection this process holds, without a goodbye: to a browser (and to
    python-socketio's client) that is a lost connection, which it reconnects at once; a goodbye would tell it
    to stay away. Each connection's disconnect handler still runs, so the chair's "who's here" stays right.
    Returns how many were closed."""
    engine = getattr(server, "eio", None)
    if engine is None:
        return 0
    sockets = list(engine.sockets.values())
    for connection in sockets:
        connection.close(wait=False, abort=True)
    return len(sockets)


def refuse_connections_while(stopping: Callable[[], bool], wsgi_app: Callable) -> Callable:
    """Wrap a WSGI app so that, once `stopping()` says so, Socket.IO requests get a 503 instead of a connection:
    a browser (or python-socketio's client) takes that as a failed try and tries again a moment later, by then
    reaching another process or this one restarted. Pages are still served while the process finishes."""

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if stopping() and environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH):
            start_response(
                "503 Service Unavailable",
                [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "1")],
            )
            return [STOPPING.encode()]
        return wsgi_app(environ, start_response)

    return app
