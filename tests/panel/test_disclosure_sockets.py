"""Blind scoring in the live meeting: every event of the meeting's Socket.IO namespace, sent by every kind of
person at every stage of a round (tests/panel/disclosure_world.py), and everything each of them hears back,
answers and broadcasts alike, against the one rule in scoring/disclosure.py.

Everyone connects (the chair and the commissioner a second time, as the projector) before the round moves on,
so they hear the moving on as it happens: the chair opening the first bid, the first views and then its scores
being shown, the meeting running to its end. Then each connection sends every event that reads, and every
screen is broadcast again. Text leaks are found by the markers typed into comments; number leaks by changing the
scores of a bid hidden from someone, doing it all again and comparing. An event the server handles that the
walk does not send fails the first test."""

import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from panel.extensions import db, socketio
from panel.meetings import protocol, store
from panel.meetings.models import FirstView, Meeting
from panel.meetings.protocol import NAMESPACE
from panel.meetings.store import load
from scoring.consensus import View
from tests import factories
from tests.panel.disclosure_world import (
    STAGES,
    WHO,
    World,
    build_world,
    hidden_from,
    leaks,
    move_to,
    over_http,
    reach,
    shift_scores,
)

# Every event of the meeting namespace, and how the walk sends it.
WALKED_EVENTS = {
    "connect": "everyone opens a connection (refused for anyone who may not attend)",
    "disconnect": "everyone closes it at the end (the chair's screen hears who left)",
    "sync": "READING",
    "here": "READING",
    "command": "READING, and the chair's and members' commands that move the meeting on",
}
# What each connection sends to read: its screen, its heartbeat, and commands that read (each is refused with
# the person's screen as it is now, or accepted changing nothing, with their own first view).
READING = (
    ("sync", {}),
    ("here", {}),
    ("command", {"name": "lower_hand"}),  # nobody has a hand up: changes nothing while the room talks
    ("command", {"name": "give_view", "args": {"view": "fund"}}),  # first views are closed by now
    ("command", {"name": "next", "expect": {"bid": "", "phase": "closed"}}),  # from a chair's stale screen
    ("command", {"name": "dance"}),  # no such command
)
# Who connects: everyone as themselves, and the chair and the commissioner as the projector too.
CONNECTIONS = [(who, False) for who in WHO] + [("chair", True), ("commissioner", True)]
ATTENDING = ("young", "adult", "conflicted", "chair", "commissioner")  # the round's panel and commissioners
CONSOLES = (("chair", False), ("commissioner", False))
# A leak the walk found that only a change in panel/meetings/sockets.py ends: every projector joins the one
# "screen" room, so a projector the chair opened still hears the screens of a bid the chair steps out for, its
# scores with them. Once sockets._join_rooms gives a projector `protocol.screen_rooms(data, membership)`, the
# broadcasts go only where protocol.publish sends them, and this fails: take the entry out.
KNOWN_LEAKS: set[tuple[str, str, str, str]] = set()  # (stage, bid, who, what): none known


def test_every_event_the_meeting_handles_is_walked(app):
    server = socketio.server  # made by init_app
    handled = {(namespace, event) for namespace, events in server.handlers.items() for event in events}
    handled |= {(namespace, "(a namespace class)") for namespace in server.namespace_handlers}
    unwalked = sorted(
        f"{event} on {namespace}"
        for namespace, event in handled
        if namespace != NAMESPACE or event not in WALKED_EVENTS
    )
    assert unwalked == [], (
        f"the server handles {unwalked}, which the disclosure walk never sends: add it to the disclosure matrix "
        "(WALKED_EVENTS and READING in tests/panel/test_disclosure_sockets.py)"
    )
    gone = set(WALKED_EVENTS) - {event for namespace, event in handled if namespace == NAMESPACE}
    assert not gone, f"events walked here that the meeting no longer handles: {sorted(gone)}"


@dataclass
class Connection:
    who: str
    screen: bool
    client: object
    heard: list = field(default_factory=list)  # (what, text): every answer and broadcast it has had

    @property
    def name(self) -> str:
        return f"{self.who} (projector)" if self.screen else self.who

    @property
    def open(self) -> bool:
        return self.client.is_connected(NAMESPACE)

    def broadcasts(self) -> list[tuple[str, str]]:
        """The broadcasts that arrived since last asked."""
        if not self.open:
            return []
        return [
            (f"broadcast {message['name']}", _text(message["args"]))
            for message in self.client.get_received(NAMESPACE)
        ]

    def ask(self, event: str, payload: dict) -> tuple[str, str]:
        answer = self.client.emit(event, payload, namespace=NAMESPACE, callback=True)
        return f"answer to {event} {payload}", _text(answer)


def _text(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def _connect(app, world: World, connections: dict) -> None:
    """Connect everyone who is not connected yet, as a browser does: with their signed-in session."""
    for who, screen in CONNECTIONS:
        if (who, screen) in connections and connections[who, screen].open:
            continue
        http = app.test_client()
        with http.session_transaction() as session:
            session.update(factories.signed_in(world.people[who]))
        client = socketio.test_client(
            app, namespace=NAMESPACE, auth={"round": world.round.id, "screen": screen}, flask_test_client=http
        )
        connections[who, screen] = Connection(who, screen, client)


def _over_sockets(connections: dict, fallback):
    """Commands on the giver's own meeting socket (a refusal fails the walk)."""

    def says(who: str, name: str, args: dict) -> None:
        giver = connections.get((who, False))
        if giver is None or not giver.open:
            fallback(who, name, args)
            return
        where, answer = giver.ask("command", {"name": name, "args": args})
        giver.heard.append((where, answer))
        assert json.loads(answer)["ok"], (who, name, answer)

    return says


def _meeting(world: World) -> Meeting | None:
    return db.session.scalar(
        select(Meeting).where(Meeting.round_id == world.round.id).execution_options(populate_existing=True)
    )


def _read(world: World, connections: dict) -> dict[str, list[tuple[str, str]]]:
    """What each open connection hears now: its answers to every reading event, then what it hears when every
    screen is broadcast again (as the next command would send them) with the chair's list of who is here."""
    heard = {
        connection.name: [connection.ask(event, payload) for event, payload in READING]
        for connection in connections.values()
        if connection.open
    }
    meeting = _meeting(world)
    if meeting is not None:
        protocol.publish(load(meeting))
        protocol.publish_presence(world.round.id)
    for connection in connections.values():
        if connection.open:
            heard[connection.name] += connection.broadcasts()
    return heard


def _number_checks(world: World) -> list[list[int]]:
    """Each bid whose scores are hidden from someone in the meeting, on its own."""
    bids = [bid.id for bid in world.bids.values()]
    return [[bid] for bid in bids if any(hidden_from(world, who, [bid]) for who in ATTENDING)]


def _leaks(world: World, connections: dict) -> list[str]:
    return [
        leak
        for connection in connections.values()
        for where, text in connection.heard
        for leak in leaks(world, connection.who, f"{connection.name}, {where}", text)
    ]


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.mark.parametrize("stage", STAGES)
def test_no_meeting_event_or_broadcast_tells_anyone_what_the_rule_hides(app, world, stage, monkeypatch):
    # The chair's list of who is here goes out at once, not gathered up in a background task a second later.
    monkeypatch.setattr(protocol, "PRESENCE_EVERY", 0)
    http = over_http(app, world)
    if stage != "scoring":
        reach(world, STAGES[STAGES.index(stage) - 1], http)
    connections: dict = {}
    try:
        _connect(app, world, connections)
        if stage != "scoring":
            move_to(world, stage, _over_sockets(connections, http))
        _connect(app, world, connections)  # a meeting opened just now lets its people in
        for connection in connections.values():
            connection.heard += connection.broadcasts()
        attending = {
            connection.name
            for connection in connections.values()
            if stage != "scoring"
            and connection.who in ATTENDING
            and (not connection.screen or connection.who in ("chair", "commissioner"))
        }
        assert {c.name for c in connections.values() if c.open} == attending, (
            "the meeting let in the wrong people"
        )

        meeting = _meeting(world)
        before = _read(world, connections)
        for connection in connections.values():
            connection.heard += before.get(connection.name, [])
        assert _leaks(world, connections) == []
        if meeting is not None:
            assert _meeting(world).version == meeting.version, "the walk's reading events changed the meeting"

        for bids in _number_checks(world):
            shift_scores(world, bids)
            after = _read(world, connections)
            shift_scores(world, bids, steps=-1)
            shifted = "+".join(reference for reference, bid in world.bids.items() if bid.id in bids)
            changed = {
                (stage, shifted, name, where)
                for name, heard in after.items()
                if hidden_from(world, connections[_key(name)].who, bids)
                for where in _differences(before[name], heard)
            }
            assert sorted(changed - KNOWN_LEAKS) == []
            known = {leak for leak in KNOWN_LEAKS if leak[:2] == (stage, shifted)}
            assert changed & known == known, f"fixed: take {sorted(known - changed)} out of KNOWN_LEAKS"
            if stage == "revealed" and bids == [world.bids["R1"].id]:
                # The walk sees a change where there is one: the room is shown this bid's scores.
                assert _differences(before["young"], after["young"]), "the walk cannot see the scores change"

        # Two first views shown to the room are too few to count (scoring/disclosure.py): whatever the adult
        # picked, nobody else hears a difference, not the young member who gave the other one.
        if _turn_first_view(world, "adult"):
            after = _read(world, connections)
            _turn_first_view(world, "adult", steps=-1)
            changed = [
                (name, where)
                for name, heard in after.items()
                if connections[_key(name)].who != "adult"
                for where in _differences(before[name], heard)
            ]
            assert changed == [], "a first view shown to too few people reached someone else"

        # Everyone leaves, the consoles last: they hear each one go.
        for key, connection in connections.items():
            if connection.open and key not in CONSOLES:
                connection.client.disconnect(namespace=NAMESPACE)
        for key in CONSOLES:
            if connections[key].open:
                connections[key].heard += connections[key].broadcasts()
        assert _leaks(world, connections) == []
    finally:
        for connection in connections.values():
            if connection.open:
                connection.client.disconnect(namespace=NAMESPACE)


def _turn_first_view(world: World, who: str, steps: int = 1) -> bool:
    """Move `who`'s first view of every bid one choice round (fund it -> not sure -> don't fund it), as a meeting
    alike in all else would hold; False if they gave none. With steps=-1, move it back."""
    choices = list(View)
    given = db.session.scalars(select(FirstView).where(FirstView.membership_id == world.seats[who].id)).all()
    for row in given:
        row.view = choices[(choices.index(row.view) + steps) % len(choices)]
    db.session.commit()
    store._agendas.clear()  # the agenda is kept by the meeting's version, which a change made here leaves alone
    return bool(given)


def _key(name: str) -> tuple[str, bool]:
    return name.removesuffix(" (projector)"), name.endswith(" (projector)")


def _differences(was: list[tuple[str, str]], now: list[tuple[str, str]]) -> list[str]:
    if [where for where, _ in was] != [where for where, _ in now]:
        return [f"heard {[where for where, _ in now]} instead of {[where for where, _ in was]}"]
    return [where for (where, text), (_, before) in zip(now, was, strict=True) if text != before]
