"""Autosave benchmark: 100 panellists saving their sheets at once, against a one-write Flask baseline.

Both servers run with the production command from the README (gunicorn, one gevent worker) on 127.0.0.1, each
against its own temporary SQLite database. Run: .venv/bin/python bench/autosave.py
"""

import http.client
import json
import os
import re
import shutil
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
PANELLISTS = 100
SAVES_EACH = 20
TIME_LIMIT = 120.0  # seconds for the whole run, servers included
PHASE_LIMIT = 45.0  # seconds for one server's saves
PASSWORD = "bench-panellist-2027"
CSRF = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"'
)


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'copanel.db'}",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "SECRET_KEY": "bench-only-secret-key",
        "COPANEL_DISABLE_RATE_LIMITS": "1",
        "SOCKETIO_ASYNC_MODE": "gevent",
        "BASELINE_DATABASE": str(folder / "baseline.db"),
    }


def prepare(env: dict[str, str]) -> dict:
    """Load the demo, then add the benchmark's own trained panellists to its second round."""
    subprocess.run(
        [str(BIN / "copanel"), "demo"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60
    )
    script = ROOT / "bench" / "add_panellists.py"
    out = subprocess.run(
        [sys.executable, str(script), str(PANELLISTS), PASSWORD],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start(target: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, int]:
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
        *target,
    ]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("the server did not start within 30 seconds")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


class Browser:
    """One person's connection: keeps the session cookie between requests."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = {**(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
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
        return response.status, data.decode("utf-8", "replace")

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> http.client.HTTPResponse:
        self.connection.request(method, path, body=body, headers=headers)
        return self.connection.getresponse()

    def csrf(self, path: str) -> str:
        status, page = self.request("GET", path)
        match = CSRF.search(page)
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path} ({status})")
        return match.group(1) or match.group(2)


def sign_in(browser: Browser, username: str, sheet_path: str) -> str:
    """Sign in through the real form and open the sheet; return the page's CSRF token."""
    token = browser.csrf("/login")
    form = f"username={username}&password={PASSWORD}&csrf_token={token}".encode()
    status, _ = browser.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302:
        raise RuntimeError(f"sign-in refused for {username} ({status})")
    return browser.csrf(sheet_path)


def panellist(
    number: int,
    port: int,
    world: dict,
    baseline: bool,
    ready: threading.Barrier,
    result: Result,
    lock: threading.Lock,
    deadline: list[float],
) -> None:
    browser = Browser(port)
    bid = world["bids"][number % len(world["bids"])]
    base = f"/rounds/{world['round']}/sheets/{bid}"
    try:
        token = "" if baseline else sign_in(browser, world["usernames"][number], base)
    except Exception as problem:  # noqa: BLE001 - reported, then this panellist just waits at the barrier
        token = None
        with lock:
            result.failures.append(f"sign-in: {problem}")
    try:
        ready.wait(timeout=60)
    except threading.BrokenBarrierError:
        return
    if token is None:
        return
    version = 0
    criteria = world["criteria"]
    for save in range(SAVES_EACH):
        if time.monotonic() > deadline[0]:
            break
        criterion = str(criteria[save % len(criteria)])
        payload = {
            "version": version,
            "scores": {criterion: 1 + (number + save) % 5},
            "comments": {criterion: f"Thinking about this one: draft {save}."},
            "strengths": f"Young people run it. Note {save}.",
        }
        headers = {"Content-Type": "application/json", "X-CSRFToken": token}
        started = time.perf_counter()
        try:
            status, body = browser.request(
                "POST", "/save" if baseline else base + "/autosave", json.dumps(payload).encode(), headers
            )
        except (OSError, http.client.HTTPException) as problem:
            browser.connection.close()
            with lock:
                result.failures.append(f"connection: {problem}")
            continue
        elapsed = time.perf_counter() - started
        if status != 200:
            with lock:
                result.failures.append(f"{status}: {body[:120]}")
            continue
        version = json.loads(body).get("version", version)
        with lock:
            result.latencies.append(elapsed)


def run_phase(port: int, world: dict, baseline: bool, run_deadline: float) -> Result:
    result, lock = Result(), threading.Lock()
    deadline = [0.0]
    started = [0.0]

    def go():
        started[0] = time.perf_counter()
        deadline[0] = min(time.monotonic() + PHASE_LIMIT, run_deadline)

    ready = threading.Barrier(PANELLISTS, action=go)
    threads = [
        threading.Thread(
            target=panellist, args=(n, port, world, baseline, ready, result, lock, deadline), daemon=True
        )
        for n in range(PANELLISTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, run_deadline - time.monotonic()))
    result.seconds = time.perf_counter() - started[0] if started[0] else 0.0
    return result


def report(name: str, result: Result) -> float:
    saves = len(result.latencies)
    rate = saves / result.seconds if result.seconds else 0.0
    if saves:
        cuts = statistics.quantiles(result.latencies, n=100) if saves > 1 else result.latencies * 99
        p50, p99 = cuts[49] * 1000, cuts[98] * 1000
        print(
            f"{name}: {saves} saves in {result.seconds:.2f} s = {rate:.1f} saves/s, "
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, {len(result.failures)} failed"
        )
    else:
        print(f"{name}: no saves succeeded, {len(result.failures)} failed")
    for failure in sorted(set(result.failures))[:5]:
        print(f"  for example: {failure}")
    return rate


def main() -> None:
    run_deadline = time.monotonic() + TIME_LIMIT
    folder = Path(tempfile.mkdtemp(prefix="copanel-bench-"))
    try:
        env = server_env(folder)
        world = prepare(env)
        print(
            f"{PANELLISTS} panellists, up to {SAVES_EACH} autosaves each, one gunicorn gevent worker, SQLite"
        )
        rates = {}
        for name, target, cwd, baseline in (
            ("app", ["wsgi:app"], ROOT, False),
            ("baseline", ["baseline_app:app"], ROOT / "bench", True),
        ):
            server, port = start(target, env, cwd)
            try:
                rates[name] = report(name, run_phase(port, world, baseline, run_deadline))
            finally:
                stop(server)
        ratio = rates["app"] / rates["baseline"] if rates["baseline"] else 0.0
        print(f"autosave throughput ratio (app/baseline): {ratio:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
