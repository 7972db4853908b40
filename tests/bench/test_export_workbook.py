"""The export benchmark's small run (`bench/export_workbook.py --tiny`) goes all the way through: it builds its
own round, both sides write their workbook, the app's holds every row, and the run ends with its ratio line."""

import re

import pytest

from tests.bench.runs import ONCE_IN_CI, run_tiny

pytest.importorskip("xlsxwriter", reason="xlsxwriter writes the workbook (a dependency of the app)")


@ONCE_IN_CI
def test_the_export_benchmark_runs_and_prints_its_ratios():
    run = run_tiny("export_workbook.py", timeout=180)
    said = run.said
    lines = run.lines
    assert re.fullmatch(
        r"export time ratio \(app/xlsxwriter\): \d+\.\d\d \(goal 1\.4 or less\)", lines[-1]
    ), said
    assert re.fullmatch(
        r"export peak memory ratio \(app/xlsxwriter\): \d+\.\d\d \(goal 5\.0 or less\)", lines[-2]
    ), said
    assert "Meeting record" in run.stdout and "Monitoring" in run.stdout, said
