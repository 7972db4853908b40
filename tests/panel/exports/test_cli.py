"""`copanel export ROUND --out FILE` and `--csv DIR`."""

import csv

from openpyxl import load_workbook


def run(app, *args):
    return app.test_cli_runner().invoke(args=["export", *map(str, args)])


def test_export_writes_the_workbook(app, decided, make, tmp_path):
    make.decision(decided.round, decided.club)
    out = tmp_path / "decisions.xlsx"
    result = run(app, decided.round.id, "--out", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[0] == "Summary" and book["Summary"]["A2"].value == "A-01"
    assert "Aisha Khan" not in str([[c.value for c in row] for row in book["Individual scores"].iter_rows()])


def test_export_with_names(app, decided, tmp_path):
    out = tmp_path / "named.xlsx"
    assert run(app, decided.round.id, "--out", out, "--names").exit_code == 0
    assert "Aisha Khan" in str([[c.value for c in row] for row in load_workbook(out)["Individual scores"]])


def test_export_writes_one_csv_per_sheet(app, decided, make, tmp_path):
    make.decision(decided.round, decided.club, amount_pence=2_000_000)
    make.decision(decided.round, decided.app, "not_funded", reasons='=HYPERLINK("x")')
    result = run(app, decided.round.id, "--csv", tmp_path / "csv")
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "csv").iterdir())
    assert names == [
        "conflicts-register.csv",
        "consensus.csv",
        "criteria.csv",
        "individual-scores.csv",
        "meeting-record.csv",
        "monitoring.csv",
        "round-settings.csv",
        "summary.csv",
    ]
    with (tmp_path / "csv" / "summary.csv").open(encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0][:4] == ["Reference", "Organisation", "Title", "Amount requested"]
    assert rows[1][3] == "25000.00"
    assert rows[2][9] == '\'=HYPERLINK("x")'  # text, not a formula, when a spreadsheet opens it
    total = rows[4]
    assert total[0] == "Total" and total[3] == "65000.00" and total[7] == "20000.00"


def test_export_needs_one_destination_and_a_real_round(app, decided, tmp_path):
    assert run(app, decided.round.id).exit_code != 0
    missing = run(app, 999_999, "--out", tmp_path / "x.xlsx")
    assert missing.exit_code != 0 and "no round 999999" in missing.output


def test_a_round_number_not_in_plain_digits_is_refused_in_words(app, decided, tmp_path):
    """The round as its web address names it: other digits or a number past the database's are no round."""
    out = tmp_path / "decisions.xlsx"
    arabic = str(decided.round.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for typed in (arabic, "99999999999999999999", "2147483648", "0", "²", "seven"):
        result = run(app, typed, "--out", out)
        assert result.exit_code == 2, (typed, result.output)
        assert "is not a round number. Use the number in the round's web address." in result.output
    assert not out.exists()
