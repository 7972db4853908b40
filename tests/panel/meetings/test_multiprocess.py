"""Two server processes sharing Redis serve one meeting: people connected to either are kept in step.

The servers run the README's production command (gunicorn, one gevent worker each) against one SQLite file;
the clients are python-socketio's own client, over websockets and, for one panellist, long-polling only.
"""

import re
import threading
import time

import pytest

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the meeting")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")
pytest.importorskip("redis", reason="redis (production extra) carries broadcasts between processes")
pytest.importorskip("websocket", reason="websocket-client (test extra) is the client's websocket transport")
pytest.importorskip("requests", reason="requests (test extra) is the client's long-polling transport")

import socketio

from tests.panel.meetings import servers

NAMESPACE = "/meeting"
WAIT = 5.0  # seconds for anything to arrive
QUEUE = servers.redis_url()
pytestmark = pytest.mark.skipif(QUEUE is None, reason="Redis does not answer at 127.0.0.1:6379")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two servers on one database and one Redis message queue, and the meetings they serve."""
    folder = tmp_path_factory.mktemp("multiprocess")
    env = servers.server_env(folder, QUEUE)
    running = servers.launch(env, folder, count=2)  # they load the app while the database is made
    try:
        world = servers.prepare_database(env, folder / "world.json")
        servers.wait_until_serving(running)
        yield world, running
    finally:
        servers.stop(running)


class Person:
    """One person's screen: a Socket.IO connection to one server, and every update it has heard."""

    def __init__(self, server, cookie_name: str, cookie: str, round_id: int, transports=("websocket",)):
        self.updates: list[dict] = []
        self.heard = threading.Condition()
        self.closed_with: str | None = None
        self.gone_at: float | None = None
        self.client = socketio.Client(reconnection=False)
        self.client.on("update", self._update, namespace=NAMESPACE)
        self.client.on("closed", self._closed, namespace=NAMESPACE)
        self.client.on("disconnect", self._gone, namespace=NAMESPACE)
        self.client.connect(
            server.url,
            headers={"Cookie": f"{cookie_name}={cookie}"},
            auth={"round": round_id, "screen": False},
            transports=list(transports),
            namespaces=[NAMESPACE],
            wait_timeout=WAIT,
        )

    def _update(self, data):
        with self.heard:
            self.updates.append(data)
            self.heard.notify_all()

    def _closed(self, data):
        self.closed_with = data.get("message")

    def _gone(self, *_):
        with self.heard:
            self.gone_at = time.monotonic()
            self.heard.notify_all()

    def wait_until_gone(self, timeout: float) -> float | None:
        """When the server closed this connection (time.monotonic()), waiting up to `timeout` seconds."""
        with self.heard:
            self.heard.wait_for(lambda: self.gone_at is not None, timeout)
            return self.gone_at

    def update(self, seq: int) -> dict:
        """The update with this sequence number, waiting for it if it has not arrived yet."""
        with self.heard:
            found = self.heard.wait_for(lambda: any(update["seq"] == seq for update in self.updates), WAIT)
            assert found, f"no update {seq}; heard {[update['seq'] for update in self.updates]}"
            return next(update for update in self.updates if update["seq"] == seq)

    def command(self, name: str, expect: dict | None = None, **args) -> dict:
        payload = {"name": name, "args": args}
        if expect is not None:
            payload["expect"] = expect
        answer = self.client.call("command", payload, namespace=NAMESPACE, timeout=WAIT)
        assert answer["ok"], answer
        return answer

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def people(cluster):
    """Opens a person's screen on server 1 or 2 for a round; closes every screen afterwards."""
    world, running = cluster
    opened = []

    def open_screen(meeting: dict, who: str, server: int, transports=("websocket",)) -> Person:
        person = Person(running[server - 1], world["cookie_name"], meeting[who], meeting["round"], transports)
        opened.append(person)
        return person

    yield open_screen
    for person in opened:
        person.close()


def test_a_chair_command_reaches_members_on_both_servers_with_the_same_sequence(cluster, people):
    meeting = cluster[0]["rounds"][0]
    first, second = meeting["bids"]
    chair = people(meeting, "chair", server=1)
    aisha = people(meeting, "aisha", server=2)
    ben = people(meeting, "ben", server=1, transports=("polling",))
    assert (chair.client.transport(), aisha.client.transport(), ben.client.transport()) == (
        "websocket",
        "websocket",
        "polling",
    )

    started = chair.command("start", expect={"bid": "", "phase": "waiting"})
    on_two, on_one = aisha.update(started["seq"]), ben.update(started["seq"])
    assert first["title"] in on_two["html"] and on_two["html"] == on_one["html"]

    moved = chair.command("go_to", expect={"bid": first["id"], "phase": "bid"}, bid=second["id"])
    assert moved["seq"] == started["seq"] + 1
    on_two, on_one = aisha.update(moved["seq"]), ben.update(moved["seq"])
    assert second["title"] in on_two["html"] and on_two["html"] == on_one["html"]
    assert [update["seq"] for update in aisha.updates] == [update["seq"] for update in ben.updates]


def test_a_hand_raised_on_one_server_reaches_the_chair_on_the_other(cluster, people):
    meeting = cluster[0]["rounds"][1]
    first = meeting["bids"][0]
    chair = people(meeting, "chair", server=1)
    aisha = people(meeting, "aisha", server=2)
    chair.command("start", expect={"bid": "", "phase": "waiting"})
    chair.command("reveal_scores", expect={"bid": first["id"], "phase": "bid"})

    raised = aisha.command("raise_hand")
    queue = chair.update(raised["seq"])["html"]
    assert re.search(rf'data-cp-queue-item[^>]*data-token="{meeting["aisha_token"]}"', queue)


def test_a_member_with_a_conflict_on_the_other_server_gets_the_stepping_out_card(cluster, people):
    meeting = cluster[0]["rounds"][2]
    first, conflicted = meeting["bids"]
    chair = people(meeting, "chair", server=1)
    dev = people(meeting, "dev", server=2)
    aisha = people(meeting, "aisha", server=2)
    chair.command("start", expect={"bid": "", "phase": "waiting"})

    moved = chair.command("go_to", expect={"bid": first["id"], "phase": "bid"}, bid=conflicted["id"])
    out = dev.update(moved["seq"])["html"]
    assert "stepping out" in out.lower()
    assert conflicted["title"] not in out and conflicted["organisation"] not in out
    assert conflicted["title"] in aisha.update(moved["seq"])["html"]


def _browser(server, cookie_name: str, cookie: str):
    """A plain HTTP client holding a copy of a person's session cookie, talking to one server."""
    import requests

    browser = requests.Session()
    browser.cookies.set(cookie_name, cookie, domain="127.0.0.1", path="/")
    browser.base = server.url
    return browser


def _signed_in(browser) -> bool:
    return browser.get(f"{browser.base}/my-data", allow_redirects=False, timeout=WAIT).status_code == 200


def test_signing_out_on_one_server_ends_the_session_on_both_and_closes_its_meeting_on_the_other(
    cluster, people
):
    """Ben signs out through server 1, on the device whose cookie was copied earlier: the copy no longer
    opens a page on either server, and the meeting screen he had open on server 2 is closed within 2 s,
    with a message saying why."""
    world, running = cluster
    meeting = world["rounds"][1]
    cookie_name, cookie = world["cookie_name"], meeting["ben"]
    screen = people(meeting, "ben", server=2)
    on_one, on_two = _browser(running[0], cookie_name, cookie), _browser(running[1], cookie_name, cookie)
    copies = [_browser(server, cookie_name, cookie) for server in running]  # taken before signing out
    assert _signed_in(on_one) and _signed_in(on_two) and all(_signed_in(copy) for copy in copies)

    home = on_one.get(f"{on_one.base}/", timeout=WAIT).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', home).group(1)
    asked = time.monotonic()
    response = on_one.post(
        f"{on_one.base}/logout", data={"csrf_token": token}, allow_redirects=False, timeout=WAIT
    )
    assert response.status_code == 302, response.text[:500]

    gone_at = screen.wait_until_gone(timeout=WAIT)
    assert gone_at is not None, "the meeting screen on server 2 stayed open"
    assert gone_at - asked <= 2.0, f"closed after {gone_at - asked:.2f} s"
    assert screen.closed_with is not None and "You signed out" in screen.closed_with
    assert not any(_signed_in(copy) for copy in copies)
    with pytest.raises(socketio.exceptions.ConnectionError):
        people(meeting, "ben", server=1)
