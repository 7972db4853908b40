"""The fan-out benchmark's small run (`bench/meeting_fanout.py --tiny`) goes all the way through: every chair's
command reaches every panellist on the app, on the bare Socket.IO server, and on two app processes sharing
Redis, nothing is refused or dropped, and the run prints its ratios with the fan-out ratio last.

The benchmark starts its own redis-server and the README's production command; on PostgreSQL (when
COPANEL_TEST_DATABASE_URL names one) it makes a throwaway database on that server and drops it at the end.
Its timings are printed, never asserted.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the meeting")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")
pytest.importorskip("redis", reason="redis (production extra) carries broadcasts between processes")
pytest.importorskip("aiohttp", reason="aiohttp (test extra) carries the benchmark's clients")

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed: apt-get install redis-server"
)


def test_every_command_reaches_every_screen_and_the_ratios_are_printed():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("COPANEL_BENCH_DATABASE_URL", None)
    if os.environ.get("COPANEL_TEST_DATABASE_URL"):
        env["COPANEL_BENCH_DATABASE_URL"] = os.environ["COPANEL_TEST_DATABASE_URL"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "meeting_fanout.py"), "--tiny"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    said = run.stdout + run.stderr[-3000:]
    assert run.returncode == 0, said
    assert "FAILED" not in said, said
    lines = run.stdout.strip().splitlines()
    assert re.fullmatch(r"fanout p99 ratio \(app/bare\): \d+\.\d\d", lines[-1]), said
    assert re.search(
        r"^scale-out p99 ratio \(two processes/one\): \d+\.\d\d \(goal", run.stdout, re.MULTILINE
    ), said
    assert "a redis-server of the run's own" in lines[0], said
    # Every scenario ran on every server, each command reaching all its panellists.
    ran = re.findall(
        r"^  (.+) scenario (\d): (\d+) commands, (\d+) deliveries .*, 0 lost, 0 refused",
        run.stdout,
        re.MULTILINE,
    )
    assert {(name, number) for name, number, _, _ in ran} == {
        ("app", "1"),
        ("app", "2"),
        ("bare", "1"),
        ("bare", "2"),
        ("one process", "3"),
        ("two processes", "3"),
    }, said
    assert all(
        int(commands) > 0 and int(deliveries) == 10 * int(commands) for _, _, commands, deliveries in ran
    ), said
