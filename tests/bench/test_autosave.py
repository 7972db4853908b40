"""The autosave benchmark's small run (`bench/autosave.py --tiny`) goes all the way through: it makes its own
round in scoring, every save to the app and to both baselines succeeds, and it prints its statement count and
both ratio lines, the one against the one-write endpoint last."""

import re

import pytest

from tests.bench.runs import ONCE_IN_CI, run_tiny

pytest.importorskip("gunicorn", reason="gunicorn (production extra) serves the app")
pytest.importorskip("gevent", reason="gevent (production extra) is the server's worker")


@ONCE_IN_CI
def test_every_save_succeeds_and_the_ratios_are_printed():
    run = run_tiny("autosave.py", timeout=150)
    said = run.said
    lines = run.lines
    assert re.fullmatch(r"autosave throughput ratio \(app/baseline\): \d+\.\d\d", lines[-1]), said
    assert re.fullmatch(r"autosave throughput ratio \(app/signed-in baseline\): \d+\.\d\d", lines[-2]), said
    app = next(line for line in lines if line.startswith("app: "))
    assert re.search(r"SQL statements per save: \d+ \(", app), said
    assert "FAILED" not in said, said
