"""Running a benchmark's small run (`bench/<name>.py --tiny`) from a test: the way CI runs every benchmark. Its
figures are printed, never asserted; a test asserts it went all the way through and printed its lines."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# CI runs the suite twice, on SQLite then on PostgreSQL; a benchmark that keeps to a SQLite database of its own
# (or whose PostgreSQL path adds nothing the suite does not test) runs its small run once, in the first.
ONCE_IN_CI = pytest.mark.skipif(
    os.environ.get("COPANEL_SMALL_BENCHMARKS_ON_ONE_DATABASE") == "1"
    and bool(os.environ.get("COPANEL_TEST_DATABASE_URL")),
    reason="CI runs this benchmark's small run once, on SQLite (COPANEL_SMALL_BENCHMARKS_ON_ONE_DATABASE)",
)


@dataclass(frozen=True)
class TinyRun:
    stdout: str
    said: str  # what to show when an assertion fails: its output and the end of its errors

    @property
    def lines(self) -> list[str]:
        return self.stdout.strip().splitlines()


def run_tiny(script: str, *, timeout: int, on_the_test_database: bool = False) -> TinyRun:
    """Run bench/<script> --tiny and check it ended well (exit 0). With on_the_test_database, a benchmark that can
    use PostgreSQL uses the suite's (COPANEL_TEST_DATABASE_URL), on which it makes and drops a database of its
    own; otherwise it keeps to SQLite."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("COPANEL_BENCH_DATABASE_URL", None)
    if on_the_test_database and os.environ.get("COPANEL_TEST_DATABASE_URL"):
        env["COPANEL_BENCH_DATABASE_URL"] = os.environ["COPANEL_TEST_DATABASE_URL"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--tiny"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    said = run.stdout + run.stderr[-3000:]
    assert run.returncode == 0, said
    return TinyRun(run.stdout, said)
