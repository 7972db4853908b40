"""The workbook opened in a real spreadsheet program: LibreOffice works out the totals and keeps typed text as
text. Skipped where LibreOffice is not installed (CI installs libreoffice-calc-nogui)."""

import csv
import shutil
import subprocess
from decimal import Decimal

import pytest

from panel.exports.operations import decisions_workbook
from panel.exports.writer import write_xlsx

SOFFICE = shutil.which("soffice")
# UTF-8, comma-separated, formulas as their results, every sheet to its own file (see TOOLCHAIN.md).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
TRAP = '=HYPERLINK("http://evil.example","Click")'

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="soffice (LibreOffice) is not on PATH")


def converted(workbook, folder):
    """Each sheet as LibreOffice calculates it, read from the CSV it writes; its own profile, so parallel runs
    don't lose files."""
    profile = folder / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(folder / "out"),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    summary = folder / "out" / f"{workbook.stem}-Summary.csv"
    assert summary.exists(), "LibreOffice wrote nothing (a failed conversion still exits 0)"
    with summary.open(encoding="utf-8") as file:
        return list(csv.reader(file))


def pounds(cell: str) -> Decimal:
    """A money cell as LibreOffice shows it ("£20,000.50"), as a number."""
    return Decimal(cell.replace("£", "").replace(",", "") or "0")


def test_libreoffice_adds_up_the_totals_keeps_text_as_text_and_opens_monitoring(decided, make, tmp_path):
    make.decision(decided.round, decided.club, amount_pence=2_000_050)
    make.decision(decided.round, decided.app, "not_funded", reasons=TRAP)
    make.decision(decided.round, decided.camp, amount_pence=999_999)
    workbook = tmp_path / "decisions.xlsx"
    write_xlsx(decisions_workbook(decided.round), workbook)
    rows = converted(workbook, tmp_path)
    header, bids, total = rows[0], rows[1:4], rows[4]
    assert total[0] == "Total"
    for column in ("Amount requested", "Amount awarded"):
        index = header.index(column)
        assert pounds(total[index]) == sum(pounds(row[index]) for row in bids), column
    assert pounds(total[header.index("Amount awarded")]) == Decimal("30000.49")
    assert bids[1][header.index("Reasons")] == TRAP
    with (tmp_path / "out" / "decisions-Monitoring.csv").open(encoding="utf-8") as file:
        monitoring = list(csv.reader(file))
    assert monitoring[0] == ["Topic", "Measure", "Young people", "Adults", "Everyone", "Detail"]
    assert ["Who took part", "Panel members", "2", "2", "4", ""] in monitoring
