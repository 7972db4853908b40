"""Writing tables to an .xlsx workbook (write-only, so a large round streams row by row); CSV files are
panel/exports/csv_files.py.

openpyxl is the largest library the app loads: only what writes a workbook imports this module, so a server
process starts without it (sooner after a restart) and loads it on its first workbook, which costs a fraction
of writing one.

Every string is written as text, never as a formula, whatever it starts with (see scoring.export); only the
totals rows hold formulas, and they are made here.
"""

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from scoring.export import Money, Table, Value, clean_text, layout

POUNDS = '"£"#,##0.00'
WHEN = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
TOTAL_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# A data cell's style by its kind (Money, datetime, or None for anything else) and whether it wraps.
Styles = dict[tuple[type | None, bool], StyleArray]


def _styles(sheet: WriteOnlyWorksheet) -> Styles:
    """Each kind of data cell's style (money, a time, anything else; wrapped or not), worked out once per
    sheet: setting a style cell by cell costs more than writing a large sheet's cells."""
    styles: Styles = {}
    for kind, number_format in ((Money, POUNDS), (datetime, WHEN), (None, None)):
        for wrap in (False, True):
            template = WriteOnlyCell(sheet)
            template.alignment = WRAP if wrap else TOP
            if number_format:
                template.number_format = number_format
            # Each new cell gets its own copy (Cell's style_array). _style is private to openpyxl, read on
            # purpose: its stubs leave it out.
            styles[kind, wrap] = template._style  # type: ignore[attr-defined]  # private, not in the stubs
    return styles


def _cell(sheet: WriteOnlyWorksheet, value: Value, wrap: bool = False, styles: Styles | None = None) -> Cell:
    styles = styles or _styles(sheet)
    kind = Money if isinstance(value, Money) else datetime if isinstance(value, datetime) else None
    # Row and column are set by the sheet as the row is appended.
    cell = Cell(sheet, row=1, column=1, style_array=styles[kind, wrap])
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # openpyxl would make "=..." a formula: this is someone's text
    else:
        cell.value = value.pounds if isinstance(value, Money) else value
    return cell


def _data(sheet: WriteOnlyWorksheet, value: Value, wrap: bool, styles: Styles, aligned: bool) -> Cell | Value:
    """One value of a row as the sheet takes it: nothing for an empty value (it looks the same, and is
    quicker), a bare number or text where no style is needed, else a styled cell. Only a sheet with a wrapping
    column needs its cells aligned to the top (so a short cell sits level with a tall one); money and times
    always need their formats, and text that openpyxl would read as a formula (starting with =) its text
    type."""
    if value is None or value == "":
        return None
    if not aligned:
        if isinstance(value, int | float | Decimal):
            return value
        if isinstance(value, str):
            text = clean_text(value)
            if not text.startswith("="):
                return text
    return _cell(sheet, value, wrap, styles)


def _text(sheet: WriteOnlyWorksheet, text: str, font: Font | None = None) -> Cell:
    cell = _cell(sheet, text)
    if font is not None:
        cell.font = font
    return cell


def _totals(sheet: WriteOnlyWorksheet, table: Table, first: int, last: int) -> list[Cell | None]:
    """'Total' in the first column and a live =SUM(...) under each money column the table adds up."""
    cells: list[Cell | None] = [_text(sheet, "Total", TOTAL_FONT)] + [None] * (len(table.header) - 1)
    for index in table.total_columns():
        column = get_column_letter(index + 1)
        cell = WriteOnlyCell(sheet, value=f"=SUM({column}{first}:{column}{last})")
        cell.number_format, cell.font = POUNDS, TOTAL_FONT
        cells[index] = cell
    return cells


def write_sheet(workbook: Workbook, table: Table) -> None:
    """One table as one sheet: styled, frozen header row, autofilter, widths from its first rows. The rows are
    read once, as they are written, so a table made on demand never sits in memory whole."""
    sheet = workbook.create_sheet(table.title)
    widths, wraps, rows = layout(table.header, table.rows)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = [_text(sheet, name, HEADER_FONT) for name in table.header]
    for cell in header:
        cell.fill, cell.alignment = HEADER_FILL, WRAP
    sheet.append(header)
    styles, aligned = _styles(sheet), any(wraps)
    last = 1
    for row in rows:
        sheet.append(
            [_data(sheet, value, wrap, styles, aligned) for value, wrap in zip(row, wraps, strict=True)]
        )
        last += 1
    # A write-only sheet writes its filter after the rows, when it is closed, so the count is known by then.
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{last}"
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
