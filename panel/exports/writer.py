"""Writing tables to an .xlsx workbook, row by row as they are made (xlsxwriter's constant-memory mode), so a
large round is never held whole; CSV files are panel/exports/csv_files.py.

xlsxwriter writes each row's XML as soon as the next row starts, to a temporary file per sheet, and zips them
at the end: the memory an export takes stays flat however many rows it has, and writing takes about half the
time openpyxl's write-only mode took (openpyxl still reads bid spreadsheets; bench/export_workbook.py measures
the export). Only what writes a workbook imports this module, so a server process starts without the library
and loads it on its first workbook.

Every string is written as text, never as a formula, whatever it starts with (see scoring.export); only the
totals rows hold formulas, and they are made here, with their sums worked out on the way, so a program that
shows a file without calculating it (a phone's preview) shows the right totals too.
"""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from scoring.export import Money, Table, Value, clean_text, layout

POUNDS = '"£"#,##0.00'
WHEN = "yyyy-mm-dd hh:mm"
HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1D70B8", "text_wrap": True, "valign": "top"}

SEEN = 10_000  # cleaned texts a sheet remembers

# A data cell's format by its kind (Money, datetime, or None for anything else) and whether its column wraps.
Formats = dict[tuple[type | None, bool], Format]
# Writes one value to (row, column) of a sheet, with the column's format for that value.
Write = Callable[[int, int, Value], object]


class Styles:
    """The workbook's formats, each made once: xlsxwriter keeps one style per distinct format."""

    def __init__(self, book: Workbook):
        self.header = book.add_format(HEADER)
        self.total = book.add_format({"bold": True})
        self.total_money = book.add_format({"bold": True, "num_format": POUNDS})
        self.note = book.add_format({"italic": True})
        self.cells: Formats = {
            (kind, wrap): book.add_format({"valign": "top", "text_wrap": wrap, **extra})
            for kind, extra in ((None, {}), (Money, {"num_format": POUNDS}), (datetime, {"num_format": WHEN}))
            for wrap in (False, True)
        }


def _writers(sheet: Worksheet, styles: Styles, wraps: list[bool]) -> list[dict[type, Write]]:
    """For each column, how to write each type of value: text as text (never a formula), numbers as numbers,
    money in pounds and times with their formats. Only a sheet with a wrapping column needs its plain cells
    aligned to the top (so a short cell sits level with a tall one)."""
    aligned = any(wraps)
    seen: dict[str, str] = {}  # text already cleaned: labels, criteria and answers come again and again
    columns: list[dict[type, Write]] = []
    for wrap in wraps:
        plain = styles.cells[None, wrap] if aligned else None
        money, when = styles.cells[Money, wrap], styles.cells[datetime, wrap]

        def text(row: int, column: int, value, plain=plain) -> object:
            cleaned = seen.get(value)
            if cleaned is None:
                cleaned = clean_text(value)
                if len(seen) < SEEN:
                    seen[value] = cleaned
            return sheet.write_string(row, column, cleaned, plain)

        def number(row: int, column: int, value, plain=plain) -> object:
            return sheet.write_number(row, column, value, plain)

        def pounds(row: int, column: int, value, money=money) -> object:
            return sheet.write_number(row, column, value.pence / 100, money)

        def moment(row: int, column: int, value, when=when) -> object:
            return sheet.write_datetime(row, column, value, when)

        def flag(row: int, column: int, value, plain=plain) -> object:
            return sheet.write_boolean(row, column, value, plain)

        columns.append(
            {
                str: text,
                int: number,
                float: number,
                Decimal: number,
                bool: flag,
                Money: pounds,
                datetime: moment,
            }
        )
    return columns


def _kind(value: Value) -> type:
    """The type a value is written as, for a subclass of one the writers know (a str enum, say)."""
    for kind in (str, Money, datetime, int, float, Decimal):
        if isinstance(value, kind):
            return kind
    raise TypeError(f"a workbook cell cannot hold {type(value).__name__}")


def write_sheet(book: Workbook, styles: Styles, table: Table) -> None:
    """One table as one sheet: styled, frozen header row, autofilter, widths from its first rows. The rows are
    read once, as they are written, so a table made on demand never sits in memory whole."""
    sheet = book.add_worksheet(table.title)
    widths, wraps, rows = layout(table.header, table.rows)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    for index, name in enumerate(table.header):
        sheet.write_string(0, index, clean_text(name), styles.header)
    writers = _writers(sheet, styles, wraps)
    summed = table.total_columns()
    pence = dict.fromkeys(summed, 0)
    last = 0
    for last, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue  # an empty cell looks the same, and is quicker
            write = writers[column].get(type(value))
            if write is None:
                write = writers[column][type(value)] = writers[column][_kind(value)]
            write(last, column, value)
        for column in summed:
            if isinstance(money := row[column], Money):
                pence[column] += money.pence
    sheet.autofilter(0, 0, last, len(table.header) - 1)
    if table.totals:
        sheet.write_string(last + 1, 0, "Total", styles.total)
        for column in summed:
            letter = xl_col_to_name(column)
            total = f"=SUM({letter}2:{letter}{last + 1})"
            sheet.write_formula(last + 1, column, total, styles.total_money, pence[column] / 100)
    if table.note:
        sheet.write_string(last + (3 if table.totals else 2), 0, clean_text(table.note), styles.note)


def write_xlsx(tables: list[Table], out: IO[bytes] | str | Path) -> None:
    """The tables as one workbook, a sheet each, in order."""
    book = Workbook(str(out) if isinstance(out, Path) else out, {"constant_memory": True})
    styles = Styles(book)
    for table in tables:
        write_sheet(book, styles, table)
    book.close()
