"""Debian's nginx, run with deploy/nginx/copanel.conf itself, in front of two Co-Panel processes sharing Redis:
a meeting followed over a websocket and over long-polling alone stays in step, /health answers through it,
and each process logs its requests and meeting connections as JSON lines with no personal data.

Long-polling is what a school network that blocks websockets leaves: every request of one connection must
reach the process holding it, and the site file routes them by the meeting's round. Without that routing the
polling client here fails at once (its second request reaches the other process, which does not know it).

The processes are tests/panel/meetings/servers.py's (the README's production command, with the logging of
deploy/gunicorn/logging.json), on one SQLite file: that helper makes no PostgreSQL database, so this test runs
on SQLite whichever database the rest of the suite uses.
"""

import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("gunicorn", reason="gunicorn (production extra) runs the processes behind nginx")
pytest.importorskip("gevent", reason="gevent (production extra) is the processes' worker")
pytest.importorskip("redis", reason="redis (production extra) carries broadcasts between processes")
pytest.importorskip("websocket", reason="websocket-client (test extra) is the client's websocket transport")
pytest.importorskip("requests", reason="requests (test extra) is the client's long-polling transport")

import socketio

from tests.panel.meetings import servers

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "copanel.conf"
LOGGING = ROOT / "deploy" / "gunicorn" / "logging.json"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
QUEUE = servers.redis_url() if NGINX else None
NAMESPACE = "/meeting"
WAIT = 5.0

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed: apt-get install nginx"),
    pytest.mark.skipif(NGINX is not None and QUEUE is None, reason="Redis does not answer at 127.0.0.1:6379"),
]


def site_config(nginx_port: int, app_ports: list[int]) -> str:
    """deploy/nginx/copanel.conf with this run's ports: the file a deployment installs, not a copy of it."""
    site = SITE.read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{nginx_port};"),
        ("listen [::]:80;", ""),
        ("server 127.0.0.1:8001;", f"server 127.0.0.1:{app_ports[0]};"),
        ("server 127.0.0.1:8002;", f"server 127.0.0.1:{app_ports[1]};"),
    ):
        assert old in site, f"deploy/nginx/copanel.conf no longer has {old!r}: update this test with it"
        site = site.replace(old, new)
    return site


def main_config(folder: Path, site: Path) -> str:
    """What /etc/nginx/nginx.conf gives a site, kept in this run's folder. One process (no workers to switch
    to another user, who could not reach a temporary folder), in the foreground."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    return f"""
daemon off;
master_process off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


def start_nginx(folder: Path, app_ports: list[int]) -> tuple[subprocess.Popen, str]:
    port = servers.free_port()
    site = folder / "copanel.conf"
    site.write_text(site_config(port, app_ports))
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, site))
    command = [NGINX, "-c", str(config), "-p", f"{folder}/", "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], check=False, capture_output=True, text=True, timeout=10)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, (folder / "error.log").read_text()
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return process, url
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"nginx did not answer: {(folder / 'error.log').read_text()}")


def stop_nginx(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # fast shutdown
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Two processes on one database and one Redis, nginx in front, and the meetings they serve."""
    folder = tmp_path_factory.mktemp("proxy")
    env = {**servers.server_env(folder, QUEUE), "GUNICORN_CMD_ARGS": f"--log-config-json {LOGGING}"}
    running = servers.launch(env, folder, count=2)  # they load the app while the database is made
    nginx = None
    try:
        world = servers.prepare_database(env, folder / "world.json")
        servers.wait_until_serving(running)
        nginx, url = start_nginx(folder, [server.port for server in running])
        yield world, running, url
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        servers.stop(running)


class Screen:
    """One person's meeting screen, connected through nginx the way static/js/meeting.js connects: the round
    in the address of every request, and in the connection's auth."""

    def __init__(self, url: str, world: dict, meeting: dict, who: str, transports: list[str]):
        self.updates: list[dict] = []
        self.heard = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("update", self._update, namespace=NAMESPACE)
        self.client.connect(
            f"{url}/?round={meeting['round']}",
            headers={"Cookie": f"{world['cookie_name']}={meeting[who]}"},
            auth={"round": meeting["round"], "screen": False},
            transports=transports,
            namespaces=[NAMESPACE],
            wait_timeout=WAIT,
        )

    def _update(self, data):
        with self.heard:
            self.updates.append(data)
            self.heard.notify_all()

    def update(self, seq: int) -> dict:
        with self.heard:
            found = self.heard.wait_for(lambda: any(update["seq"] == seq for update in self.updates), WAIT)
            assert found, f"no update {seq}; heard {[update['seq'] for update in self.updates]}"
            return next(update for update in self.updates if update["seq"] == seq)

    def command(self, name: str, expect: dict, **args) -> dict:
        payload = {"name": name, "args": args, "expect": expect}
        answer = self.client.call("command", payload, namespace=NAMESPACE, timeout=WAIT)
        assert answer["ok"], answer
        return answer


def log_lines(server: servers.Server) -> list[dict]:
    """The JSON lines a process has written (its log holds gunicorn's own lines too)."""
    lines = [line for line in server.log.read_text().splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


def wait_for_lines(running, found, timeout: float = WAIT) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for server in running for line in log_lines(server)]
        if found(lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_a_meeting_followed_by_websocket_and_by_long_polling_through_nginx_stays_in_step(proxied):
    world, running, url = proxied
    meeting = world["rounds"][0]
    first, second = meeting["bids"]
    screens = []
    try:
        chair = Screen(url, world, meeting, "chair", ["websocket"])
        screens.append(chair)
        aisha = Screen(url, world, meeting, "aisha", ["websocket"])
        screens.append(aisha)
        ben = Screen(url, world, meeting, "ben", ["polling"])
        screens.append(ben)
        assert (aisha.client.transport(), ben.client.transport()) == ("websocket", "polling")

        started = chair.command("start", expect={"bid": "", "phase": "waiting"})
        by_websocket, by_polling = aisha.update(started["seq"]), ben.update(started["seq"])
        assert first["title"] in by_websocket["html"] and by_websocket["html"] == by_polling["html"]

        moved = chair.command("go_to", expect={"bid": first["id"], "phase": "bid"}, bid=second["id"])
        assert moved["seq"] == started["seq"] + 1
        by_websocket, by_polling = aisha.update(moved["seq"]), ben.update(moved["seq"])
        assert second["title"] in by_websocket["html"] and by_websocket["html"] == by_polling["html"]
        assert [update["seq"] for update in aisha.updates] == [update["seq"] for update in ben.updates]
    finally:
        for screen in screens:
            screen.client.disconnect()

    def this_round(lines, event):
        return [line for line in lines if line["event"] == event and line["round"] == meeting["round"]]

    lines = wait_for_lines(running, lambda lines: len(this_round(lines, "meeting_connection_closed")) == 3)
    opened, closed = (
        this_round(lines, "meeting_connection_opened"),
        this_round(lines, "meeting_connection_closed"),
    )
    assert sorted(line["transport"] for line in opened) == ["polling", "websocket", "websocket"]
    assert len(closed) == 3 and all(line["open_seconds"] >= 0 for line in closed)
    # Routed by round: the whole meeting is held by one process, named in its lines.
    assert len({line["instance"] for line in opened + closed}) == 1
    written = json.dumps(lines)
    for personal in ("Chloe", "Aisha", "Ben", meeting["chair"], meeting["aisha"], "127.0.0.1", "round="):
        assert personal not in written


def test_health_answers_through_nginx_and_every_process_logs_its_requests(proxied):
    _, running, url = proxied
    for _ in range(4):  # round-robin: each process answers some
        with urllib.request.urlopen(f"{url}/health?from=monitor", timeout=WAIT) as response:
            assert response.status == 200
            assert json.load(response) == {"database": "ok", "redis": "ok"}

    def health_lines(server):
        return [
            line for line in log_lines(server) if line["event"] == "request" and line["rule"] == "/health"
        ]

    wait_for_lines(running, lambda _: all(health_lines(server) for server in running))
    instances = set()
    for server in running:
        lines = health_lines(server)
        assert lines, f"the process on {server.port} logged no request for /health"
        assert {(line["method"], line["status"]) for line in lines} == {("GET", 200)}
        assert all(line["ms"] >= 0 for line in lines)
        instances |= {line["instance"] for line in lines}
        assert "monitor" not in server.log.read_text()  # no query string
    assert len(instances) == 2, "each process names itself"


def _open_engine(url: str, round_id: int) -> str:
    """An Engine.IO long-polling handshake through nginx for this round; its session id."""
    address = f"{url}/socket.io/?round={round_id}&EIO=4&transport=polling"
    with urllib.request.urlopen(address, timeout=WAIT) as response:
        return json.loads(response.read().decode()[1:])["sid"]  # "0" (open) and the handshake


def _holder(running, sid: str) -> int:
    """Which process holds this session: only it accepts a packet for it (a close, which also ends it)."""
    for number, server in enumerate(running):
        address = f"{server.url}/socket.io/?EIO=4&transport=polling&sid={sid}"
        request = urllib.request.Request(
            address, data=b"1", method="POST", headers={"Content-Type": "text/plain"}
        )
        try:
            with urllib.request.urlopen(request, timeout=WAIT):
                return number
        except urllib.error.HTTPError as refused:
            assert refused.code == 400
    raise AssertionError(f"no process holds {sid}")


def test_socket_requests_are_routed_by_round_not_by_the_clients_address(proxied):
    """Everyone here comes from one address, like a school: each round still keeps to one process, and the
    rounds spread over both (20 rounds all on one of two processes would be a one in a million chance)."""
    _, running, url = proxied
    holders = {}
    for round_id in range(1, 21):
        first, again = (_holder(running, _open_engine(url, round_id)) for _ in range(2))
        assert first == again, f"round {round_id}'s requests went to both processes"
        holders[round_id] = first
    assert set(holders.values()) == {0, 1}
