"""The message queue between server processes: a chair's command is refused in plain words while Redis does not
answer (it would reach nobody), and a process that gets Redis back tells its screens to catch up."""

import socket

import pytest

from panel.meetings import queue
from panel.meetings.service import CANNOT_REACH, run_command
from tests.panel.meetings.servers import redis_url


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_a_queue_nobody_answers_is_not_reachable():
    pytest.importorskip("redis", reason="redis (production extra) is the message queue's client")
    gone = queue.MeetingQueue(f"redis://127.0.0.1:{_closed_port()}/0", "copanel-test")
    assert gone.reachable() is False


def test_a_queue_that_answers_is_reachable():
    url = redis_url()
    if url is None:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    assert queue.MeetingQueue(url, "copanel-test").reachable() is True


def test_a_question_asked_as_a_command_arrives_is_answered_when_read():
    url = redis_url()
    if url is None:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    meeting_queue = queue.MeetingQueue(url, "copanel-test")
    first, second = meeting_queue.ask(), meeting_queue.ask()  # two commands at once: a connection each
    assert (second(), first(), first()) == (True, True, True)
    for _ in range(20):  # every answer read gives its connection back, none left holding a stale PONG
        assert meeting_queue.ask()() is True
    assert meeting_queue._pinger.connection_pool._created_connections <= 2
    gone = queue.MeetingQueue(f"redis://127.0.0.1:{_closed_port()}/0", "copanel-test")
    assert gone.ask()() is False


def test_only_a_redis_url_gets_the_meeting_queue():
    assert queue.queue_for(None, "copanel") is None
    assert queue.queue_for("kafka://somewhere", "copanel") is None
    assert isinstance(queue.queue_for("redis://127.0.0.1:6379/0", "copanel"), queue.MeetingQueue)


def test_with_one_process_there_is_nothing_to_reach(app):
    from panel.extensions import socketio

    assert queue.everyone_can_be_reached(socketio.server) is True


def test_a_chair_command_while_the_queue_is_down_changes_nothing_and_says_so(panel, monkeypatch):
    from panel.meetings.store import meeting_of

    monkeypatch.setattr(
        "panel.meetings.service.ask_whether_everyone_can_be_reached", lambda server: lambda: False
    )
    before = meeting_of(panel.round).version
    outcome = run_command(panel.round, panel.chair.user, "start", {}, None)
    assert (outcome.ok, outcome.message) == (False, CANNOT_REACH)
    assert meeting_of(panel.round).version == before
    assert "Nothing changed" in CANNOT_REACH


class _OneMessage:
    """Redis's subscription, as far as the listener goes: one message on the channel."""

    def subscribe(self, channel):
        pass

    def listen(self):
        yield {"channel": b"copanel-test", "type": "message", "data": "{}"}


def test_getting_the_queue_back_tells_this_processs_screens_to_catch_up(monkeypatch):
    pytest.importorskip("redis", reason="redis (production extra) is the message queue's client")
    told = []
    manager = queue.MeetingQueue("redis://127.0.0.1:6379/0", "copanel-test")
    monkeypatch.setattr(manager, "resync_everyone_here", lambda: told.append("resync"))
    attempts = iter([ConnectionError("Redis went away"), None])

    def connect():
        failure = next(attempts)
        if failure is not None:
            raise failure

    manager.pubsub = _OneMessage()
    monkeypatch.setattr(manager, "_redis_connect", connect)
    monkeypatch.setattr(queue, "RETRY_EVERY", 0)
    listening = manager._redis_listen_with_retries()
    assert next(listening)["type"] == "message"  # lost once, back on the next try: the screens were told
    assert told == ["resync"]


def test_a_process_that_is_stopping_turns_meeting_connections_away_but_still_serves_pages():
    stopping = []

    def pages(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"a page"]

    app = queue.refuse_connections_while(lambda: bool(stopping), pages)

    def get(path: str) -> tuple[str, bytes]:
        said = []
        body = b"".join(app({"PATH_INFO": path}, lambda status, headers: said.append(status)))
        return said[0], body

    assert get("/socket.io/") == ("200 OK", b"a page")
    stopping.append("SIGTERM")
    status, body = get("/socket.io/")
    assert status == "503 Service Unavailable"  # the meeting page tries again, reaching a process that stays
    assert body.decode() == queue.STOPPING
    assert get("/rounds/1/meeting") == ("200 OK", b"a page")


def test_the_first_subscription_tells_the_screens_already_here_to_catch_up(monkeypatch):
    """The listener starts with a process's first connection: whatever was published before it subscribed
    reached nobody here, so the screens that opened meanwhile are told to fetch the latest."""
    pytest.importorskip("redis", reason="redis (production extra) is the message queue's client")
    told = []
    manager = queue.MeetingQueue("redis://127.0.0.1:6379/0", "copanel-test")
    monkeypatch.setattr(manager, "resync_everyone_here", lambda: told.append("resync"))

    manager.pubsub = _OneMessage()
    monkeypatch.setattr(manager, "_redis_connect", lambda: None)
    assert next(manager._redis_listen_with_retries())["type"] == "message"
    assert told == ["resync"]
