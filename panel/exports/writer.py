"""Writing tables to an .xlsx workbook (write-only, so a large round streams row by row) or to CSV files.

Every string is written as text, never as a formula, whatever it starts with (see scoring.export); only the
totals rows hold formulas, and they are made here.
"""

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scoring.export import Money, Table, Value, clean_text, column_widths, csv_text, wrapped_columns

POUNDS = '"£"#,##0.00'
WHEN = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
TOTAL_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def _cell(sheet, value: Value, wrap: bool = False) -> WriteOnlyCell:
    if isinstance(value, Money):
        cell = WriteOnlyCell(sheet, value=value.pounds)
        cell.number_format = POUNDS
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = clean_text(value)
        cell.data_type = "s"  # openpyxl would make "=..." a formula: this is someone's text
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = WHEN
    cell.alignment = WRAP if wrap else TOP
    return cell


def _text(sheet, text: str, font: Font | None = None) -> WriteOnlyCell:
    cell = _cell(sheet, text)
    if font is not None:
        cell.font = font
    return cell


def _totals(sheet, table: Table, first: int, last: int) -> list[WriteOnlyCell]:
    """'Total' in the first column and a live =SUM(...) under each money column the table adds up."""
    cells = [_text(sheet, "Total", TOTAL_FONT)] + [None] * (len(table.header) - 1)
    for index in table.total_columns():
        column = get_column_letter(index + 1)
        cell = WriteOnlyCell(sheet, value=f"=SUM({column}{first}:{column}{last})")
        cell.number_format, cell.font = POUNDS, TOTAL_FONT
        cells[index] = cell
    return cells


def write_sheet(workbook: Workbook, table: Table) -> None:
    """One table as one sheet: styled, frozen header row, autofilter, widths from its contents."""
    sheet = workbook.create_sheet(table.title)
    widths = column_widths(table.header, table.rows)
    wraps = wrapped_columns(widths, table.header, table.rows)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = 1 + len(table.rows)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{last}"
    header = [_text(sheet, name, HEADER_FONT) for name in table.header]
    for cell in header:
        cell.fill, cell.alignment = HEADER_FILL, WRAP
    sheet.append(header)
    for row in table.rows:
        sheet.append([_cell(sheet, value, wrap) for value, wrap in zip(row, wraps, strict=True)])
    if table.totals:
        sheet.append(_totals(sheet, table, 2, last))
    if table.note:
        sheet.append([])
        sheet.append([_text(sheet, table.note, NOTE_FONT)])


def write_xlsx(tables: list[Table], out: IO[bytes] | str | Path) -> None:
    """The tables as one workbook, a sheet each, in order."""
    workbook = Workbook(write_only=True)
    for table in tables:
        write_sheet(workbook, table)
    workbook.save(out)


def _csv_value(value: Value) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.pounds:.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str):
        return csv_text(value)
    return value


def csv_rows(table: Table) -> list[list]:
    """A table as CSV rows: the totals are worked out (CSV holds no formulas) and the note follows."""
    rows = [list(table.header)] + [[_csv_value(value) for value in row] for row in table.rows]
    if table.totals:
        totals: list = ["Total"] + [""] * (len(table.header) - 1)
        for index in table.total_columns():
            pence = sum(row[index].pence for row in table.rows if isinstance(row[index], Money))
            totals[index] = _csv_value(Money(pence))
        rows.append(totals)
    if table.note:
        rows += [[], [csv_text(table.note)]]
    return rows


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
