"""Writing tables to CSV files, one table a file. Every string is written as text, never as a formula (see
scoring.export); CSV holds no formulas, so totals are added up here."""

import csv
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from scoring.export import Money, Table, Value, csv_text

CsvValue = str | int | float | Decimal


def _csv_value(value: Value) -> CsvValue:
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.pounds:.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str):
        return csv_text(value)
    return value


def csv_rows(table: Table) -> Iterator[Sequence[CsvValue]]:
    """A table as CSV rows, one at a time: the totals are added up on the way (CSV holds no formulas) and the
    note follows."""
    yield list(table.header)
    columns = table.total_columns()
    pence = dict.fromkeys(columns, 0)
    for row in table.rows:
        for index in columns:
            value = row[index]
            if isinstance(value, Money):
                pence[index] += value.pence
        yield [_csv_value(value) for value in row]
    if table.totals:
        totals: list[CsvValue] = ["Total", *[""] * (len(table.header) - 1)]
        for index in columns:
            totals[index] = _csv_value(Money(pence[index]))
        yield totals
    if table.note:
        yield []
        yield [csv_text(table.note)]


def csv_filename(table: Table) -> str:
    return table.title.lower().replace(" ", "-") + ".csv"


def write_csv(table: Table, out: IO[str]) -> None:
    csv.writer(out).writerows(csv_rows(table))


def write_csv_folder(tables: list[Table], folder: Path) -> list[Path]:
    """One UTF-8 CSV per table (with a byte-order mark, so spreadsheet programs read £ right)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / csv_filename(table)
        with path.open("w", newline="", encoding="utf-8-sig") as out:
            write_csv(table, out)
        written.append(path)
    return written
