"""Autosave benchmark: panellists saving their sheets at once, against two minimal Flask baselines.

The app and the baselines run with the production command from the README (gunicorn, one gevent worker) on
127.0.0.1, in a temporary folder with their own SQLite databases. The benchmark makes its own data: one round
in scoring with its panel, every member trained with a sheet in progress for every bid (bench/add_panellists.py,
which also counts the SQL statements of an autosave through the app). Each simulated panellist opens their sheet
(the CSRF token, as the page gives it), waits for the others, then sends its autosaves one after another:

  1. the app: POST /rounds/<round>/sheets/<bid>/autosave, the page's JSON contract, carrying the version each
     answer gives back;
  2. the one-write baseline (bench/baseline_app.py, POST /save): writes the body as one row, nothing else;
  3. the signed-in baseline (POST /signed-in/save): checks the session cookie, the CSRF token and the SignIn row
     the way the app does, then writes the same row.

Any request that does not succeed (a refusal, a lost connection, an answer without the new version) fails the
run: it says what went wrong and exits 1, printing no ratio. Prints saves per second, p50 and p99 latency and
statements per save for each, `autosave throughput ratio (app/signed-in baseline): X.XX`, and last
`autosave throughput ratio (app/baseline): X.XX` (against the one-write endpoint).

Run: .venv/bin/pip install -e '.[production]' && .venv/bin/python bench/autosave.py
`--tiny` (6 panellists, 4 saves each) takes a few seconds; tests/bench/test_autosave.py runs it.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
GOAL, DEFECT, SIGNED_IN_GOAL = 0.5, 0.35, 0.8


@dataclass(frozen=True)
class Size:
    panellists: int
    saves_each: int
    phase_limit: float  # seconds for one phase's saves
    time_limit: float  # seconds for the whole run, setup and servers included


FULL = Size(panellists=100, saves_each=20, phase_limit=45.0, time_limit=300.0)
TINY = Size(panellists=6, saves_each=4, phase_limit=20.0, time_limit=100.0)


class Failed(Exception):
    """The run cannot give a figure worth printing; the message says why in plain words."""


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    statements: str = ""
    cpu: float = 0.0  # CPU seconds the server's worker used during the saves

    @property
    def cpu_per_save(self) -> float:
        return self.cpu / len(self.latencies) if self.latencies else 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'copanel.db'}",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "SECRET_KEY": "bench-only-secret-key-autosave",
        "COPANEL_DISABLE_RATE_LIMITS": "1",
        "SOCKETIO_ASYNC_MODE": "gevent",
        "BASELINE_DATABASE": str(folder / "baseline.db"),
    }
    env.pop("SOCKETIO_MESSAGE_QUEUE", None)
    return env


def prepare(env: dict[str, str], folder: Path, size: Size) -> dict:
    """A fresh database with the migrations, then the benchmark's own round (bench/add_panellists.py)."""
    subprocess.run(
        [str(BIN / "copanel"), "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    world_file = folder / "world.json"
    setup = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "add_panellists.py"), str(size.panellists), str(world_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if setup.returncode != 0:
        raise Failed(f"setting up the round failed:\n{setup.stdout[-1500:]}{setup.stderr[-3000:]}")
    return json.loads(world_file.read_text())


def start(
    target: str, env: dict[str, str], cwd: Path, log: Path, profile: Path | None = None
) -> tuple[subprocess.Popen, int]:
    """The README's production command on a free port; returns once the port answers. With `profile`, the
    worker runs under cProfile (bench/profile_worker.py) and writes its profile there when stopped."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "--worker-connections", "2000"]
    if profile is not None:
        command += ["-c", str(ROOT / "bench" / "profile_worker.py")]
        env = {**env, "COPANEL_BENCH_PROFILE": str(profile)}
    command += ["--no-control-socket", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target]
    with log.open("ab") as output:  # a file, not a pipe: a pipe nobody reads can fill up and stall the server
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failed(f"{target} stopped as it started: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise Failed(f"{target} did not start within 30 seconds")


def worker_cpu(arbiter: int) -> float:
    """CPU seconds (user and system) gunicorn's worker (the arbiter's child) has used so far: what the saves
    cost the server, whatever else the machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == arbiter:  # fields[1] is the parent's pid; utime and stime are 14th and 15th
            return (int(fields[11]) + int(fields[12])) / ticks
    raise Failed("the server's worker process was not found")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


class Browser:
    """One person's browser: keeps its cookies between requests and servers, one connection at a time."""

    def __init__(self, cookie_name: str, cookie: str):
        self.cookies = {cookie_name: cookie}
        self.connection: http.client.HTTPConnection | None = None
        self.token = ""
        self.version = 1  # every sheet is started (version 1); each answer from the app gives the next

    def connect(self, port: int) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        assert self.connection is not None
        headers = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        try:
            response = self._send(method, path, body, headers)
        except (ConnectionError, http.client.RemoteDisconnected):
            # gunicorn closes idle keep-alive connections after a few seconds; a browser would just reconnect.
            self.connection.close()
            response = self._send(method, path, body, headers)
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, data.decode("utf-8", "replace")

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> http.client.HTTPResponse:
        assert self.connection is not None
        self.connection.request(method, path, body=body, headers=headers)
        return self.connection.getresponse()


@dataclass(frozen=True)
class Phase:
    name: str
    path: str  # "" for the sheet's own autosave address
    app: bool  # the app's answer carries the sheet's new version and state, checked on every save


def open_sheet(browser: Browser, world: dict, number: int) -> str:
    """The panellist's sheet page, as a browser opens it: where its CSRF token comes from."""
    path = sheet_path(world, number)
    status, _, page = browser.request("GET", path)
    found = CSRF.search(page)
    if status != 200 or found is None:
        raise Failed(f"panellist {number}'s sheet did not open ({status}): {page[:200]!r}")
    browser.token = found.group(1) or found.group(2)
    return path


def sheet_path(world: dict, number: int) -> str:
    return f"/rounds/{world['round']}/sheets/{world['bids'][number % len(world['bids'])]}"


def panellist(
    number: int,
    browser: Browser,
    world: dict,
    phase: Phase,
    size: Size,
    ready: threading.Barrier,
    result: Result,
    lock: threading.Lock,
    deadline: list[float],
) -> None:
    path = phase.path or sheet_path(world, number) + "/autosave"
    version = browser.version if phase.app else 0
    criteria = world["criteria"]
    headers = {"Content-Type": "application/json", "X-CSRFToken": browser.token}
    for save in range(-1, size.saves_each):  # save -1 warms the connection up, before the clock starts
        if save == 0:
            try:
                ready.wait(timeout=60)
            except threading.BrokenBarrierError:
                return
        if time.monotonic() > deadline[0] > 0:
            break
        criterion = str(criteria[save % len(criteria)])
        payload = {
            "version": version,
            "scores": {criterion: (number + save) % 5},
            "comments": {criterion: f"Thinking about this one: draft {save}."},
            "strengths": f"Young people run it. Note {save}.",
        }
        started = time.perf_counter()
        try:
            status, reply_headers, body = browser.request("POST", path, json.dumps(payload).encode(), headers)
        except (OSError, http.client.HTTPException) as lost:
            with lock:
                result.failures.append(f"the connection failed: {lost}")
            if save < 0:
                ready.abort()  # nobody waits for a panellist who is not coming
            return
        elapsed = time.perf_counter() - started
        problem: str | None = None
        if save < 0:
            elapsed = -1.0
        if status != 200:
            problem = f"answered {status}: {body[:160]}"
        elif phase.app:
            answer = json.loads(body)
            if answer.get("version") != version + 1 or "state" not in answer:
                problem = f"the answer did not carry the next version and the sheet's state: {body[:160]}"
            version = browser.version = answer.get("version", version)
        with lock:
            if problem:
                result.failures.append(problem)
            elif elapsed >= 0:
                result.latencies.append(elapsed)
                result.statements = result.statements or reply_headers.get("X-Statements", "")
        if problem:
            if save < 0:
                ready.abort()
            return


def run_phase(
    browsers: list[Browser],
    server: subprocess.Popen,
    port: int,
    world: dict,
    phase: Phase,
    size: Size,
    run_deadline: float,
) -> Result:
    result, lock = Result(phase.name), threading.Lock()
    deadline, started, cpu = [0.0], [0.0], [0.0]
    for browser in browsers:
        browser.connect(port)

    def go():
        cpu[0] = worker_cpu(server.pid)
        started[0] = time.perf_counter()
        deadline[0] = min(time.monotonic() + size.phase_limit, run_deadline)

    ready = threading.Barrier(len(browsers), action=go)
    threads = [
        threading.Thread(
            target=panellist,
            args=(number, browser, world, phase, size, ready, result, lock, deadline),
            daemon=True,
        )
        for number, browser in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, run_deadline - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        raise Failed(f"{phase.name}: the panellists were still saving when the run's time limit came")
    result.seconds = time.perf_counter() - started[0] if started[0] else 0.0
    result.cpu = worker_cpu(server.pid) - cpu[0]
    if result.failures:
        examples = "\n".join(f"  {failure}" for failure in sorted(set(result.failures))[:5])
        raise Failed(
            f"{phase.name}: {len(result.failures)} requests did not succeed, for example:\n{examples}"
        )
    if not result.latencies:
        raise Failed(f"{phase.name}: no save finished within the time limit")
    return result


def report(result: Result) -> None:
    saves = len(result.latencies)
    cuts = statistics.quantiles(result.latencies, n=100) if saves > 1 else result.latencies * 99
    print(
        f"{result.name}: {saves} saves in {result.seconds:.2f} s = {result.rate:.1f} saves/s, "
        f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, server CPU {result.cpu_per_save * 1000:.2f} ms per save; "
        f"SQL statements per save: {result.statements}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="6 panellists, 4 saves each: a few seconds (CI)")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="run the app's worker under cProfile (CPU time) and write its profile to FILE",
    )
    arguments = parser.parse_args()
    size = TINY if arguments.tiny else FULL
    profile = arguments.profile.resolve() if arguments.profile else None
    run_deadline = time.monotonic() + size.time_limit
    folder = Path(tempfile.mkdtemp(prefix="copanel-bench-autosave-"))
    servers: list[subprocess.Popen] = []
    try:
        env = server_env(folder)
        world = prepare(env, folder, size)
        counted = world["statements"]
        print(
            f"{size.panellists} panellists, up to {size.saves_each} autosaves each, one gunicorn gevent worker, "
            f"SQLite; {os.cpu_count()} cores shared with the clients, load average {os.getloadavg()[0]:.1f}"
        )
        browsers = [Browser(world["cookie_name"], cookie) for cookie in world["cookies"]]
        results: dict[str, Result] = {}

        server, port = start("wsgi:app", env, ROOT, folder / "app.log", profile)
        servers.append(server)
        for number, browser in enumerate(browsers):
            browser.connect(port)
            open_sheet(browser, world, number)
        results["app"] = run_phase(
            browsers, server, port, world, Phase("app", "", app=True), size, run_deadline
        )
        results[
            "app"
        ].statements = f"{counted['per_save']} ({counted['reads']} reads, {counted['writes']} writes; counted through the app)"
        stop(server)

        server, port = start("baseline_app:app", env, ROOT / "bench", folder / "baseline.log")
        servers.append(server)
        for name, path in (("one-write baseline", "/save"), ("signed-in baseline", "/signed-in/save")):
            results[name] = run_phase(
                browsers, server, port, world, Phase(name, path, app=False), size, run_deadline
            )
        stop(server)

        for result in results.values():
            report(result)
        app_rate = results["app"].rate
        signed_in = app_rate / results["signed-in baseline"].rate
        one_write = app_rate / results["one-write baseline"].rate
        print(
            f"goals: app/baseline >= {GOAL} (below {DEFECT} is a defect), app/signed-in baseline >= {SIGNED_IN_GOAL}"
        )
        print(f"load average now {os.getloadavg()[0]:.1f}")
        print(f"autosave throughput ratio (app/signed-in baseline): {signed_in:.2f}")
        if profile is not None:
            print(f"the app's profile (its sheet pages too, and slower for being profiled): {profile}")
        print(f"autosave throughput ratio (app/baseline): {one_write:.2f}")
    except Failed as failed:
        print(f"FAILED: {failed}", file=sys.stderr)
        for log in sorted(folder.glob("*.log")):
            tail = log.read_text(errors="replace")[-1500:].strip()
            if tail:
                print(f"--- the end of {log.name}:\n{tail}", file=sys.stderr)
        sys.exit(1)
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
