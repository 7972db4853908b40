"""The export benchmark's small run (`bench/export_workbook.py --tiny`) goes all the way through: it builds its
own round, both sides write their workbook, the app's holds every row, and the run ends with its ratio line."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("xlsxwriter", reason="xlsxwriter writes the workbook (a dependency of the app)")

ROOT = Path(__file__).resolve().parents[2]


def test_the_export_benchmark_runs_and_prints_its_ratios():
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "export_workbook.py"), "--tiny"],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    said = run.stdout + run.stderr[-3000:]
    assert run.returncode == 0, said
    lines = run.stdout.strip().splitlines()
    assert re.fullmatch(
        r"export time ratio \(app/xlsxwriter\): \d+\.\d\d \(goal 1\.4 or less\)", lines[-1]
    ), said
    assert re.fullmatch(
        r"export peak memory ratio \(app/xlsxwriter\): \d+\.\d\d \(goal 5\.0 or less\)", lines[-2]
    ), said
    assert "Meeting record" in run.stdout and "Monitoring" in run.stdout, said
