"""Meeting faults benchmark: how quickly a live meeting recovers when a server process or Redis fails.

Two server processes run the production command from the README (gunicorn, one gevent worker each) with
steady COPANEL_INSTANCE names, on one database, with a throwaway redis-server of their own (a child of this
script, on a free port, so it can be stopped and started again without touching the machine's Redis) as the
message queue. One meeting: its chair and N panellists (default 30), spread over both processes. The clients
are python-socketio asyncio clients that behave like static/js/meeting.js: reconnection on (0.5 s, at most
2 s), "sync" on every (re)connect and on "resync", the heartbeat ("here") every 30 s. "In step" means every
client is connected and holds the chair's latest sequence number.

  1. kill -9 one process (arbiter and worker) and start it again on the same port and name: how long it took
     to answer HTTP, then how long until every client was in step with a command the chair gave right away;
  2. SIGTERM one process (as systemd stops it), started again once it has gone: how long the old one took to
     exit, and from the signal until every client was in step with a command the chair gave right after it;
  3. kill -9 the chair's process, a few of its panellists not coming back: once it is back, does the chair's
     "who's here" count the people really connected (on its screen and in the presence table)?
  4. Redis stops for a few seconds: the chair's commands meanwhile reach everyone or are refused in plain
     words (never accepted and lost); once Redis is back, how long until everyone is in step with a new
     command;
  5. a long meeting (default 3,000 commands) with panellists dropping out and rejoining at random: how much
     the workers' memory (VmRSS) grew.

Ends with `slowest recovery (s): X.X`. Exits 1 if a client never came back in step (or a command was
accepted and lost, or the chair's count never came right); a goal missed is only reported.
Run: .venv/bin/pip install -e '.[production,bench]' && .venv/bin/python bench/meeting_faults.py
`--tiny` runs a small version (6 panellists, 200 commands, a 2-second outage) for CI.
With COPANEL_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres it runs on PostgreSQL instead of
SQLite: it makes a throwaway database on that server and drops it at the end.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from meeting_fanout import drop_database, free_port, make_database, make_world, worker_rss_kb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAMESPACE = "/meeting"
PASSWORD = "bench-panellist-2027"
SECRET_KEY = "bench-only-secret-key-meeting-faults"
INSTANCES = ("faults-a", "faults-b")  # COPANEL_INSTANCE of the two processes; the chair is on the second
RECONNECTION_DELAY, RECONNECTION_DELAY_MAX = 0.5, 2.0  # as static/js/meeting.js
HERE_EVERY = 30.0  # seconds between heartbeats, as static/js/meeting.js
HERE_FOR = timedelta(seconds=75)  # panel/meetings/presence.py: a row older than this no longer counts
ANSWER_WAIT = 10.0  # seconds a client waits for the answer to an event, as static/js/meeting.js
GIVE_UP = 30.0  # seconds after which a client not back in step is a hard failure
START_LIMIT = 30.0  # seconds a server may take to answer HTTP
GOAL_ANSWER, GOAL_IN_STEP, GOAL_RSS_MB = 3.0, 5.0, 20.0


@dataclass(frozen=True)
class Size:
    panellists: int
    commands: int
    outage: float
    stay_away: int  # scenario 3: panellists of the restarted process who do not come back
    time_limit: float


FULL = Size(panellists=30, commands=3000, outage=5.0, stay_away=3, time_limit=540.0)
TINY = Size(panellists=6, commands=200, outage=2.0, stay_away=1, time_limit=110.0)


# -----------------------------------------------------------------------------------------------------------
# Processes: the two servers and Redis


def new_session_popen(command: list[str], log: Path, **options) -> subprocess.Popen:
    with log.open("ab") as output:  # a file, not a pipe: a pipe nobody reads can fill up and stall it
        return subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **options
        )


def end(process: subprocess.Popen | None, how: int = signal.SIGKILL) -> None:
    """Signal the process and everything it started (its own process group), then reap it."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, how)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Redis:
    """A redis-server of the benchmark's own, on a free port, with nothing saved to disk."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = new_session_popen(command, self.folder / "redis.log")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.answers():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise SystemExit(f"redis-server did not start: {(self.folder / 'redis.log').read_text()[-1000:]}")

    def stop(self) -> None:
        end(self.process, signal.SIGTERM)

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except (redis.RedisError, OSError):
            return False


class Server:
    """One Co-Panel server process (gunicorn's arbiter and its one worker), always on the same port and name."""

    def __init__(self, name: str, env: dict[str, str], folder: Path):
        self.name = name
        self.port = free_port()
        self.env = {**env, "COPANEL_INSTANCE": name}
        self.log = folder / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.start_cpu = 0.0  # CPU seconds the process had used when it first answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "--worker-connections", "2000"]
        command += [
            "--no-control-socket",
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ]
        self.started_at = time.monotonic()
        self.process = new_session_popen(command, self.log, cwd=ROOT, env=self.env)

    async def answered(self) -> float:
        """Seconds from start() until the process answered an HTTP request (its sign-in page)."""
        import aiohttp

        deadline = self.started_at + START_LIMIT
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise SystemExit(f"{self.name} stopped: {self.log.read_text()[-2000:]}")
                try:
                    timeout = aiohttp.ClientTimeout(total=max(0.5, deadline - time.monotonic()))
                    async with http.get(f"{self.url}/login", timeout=timeout) as reply:
                        await reply.read()
                        answered = time.monotonic() - self.started_at
                        self.start_cpu = self.cpu_seconds()
                        return answered
                except (aiohttp.ClientError, OSError, TimeoutError):
                    await asyncio.sleep(0.02)
        raise SystemExit(
            f"{self.name} did not answer within {START_LIMIT:.0f} s: {self.log.read_text()[-2000:]}"
        )

    def cpu_seconds(self) -> float:
        """CPU time the arbiter and its worker have used so far (user and system): what starting costs, whatever
        else the machine is doing."""
        assert self.process is not None
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(entry.name) == self.process.pid or int(fields[1]) == self.process.pid:
                total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def rss_mb(self) -> float:
        assert self.process is not None
        return worker_rss_kb(self.process.pid) / 1024

    async def exited(self) -> float:
        """Seconds from now until the process has exited."""
        began = time.monotonic()
        assert self.process is not None
        await asyncio.to_thread(self.process.wait, 120)
        return time.monotonic() - began


# -----------------------------------------------------------------------------------------------------------
# Clients


class Screen:
    """One person's meeting screen, as static/js/meeting.js keeps it: the latest sequence number it holds."""

    def __init__(self, bench: "Bench", name: str, cookie: str, server: Server, chair: bool = False):
        self.bench, self.name, self.cookie, self.server, self.chair = bench, name, cookie, server, chair
        self.client = None
        self.held = 0
        self.connected = False
        self.away = False  # left on purpose (not expected in step until it rejoins)
        self.here_count: int | None = None  # the chair's "N here", from its latest presence or update
        self.tasks: set[asyncio.Task] = set()

    def _spawn(self, work) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _hold(self, seq: object) -> None:
        if isinstance(seq, int) and seq > self.held:
            self.held = seq
            self.bench.changed.set()

    def _read_presence(self, html: object) -> None:
        found = re.search(r"(\d+) here, (\d+) not here", html) if isinstance(html, str) else None
        if found:
            self.here_count = int(found.group(1))
            self.bench.changed.set()

    async def join(self) -> None:
        import aiohttp
        import socketio

        cookies = {self.bench.cookie_name: self.cookie}
        client = socketio.AsyncClient(
            # The session cookie, as a browser keeps it. Not a Cookie header: the client moves that into its HTTP
            # session's cookie jar and drops it from the headers, and a lost connection closes that session,
            # so every reconnection would arrive signed out. A new session from here carries it every time.
            http_session=lambda: aiohttp.ClientSession(cookies=cookies),
            logger=bool(os.environ.get("BENCH_CLIENT_LOG")),
            engineio_logger=bool(os.environ.get("BENCH_CLIENT_LOG")),
            reconnection=True,
            reconnection_delay=RECONNECTION_DELAY,
            reconnection_delay_max=RECONNECTION_DELAY_MAX,
        )

        async def connected():
            self.connected = True
            self.bench.changed.set()
            self._spawn(self.sync())

        async def disconnected(*_):
            self.connected = False
            self.bench.changed.set()

        async def update(data):
            self._hold(data.get("seq") if isinstance(data, dict) else None)
            if self.chair and isinstance(data, dict):
                self._read_presence(data.get("html"))

        async def presence(data):
            if isinstance(data, dict):
                self._read_presence(data.get("html"))

        async def resync(*_):
            self._spawn(self.sync())

        for event, handler in (
            ("connect", connected),
            ("disconnect", disconnected),
            ("update", update),
            ("presence", presence),
            ("resync", resync),
        ):
            client.on(event, handler, namespace=NAMESPACE)
        self.client = client
        self.away = False
        round_id = self.bench.world["round"]
        await client.connect(
            f"{self.server.url}?round={round_id}",
            auth={"round": round_id, "screen": False},
            transports=["websocket"],
            namespaces=[NAMESPACE],
            wait_timeout=ANSWER_WAIT,
        )

    async def sync(self) -> None:
        client = self.client
        try:
            answer = await client.call("sync", {}, namespace=NAMESPACE, timeout=ANSWER_WAIT)
        except Exception:  # noqa: BLE001 - lost again meanwhile: the next connect syncs again
            return
        if isinstance(answer, dict) and answer.get("ok"):
            self._hold(answer.get("seq"))
            if self.chair:
                self._read_presence(answer.get("html"))

    async def here(self) -> None:
        """The heartbeat keeps this person on the chair's list. Unlike the page, the benchmark does not catch
        up from its answer: recovery is measured on the reconnect's and resync's own sync alone."""
        if self.connected:
            with contextlib.suppress(Exception):
                await self.client.call("here", {}, namespace=NAMESPACE, timeout=ANSWER_WAIT)

    def stay_away(self) -> None:
        """The next lost connection is not retried (a phone that went flat)."""
        self.away = True
        self.client.reconnection = False

    async def leave(self, abrupt: bool) -> None:
        """Close the connection: with a goodbye, or dropped without one (the server sees the socket close)."""
        self.away = True
        self.client.reconnection = False
        with contextlib.suppress(Exception):
            if abrupt:
                await self.client.eio.disconnect(abort=True)
            else:
                await self.client.disconnect()
        self.connected = False

    async def close(self) -> None:
        if self.client is None:
            return
        self.client.reconnection = False
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.shutdown(), 5)
        with contextlib.suppress(Exception):
            await self.client.eio.disconnect(abort=True)
        for task in list(self.tasks):
            task.cancel()


# -----------------------------------------------------------------------------------------------------------
# The benchmark


@dataclass
class Figures:
    starts: dict[str, float] = field(default_factory=dict)  # seconds until a restarted process answered
    recoveries: dict[str, float] = field(default_factory=dict)  # the recovery times, each with a 5 s goal
    failures: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(text, flush=True)


def goal(value: float, most: float, unit: str = "s") -> str:
    return f"(goal <= {most:g} {unit}: {'met' if value <= most else 'MISSED'})"


class Bench:
    def __init__(self, size: Size, world: dict, servers: tuple[Server, Server], redis: Redis, database: str):
        self.size, self.world, self.servers, self.redis = size, world["meetings"][0], servers, redis
        self.cookie_name = world["cookie_name"]
        self.database = database
        self.changed = asyncio.Event()
        self.figures = Figures()
        self.latest = 0  # the chair's latest sequence number (its last accepted command)
        self.at = 0  # the bid the meeting is on (index in the world's bids)
        a, b = servers
        self.chair = Screen(self, "chair", self.world["chair"], b, chair=True)
        self.panellists = [
            Screen(self, f"panellist {number + 1}", cookie, (a, b)[number % 2])
            for number, cookie in enumerate(self.world["panellists"])
        ]

    @property
    def screens(self) -> list[Screen]:
        return [self.chair, *self.panellists]

    def expected(self) -> list[Screen]:
        return [screen for screen in self.screens if not screen.away]

    def behind(self) -> list[Screen]:
        return [screen for screen in self.expected() if not (screen.connected and screen.held >= self.latest)]

    async def until(self, done, limit: float) -> float | None:
        """Seconds until done() held (checked whenever a client hears something), or None after `limit`."""
        began = time.monotonic()
        while not done():
            left = began + limit - time.monotonic()
            if left <= 0:
                return None
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(left, 0.25))
        return time.monotonic() - began

    async def in_step(self, limit: float = GIVE_UP) -> float | None:
        return await self.until(lambda: not self.behind(), limit)

    async def command(self) -> tuple[str, str]:
        """The chair moves the meeting to the other bid: ("ok", ""), ("refused", message) or ("no answer", why)."""
        target = 1 - self.at
        payload = {"name": "go_to", "args": {"bid": self.world["bids"][target]}}
        try:
            answer = await self.chair.client.call(
                "command", payload, namespace=NAMESPACE, timeout=ANSWER_WAIT
            )
        except Exception as problem:  # noqa: BLE001 - the chair's own connection is down: said, and tried again
            return "no answer", type(problem).__name__
        if not isinstance(answer, dict) or not answer.get("ok"):
            message = answer.get("message") if isinstance(answer, dict) else repr(answer)
            return "refused", str(message)
        self.at = target
        self.latest = max(self.latest, int(answer["seq"]))
        self.chair._hold(answer["seq"])
        self.changed.set()
        return "ok", ""

    async def command_until_accepted(self, limit: float = GIVE_UP) -> tuple[float | None, list[str]]:
        """Give the command as soon as the chair can (retrying every 0.1 s): seconds until accepted, and what
        was said meanwhile."""
        began, said = time.monotonic(), []
        while time.monotonic() < began + limit:
            if self.chair.connected:
                outcome, message = await self.command()
                if outcome == "ok":
                    return time.monotonic() - began, said
                said.append(f"{outcome}: {message}")
            await asyncio.sleep(0.1)
        return None, said

    async def heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HERE_EVERY)
            await asyncio.gather(*(screen.here() for screen in self.screens))

    def failed(self, scenario: int, what: str) -> None:
        self.figures.failures.append(f"scenario {scenario}: {what}")
        self.figures.say(f"  FAILED: {what}")

    def report_in_step(self, scenario: int, seconds: float | None) -> None:
        expected = self.expected()
        if seconds is None:
            names = ", ".join(screen.name for screen in self.behind()[:5])
            self.failed(
                scenario, f"{len(self.behind())} of {len(expected)} clients never came back in step ({names})"
            )
        else:
            self.figures.say(f"  every client back in step: yes ({len(expected)} of {len(expected)})")

    # ---------------------------------------------------------------------------------------------------

    async def seat(self) -> None:
        gate = asyncio.Semaphore(10)

        async def one(screen: Screen) -> None:
            async with gate:
                await screen.join()

        await asyncio.gather(*(one(screen) for screen in self.panellists))
        await self.chair.join()
        answer = await self.chair.client.call(
            "command", {"name": "start", "args": {}}, namespace=NAMESPACE, timeout=ANSWER_WAIT
        )
        if not answer.get("ok"):
            raise SystemExit(f"the chair could not start the meeting: {answer.get('message')}")
        self.latest = answer["seq"]
        if await self.in_step(GIVE_UP) is None:
            raise SystemExit("the clients were not in step before any fault")

    async def restart_after_kill(self, server: Server) -> tuple[float, float]:
        """kill -9 the server (arbiter and worker, as a crash of the whole service), start it again at once on
        the same port and name; returns (seconds to answer HTTP, when it answered)."""
        await asyncio.to_thread(end, server.process, signal.SIGKILL)
        server.start()
        answered = await server.answered()
        return answered, time.monotonic()

    async def crash(self) -> None:
        figures, a = self.figures, self.servers[0]
        figures.say(f"1. kill -9 {a.name} (half the panellists) and start it again")
        killed = time.monotonic()
        answer, answered_at = await self.restart_after_kill(a)
        figures.starts["1. kill -9"] = answer
        figures.say(
            f"  answered HTTP after starting: {answer:.2f} s {goal(answer, GOAL_ANSWER)}, using {a.start_cpu:.1f} s "
            "of CPU"
        )
        accepted, _ = await self.command_until_accepted()
        if accepted is None:
            self.failed(1, "the chair's command was never accepted")
        seconds = await self.in_step()
        back = time.monotonic() - answered_at if seconds is not None else None
        if back is not None:
            figures.say(
                f"  every client in step {back:.2f} s after it answered, with the chair's command given then "
                f"{goal(back, GOAL_IN_STEP)}; {time.monotonic() - killed:.2f} s after the kill"
            )
            figures.recoveries["1. kill -9, in step after answering"] = back
        self.report_in_step(1, seconds)

    async def terminate(self) -> None:
        figures, a = self.figures, self.servers[0]
        figures.say(f"2. SIGTERM {a.name} (as systemd stops it), started again once it has exited")
        assert a.process is not None
        signalled = time.monotonic()
        os.killpg(a.process.pid, signal.SIGTERM)  # systemd's KillMode=control-group: arbiter and worker
        commanded = asyncio.get_running_loop().create_task(self.command_until_accepted())
        exited = await a.exited()
        a.start()
        answer = await a.answered()
        figures.starts["2. SIGTERM"] = answer
        accepted, _ = await commanded
        if accepted is None:
            self.failed(2, "the chair's command was never accepted")
        seconds = await self.in_step()
        figures.say(f"  the old process exited {exited:.2f} s after the signal (it used to wait 30 s)")
        figures.say(
            f"  the new one answered HTTP {answer:.2f} s after starting {goal(answer, GOAL_ANSWER)}, using "
            f"{a.start_cpu:.1f} s of CPU"
        )
        if seconds is not None:
            back = time.monotonic() - signalled
            figures.say(
                f"  every client in step {back:.2f} s after the signal, with the chair's command given right "
                f"after it {goal(back, GOAL_IN_STEP)}"
            )
            figures.recoveries["2. SIGTERM, in step after the signal"] = back
        self.report_in_step(2, seconds)

    def presence_rows(self) -> int:
        """People (not projector screens) with a presence row heard from within 75 s, as the chair's count."""
        from sqlalchemy import create_engine, text

        url = self.database.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT presence.user_id, presence.seen_at FROM presence JOIN meeting "
                        "ON meeting.id = presence.meeting_id WHERE meeting.round_id = :round "
                        "AND presence.screen = :screen"
                    ),
                    {"round": self.world["round"], "screen": False},
                ).all()
        finally:
            engine.dispose()
        since = datetime.now(UTC) - HERE_FOR

        def when(value) -> datetime:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

        return len({user for user, seen in rows if when(seen) >= since})

    async def presence(self) -> None:
        figures, b = self.figures, self.servers[1]
        leaving = [screen for screen in self.panellists if screen.server is b][: self.size.stay_away]
        figures.say(
            f"3. kill -9 {b.name} (the chair's, and half the panellists; {len(leaving)} of them do not come "
            "back) and start it again"
        )
        for screen in leaving:
            screen.stay_away()
        answer, answered_at = await self.restart_after_kill(b)
        expected = len(self.expected())
        figures.starts["3. kill -9 of the chair's"] = answer
        figures.say(
            f"  answered HTTP after starting: {answer:.2f} s {goal(answer, GOAL_ANSWER)}, using {b.start_cpu:.1f} s "
            "of CPU"
        )
        accepted, _ = await self.command_until_accepted()
        if accepted is None:
            self.failed(3, "the chair's command was never accepted")
        seconds = await self.in_step()
        self.report_in_step(3, seconds)
        counted = {"rows": -1}

        def right() -> bool:
            if self.chair.here_count != expected:
                return False
            counted["rows"] = self.presence_rows()
            return counted["rows"] == expected

        took = await self.until(right, GIVE_UP)
        seen = self.chair.here_count
        rows = counted["rows"] if took is not None else self.presence_rows()
        figures.say(
            f"  who's here: expected {expected} (the chair and {expected - 1} panellists connected), the chair's "
            f"screen shows {seen}, the presence table counts {rows}"
        )
        if took is None:
            self.failed(
                3, f"the chair's count was still {seen} (table {rows}), not {expected}, after {GIVE_UP:.0f} s"
            )
        else:
            right_after = time.monotonic() - answered_at
            figures.say(
                f"  right {right_after:.2f} s after the process answered {goal(right_after, GOAL_IN_STEP)}"
            )
            figures.recoveries["3. who's here right after answering"] = right_after
        for screen in leaving:  # they come back for what follows
            await screen.join()
        if await self.in_step() is None:
            self.failed(3, "the panellists who stayed away did not come back in step when they rejoined")

    async def outage(self) -> None:
        figures = self.figures
        figures.say(f"4. Redis stops for {self.size.outage:g} s, then starts again on the same port")
        stopped = time.monotonic()
        await asyncio.to_thread(self.redis.stop)
        outcomes: dict[str, int] = {}
        messages: set[str] = set()
        lost = 0
        while time.monotonic() < stopped + self.size.outage:
            before = self.latest
            outcome, message = await self.command()
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome == "ok":
                if await self.in_step(min(3.0, self.size.outage)) is None:
                    lost += 1
                    self.failed(
                        4,
                        f"a command acknowledged ok (seq {self.latest}, after {before}) did not reach "
                        f"{len(self.behind())} of {len(self.expected())} clients",
                    )
                    self.latest = before  # count the next ones on their own
            else:
                messages.add(message)
            await asyncio.sleep(0.5)
        tally = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        figures.say(f"  the chair's commands during the outage: {tally}")
        for message in sorted(messages):
            figures.say(f"    said: {message}")
        if lost:
            figures.say(f"  {lost} command(s) acknowledged ok but lost")
        elif outcomes.get("ok") and not outcomes.get("refused"):
            figures.say("  every command reached everyone")
        else:
            figures.say(
                "  refused in plain words while Redis was away"
                if not outcomes.get("ok")
                else "  each either reached everyone or was refused"
            )
        back_at = time.monotonic()
        await asyncio.to_thread(self.redis.start)
        accepted, said = await self.command_until_accepted()
        if accepted is None:
            self.failed(4, "the chair's command was never accepted after Redis came back")
        else:
            figures.say(
                f"  the chair's command was accepted {accepted:.2f} s after Redis started ({len(said)} refused first)"
            )
        seconds = await self.in_step()
        if seconds is not None:
            back = time.monotonic() - back_at
            figures.say(
                f"  every client in step {back:.2f} s after Redis started, with a new command "
                f"{goal(back, GOAL_IN_STEP)}"
            )
            figures.recoveries["4. Redis back, in step"] = back
        self.report_in_step(4, seconds)

    async def long_meeting(self) -> None:
        figures, size = self.figures, self.size
        figures.say(
            f"5. a long meeting: {size.commands:,} commands, panellists dropping out and rejoining at random"
        )
        rng = random.Random(2027)
        rejoining: set[asyncio.Task] = set()
        drops = late = 0

        async def rejoin(screen: Screen, after: float) -> None:
            await asyncio.sleep(after)
            await screen.close()
            await screen.join()

        warm = max(1, size.commands // 10)
        before: dict[str, float] = {}
        began = time.monotonic()
        for number in range(size.commands):
            if number == warm:  # the first tenth warms up (imports, caches, the allocator's arenas)
                before = {server.name: server.rss_mb() for server in self.servers}
            if rng.random() < 0.05:
                present = [screen for screen in self.panellists if not screen.away and screen.connected]
                if present:
                    screen = rng.choice(present)
                    await screen.leave(abrupt=rng.random() < 0.5)
                    drops += 1
                    task = asyncio.get_running_loop().create_task(rejoin(screen, rng.uniform(0.2, 2.0)))
                    rejoining.add(task)
                    task.add_done_callback(rejoining.discard)
            outcome, message = await self.command()
            if outcome != "ok":
                self.failed(5, f"command {number + 1} was not accepted ({outcome}: {message})")
                break
            if await self.until(lambda: not self.behind(), 5.0) is None:
                late += 1
        await asyncio.gather(*rejoining, return_exceptions=True)
        seconds = await self.in_step()
        took = time.monotonic() - began
        await asyncio.sleep(1.0)
        after = {server.name: server.rss_mb() for server in self.servers}
        figures.say(
            f"  {size.commands:,} commands in {took:.1f} s ({size.commands / took:.0f} a second), {drops} drops "
            f"and rejoins, {late} command(s) that took over 5 s to reach everyone"
        )
        for server in self.servers:
            grew = after[server.name] - before.get(server.name, after[server.name])
            figures.say(
                f"  {server.name} worker RSS: {before.get(server.name, 0):.1f} MB after {warm} commands, "
                f"{after[server.name]:.1f} MB at the end: grew {grew:.1f} MB {goal(grew, GOAL_RSS_MB, 'MB')}"
            )
        self.report_in_step(5, seconds)

    async def run(self) -> Figures:
        beat = asyncio.get_running_loop().create_task(self.heartbeat())
        try:
            await self.seat()
            self.figures.say(
                f"the chair and {len(self.panellists)} panellists in step on two processes "
                f"({sum(screen.server is self.servers[0] for screen in self.panellists)} panellists on "
                f"{self.servers[0].name}, the chair and the rest on {self.servers[1].name})"
            )
            for scenario in (self.crash, self.terminate, self.presence, self.outage, self.long_meeting):
                await scenario()
        finally:
            beat.cancel()
            await asyncio.gather(*(screen.close() for screen in self.screens), return_exceptions=True)
        return self.figures


# -----------------------------------------------------------------------------------------------------------


def setup_main() -> None:
    """The schema (what `copanel db upgrade` does), then the meeting: one process, one import of the app."""
    from flask_migrate import upgrade

    from panel import create_app

    with create_app().app_context():
        upgrade()
        world = make_world(1, int(sys.argv[2]), PASSWORD)
    Path(sys.argv[3]).write_text(json.dumps(world))


def give_up(signum, frame):
    raise TimeoutError("the benchmark ran past its time limit")


def stopped(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so the servers and Redis are stopped too


def last_traceback(server: Server) -> None:
    """The last traceback in a server's log, on stderr: a run that went wrong says where."""
    if not server.log.exists():
        return
    log = server.log.read_text(errors="replace")
    at = log.rfind("Traceback")
    if at >= 0:
        print(f"{server.name}'s last traceback:\n{log[at:][:4000]}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a small run for CI (well under a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (the servers' logs)")
    options = parser.parse_args()
    size = TINY if options.tiny else FULL
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    signal.signal(signal.SIGALRM, give_up)
    signal.signal(signal.SIGTERM, stopped)
    signal.alarm(int(size.time_limit))
    folder = Path(tempfile.mkdtemp(prefix="copanel-faults-"))
    dropped_database = None
    redis = Redis(folder)
    servers: tuple[Server, ...] = ()
    try:
        database, dropped_database = make_database(folder)
        redis.start()
        env = {
            **os.environ,
            "DATABASE_URL": database,
            "DOCUMENTS_DIR": str(folder / "documents"),
            "SECRET_KEY": SECRET_KEY,
            "COPANEL_DISABLE_RATE_LIMITS": "1",
            "SOCKETIO_ASYNC_MODE": "gevent",
            "SOCKETIO_MESSAGE_QUEUE": redis.url,
            "SOCKETIO_CHANNEL": f"copanel-faults-{secrets.token_hex(4)}",
        }
        if env.pop("PYTHONDONTWRITEBYTECODE", None) and not options.tiny:
            # This environment keeps no compiled bytecode, and a deployment does: the servers keep theirs in the
            # run's folder (not beside the code), so a restart reads it instead of compiling every module again
            # (the first start compiles every module, the libraries' too: not for the quick --tiny run).
            env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        elif os.environ.get("PYTHONDONTWRITEBYTECODE"):
            env["PYTHONDONTWRITEBYTECODE"] = os.environ["PYTHONDONTWRITEBYTECODE"]
        where = f"PostgreSQL (throwaway database {dropped_database})" if dropped_database else "SQLite"
        print(
            f"database: {where}; message queue: a redis-server of its own on port {redis.port}; "
            f"{os.cpu_count()} cores shared with the clients; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        servers = tuple(Server(name, env, folder) for name in INSTANCES)
        for server in servers:  # they load the app while the database is made
            server.start()
        began = time.perf_counter()
        world_file = folder / "world.json"
        setup = subprocess.run(
            [sys.executable, __file__, "--setup", str(size.panellists), str(world_file)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
        if setup.returncode:
            raise SystemExit(f"setting up the meeting failed:\n{setup.stderr[-3000:]}")
        world = json.loads(world_file.read_text())
        print(
            f"one meeting, a chair and {size.panellists} panellists, set up in {time.perf_counter() - began:.1f} s"
        )

        async def everything() -> Figures:
            for server in servers:
                await server.answered()
            bench = Bench(size, world, (servers[0], servers[1]), redis, database)
            return await bench.run()

        figures = asyncio.run(everything())
        print()
        print(f"summary (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        for name, seconds in figures.starts.items():
            print(f"  {name}, answered HTTP after starting: {seconds:.2f} s {goal(seconds, GOAL_ANSWER)}")
        for name, seconds in figures.recoveries.items():
            print(f"  {name}: {seconds:.2f} s {goal(seconds, GOAL_IN_STEP)}")
        for problem in figures.failures:
            print(f"  FAILED {problem}")
        for server in servers:
            errors = server.log.read_text(errors="replace").count("Traceback")
            if errors:
                print(f"  {server.name}'s log holds {errors} traceback(s): the last is on stderr")
        slowest = max(figures.recoveries.values(), default=float("nan"))
        if len(figures.recoveries) < 4:
            slowest = GIVE_UP
        print(f"slowest recovery (s): {slowest:.1f}")
        return 1 if figures.failures else 0
    finally:
        signal.alarm(0)
        for server in servers:
            end(server.process, signal.SIGKILL)
            last_traceback(server)
        redis.stop()
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
