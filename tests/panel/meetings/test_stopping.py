"""A server process asked to stop (SIGTERM: a deploy, systemd) lets its meeting go at once and is gone within
seconds, even while the meeting's screens keep trying to reconnect to it, instead of waiting out the server's
30-second graceful timeout (while nobody on it hears the meeting, and systemd holds back the restart).

The server runs the README's production command (tests/panel/meetings/servers.py); the clients are
python-socketio's own, reconnecting as quickly as a browser does, and sooner.
"""

import signal
import threading
import time

import pytest

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the meeting")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")
pytest.importorskip("websocket", reason="websocket-client (test extra) is the client's websocket transport")

import socketio

from tests.panel.meetings import servers

NAMESPACE = "/meeting"
GRACEFUL_TIMEOUT = 30.0  # gunicorn's default, which the README's command keeps


def test_a_process_asked_to_stop_while_its_meeting_reconnects_is_gone_within_seconds(tmp_path):
    env = servers.server_env(tmp_path, None)
    running = servers.launch(env, tmp_path, count=1)
    clients: list[socketio.Client] = []
    try:
        world = servers.prepare_database(env, tmp_path / "world.json")
        servers.wait_until_serving(running)
        server, meeting = running[0], world["rounds"][0]
        dropped = threading.Semaphore(0)
        for who in ("chair", "aisha", "ben", "dev"):
            # Tries again every 0.1 s at first (a browser waits 0.25 to 0.75 s): well within the second the
            # server goes on accepting connections after the signal.
            client = socketio.Client(reconnection=True, reconnection_delay=0.1, randomization_factor=0)
            client.on("disconnect", lambda *_: dropped.release(), namespace=NAMESPACE)
            client.connect(
                server.url,
                headers={"Cookie": f"{world['cookie_name']}={meeting[who]}"},
                auth={"round": meeting["round"], "screen": False},
                transports=["websocket"],
                namespaces=[NAMESPACE],
                wait_timeout=5,
            )
            clients.append(client)

        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert all(dropped.acquire(timeout=5) for _ in clients), "a meeting connection was not closed at once"
        server.process.wait(timeout=GRACEFUL_TIMEOUT + 10)
        took = time.monotonic() - signalled
        assert took < 5, (
            f"the process took {took:.1f} s to stop (its graceful timeout is {GRACEFUL_TIMEOUT:.0f} s)"
        )
        assert "Traceback" not in server.problem()
    finally:
        for client in clients:
            # Stops its tries to reconnect as well, and waits for them to end: a client left trying would go on
            # using the random module in the background, which the Hypothesis tests after this one notice.
            client.reconnection = False
            client.shutdown()
        servers.stop(running)
