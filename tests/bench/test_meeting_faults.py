"""The fault benchmark's small run (`bench/meeting_faults.py --tiny`) goes all the way through: after a crash,
a stop, a restart of the chair's process and a Redis outage, and through a long meeting with people dropping
out, every screen comes back in step with the chair, and the run ends with its summary line.

The benchmark starts its own redis-server and the README's production command; on PostgreSQL (when
COPANEL_TEST_DATABASE_URL names one) it makes a throwaway database on that server and drops it at the end.
"""

import re
import shutil

import pytest

from tests.bench.runs import run_tiny

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the meeting")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")
pytest.importorskip("redis", reason="redis (production extra) carries broadcasts between processes")
pytest.importorskip("aiohttp", reason="aiohttp (test extra) carries the benchmark's clients")

SCENARIOS = 5
pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed: apt-get install redis-server"
)


def test_after_every_fault_every_screen_comes_back_in_step_with_the_chair():
    run = run_tiny("meeting_faults.py", timeout=180, on_the_test_database=True)
    said = run.said
    lines = run.lines
    assert re.fullmatch(r"slowest recovery \(s\): \d+\.\d", lines[-1]), said
    assert "FAILED" not in run.stdout, said
    back = [line for line in lines if line.strip().startswith("every client back in step:")]
    assert len(back) == SCENARIOS and all(": yes (" in line for line in back), said
    # A process asked to stop goes at once, not after the server's 30-second graceful timeout.
    exited = re.search(r"the old process exited (\d+\.\d+) s after the signal", run.stdout)
    assert exited and float(exited.group(1)) < 10, said
    # During the outage the chair's commands reached everyone or were refused in plain words.
    assert re.search(r"the chair's commands during the outage: .*\d+ (ok|refused)", run.stdout), said
