"""Phone pages benchmark: what a phone on a slow network downloads, and how long it waits, for Co-Panel's pages.

Chromium (Debian's, through Playwright) on Chrome's "Slow 3G" (400 kbit/s each way, 400 ms round trip, set
with the DevTools protocol's Network.emulateNetworkConditions) opens four pages, each first with an empty cache
(cold) and then again in the same tab (warm):

  - the baseline: GOV.UK Frontend's own page template with nothing else, its stylesheet and script
    (bench/phone_baseline, served by bench/phone_server.py from the same server with the same compression and
    caching as the app's own files);
  - the sign-in page;
  - a scoring sheet, signed in as a panel member the benchmark made and signed in through the sign-in form;
  - the meeting page of a round the benchmark put in its meeting, for the same member, until it is live
    (its Socket.IO connection made and the meeting's state shown).

For each it prints the bytes transferred (headers included, as the network carries them) and the time to a
usable page (the load event: styles applied and scripts run; for the meeting page, until it says "Live"), and
the ratio of the sign-in page's and the sheet's to the baseline's. The goals: cold, at most 1.3 times the
baseline for the sign-in page and the sheet, at most 100 KB for the meeting page; warm, nothing but the page
itself is fetched again. Goals missed are reported, not failed; any request that does not succeed fails the run.

Ends with `phone cold time ratio (slower of sign-in and sheet/baseline): X.XX` (time to a usable page, the larger
of the two pages' ratios).
Run: .venv/bin/pip install -e '.[test]' && .venv/bin/python bench/phone_pages.py
`--tiny` opens each page once instead of five times (the median is printed), for CI. Needs Chromium
(apt-get install chromium).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_ARGS = [  # as the browser tests launch it (tests/browser/conftest.py)
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 640}
# Chrome's "Slow 3G": 400 kbit/s down and up, 400 ms round trip.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
PASSWORD = "bench-phone-member-2027"
SECRET_KEY = "bench-only-secret-key-phone-pages"
GOAL_COLD_RATIO = 1.3
GOAL_MEETING_KB = 100.0
WAIT_MS = 60_000  # the longest a page may take to be usable
SETTLE_MS = 8_000  # the longest to wait for the network to go quiet after a cold visit


@dataclass(frozen=True)
class Size:
    visits: int  # cold and warm visits of each page; the median is printed
    time_limit: int  # seconds for the whole run


FULL = Size(visits=5, time_limit=480)
TINY = Size(visits=1, time_limit=100)


class Failed(Exception):
    """A request or step that did not succeed: the run stops with this message."""


@dataclass
class Visit:
    bytes: int
    ms: float
    html: int  # bytes of the page itself (its HTML, which the server sends uncompressed and never cached)
    fetched: list[str]  # what went to the network, besides the page itself and the meeting's live connection


@dataclass
class Page:
    name: str
    path: str
    signed_in: bool
    live: bool = False  # usable once the meeting says "Live"
    cold: list[Visit] = field(default_factory=list)
    warm: list[Visit] = field(default_factory=list)

    def median(self, which: str, attribute: str) -> float:
        return statistics.median(getattr(visit, attribute) for visit in getattr(self, which))


# -----------------------------------------------------------------------------------------------------------
# The world: a member with a scoring sheet in one round, and a seat in another round's meeting


def setup_main(world_file: Path) -> None:
    """The schema (what `copanel db upgrade` does), then the benchmark's own rounds, with the app's factories."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from panel import create_app
    from panel.core.models import utcnow
    from panel.extensions import db
    from scoring.people import MemberRole
    from scoring.rounds import RoundStatus
    from tests import factories

    with create_app().app_context():
        upgrade()
        member = factories.user("phone-member", "Sam Phone", password=PASSWORD)
        member.privacy_accepted_at = utcnow()
        scoring = factories.round("Feeling better 2027", status=RoundStatus.SCORING, criteria=4, bids=3)
        seat = factories.member(scoring, member, trained=True)
        seat.conflicts_reviewed_at = utcnow()
        bid = scoring.bids[0]
        factories.sheet(seat, bid, {scoring.criteria[0]: 3, scoring.criteria[1]: 2}, submitted=False)
        meeting = factories.round("Safe spaces 2027", status=RoundStatus.SCORING, criteria=3, bids=3)
        factories.member(
            meeting, factories.user("phone-chair", "Chris Chair"), role=MemberRole.CHAIR, trained=True
        )
        there = factories.member(meeting, member, trained=True)
        there.conflicts_reviewed_at = utcnow()
        for each in meeting.bids:
            factories.sheet(there, each, {criterion: 2 for criterion in meeting.criteria})
        factories.meeting(meeting)
        db.session.commit()
        world = {
            "sheet": f"/rounds/{scoring.id}/sheets/{bid.id}",
            "meeting": f"/rounds/{meeting.id}/meeting",
        }
    world_file.write_text(json.dumps(world))


# -----------------------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """The README's production command (gunicorn, one gevent worker) with the baseline page added."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "--worker-connections", "2000"]
    command += ["--no-control-socket", "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    command += ["--pythonpath", str(ROOT / "bench"), "phone_server:app"]
    with log.open("ab") as output:  # a file, not a pipe: a pipe nobody reads can fill up and stall the server
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failed(f"the server stopped as it started:\n{log.read_text()[-3000:]}")
        try:  # the page itself, not only the port: the arbiter listens before its worker has loaded the app
            with urllib.request.urlopen(f"{base}/login", timeout=5) as answer:
                if answer.status == 200:
                    return server, base
        except (OSError, urllib.error.URLError):
            time.sleep(0.1)
    raise Failed(f"the server did not answer within 60 seconds:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=10)


# -----------------------------------------------------------------------------------------------------------
# The browser


class Tab:
    """One tab on a slow network, counting what each visit transfers through the DevTools protocol."""

    def __init__(self, context, base: str):
        self.base = base
        self.page = context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.requests: dict[str, dict] = {}
        cdp = context.new_cdp_session(self.page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.requestServedFromCache", self._from_cache)  # the memory cache says so only here
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)

    def _sent(self, event: dict) -> None:
        self.requests.setdefault(event["requestId"], {"url": event["request"]["url"], "bytes": 0})

    # Only requests this visit made count: one the previous visit made may still answer during this one.
    def _response(self, event: dict) -> None:
        record = self.requests.get(event["requestId"], {})
        record["status"] = event["response"]["status"]
        record["cached"] = record.get("cached") or event["response"].get("fromDiskCache")

    def _from_cache(self, event: dict) -> None:
        self.requests.get(event["requestId"], {})["cached"] = True

    def _finished(self, event: dict) -> None:
        self.requests.get(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    def _failed(self, event: dict) -> None:
        record = self.requests.get(event["requestId"], {})
        record["failed"] = event.get("errorText", "failed")

    def visit(self, page: Page) -> Visit:
        self.requests = {}
        url = self.base + page.path
        response = self.page.goto(url, wait_until="load")
        if response is None or response.status != 200 or response.url != url:
            got = f"{response.status} at {response.url}" if response else "no answer"
            raise Failed(f"{page.name}: {page.path} answered {got}, not the page itself")
        usable = self.page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        if page.live:
            live = self.page.wait_for_function(
                "() => { const line = document.querySelector('[data-cp-status]');"
                " return line && line.dataset.state === 'live' ? performance.now() : false; }",
                polling=10,
            )
            usable = max(usable, live.json_value())
        self.page.wait_for_timeout(50)  # the protocol's last events for what has arrived
        fetched, total, html = [], 0, 0
        for record in list(self.requests.values()):
            address = record["url"]
            if "failed" in record and "/socket.io/" not in address:
                raise Failed(f"{page.name}: {address} failed ({record['failed']})")
            if record.get("status", 200) >= 400:
                raise Failed(f"{page.name}: {address} answered {record['status']}")
            total += record["bytes"]
            html += record["bytes"] if address == url else 0
            if (
                address != url
                and "/socket.io/" not in address
                and record.get("status")
                and not record["cached"]
            ):
                fetched.append(address.removeprefix(self.base))
        return Visit(bytes=total, ms=usable, html=html, fetched=fetched)

    def settle(self) -> None:
        """Let what the page still loads after it is usable (its icon) arrive, as it would before a next visit."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
        except PlaywrightTimeout:  # a meeting page's live connection may keep a request open all along
            pass


def sign_in(browser, base: str) -> dict:
    """The member signs in through the sign-in form (no slow network for this): the cookies it leaves."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#username", "phone-member")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_load_state("load")
    if "/login" in page.url:
        raise Failed(f"signing in the benchmark's member failed: still at {page.url}")
    state = context.storage_state()
    context.close()
    return state


def measure(pages: list[Page], base: str, size: Size) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            signed_in = sign_in(browser, base)
            for round_number in range(size.visits):
                for page in pages:  # in turn, so a busy spell on the machine touches every page alike
                    context = browser.new_context(
                        viewport=PHONE, storage_state=signed_in if page.signed_in else None
                    )
                    try:
                        tab = Tab(context, base)
                        page.cold.append(tab.visit(page))
                        tab.settle()
                        page.warm.append(tab.visit(page))
                    finally:
                        context.close()
                print(f"  visits {round_number + 1} of {size.visits} done", flush=True)
        finally:
            browser.close()


# -----------------------------------------------------------------------------------------------------------
# The report


def kb(number: float) -> str:
    return f"{number / 1000:.1f} KB"


def goal(met: bool, words: str) -> str:
    return f"(goal {words}: {'met' if met else 'MISSED'})"


def report(pages: list[Page]) -> float:
    baseline = pages[0]
    base_bytes, base_ms = baseline.median("cold", "bytes"), baseline.median("cold", "ms")
    print()
    print(
        f"{'page':<22}{'its HTML':>10}{'cold bytes':>12}{'cold time':>11}{'warm bytes':>12}{'warm time':>11}"
        "  fetched again when warm"
    )
    for page in pages:
        refetched = sorted({address for visit in page.warm for address in visit.fetched})
        print(
            f"{page.name:<22}{kb(page.median('cold', 'html')):>10}{kb(page.median('cold', 'bytes')):>12}{page.median('cold', 'ms') / 1000:>10.2f}s"
            f"{kb(page.median('warm', 'bytes')):>12}{page.median('warm', 'ms') / 1000:>10.2f}s  "
            f"{', '.join(refetched) if refetched else 'nothing but the page'}"
        )
    print()
    ratios = []
    for page in pages[1:3]:
        time_ratio = page.median("cold", "ms") / base_ms
        bytes_ratio = page.median("cold", "bytes") / base_bytes
        ratios.append(time_ratio)
        print(
            f"{page.name}, cold, against the baseline: time {time_ratio:.2f}x, bytes {bytes_ratio:.2f}x "
            f"{goal(max(time_ratio, bytes_ratio) <= GOAL_COLD_RATIO, f'at most {GOAL_COLD_RATIO}x')}"
        )
    meeting = pages[3]
    meeting_kb = meeting.median("cold", "bytes") / 1000
    print(
        f"{meeting.name}, cold: {meeting_kb:.1f} KB transferred until it is live "
        f"{goal(meeting_kb <= GOAL_MEETING_KB, f'at most {GOAL_MEETING_KB:g} KB')}"
    )
    again = [page.name for page in pages if any(visit.fetched for visit in page.warm)]
    print(
        f"warm visits fetch only the page itself {goal(not again, 'nothing else')}: {', '.join(again) or 'all'}"
    )
    return max(ratios)


def give_up(signum, frame):
    raise TimeoutError("the benchmark ran past its time limit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="each page once, for CI (well under a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (the server's log)")
    options = parser.parse_args()
    size = TINY if options.tiny else FULL
    if CHROMIUM is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError:
        raise SystemExit("Playwright is not installed (pip install -e '.[test]')") from None
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(size.time_limit)
    folder = Path(tempfile.mkdtemp(prefix="copanel-phone-"))
    server = None
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'copanel.db'}",
        "DOCUMENTS_DIR": str(folder / "documents"),
        "COPANEL_STATIC_CACHE_DIR": str(folder / "static"),
        "SECRET_KEY": SECRET_KEY,
        "COPANEL_DISABLE_RATE_LIMITS": "1",
        "SOCKETIO_ASYNC_MODE": "gevent",
    }
    env.pop("SOCKETIO_MESSAGE_QUEUE", None)
    try:
        print(
            f"Chromium on Slow 3G (400 kbit/s, 400 ms round trip), {PHONE['width']}x{PHONE['height']}; "
            f"{size.visits} cold and warm visit(s) of each page; {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        world_file = folder / "world.json"
        setup = subprocess.run(
            [sys.executable, __file__, "--setup", str(world_file)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if setup.returncode:
            raise Failed(f"setting up the rounds failed:\n{setup.stderr[-3000:]}")
        world = json.loads(world_file.read_text())
        server, base = start_server(env, folder / "server.log")
        pages = [
            Page("GOV.UK Frontend page", "/baseline", signed_in=False),
            Page("sign-in page", "/login", signed_in=False),
            Page("scoring sheet", world["sheet"], signed_in=True),
            Page("meeting page", world["meeting"], signed_in=True, live=True),
        ]
        try:
            measure(pages, base, size)
        except PlaywrightError as problem:
            said = (folder / "server.log").read_text(errors="replace")[-3000:]
            raise Failed(f"the browser said: {problem}\nthe server's log ends:\n{said}") from None
        worst = report(pages)
        print(f"load average now {os.getloadavg()[0]:.1f}")
        print(f"phone cold time ratio (slower of sign-in and sheet/baseline): {worst:.2f}")
        return 0
    except Failed as problem:
        print(f"FAILED: {problem}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        stop(server)
        if options.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--setup":
        setup_main(Path(sys.argv[2]))
    else:
        sys.exit(main())
