"""Meeting fan-out benchmark: how long a chair's command takes to reach every panellist, against a bare
Socket.IO server.

Both servers run with the production command from the README (gunicorn, one gevent worker, 2,000 worker
connections) on 127.0.0.1, sharing Redis as a message queue when Redis answers. The clients are
python-socketio asyncio clients over websockets, all in this process, each signed in with its own session
cookie.

  1. one meeting: its chair and 50 panellists; the chair gives 1,000 commands one after another (both servers
     up, alternating every 10 commands, so a busy spell on the machine hits both alike);
  2. 20 meetings at once (1,020 sockets); every chair gives 50 commands, all chairs at the same time (one
     server after the other);
  3. scale-out (with Redis): the app as one process holding all 1,020 sockets (no message queue), against two
     processes sharing Redis with half of every meeting on each; every chair gives 20 commands at once, on
     one arrangement, then the other.

Latency of one delivery = when a panellist received the update - just before the chair sent the command.
Run: .venv/bin/pip install -e '.[production,bench]' && .venv/bin/python bench/meeting_fanout.py
(--tiny: 3 meetings of 10 panellists and a few commands, for CI; tests/bench/test_meeting_fanout.py runs it.)
It exits 1 if an update never reached a panellist, a command was refused, a socket was dropped or a scenario
gave no command; a goal missed, or a scenario cut short by its time limit, is only reported.
With COPANEL_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres it runs on PostgreSQL instead of
SQLite: it makes a throwaway database on that server and drops it at the end.
"""

import argparse
import asyncio
import contextlib
import http.client
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAMESPACE = "/meeting"


@dataclass(frozen=True)
class Size:
    meetings: int
    panellists: int  # per meeting, besides its chair
    # Scenario 1: one meeting. Its p99 is set by the slowest 1% of commands: with 200 it was their slowest two,
    # and back-to-back runs of the same code gave ratios from 1.19 to 1.56.
    solo_commands: int
    crowd_commands: int  # scenario 2: per meeting, all meetings at once
    scale_commands: int  # scenario 3: per meeting, all meetings at once, on each arrangement
    time_limit: float  # seconds for the whole run, setup and every server included
    solo_limit: float  # seconds for scenario 1 on one server (both servers: twice that)
    crowd_limit: float  # seconds for scenario 2 on one server, and for scenario 3 on one arrangement


FULL = Size(
    meetings=20,
    panellists=50,
    solo_commands=1000,
    crowd_commands=50,
    scale_commands=20,
    time_limit=720.0,
    solo_limit=60.0,
    crowd_limit=60.0,
)
TINY = Size(
    meetings=3,
    panellists=10,
    solo_commands=40,
    crowd_commands=5,
    scale_commands=6,
    time_limit=150.0,
    solo_limit=20.0,
    crowd_limit=20.0,
)
SIZE = FULL  # main() sets it from the command line
SOLO_BLOCK = 10  # scenario 1 alternates between the two servers every this many commands
GOAL_FANOUT, GOAL_SCALE = 1.2, 1.1  # p99 ratios: app/bare (scenario 1), two processes/one (scenario 3)
PASSWORD = "bench-panellist-2027"
SECRET_KEY = "bench-only-secret-key-meeting-fanout"
START_LIMIT = 60.0  # seconds a server may take to answer its first request
SEAT_LIMIT = 30.0  # seconds to connect meeting 1's 51 sockets
CONNECT_LIMIT = 90.0  # seconds to connect the other 969 sockets to one server
DELIVERY_WAIT = 10.0  # seconds one update may take to reach every panellist before it counts as lost
CONNECTING_AT_ONCE = 25
REDIS = ("127.0.0.1", 6379)
STARTED: list[subprocess.Popen] = []  # every server this run started, stopped again in main's finally


# -----------------------------------------------------------------------------------------------------------
# The world, made in a subprocess with the app's models and session signing: meeting_fanout.py --setup ...


def make_world(meetings: int, panellists: int, password: str) -> dict:
    """Rounds in their meeting, each with 2 criteria, 2 bids, a chair and `panellists` trained members (half
    young), every sheet submitted, one member per round with a conflict on the second bid, and the meeting
    opened."""
    from flask import current_app
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from panel.accounts.models import User
    from panel.accounts.sessions import cookie_values
    from panel.bids.models import Bid
    from panel.core.models import utcnow
    from panel.extensions import db
    from panel.meetings.store import open_meeting
    from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
    from panel.sheets.models import Sheet, SheetScore, SheetStatus
    from scoring.people import AgeBand, MemberKind, MemberRole
    from scoring.rounds import RoundStatus

    def add(model, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        return list(db.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))

    keep_apart(secrets.randbelow(2_000_000) * 1000 + 1_000_000)
    now = utcnow()
    password_hash = generate_password_hash(password)  # once: hashing is slow on purpose
    round_ids = add(
        Round,
        [
            {
                "title": f"Bench meeting {number + 1}",
                "budget_pence": 5_000_000,
                "status": RoundStatus.MEETING,
                "purpose": "Choose services that help young people feel better.",
                "in_scope": "Which bids get money, and how much.",
                "out_of_scope": "The total budget.",
            }
            for number in range(meetings)
        ],
    )
    titles = ("Meets young people's needs", "A clear plan")
    criterion_ids = add(
        Criterion,
        [
            {
                "round_id": round_id,
                "position": position,
                "title": title,
                "weight": 50,
                "scale_min": 0,
                "scale_max": 4,
                "question": f"How well does the bid do this: {title.lower()}?",
                "guidance": "Look for evidence in the bid.",
            }
            for round_id in round_ids
            for position, title in enumerate(titles)
        ],
    )
    add(
        CriterionLevel,
        [
            {"criterion_id": criterion_id, "score": score, "descriptor": f"Level {score}"}
            for criterion_id in criterion_ids
            for score in range(5)
        ],
    )
    bid_ids = add(
        Bid,
        [
            {
                "round_id": round_id,
                "reference": f"BM-{number + 1:02d}",
                "organisation": f"Youth group {number + 1}",
                "title": f"Weekly drop-in sessions {number + 1}",
                "amount_pence": 2_000_000,
                "summary": "We will run weekly drop-in sessions with young people leading them. " * 3,
            }
            for round_id in round_ids
            for number in range(2)
        ],
    )
    people = 1 + panellists
    user_ids = add(
        User,
        [
            {
                "username": f"fan{index:05d}",
                "display_name": f"Panellist {index}",
                "password_hash": password_hash,
                "privacy_accepted_at": now,
            }
            for index in range(meetings * people)
        ],
    )
    memberships = []
    for meeting, round_id in enumerate(round_ids):
        for seat in range(people):
            young = seat % 2 == 1
            memberships.append(
                {
                    "round_id": round_id,
                    "user_id": user_ids[meeting * people + seat],
                    "role": MemberRole.CHAIR if seat == 0 else MemberRole.PANELLIST,
                    "kind": MemberKind.YOUNG if young else MemberKind.ADULT,
                    "age_band": AgeBand.B17_19 if young else None,
                    "confidentiality_accepted_at": now,
                    "conflicts_reviewed_at": now,
                    "trained_in_person_at": now,
                }
            )
    membership_ids = add(Membership, memberships)
    conflicts, sheets, rounds = [], [], []
    for meeting, round_id in enumerate(round_ids):
        bids = bid_ids[2 * meeting : 2 * meeting + 2]
        criteria = criterion_ids[2 * meeting : 2 * meeting + 2]
        seats = membership_ids[meeting * people + 1 : (meeting + 1) * people]
        conflicts.append({"membership_id": seats[-1], "bid_id": bids[1], "note": "My cousin works there"})
        for position, membership_id in enumerate(seats):
            for bid_id in bids:
                if membership_id == seats[-1] and bid_id == bids[1]:
                    continue
                sheets.append(
                    (
                        {
                            "round_id": round_id,
                            "bid_id": bid_id,
                            "membership_id": membership_id,
                            "status": SheetStatus.SUBMITTED,
                            "submitted_at": now,
                        },
                        [(criterion, (position + bid_id + criterion) % 5) for criterion in criteria],
                    )
                )
        rounds.append(
            {
                "round": round_id,
                "bids": bids,
                "chair": user_ids[meeting * people],
                "panellists": user_ids[meeting * people + 1 : (meeting + 1) * people],
            }
        )
    add(Conflict, conflicts)
    sheet_ids = add(Sheet, [row for row, _ in sheets])
    add(
        SheetScore,
        [
            {"sheet_id": sheet_id, "criterion_id": criterion, "score": score, "abstained": False}
            for sheet_id, (_, scores) in zip(sheet_ids, sheets, strict=True)
            for criterion, score in scores
        ],
    )
    for round_ in db.session.scalars(select(Round).where(Round.id.in_(round_ids))):
        open_meeting(round_)
    db.session.commit()

    # Exactly what the sign-in form leaves in the browser: Flask-Login's keys in the app's signed session.
    serializer = current_app.session_interface.get_signing_serializer(current_app)

    def cookie(user_id: int) -> str:
        values = cookie_values(db.session.get_one(User, user_id))
        db.session.commit()
        return serializer.dumps(values)

    for world_round in rounds:
        world_round["chair"] = cookie(world_round["chair"])
        world_round["panellists"] = [cookie(user_id) for user_id in world_round["panellists"]]
    return {"cookie_name": current_app.config.get("SESSION_COOKIE_NAME") or "session", "meetings": rounds}


def keep_apart(base: int) -> None:
    """Start this run's round and meeting ids after `base`, with a placeholder round and meeting at `base`.

    Rooms are named after meeting ids, and every Flask-SocketIO process using one Redis server shares the
    channel "flask-socketio" whatever the database number in the URL (Redis pub/sub ignores it), so another
    Co-Panel run on this machine (the multi-process test, a second benchmark) would otherwise hear this run's
    broadcasts."""
    from sqlalchemy import insert, text

    from panel.extensions import db
    from panel.meetings.models import Meeting
    from panel.rounds.models import Round
    from scoring.meeting import Status
    from scoring.rounds import RoundStatus

    db.session.execute(
        insert(Round).values(
            id=base,
            title="(placeholder: keeps this run's ids apart)",
            budget_pence=0,
            status=RoundStatus.DRAFT,
        )
    )
    db.session.execute(
        insert(Meeting).values(
            id=base, round_id=base, status=Status.WAITING, version=1, cursor=0, queue=[], break_requests=[]
        )
    )
    if db.engine.dialect.name == "postgresql":
        for table in ("round", "meeting"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {base})"))


def setup_main() -> None:
    from panel import create_app

    with create_app().app_context():
        world = make_world(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    Path(sys.argv[5]).write_text(json.dumps(world))


# -----------------------------------------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_queue() -> str | None:
    """A Redis URL on an empty database number if Redis answers, else None (then both servers work alone)."""
    try:
        import redis
    except ImportError:
        return None
    try:
        probe = redis.Redis(host=REDIS[0], port=REDIS[1], socket_timeout=1, socket_connect_timeout=1)
        probe.ping()
        number = next(
            (
                n
                for n in range(15, 0, -1)
                if redis.Redis(host=REDIS[0], port=REDIS[1], db=n, socket_timeout=1).dbsize() == 0
            ),
            15,
        )
    except (redis.RedisError, OSError):
        return None
    return f"redis://{REDIS[0]}:{REDIS[1]}/{number}"


def own_redis(folder: Path) -> tuple[str, subprocess.Popen] | None:
    """A redis-server of the run's own on a free port, saving nothing to disk, if one is installed: (its URL,
    the process). No other Co-Panel process on the machine can hear its broadcasts, nor it theirs."""
    if shutil.which("redis-server") is None:
        return None
    import redis

    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with (folder / "redis.log").open("wb") as output:
        process = subprocess.Popen(command + ["--dir", str(folder)], stdout=output, stderr=subprocess.STDOUT)
    STARTED.append(process)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if redis.Redis(port=port, socket_timeout=0.5, socket_connect_timeout=0.5).ping():
                return f"redis://127.0.0.1:{port}/0", process
        except (redis.RedisError, OSError):
            time.sleep(0.05)
    raise SystemExit(f"redis-server did not start: {(folder / 'redis.log').read_text()[-1000:]}")


def make_database(folder: Path) -> tuple[str, str | None]:
    """(the app's DATABASE_URL, a PostgreSQL database to drop at the end or None)."""
    server = os.environ.get("COPANEL_BENCH_DATABASE_URL")
    if not server:
        return f"sqlite:///{folder / 'copanel.db'}", None
    import psycopg

    name = f"copanel_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}", name


def drop_database(name: str) -> None:
    import psycopg

    server = os.environ["COPANEL_BENCH_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start(target: str, env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """The README's production command on a free port; returns once the port answers."""
    server, port = launch(target, env, cwd, log)
    answering(server, port, target, log)
    return server, port


def launch(target: str, env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """The README's production command on a free port, not waiting for it (several can start at once)."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "-k",
        "gevent",
        "-w",
        "1",
        "--worker-connections",
        "2000",
        "--no-control-socket",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        target,
    ]
    with log.open("wb") as output:  # a file, not a pipe: a pipe nobody reads can fill up and stall the server
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    STARTED.append(server)
    return server, port


def answering(server: subprocess.Popen, port: int, target: str, log: Path) -> None:
    """Wait until the server answers an HTTP request: gunicorn's arbiter takes connections as soon as it
    starts, but only its worker answers, once it has imported the app."""
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{target} stopped: {log.read_text()[-2000:]}")
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=max(0.5, deadline - time.monotonic())
        )
        try:
            connection.request("GET", "/socket.io/?EIO=4&transport=polling")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    stop(server)
    raise SystemExit(f"{target} did not answer within {START_LIMIT:.0f} seconds")


def stop(server: subprocess.Popen) -> None:
    """Quick shutdown (SIGINT): a graceful one would wait for every open websocket."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def worker_rss_kb(arbiter: int) -> int:
    """VmRSS of gunicorn's one worker (the arbiter's child), not of the arbiter."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != arbiter:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    raise RuntimeError(f"no worker found under gunicorn {arbiter}")


# -----------------------------------------------------------------------------------------------------------
# Clients


@dataclass
class Scenario:
    latencies: list[float] = field(default_factory=list)
    commands: int = 0
    refused: list[str] = field(default_factory=list)
    lost: int = 0  # deliveries that had not arrived DELIVERY_WAIT after their command
    extra: int = 0  # more deliveries of one update than panellists: someone else broadcasting to these rooms
    seconds: float = 0.0
    cut_short: bool = False

    def take_in(self, block: "Scenario") -> None:
        """Add a block of this scenario's commands (run apart, alternating with another server's)."""
        self.latencies += block.latencies
        self.commands += block.commands
        self.refused += block.refused
        self.lost += block.lost
        self.extra += block.extra
        self.seconds += block.seconds
        self.cut_short = self.cut_short or block.cut_short


class Room:
    """One meeting as the bench sees it: its chair, its panellists, when each update reached each of them."""

    def __init__(self, spec: dict, place: dict | None = None):
        self.spec = spec
        self.chair = None
        self.panellists: list = []
        self.arrivals: dict[int, list[float]] = defaultdict(list)
        self.waiters: dict[int, asyncio.Future] = {}
        self.html: str | None = None  # the last update the first panellist (never conflicted) received
        # Where the meeting is: whether it has started, and the index in spec["bids"] of the bid it is on.
        # Shared by every Room of one meeting in the app's database (each server arrangement has its own).
        self.place = place if place is not None else {"started": False, "at": 0}

    @property
    def started(self) -> bool:
        return self.place["started"]

    @started.setter
    def started(self, value: bool) -> None:
        self.place["started"] = value

    @property
    def at(self) -> int:
        return self.place["at"]

    @at.setter
    def at(self, value: int) -> None:
        self.place["at"] = value

    def on_update(self, capture: bool):
        def handler(data):
            now = time.perf_counter()
            seq = data.get("seq")
            got = self.arrivals[seq]
            got.append(now)
            if capture:
                self.html = data.get("html")
            if len(got) >= len(self.spec["panellists"]):
                waiter = self.waiters.pop(seq, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)

        return handler

    async def deliveries(self, seq: int) -> list[float]:
        """When each panellist received update `seq` (waiting up to DELIVERY_WAIT for the last of them)."""
        if len(self.arrivals[seq]) < len(self.spec["panellists"]):
            waiter = asyncio.get_running_loop().create_future()
            self.waiters[seq] = waiter
            try:
                await asyncio.wait_for(waiter, DELIVERY_WAIT)
            except TimeoutError:
                self.waiters.pop(seq, None)
        return self.arrivals.pop(seq, [])


class Crowd:
    def __init__(self, url: str, cookie_name: str):
        self.url, self.cookie_name = url, cookie_name
        self.clients: list = []
        self.dropped = 0
        self.gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def open(self, cookie: str, round_id: int, on_update=None, *, counted: bool = True):
        import socketio

        client = socketio.AsyncClient(reconnection=False)
        if on_update is not None:
            client.on("update", on_update, namespace=NAMESPACE)

        def dropped(*_):
            self.dropped += 1

        if counted:
            client.on("disconnect", dropped, namespace=NAMESPACE)
        self.clients.append(client)
        async with self.gate:
            await client.connect(
                self.url,
                headers={"Cookie": f"{self.cookie_name}={cookie}"},
                auth={"round": round_id, "screen": False},
                transports=["websocket"],
                namespaces=[NAMESPACE],
                wait_timeout=30,
            )
        return client

    async def seat(self, room: Room, others: "tuple[Crowd, ...]" = (), chair: "Crowd | None" = None) -> None:
        """Connect a meeting's panellists, then its chair. With `others`, the panellists are dealt in turn to
        this crowd and the others (each crowd connected to its own server); `chair` is the chair's crowd."""
        spec = room.spec
        crowds = (self, *others)
        room.panellists = await asyncio.gather(
            *(
                crowds[number % len(crowds)].open(cookie, spec["round"], room.on_update(capture=number == 0))
                for number, cookie in enumerate(spec["panellists"])
            )
        )
        room.chair = await (chair or self).open(spec["chair"], spec["round"])

    async def close(self) -> None:
        async def one(client):
            # The server is already gone; only the local session is left to drop.
            with contextlib.suppress(Exception):
                await client.eio.disconnect(abort=True)

        await asyncio.wait_for(asyncio.gather(*(one(client) for client in self.clients)), 20)


async def drive(room: Room, commands: int, deadline: float, result: Scenario) -> None:
    """The chair starts the meeting (once), then moves it between its two bids `commands` times, waiting each
    time until every panellist has the update."""
    chair = room.chair
    if not room.started:
        answer = await chair.call("command", {"name": "start", "args": {}}, namespace=NAMESPACE, timeout=30)
        if not answer.get("ok"):
            result.refused.append(f"start: {answer.get('message')}")
            return
        await room.deliveries(answer["seq"])
        room.started = True
    for _ in range(commands):
        if time.monotonic() > deadline:
            result.cut_short = True
            return
        target = 1 - room.at
        payload = {"name": "go_to", "args": {"bid": room.spec["bids"][target]}}
        sent = time.perf_counter()
        answer = await chair.call("command", payload, namespace=NAMESPACE, timeout=30)
        if not answer.get("ok"):
            result.refused.append(str(answer.get("message")))
            continue
        room.at = target
        arrived = await room.deliveries(answer["seq"])
        result.commands += 1
        result.lost += max(0, len(room.spec["panellists"]) - len(arrived))
        result.extra += max(0, len(arrived) - len(room.spec["panellists"]))
        result.latencies.extend(moment - sent for moment in arrived)


async def run_scenario(rooms: list[Room], commands: int, limit: float, run_deadline: float) -> Scenario:
    result = Scenario()
    deadline = min(time.monotonic() + limit, run_deadline)
    began = time.perf_counter()
    outcomes = await asyncio.gather(
        *(drive(room, commands, deadline, result) for room in rooms), return_exceptions=True
    )
    result.refused += [f"{type(problem).__name__}: {problem}" for problem in outcomes if problem is not None]
    result.seconds = time.perf_counter() - began
    return result


@dataclass
class Run:
    name: str
    solo: Scenario = field(default_factory=Scenario)
    crowd: Scenario | None = None
    rss_idle: int = 0
    rss_before: int = 0
    rss_seated: int = 0  # with meeting 1's 51 sockets, after scenario 1, before the other 969 connect
    rss_after: int = 0
    connected: int = 0
    connect_seconds: float = 0.0
    dropped: int = 0
    log: str = ""  # anything the server wrote to its log (warnings and errors only)
    skipped: str = ""  # why scenario 2 did not run, if it did not


class Side:
    """One server under test (the app or the bare one) and the bench's clients connected to it."""

    def __init__(
        self, name: str, target: str, cwd: Path, env: dict, log: Path, world: dict, places: dict | None = None
    ):
        self.run = Run(name)
        self.target, self.cwd, self.env, self.log = target, cwd, env, log
        self.world = world
        self.rooms = [
            Room(
                spec,
                places.setdefault(spec["round"], {"started": False, "at": 0}) if places is not None else None,
            )
            for spec in world["meetings"]
        ]
        self.server: subprocess.Popen | None = None
        self.crowd: Crowd | None = None

    async def boot(self, run_deadline: float) -> None:
        """Start the server, measure it idle and warmed up, seat meeting 1 and start that meeting."""
        self.server, port = start(self.target, self.env, self.cwd, self.log)
        self.crowd = Crowd(f"http://127.0.0.1:{port}", self.world["cookie_name"])
        await asyncio.sleep(0.5)
        self.run.rss_idle = worker_rss_kb(self.server.pid)
        # Warm up: one connection and one snapshot, so one-off costs (templates, imports) are not per socket.
        spare = self.rooms[-1].spec
        warm = await self.crowd.open(spare["panellists"][0], spare["round"], counted=False)
        await warm.call("sync", {}, namespace=NAMESPACE, timeout=30)
        await warm.disconnect()
        self.crowd.clients.remove(warm)
        await asyncio.sleep(0.5)
        self.run.rss_before = worker_rss_kb(self.server.pid)
        try:
            await asyncio.wait_for(self.crowd.seat(self.rooms[0]), SEAT_LIMIT)
        except TimeoutError:
            raise SystemExit(
                f"{self.run.name}: meeting 1's 51 sockets had not connected after {SEAT_LIMIT:.0f} s"
            ) from None
        await drive(self.rooms[0], 0, run_deadline, self.run.solo)  # "start", not measured

    async def solo(self, commands: int, deadline: float) -> None:
        """Some of scenario 1's commands (it is run in blocks, alternating between the two servers)."""
        block = await run_scenario(self.rooms[:1], commands, max(0.0, deadline - time.monotonic()), deadline)
        self.run.solo.take_in(block)

    async def crowd_scenario(self, run_deadline: float) -> None:
        """Scenario 2: everyone else connects, then all 20 chairs give their commands at once."""
        self.run.rss_seated = worker_rss_kb(self.server.pid)
        began = time.perf_counter()
        seated = 1
        try:
            for room in self.rooms[1:]:  # one meeting after another, each meeting's sockets at once
                left = max(1.0, began + CONNECT_LIMIT - time.perf_counter())
                await asyncio.wait_for(self.crowd.seat(room), left)
                seated += 1
        except TimeoutError:
            self.run.skipped = (
                f"not run: only {seated} of {len(self.rooms)} meetings had connected after "
                f"{CONNECT_LIMIT:.0f} s"
            )
            print(f"  {self.run.name}: scenario 2 {self.run.skipped}", flush=True)
            return
        self.run.connect_seconds = time.perf_counter() - began
        self.run.connected = sum(1 + len(room.panellists) for room in self.rooms)
        await asyncio.sleep(1.0)
        self.run.rss_after = worker_rss_kb(self.server.pid)
        later = self.run.connected - 1 - len(self.rooms[0].panellists)
        print(
            f"  {self.run.name}: {self.run.connected} sockets connected (the last {later} in "
            f"{self.run.connect_seconds:.1f} s)",
            flush=True,
        )
        self.run.crowd = await run_scenario(self.rooms, SIZE.crowd_commands, SIZE.crowd_limit, run_deadline)
        print(
            f"  {self.run.name}: scenario 2 done ({self.run.crowd.commands} commands in "
            f"{self.run.crowd.seconds:.1f} s)",
            flush=True,
        )

    async def close(self) -> None:
        """Stop the server first (so 1,020 goodbyes don't keep it busy), then drop the clients."""
        if self.server is None:
            return
        stop(self.server)
        self.server = None
        self.run.log = self.log.read_text(errors="replace").strip() if self.log.exists() else ""
        if self.crowd is not None:
            self.run.dropped = self.crowd.dropped
            try:
                await self.crowd.close()
            except TimeoutError:
                pass


async def bench(
    world: dict, env: dict, queue: str | None, folder: Path, run_deadline: float, places: dict
) -> tuple[Run, Run]:
    app = Side("app", "wsgi:app", ROOT, env, folder / "app.log", world, places)
    bare = None
    try:
        await app.boot(run_deadline)
        html = app.rooms[0].html
        if not html:
            raise SystemExit("the app sent no update to capture for the bare server")
        (folder / "update.html").write_text(html)
        print(
            f"  one member update from the app: {len(html.encode())} bytes of html; the bare server sends it"
        )
        bare_env = {**env, "BARE_UPDATE_HTML": str(folder / "update.html"), "BARE_MESSAGE_QUEUE": queue or ""}
        bare = Side("bare", "bare_server:app", ROOT / "bench", bare_env, folder / "bare.log", world)
        await bare.boot(run_deadline)

        # Scenario 1 in blocks, alternating between the servers: a busy spell on the machine hits both alike.
        deadline = min(time.monotonic() + 2 * SIZE.solo_limit, run_deadline)
        for block in range(SIZE.solo_commands // SOLO_BLOCK):
            for side in (app, bare) if block % 2 == 0 else (bare, app):
                await side.solo(SOLO_BLOCK, deadline)
        print(
            f"  scenario 1 done: app {app.run.solo.commands} commands in {app.run.solo.seconds:.1f} s, "
            f"bare {bare.run.solo.commands} in {bare.run.solo.seconds:.1f} s",
            flush=True,
        )

        # Scenario 2 on one server at a time: 1,020 sockets each.
        for side in (app, bare):
            await side.crowd_scenario(run_deadline)
            await side.close()
    finally:
        for side in (app, bare):
            if side is not None:
                await side.close()
    return app.run, bare.run


class Arrangement:
    """Scenario 3: the app served by one process or by several sharing Redis, every meeting connected, each
    meeting's panellists dealt in turn to the processes (as a load balancer spreads browsers), its chair on
    one of them (meeting by meeting, in turn)."""

    def __init__(self, name: str, envs: list[dict], folder: Path, world: dict, places: dict):
        self.name, self.envs, self.folder, self.world = name, envs, folder, world
        self.rooms = [
            Room(spec, places.setdefault(spec["round"], {"started": False, "at": 0}))
            for spec in world["meetings"]
        ]
        self.servers: list[subprocess.Popen] = []
        self.crowds: list[Crowd] = []
        self.logs = [folder / f"{name.replace(' ', '-')}-{number}.log" for number in range(len(envs))]
        self.result = Scenario()
        self.connected = 0
        self.dropped = 0
        self.log = ""

    async def boot(self) -> None:
        ports = []
        for env, log in zip(self.envs, self.logs, strict=True):  # the processes start side by side
            server, port = launch("wsgi:app", env, ROOT, log)
            self.servers.append(server)
            ports.append(port)
        for server, port, log in zip(self.servers, ports, self.logs, strict=True):
            answering(server, port, "wsgi:app", log)
            self.crowds.append(Crowd(f"http://127.0.0.1:{port}", self.world["cookie_name"]))
        began = time.perf_counter()
        first, *others = self.crowds
        try:
            for number, room in enumerate(self.rooms):
                left = max(1.0, began + CONNECT_LIMIT - time.perf_counter())
                chair = self.crowds[number % len(self.crowds)]
                await asyncio.wait_for(first.seat(room, tuple(others), chair), left)
                self.connected += 1 + len(room.panellists)
        except TimeoutError:
            raise SystemExit(
                f"scenario 3, {self.name}: only {self.connected} sockets had connected after {CONNECT_LIMIT:.0f} s"
            ) from None
        print(
            f"  scenario 3, {self.name}: {self.connected} sockets connected in {time.perf_counter() - began:.1f} s",
            flush=True,
        )

    async def close(self) -> None:
        for server in self.servers:
            stop(server)
        self.servers = []
        self.log = "\n".join(
            log.read_text(errors="replace").strip() for log in self.logs if log.exists()
        ).strip()
        # Counted before anything awaits: the goodbyes of the servers just stopped are not drops.
        self.dropped += sum(crowd.dropped for crowd in self.crowds)
        for crowd in self.crowds:
            with contextlib.suppress(TimeoutError):
                await crowd.close()
        self.crowds = []


async def scale_out(
    world: dict, env: dict, queue: str, folder: Path, places: dict, run_deadline: float
) -> tuple[Arrangement, Arrangement]:
    """Scenario 3: one process holding every socket (no message queue: one process needs none) against two
    processes sharing Redis, each holding half of every meeting, so every update crosses Redis to reach the
    other half. One arrangement after the other."""
    alone = {key: value for key, value in env.items() if key != "SOCKETIO_MESSAGE_QUEUE"}
    shared = [{**env, "SOCKETIO_MESSAGE_QUEUE": queue, "COPANEL_INSTANCE": f"fanout-{name}"} for name in "ab"]
    one = Arrangement("one process", [{**alone, "COPANEL_INSTANCE": "fanout-one"}], folder, world, places)
    two = Arrangement("two processes", shared, folder, world, places)
    try:
        # One arrangement after the other, as scenario 2: with both connected at once (2,040 sockets), the idle
        # arrangement's clients went unanswered for 50 seconds while the other connected, on a busy machine,
        # and python-socketio's client gave them up.
        for arrangement in (one, two):
            await arrangement.boot()
            deadline = min(time.monotonic() + SIZE.crowd_limit, run_deadline)
            # One command per meeting first, not measured: nothing runs cold.
            warm = await run_scenario(arrangement.rooms, 1, SIZE.crowd_limit, deadline)
            warm.latencies, warm.commands, warm.seconds = [], 0, 0.0
            arrangement.result.take_in(warm)
            done = await run_scenario(
                arrangement.rooms, SIZE.scale_commands, max(0.0, deadline - time.monotonic()), deadline
            )
            arrangement.result.take_in(done)
            print(
                f"  scenario 3, {arrangement.name}: {done.commands} commands in {done.seconds:.1f} s",
                flush=True,
            )
            await arrangement.close()
    finally:
        for arrangement in (one, two):
            await arrangement.close()
    return one, two


# -----------------------------------------------------------------------------------------------------------
# Report


def cuts(latencies: list[float]) -> tuple[float, float] | None:
    if len(latencies) < 2:
        return None
    points = statistics.quantiles(latencies, n=100, method="inclusive")
    return points[49] * 1000, points[98] * 1000


def describe(run: Run, scenario: Scenario | None, label: str) -> None:
    if scenario is None:
        print(f"  {run.name} {label}: {run.skipped or 'not run'}")
        return
    spread = cuts(scenario.latencies)
    shown = f"p50 {spread[0]:.1f} ms, p99 {spread[1]:.1f} ms" if spread else "no deliveries"
    print(
        f"  {run.name} {label}: {scenario.commands} commands, {len(scenario.latencies)} deliveries in "
        f"{scenario.seconds:.1f} s, {shown}, {scenario.lost} lost, {len(scenario.refused)} refused"
        + (
            f", {scenario.extra} unexpected (another process broadcasting into these rooms?)"
            if scenario.extra
            else ""
        )
        + (", cut short by the time limit" if scenario.cut_short else "")
    )
    for problem in sorted(set(scenario.refused))[:3]:
        print(f"    for example: {problem}")


def table(app: Run, bare: Run) -> float:
    def row(label: str, pick) -> float:
        app_cuts = cuts(pick(app).latencies) if pick(app) else None
        bare_cuts = cuts(pick(bare).latencies) if pick(bare) else None
        if not (app_cuts and bare_cuts):
            print(f"{label:<34}{'(no deliveries)':>12}")
            return 0.0
        ratio = app_cuts[1] / bare_cuts[1]
        print(
            f"{label:<34}{app_cuts[0]:>9.1f}{app_cuts[1]:>9.1f}{bare_cuts[0]:>10.1f}{bare_cuts[1]:>10.1f}"
            f"{ratio:>11.2f}"
        )
        return ratio

    print()
    print(
        f"{'delivery latency (ms)':<34}{'app p50':>9}{'app p99':>9}{'bare p50':>10}{'bare p99':>10}"
        f"{'app/bare':>11}"
    )
    people = SIZE.panellists + 1
    solo = row(f"1 meeting x {people}, {SIZE.solo_commands} commands", lambda run: run.solo)
    row(f"{SIZE.meetings} meetings x {people}, {SIZE.crowd_commands} each", lambda run: run.crowd)
    per = {
        run.name: (run.rss_after - run.rss_before) / run.connected if run.connected else 0.0
        for run in (app, bare)
    }
    print(
        f"{'memory per connection (KB)':<34}{per['app']:>9.1f}{'':>9}{per['bare']:>10.1f}{'':>10}"
        f"{(per['app'] / per['bare'] if per['bare'] else 0):>11.2f}"
    )
    for run in (app, bare):
        if not run.connected:
            print(
                f"  {run.name} worker RSS: {run.rss_idle / 1024:.1f} MB idle, {run.rss_before / 1024:.1f} MB "
                f"warmed up; not measured with everyone connected"
            )
            continue
        later = run.connected - 1 - SIZE.panellists
        print(
            f"  {run.name} worker RSS: {run.rss_idle / 1024:.1f} MB idle, {run.rss_before / 1024:.1f} MB "
            f"warmed up, {run.rss_after / 1024:.1f} MB with {run.connected} sockets "
            f"({(run.rss_after - run.rss_seated) / max(later, 1):.1f} KB each for the last {later}); "
            f"{run.dropped} sockets dropped"
        )
    print(
        "app/bare: of the p99s in the latency rows, of the KB in the memory row. The ratio below is "
        f"scenario 1's p99 (one meeting, {SIZE.panellists} panellists)."
    )
    return solo


def scale_table(one: Arrangement, two: Arrangement) -> float:
    """Scenario 3's figures: p50 and p99 of one process and of two, and the ratio of their p99s."""
    one_cuts, two_cuts = cuts(one.result.latencies), cuts(two.result.latencies)
    if not (one_cuts and two_cuts):
        print("scenario 3: (no deliveries)")
        return 0.0
    ratio = two_cuts[1] / one_cuts[1]
    print()
    print(
        f"{'scenario 3: delivery latency (ms)':<34}{'one p50':>9}{'one p99':>9}{'two p50':>10}{'two p99':>10}{'two/one':>11}"
    )
    label = f"{SIZE.meetings} meetings x {SIZE.panellists + 1}, {SIZE.scale_commands} each"
    print(
        f"{label:<34}{one_cuts[0]:>9.1f}{one_cuts[1]:>9.1f}{two_cuts[0]:>10.1f}{two_cuts[1]:>10.1f}{ratio:>11.2f}"
    )
    print(
        f"  one: one process holding all {one.connected} sockets, no message queue; two: two processes sharing "
        f"Redis, {two.connected // 2} or so sockets each, every meeting split between them. With "
        f"{os.cpu_count()} cores shared by the clients, both processes and Redis, a second process adds no "
        "capacity here: the ratio mostly measures the hop through Redis (publish, then each process's "
        "listener), not how far more processes scale."
    )
    return ratio


def problems(app: Run, bare: Run, scaled: tuple[Arrangement, Arrangement] | None) -> list[str]:
    """Everything that makes the run's figures untrustworthy: each one fails the run. A scenario cut short by
    its time limit is not one (its figures are over the commands it gave, and it says so)."""
    found = []
    scenarios: list[tuple[str, Scenario | None, str]] = []
    for run in (app, bare):
        scenarios += [
            (f"{run.name} scenario 1", run.solo, ""),
            (f"{run.name} scenario 2", run.crowd, run.skipped),
        ]
        if run.dropped:
            found.append(f"{run.name}: {run.dropped} client sockets were dropped by the server")
    for arrangement in scaled or ():
        scenarios.append((f"scenario 3, {arrangement.name}", arrangement.result, ""))
        if arrangement.dropped:
            found.append(f"scenario 3, {arrangement.name}: {arrangement.dropped} client sockets were dropped")
    for name, scenario, skipped in scenarios:
        if scenario is None:
            found.append(f"{name} {skipped or 'did not run'}")
            continue
        if not scenario.commands:
            found.append(f"{name}: no command went through")
        if scenario.lost:
            found.append(
                f"{name}: {scenario.lost} updates never reached their panellist within {DELIVERY_WAIT:.0f} s"
            )
        if scenario.refused:
            found.append(f"{name}: {len(scenario.refused)} commands refused, e.g. {scenario.refused[0]}")
        if scenario.extra:
            found.append(f"{name}: {scenario.extra} deliveries nobody sent (another process in these rooms?)")
    return found


def give_up(signum, frame):
    raise TimeoutError(f"the benchmark ran past {SIZE.time_limit + 60:.0f} seconds")


def load_average() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def main() -> int:
    global SIZE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a small run for CI (well under a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (the servers' logs)")
    options = parser.parse_args()
    SIZE = TINY if options.tiny else FULL
    # A client whose server has been stopped says so when its writer gives up: not news here.
    logging.getLogger("engineio.client").addFilter(
        lambda record: "packet queue is empty" not in record.getMessage()
    )
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(int(SIZE.time_limit) + 60)  # a last resort: the phases have their own, shorter limits
    run_deadline = time.monotonic() + SIZE.time_limit
    folder = Path(tempfile.mkdtemp(prefix="copanel-fanout-"))
    dropped_database = None
    try:
        database, dropped_database = make_database(folder)
        own = own_redis(folder)
        queue = own[0] if own else redis_queue()
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "DOCUMENTS_DIR": str(folder / "documents"),
            "SECRET_KEY": SECRET_KEY,
            "COPANEL_DISABLE_RATE_LIMITS": "1",
            "SOCKETIO_ASYNC_MODE": "gevent",
        }
        env.pop("SOCKETIO_MESSAGE_QUEUE", None)
        env.pop("COPANEL_INSTANCE", None)
        if queue:
            env["SOCKETIO_MESSAGE_QUEUE"] = queue
        where = f"PostgreSQL (throwaway database {dropped_database})" if dropped_database else "SQLite"
        if own:
            said = f"{queue} (a redis-server of the run's own; the bare server uses it too)"
        elif queue:
            said = f"{queue} (Redis answered; the bare server uses it too)"
        else:
            said = (
                f"none (no redis-server installed, and none answered at {REDIS[0]}:{REDIS[1]}; each server keeps "
                "its own rooms, and scenario 3 does not run)"
            )
        print(f"database: {where}; message queue: {said}; load average {load_average()}")
        began = time.perf_counter()
        subprocess.run(
            [str(BIN / "copanel"), "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        world_file = folder / "world.json"
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--setup",
                str(SIZE.meetings),
                str(SIZE.panellists),
                PASSWORD,
                str(world_file),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=90,
        )
        world = json.loads(world_file.read_text())
        print(
            f"{SIZE.meetings} meetings x (chair + {SIZE.panellists} panellists) set up in "
            f"{time.perf_counter() - began:.1f} s; one gunicorn gevent worker per server, "
            f"{os.cpu_count()} cores shared with the clients"
        )

        places: dict = {}
        app, bare = asyncio.run(bench(world, env, queue, folder, run_deadline, places))
        scaled = asyncio.run(scale_out(world, env, queue, folder, places, run_deadline)) if queue else None
        print()
        for run in (app, bare):
            describe(run, run.solo, "scenario 1")
            describe(run, run.crowd, "scenario 2")
            if run.log:
                lines = run.log.splitlines()
                print(f"  {run.name} server log: {len(lines)} lines, the last: {lines[-1][:160]}")
        for arrangement in scaled or ():
            describe(Run(arrangement.name), arrangement.result, "scenario 3")
            if arrangement.log:
                lines = arrangement.log.splitlines()
                print(f"  {arrangement.name} server log: {len(lines)} lines, the last: {lines[-1][:160]}")
        ratio = table(app, bare)
        scale = scale_table(*scaled) if scaled else None
        found = problems(app, bare, scaled)
        print()
        print(f"load average at the end: {load_average()}")
        if scale is not None:
            print(
                f"scale-out p99 ratio (two processes/one): {scale:.2f} (goal <= {GOAL_SCALE:.2f}: "
                f"{'met' if scale <= GOAL_SCALE else 'missed'})"
            )
        else:
            print("scale-out p99 ratio (two processes/one): not measured (no Redis)")
        print(
            f"fanout goal: app/bare p99 <= {GOAL_FANOUT:.2f} ({'met' if ratio <= GOAL_FANOUT else 'missed'})"
        )
        print(f"fanout p99 ratio (app/bare): {ratio:.2f}", flush=True)
        for problem in found:
            print(f"FAILED: {problem}", file=sys.stderr)
        return 1 if found else 0
    finally:
        signal.alarm(0)
        for server in STARTED:
            if server.poll() is None:
                server.kill()
                server.wait(timeout=10)
        if dropped_database:
            try:
                drop_database(dropped_database)
            except Exception as problem:  # noqa: BLE001 - said, not hidden
                print(f"could not drop {dropped_database}: {problem}", file=sys.stderr)
        if options.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        setup_main()
    else:
        sys.exit(main())
