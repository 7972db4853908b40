"""Socket.IO: every event checks who is asking; each audience hears exactly what it may, in sequence."""

import logging

import pytest
from sqlalchemy import delete, select

from panel.accounts.models import User
from panel.extensions import db, socketio
from panel.meetings.models import Meeting
from panel.meetings.protocol import NAMESPACE
from panel.meetings.sockets import SCREEN_ONLY, WENT_WRONG
from panel.rounds.models import Conflict, Membership
from scoring.meeting_input import UNREADABLE
from tests import factories
from tests.panel.core.test_sessions import counting_cookie_reads

# Every event a browser may send once connected. A new event must be added here to be tested below.
EVENTS = {
    "command": {"name": "raise_hand", "args": {}},
    "sync": {},
    "here": {},
}


@pytest.fixture
def connect(app):
    """A Socket.IO client for a person, signed in through their own HTTP session cookie."""
    clients = []

    def open_for(user, round_id, *, screen=False):
        http = app.test_client()
        with http.session_transaction() as session:
            session.update(factories.signed_in(user))
        client = socketio.test_client(
            app, namespace=NAMESPACE, auth={"round": round_id, "screen": screen}, flask_test_client=http
        )
        client.http = http  # the browser it was opened from, signed in as that person
        clients.append(client)
        return client

    yield open_for
    for client in clients:
        if client.is_connected(NAMESPACE):
            client.disconnect(namespace=NAMESPACE)


def updates(client) -> list[dict]:
    return [message["args"][0] for message in client.get_received(NAMESPACE) if message["name"] == "update"]


def ask(client, event, payload=None):
    return client.emit(event, payload if payload is not None else {}, namespace=NAMESPACE, callback=True)


def chair_command(client, name, **args):
    snapshot = ask(client, "sync")
    return ask(client, "command", {"name": name, "args": args, "expect": _expect(snapshot)})


def _expect(snapshot) -> dict:
    """The chair's screen names where it is: the page puts it in data attributes; tests read the html."""
    import re

    html = snapshot["html"]
    bid = re.search(r'name="expect_bid" value="([^"]*)"', html)
    phase = re.search(r'name="expect_phase" value="([^"]*)"', html)
    return {"bid": bid.group(1) if bid else "", "phase": phase.group(1) if phase else ""}


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_people_off_the_panel_cannot_connect(panel, connect, who):
    client = connect(getattr(panel, who), panel.round.id)
    assert not client.is_connected(NAMESPACE)


@pytest.mark.parametrize("auth_round", [None, "x", -1, 2**40, True, [1]])
def test_a_connection_naming_no_real_round_is_refused(panel, connect, auth_round):
    assert not connect(panel.aisha.user, auth_round).is_connected(NAMESPACE)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_rechecks_that_the_person_is_still_on_the_panel(panel, connect, event):
    client = connect(panel.ben.user, panel.round.id)
    assert client.is_connected(NAMESPACE)
    db.session.execute(delete(Membership).where(Membership.id == panel.ben.id))
    db.session.commit()
    answer = ask(client, event, EVENTS[event])
    assert answer["ok"] is False and "not on this round's panel" in answer["message"]
    assert not client.is_connected(NAMESPACE)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_rechecks_the_persons_account_too(panel, connect, event):
    """A connection remembers who opened it, but their rights are read afresh: a commissioner who is no longer
    one, or an account removed, is refused at the next event."""
    former = connect(panel.commissioner, panel.round.id)
    removed = connect(panel.ben.user, panel.round.id)
    assert former.is_connected(NAMESPACE) and removed.is_connected(NAMESPACE)
    panel.commissioner.is_commissioner = False
    db.session.execute(delete(User).where(User.id == panel.ben.user.id))
    db.session.commit()
    for client in (former, removed):
        answer = ask(client, event, EVENTS[event])
        assert answer["ok"] is False and "not on this round's panel" in answer["message"]
        assert not client.is_connected(NAMESPACE)


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_a_conflicted_member_hears_nothing_about_that_bid_from_any_event(panel, connect, event):
    chair = connect(panel.chair.user, panel.round.id)
    dev = connect(panel.dev.user, panel.round.id)
    chair_command(chair, "start")
    stepped_out_at = chair_command(chair, "go_to", bid=str(panel.bids[1].id))["seq"]
    chair_command(chair, "reveal_scores")
    answer = ask(dev, event, EVENTS[event])
    # Before the chair reached the bid, the agenda named it like any other; from then on, nothing about it.
    heard = [answer.get("html") or ""] + [
        update["html"] for update in updates(dev) if update["seq"] >= stepped_out_at
    ]
    conflicted = panel.bids[1]
    for html in heard:
        for detail in (
            conflicted.title,
            conflicted.organisation,
            conflicted.summary,
            "£20,000",
            "A clear plan",
        ):
            assert detail not in html
    if event == "command":
        assert answer["ok"] is False and "stepping out" in answer["message"]
    assert any("stepping out" in html.lower() for html in heard if html)


def test_a_chair_command_reaches_every_member_with_the_next_sequence_number(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    aisha = connect(panel.aisha.user, panel.round.id)
    ella = connect(panel.ella.user, panel.round.id)
    start = ask(aisha, "sync")["seq"]
    assert chair_command(chair, "start")["ok"]
    for client in (aisha, ella):
        received = updates(client)
        assert [update["seq"] for update in received] == [start + 1]
        assert panel.bids[0].title in received[0]["html"]


def test_members_never_get_a_csrf_token_from_someone_elses_broadcast(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    aisha = connect(panel.aisha.user, panel.round.id)
    chair_command(chair, "start")
    for update in updates(aisha) + updates(chair):
        assert 'name="csrf_token" value=""' in update["html"] or "csrf_token" not in update["html"]


def test_the_projector_never_shows_a_name_and_cannot_give_commands(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    screen = connect(panel.chair.user, panel.round.id, screen=True)
    aisha = connect(panel.aisha.user, panel.round.id)
    chair_command(chair, "start")
    chair_command(chair, "reveal_scores")
    chair_command(chair, "discuss")
    ask(aisha, "command", {"name": "raise_hand"})
    chair_command(chair, "give_turn", member=_token(panel, panel.aisha))
    shown = [update["html"] for update in updates(screen)] + [ask(screen, "sync")["html"]]
    for name in ("Aisha", "Ben", "Dev", "Ella Adult", "Chloe Chair"):
        assert not any(name in html for html in shown)
    assert ask(screen, "command", {"name": "next"})["message"] == SCREEN_ONLY


def _token(panel, membership) -> str:
    from panel.meetings.protocol import token

    return token(panel.meeting.id, membership.id)


def test_scores_reach_members_only_once_revealed(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    aisha = connect(panel.aisha.user, panel.round.id)
    chair_command(chair, "start")
    before = ask(aisha, "sync")["html"]
    assert "A clear plan" not in before
    chair_command(chair, "reveal_scores")
    assert "A clear plan" in updates(aisha)[-1]["html"]


def test_a_panellist_sending_a_chair_command_is_refused_with_the_fresh_state(panel, connect):
    aisha = connect(panel.aisha.user, panel.round.id)
    answer = ask(aisha, "command", {"name": "start", "args": {}, "expect": {"bid": "", "phase": "waiting"}})
    assert answer["ok"] is False and answer["message"] == "Only the chair can do that."
    assert answer["html"] and answer["seq"] == 1


@pytest.mark.parametrize(
    "payload",
    [
        "start",
        ["start"],
        7,
        None,
        {"name": 5},
        {"name": "record", "args": ["x"]},
        {"name": "next", "expect": "somewhere"},
        {"name": "give_turn", "args": {"member": {"$ne": 1}}},
        {"name": "go_to", "args": {"bid": "1e9"}, "expect": {"bid": "x", "phase": "nowhere"}},
    ],
)
def test_malformed_commands_are_refused_plainly(panel, connect, payload):
    chair = connect(panel.chair.user, panel.round.id)
    answer = ask(chair, "command", payload)
    assert answer["ok"] is False and answer["message"]
    assert chair.is_connected(NAMESPACE)


def test_a_replayed_command_does_nothing_the_second_time(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    chair_command(chair, "start")
    payload = {"name": "next", "args": {}, "expect": _expect(ask(chair, "sync"))}
    assert ask(chair, "command", payload)["ok"]
    again = ask(chair, "command", payload)
    assert again["ok"] is False and "moved on" in again["message"]


def _presence(client, seconds: float = 3.0) -> list[dict]:
    import time

    deadline = time.monotonic() + seconds
    while True:
        found = [
            message["args"][0] for message in client.get_received(NAMESPACE) if message["name"] == "presence"
        ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _here(presence: dict) -> str:
    return presence["html"].split("Not here")[0]


def _presence_until(client, wanted, seconds: float = 10.0) -> list[dict]:
    """The presence updates heard until one shows what `wanted` looks for (updates are gathered a moment before
    they go, and under load an earlier one can still be on its way)."""
    import time

    heard: list[dict] = []
    deadline = time.monotonic() + seconds
    while not (heard and wanted(heard[-1])) and time.monotonic() < deadline:
        heard += _presence(client, 0.2)
    return heard


def test_the_chair_sees_who_is_here_and_who_has_gone(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    chair.get_received(NAMESPACE)
    ella = connect(panel.ella.user, panel.round.id)
    assert "Ella Adult" in _here(_presence_until(chair, lambda update: "Ella Adult" in _here(update))[-1])
    ella.disconnect(namespace=NAMESPACE)
    # The second change within a second comes as one update a moment later.
    gone = _presence_until(chair, lambda update: "Ella Adult" not in _here(update))
    assert "Ella Adult" not in _here(gone[-1])


def test_an_event_that_fails_inside_says_so_plainly(panel, connect, monkeypatch):
    chair = connect(panel.chair.user, panel.round.id)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("panel.meetings.sockets.run_command", broken)
    answer = ask(chair, "command", {"name": "start"})
    assert answer == {
        "ok": False,
        "message": "Something went wrong on our side. Your screen now shows the latest.",
    }


def test_signing_out_closes_the_meeting_connections_that_browser_opened(panel, connect):
    """Signing out on one device closes the meeting there, with a message saying why; the same person's meeting
    on another device, and everyone else's, go on."""
    aisha = connect(panel.aisha.user, panel.round.id)
    aisha_on_her_laptop = connect(panel.aisha.user, panel.round.id)
    ben = connect(panel.ben.user, panel.round.id)
    assert aisha.http.post("/logout").status_code == 302
    assert not aisha.is_connected(NAMESPACE)
    assert aisha_on_her_laptop.is_connected(NAMESPACE) and ben.is_connected(NAMESPACE)
    assert ask(aisha_on_her_laptop, "here")["ok"]


def test_a_chair_with_a_conflict_steps_out_too_and_can_only_move_the_meeting_on(panel, connect, make):
    conflicted = panel.bids[2]
    make.conflict(panel.chair, conflicted)
    commissioner = connect(panel.commissioner, panel.round.id)
    chair = connect(panel.chair.user, panel.round.id)
    chair_command(commissioner, "start")
    chair_command(commissioner, "go_to", bid=str(conflicted.id))
    reached = updates(chair)[-1]
    assert "stepping out" in reached["html"].lower()
    for detail in (conflicted.title, conflicted.organisation, conflicted.summary):
        assert detail not in reached["html"]
    assert conflicted.title in updates(commissioner)[-1]["html"]
    shows = chair_command(chair, "reveal_scores")
    assert shows["ok"] is False and "stepping out" in shows["message"]
    assert conflicted.title not in shows["html"]
    assert chair_command(chair, "back")["ok"]
    assert panel.bids[1].title in updates(chair)[-1]["html"]


def _reads_before_the_first_update(client, payload) -> tuple[dict, list[str]]:
    """Send a command; return the answer and the statements run before the first update went out."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements, sent = [], []

    def note(conn, cursor, statement, *args):
        if not sent:
            statements.append(statement.split(None, 1)[0].upper())

    original = socketio.emit

    def emit(name, *args, **kwargs):
        if name == "update":
            sent.append(name)
        return original(name, *args, **kwargs)

    event.listen(Engine, "before_cursor_execute", note)
    socketio.emit = emit
    try:
        answer = ask(client, "command", payload)
    finally:
        socketio.emit = original
        event.remove(Engine, "before_cursor_execute", note)
    assert answer["ok"] and sent, answer
    return answer, statements


def test_a_chair_command_reaches_the_panel_after_one_read_of_the_database(panel, connect):
    """Fifty people wait on every chair command. Before the members' update goes out it reads who is asking
    with the round, the meeting and the panel's stamp in one query (the panel itself only when it changed,
    the agenda only when it changed, and nobody's account again: rendering the update is not a page render),
    then writes and commits."""
    chair = connect(panel.chair.user, panel.round.id)
    aisha = connect(panel.aisha.user, panel.round.id)
    chair_command(chair, "start")
    expect = _expect(ask(chair, "sync"))
    answer, statements = _reads_before_the_first_update(
        chair, {"name": "go_to", "args": {"bid": str(panel.bids[2].id)}, "expect": expect}
    )
    assert statements == ["SELECT", "UPDATE", "INSERT"], statements
    assert any(update["seq"] == answer["seq"] for update in updates(aisha))


def test_a_change_to_the_panel_reaches_the_very_next_command(panel, connect):
    """The panel is read again as soon as anything in it changes: a new name, a new conflict."""
    chair = connect(panel.chair.user, panel.round.id)
    ben = connect(panel.ben.user, panel.round.id)
    chair_command(chair, "start")
    expect = _expect(ask(chair, "sync"))
    panel.aisha.user.display_name = "Aisha Khan"
    db.session.add(Conflict(membership_id=panel.ben.id, bid_id=panel.bids[2].id, note="My aunt runs it"))
    db.session.commit()
    chair.get_received(NAMESPACE)
    answer, statements = _reads_before_the_first_update(
        chair, {"name": "go_to", "args": {"bid": str(panel.bids[2].id)}, "expect": expect}
    )
    assert statements == ["SELECT", "SELECT", "UPDATE", "INSERT"], statements
    assert "Aisha Khan" in next(update for update in updates(chair) if update["seq"] == answer["seq"])["html"]
    snapshot = ask(ben, "sync")["html"]
    assert "stepping out" in snapshot and panel.bids[2].title not in snapshot


def test_a_connection_reads_its_session_cookie_once_however_many_events_it_sends(panel, connect, monkeypatch):
    reads = counting_cookie_reads(monkeypatch)
    client = connect(panel.aisha.user, panel.round.id)
    assert client.is_connected(NAMESPACE)
    for _ in range(5):
        assert client.emit("here", {}, namespace=NAMESPACE, callback=True)["ok"] is True
    assert client.emit("sync", {}, namespace=NAMESPACE, callback=True)["ok"] is True
    assert reads.count("/socket.io") == 1


def _rooms_sent_to(client, payload) -> list[str]:
    """The rooms a command's updates went to, in the order they were sent."""
    original, rooms = socketio.emit, []

    def emit(name, *args, **kwargs):
        if name == "update":
            target = kwargs.get("to")
            rooms.extend(target if isinstance(target, list) else [target])
        return original(name, *args, **kwargs)

    socketio.emit = emit
    try:
        assert ask(client, "command", payload)["ok"]
    finally:
        socketio.emit = original
    return [name.split("-", 2)[2] for name in rooms]


def test_the_panel_hears_first_and_a_stepping_out_screen_goes_only_where_someone_steps_out(panel, connect):
    chair = connect(panel.chair.user, panel.round.id)
    chair_command(chair, "start")
    to = {bid: str(bid.id) for bid in panel.bids}
    # Dev has a conflict on the second bid: the members, then Dev's room, then the chair's and the projector's.
    sent = _rooms_sent_to(
        chair, {"name": "go_to", "args": {"bid": to[panel.bids[1]]}, "expect": _expect(ask(chair, "sync"))}
    )
    assert sent == [
        f"in-{to[panel.bids[1]]}",
        f"out-{to[panel.bids[1]]}",
        "chair",
        f"chair-in-{to[panel.bids[1]]}",
        "screen",
        f"screen-in-{to[panel.bids[1]]}",
    ]
    # Nobody has a conflict on the third: no stepping-out screen is rendered or sent.
    sent = _rooms_sent_to(
        chair, {"name": "go_to", "args": {"bid": to[panel.bids[2]]}, "expect": _expect(ask(chair, "sync"))}
    )
    assert sent == [
        f"in-{to[panel.bids[2]]}",
        "chair",
        f"chair-in-{to[panel.bids[2]]}",
        "screen",
        f"screen-in-{to[panel.bids[2]]}",
    ]


def _errors_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_connect_message_from_an_open_connection_is_refused_quietly(panel, connect, caplog):
    """Socket.IO runs the connect handler for a message named "connect" too. One from a connection that is
    already open opens nothing more (it cannot turn the chair's console into the projector) and logs nothing."""
    caplog.set_level(logging.ERROR)
    chair = connect(panel.chair.user, panel.round.id)
    for args in ([], [{}], [{}, {"round": panel.round.id, "screen": True}], [None, {"round": "x"}]):
        answer = chair.emit("connect", *args, namespace=NAMESPACE, callback=True)
        assert answer == {"ok": False, "message": UNREADABLE}
    assert chair.is_connected(NAMESPACE)
    assert chair_command(chair, "start")["ok"] is True
    assert _errors_logged(caplog) == []


def test_a_disconnect_message_leaves_the_person_connected_and_on_the_chairs_list(panel, connect, caplog):
    caplog.set_level(logging.ERROR)
    chair = connect(panel.chair.user, panel.round.id)
    ella = connect(panel.ella.user, panel.round.id)
    answer = ella.emit("disconnect", "client namespace disconnect", namespace=NAMESPACE, callback=True)
    assert answer == {"ok": False, "message": UNREADABLE}
    assert ask(ella, "here")["ok"] is True and ella.is_connected(NAMESPACE)
    assert "Ella Adult" in ask(chair, "sync")["html"].split("Not here")[0]
    assert _errors_logged(caplog) == []


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_more_arguments_than_an_event_takes_are_ignored(panel, connect, event, caplog):
    caplog.set_level(logging.ERROR)
    aisha = connect(panel.aisha.user, panel.round.id)
    answer = aisha.emit(event, EVENTS[event], {"more": 1}, 7, namespace=NAMESPACE, callback=True)
    assert answer.get("message") != WENT_WRONG and "seq" in answer
    assert _errors_logged(caplog) == []


def test_a_server_process_that_starts_clears_only_the_connections_it_left(panel, connect, app):
    """Two processes share the database: when one restarts, the chair still sees who is on the other."""
    from panel.meetings.presence import clear_presence, mark_here, present_user_ids

    aisha = connect(panel.aisha.user, panel.round.id)
    assert aisha.is_connected(NAMESPACE)
    meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.round_id == panel.round.id))
    with app.test_request_context():
        app.config["INSTANCE"], mine = "the-other-process", app.config["INSTANCE"]
        try:
            mark_here("a-sid-on-the-other-process", meeting_id, panel.ben.user_id, False)
        finally:
            app.config["INSTANCE"] = mine
    assert present_user_ids(meeting_id) == {panel.aisha.user_id, panel.ben.user_id}
    clear_presence(app.config["INSTANCE"])  # this process restarted: Aisha's connection went with it
    assert present_user_ids(meeting_id) == {panel.ben.user_id}


def _signals(client) -> list[dict]:
    return [message["args"][0] for message in client.get_received(NAMESPACE) if message["name"] == "signal"]


def test_a_break_request_reaches_every_chairs_console_at_once_and_nobody_else(panel, connect):
    """Every chair's console (the chair's and a commissioner's) hears a break request the moment it is made (it
    shows it, says it and chimes: see static/js/meeting.js); the panel and the projector never do."""
    chair = connect(panel.chair.user, panel.round.id)
    commissioner = connect(panel.commissioner, panel.round.id)
    projector = connect(panel.chair.user, panel.round.id, screen=True)
    aisha, ben = connect(panel.aisha.user, panel.round.id), connect(panel.ben.user, panel.round.id)
    chair_command(chair, "start")
    for client in (chair, commissioner, projector, aisha, ben):
        client.get_received(NAMESPACE)
    assert ask(aisha, "command", {"name": "need_break", "args": {}})["ok"] is True
    for console in (chair, commissioner):
        assert [(signal["kind"], signal["name"]) for signal in _signals(console)] == [("break", "Aisha")]
    for other in (projector, aisha, ben):
        assert _signals(other) == []
    # Asking again changes nothing, so nothing more is sent.
    assert ask(aisha, "command", {"name": "need_break", "args": {}})["ok"] is True
    assert _signals(chair) == []


def test_a_members_own_screen_says_their_break_request_was_sent_until_the_break(panel, connect):
    chair, aisha = connect(panel.chair.user, panel.round.id), connect(panel.aisha.user, panel.round.id)
    chair_command(chair, "start")
    ask(aisha, "command", {"name": "need_break", "args": {}})
    assert 'data-cp-break-asked="1"' in ask(aisha, "sync")["html"]
    assert chair_command(chair, "pause", minutes=5)["ok"] is True
    assert chair_command(chair, "resume")["ok"] is True
    assert 'data-cp-break-asked=""' in ask(aisha, "sync")["html"]
