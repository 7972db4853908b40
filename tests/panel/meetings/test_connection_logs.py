"""One JSON line on `copanel.meeting` when a meeting connection opens and when it closes: the round, the
transport, this process's name and how long it was open, never who it was."""

import json

import pytest

from panel.extensions import socketio
from panel.meetings.protocol import NAMESPACE
from tests import factories


@pytest.fixture
def lines(log_lines):
    """The meeting connection lines written during the test, read as JSON."""
    return log_lines("copanel.meeting")


def _open(app, user, round_id):
    http = app.test_client()
    with http.session_transaction() as session:
        session.update(factories.signed_in(user))
    return socketio.test_client(app, namespace=NAMESPACE, auth={"round": round_id}, flask_test_client=http)


def test_a_connection_is_logged_when_it_opens_and_when_it_closes(app, panel, lines):
    aisha = _open(app, panel.aisha.user, panel.round.id)
    assert aisha.is_connected(NAMESPACE)
    [opened] = lines()
    aisha.disconnect(namespace=NAMESPACE)
    opened_again, closed = lines()
    assert opened_again == opened
    assert {key: opened[key] for key in ("event", "round", "instance")} == {
        "event": "meeting_connection_opened",
        "round": panel.round.id,
        "instance": app.config["INSTANCE"],
    }
    assert closed["event"] == "meeting_connection_closed" and closed["round"] == panel.round.id
    assert closed["open_seconds"] >= 0 and isinstance(closed["transport"], str)
    assert set(opened) == {"time", "event", "round", "transport", "instance"}
    assert set(closed) == {"time", "event", "round", "transport", "open_seconds", "reason", "instance"}
    written = json.dumps(lines())
    user = panel.aisha.user
    for personal in (user.username, user.display_name, "127.0.0.1", "session"):
        assert personal not in written


def test_a_refused_connection_writes_no_line(app, panel, lines):
    outsider = _open(app, panel.outsider, panel.round.id)
    assert not outsider.is_connected(NAMESPACE)
    assert lines() == []
