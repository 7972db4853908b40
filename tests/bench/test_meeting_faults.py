"""The fault benchmark's small run (`bench/meeting_faults.py --tiny`) goes all the way through: after a crash,
a stop, a restart of the chair's process and a Redis outage, and through a long meeting with people dropping
out, every screen comes back in step with the chair, and the run ends with its summary line.

The benchmark starts its own redis-server and the README's production command; on PostgreSQL (when
COPANEL_TEST_DATABASE_URL names one) it makes a throwaway database on that server and drops it at the end.
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
SCENARIOS = 5
pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed: apt-get install redis-server"
)


def test_after_every_fault_every_screen_comes_back_in_step_with_the_chair():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("COPANEL_BENCH_DATABASE_URL", None)
    if os.environ.get("COPANEL_TEST_DATABASE_URL"):
        env["COPANEL_BENCH_DATABASE_URL"] = os.environ["COPANEL_TEST_DATABASE_URL"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "meeting_faults.py"), "--tiny"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    said = run.stdout + run.stderr[-3000:]
    assert run.returncode == 0, said
    lines = run.stdout.strip().splitlines()
    assert re.fullmatch(r"slowest recovery \(s\): \d+\.\d", lines[-1]), said
    assert "FAILED" not in run.stdout, said
    back = [line for line in lines if line.strip().startswith("every client back in step:")]
    assert len(back) == SCENARIOS and all(": yes (" in line for line in back), said
    # A process asked to stop goes at once, not after the server's 30-second graceful timeout.
    exited = re.search(r"the old process exited (\d+\.\d+) s after the signal", run.stdout)
    assert exited and float(exited.group(1)) < 10, said
    # During the outage the chair's commands reached everyone or were refused in plain words.
    assert re.search(r"the chair's commands during the outage: .*\d+ (ok|refused)", run.stdout), said
