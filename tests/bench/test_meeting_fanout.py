"""The fan-out benchmark's small run (`bench/meeting_fanout.py --tiny`) goes all the way through: every chair's
command reaches every panellist on the app, on the bare Socket.IO server, and on two app processes sharing
Redis, nothing is refused or dropped, and the run prints its ratios with the fan-out ratio last.

The benchmark starts its own redis-server and the README's production command; on PostgreSQL (when
COPANEL_TEST_DATABASE_URL names one) it makes a throwaway database on that server and drops it at the end.
Its timings are printed, never asserted.
"""

import re
import shutil

import pytest

from tests.bench.runs import ONCE_IN_CI, run_tiny

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the meeting")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")
pytest.importorskip("redis", reason="redis (production extra) carries broadcasts between processes")
pytest.importorskip("aiohttp", reason="aiohttp (test extra) carries the benchmark's clients")

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed: apt-get install redis-server"
)


@ONCE_IN_CI
def test_every_command_reaches_every_screen_and_the_ratios_are_printed():
    run = run_tiny("meeting_fanout.py", timeout=240, on_the_test_database=True)
    said = run.said
    assert "FAILED" not in said, said
    lines = run.lines
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
