"""Reading bids from a spreadsheet: the file, which column holds what, and every row checked at once.

Nothing here needs Flask or the database, so each rule can be tested as a table.
"""

import csv
import io
import re
import warnings
import xml.parsers.expat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from panel.bids.documents import zip_contains
from scoring.money import MoneyError, parse_pounds

# What one file may hold. Each cap is checked while the file is read, and reading stops at the first one it goes
# over: a 100 KB .xlsx can unpack to 100 MB of text, and none of that may reach the server's memory or a page.
#
# 1,000 bids: a call for bids brings in tens, at most a few hundred. Every row is shown on the check page and
# saved in one go, so a longer file is far more likely a wrong one (a whole grants database) than one round's.
MAX_ROWS = 1000
MAX_COLUMNS = 100
# The most text Excel lets one cell hold, so no workbook Excel saves is refused for it. (A bid's summary has a
# smaller limit of its own, checked row by row with the other fields.)
MAX_CELL_CHARACTERS = 32_767
# A column's name is shown in each of the five column choices; at this length it is already a long question.
MAX_HEADER_CHARACTERS = 300
# A sheet can hold many formatted but empty rows. One that goes on past this row is refused, rather than read for
# ever or cut short without a word.
MAX_SHEET_ROWS = 20 * MAX_ROWS
# An .xlsx file is a zip of XML parts; together they may unpack to this much. That is room for 1,000 bids with
# long answers in many columns, and keeps reading one file to a bounded amount of memory and time.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
FORMATS = (".xlsx", ".csv")
# One row's cells as read: text from a CSV file; text, numbers, dates, booleans or None from a workbook.
Cells = tuple[object, ...]


@dataclass(frozen=True)
class Field:
    """A bid field that a column can fill."""

    name: str
    label: str
    max_length: int | None
    required: bool = True


REFERENCE = Field("reference", "Reference", 40)
ORGANISATION = Field("organisation", "Organisation", 160)
TITLE = Field("title", "Title", 200)
SUMMARY = Field("summary", "Summary", 10_000, required=False)
AMOUNT = Field("amount", "Amount requested", None)
FIELDS = (REFERENCE, ORGANISATION, TITLE, SUMMARY, AMOUNT)
FIELDS_BY_NAME = {field.name: field for field in FIELDS}


class ImportFileError(ValueError):
    """A file we cannot read bids from, with what to do about it."""


@dataclass(frozen=True)
class Table:
    """A sheet's header cells and its non-blank rows, each with its row number as the spreadsheet shows it."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, Cells], ...]
    sheet: str | None = None


@dataclass(frozen=True)
class BidRow:
    """One row, checked and ready to become a bid."""

    row_number: int
    reference: str
    organisation: str
    title: str
    summary: str
    amount_pence: int


@dataclass(frozen=True)
class RowProblem:
    """Why one cell stops the import."""

    row_number: int
    column: str
    value: str
    message: str


def reference_key(reference: str) -> str:
    """References match whatever their case or surrounding spaces ('b01 ' is B01)."""
    return reference.strip().casefold()


# --- Reading the file -------------------------------------------------------------------------------------

_WRONG_FORMATS = {
    ".xls": "That file is an old Excel file (.xls). In Excel, choose File, then Save As, pick "
    "'Excel Workbook (.xlsx)' and upload the new file.",
    ".ods": "That file is an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook (.xlsx) or as "
    "CSV, then upload the new file.",
    ".numbers": "That file is a Numbers spreadsheet. Export it as Excel (.xlsx) or CSV, then upload the "
    "new file.",
}


def read_table(filename: str, data: bytes) -> Table:
    """The header and rows of an .xlsx or .csv file, or ImportFileError saying what is wrong with it."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in _WRONG_FORMATS:
        raise ImportFileError(_WRONG_FORMATS[extension])
    if extension not in FORMATS:
        what = f"a {extension} file" if extension else "a file without a type"
        raise ImportFileError(
            f"That is {what}. You can import an Excel Workbook (.xlsx) or a CSV file (.csv)."
        )
    if not data:
        raise ImportFileError("That file is empty. Check you chose the right file.")
    if extension == ".xlsx":
        return _xlsx_table(data)
    return _csv_table(data)


_BROKEN_WORKBOOK = (
    "We couldn't read that workbook: it may be damaged. Open it in Excel, save it again and upload it, "
    "or save it as CSV."
)
_UNPACKS_TOO_BIG = (
    f"That workbook is too big to import: it holds more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB of data "
    "once it is opened. Delete the sheets, columns and pictures you don't need (or copy the bids into a new "
    "file), then upload it again."
)
_CELL_TOO_LONG = (
    f"A cell in that workbook holds more than {MAX_CELL_CHARACTERS:,} characters, which is more than Excel "
    "lets a cell hold. Shorten it (or copy the bids into a new file), then upload it again."
)
# Parts are checked a piece at a time, so a part of any size costs the same small amount of memory.
_CHUNK_BYTES = 64 * 1024
# The most bytes a part may have between two '<' marks. The XML parser keeps a whole tag in memory, so a tag must
# fit in this; a cell's longest text fits too, even with every letter written as a character reference.
_MAX_MARKUP_BYTES = 1024 * 1024
# A shared or an inline string: the text runs inside one of these join into one cell's text.
_STRING_ITEMS = frozenset({"si", "is"})


class _TextMeter:
    """Counts the characters of each text in one XML part as it streams past, refusing one that is too long."""

    def __init__(self) -> None:
        self.length = 0
        self.string_depth = 0

    def start(self, name: str, attributes: object) -> None:
        if self.string_depth == 0:
            self.length = 0
        if name.rpartition(" ")[2] in _STRING_ITEMS:  # the parser names an element "namespace localname"
            self.string_depth += 1

    def end(self, name: str) -> None:
        if name.rpartition(" ")[2] in _STRING_ITEMS:
            self.string_depth -= 1
        if self.string_depth == 0:
            self.length = 0

    def text(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARACTERS:
            raise ImportFileError(_CELL_TOO_LONG)


def _refuse_doctype(*_: object) -> None:
    # Excel never writes one; refusing it means no entity can grow a text past what the meter counts.
    raise ImportFileError(_BROKEN_WORKBOOK)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Stream one part of a workbook through the XML parser openpyxl uses, and refuse a text or tag too long.

    openpyxl would read a part whole: its shared strings all at once, a row of a sheet at a time, so one huge
    cell costs twice its size in memory before any cap could be checked. Here nothing is kept but counts. A part
    that is not XML (a picture), or stops being XML, ends the check where the same parser (the standard library's
    expat, which openpyxl uses through defusedxml) would stop openpyxl too.
    """
    meter = _TextMeter()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = meter.start
    parser.EndElementHandler = meter.end
    parser.CharacterDataHandler = meter.text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    since_mark = 0  # bytes since the last '<', carried from one piece to the next
    with archive.open(part) as stream:  # zipfile never unpacks more than the size the zip declares
        try:
            while piece := stream.read(_CHUNK_BYTES):
                parser.Parse(piece, False)
                # The bytes between each '<' in this piece, the first run carried on from the last piece.
                between_marks = piece.split(b"<")
                runs = [since_mark + len(between_marks[0]), *map(len, between_marks[1:])]
                since_mark = runs[-1]
                if max(runs) > _MAX_MARKUP_BYTES:
                    raise ImportFileError(_BROKEN_WORKBOOK)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError:
            return


def _check_parts(data: bytes) -> None:
    """Refuse a workbook that unpacks to too much, or holds a text or tag too long, before openpyxl reads it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise ImportFileError(_UNPACKS_TOO_BIG)
        for part in parts:
            _check_part(archive, part)


def _xlsx_table(data: bytes) -> Table:
    if not zip_contains(data, "xl/workbook.xml"):
        raise ImportFileError(
            "That file is called .xlsx but it is not an Excel workbook. Open it in Excel, save it as "
            "'Excel Workbook (.xlsx)' and upload it again."
        )
    from openpyxl import load_workbook

    try:
        _check_parts(data)
        with warnings.catch_warnings():
            # openpyxl warns about features it skips (data validation, some styles); the values still read.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                active = workbook.active  # None, or a chart sheet, when no worksheet is active
                sheet = (
                    active if active is not None and hasattr(active, "iter_rows") else workbook.worksheets[0]
                )
                # The size a file notes for its sheet can be wrong (short, or huge): read to the real last row.
                sheet.reset_dimensions()
                rows = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True)
                return _table(rows, sheet=sheet.title)
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # a damaged workbook fails in many ways inside zip and XML parsing
        raise ImportFileError(_BROKEN_WORKBOOK) from error


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096] or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(
            "That file is called .csv but it is not a CSV text file. In Excel, choose File, then Save As, "
            "pick 'CSV UTF-8' and upload the new file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Older Excel saves CSV in the Windows encoding (a £ is then byte A3).
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "We couldn't read the letters in that file. In Excel, save it as 'CSV UTF-8' and upload it again."
        ) from error


# A line and its ending (\r\n, \n or a lone \r, as a file opened with newline="" gives them), or the last line.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time, without the copies (four bytes a letter) that io.StringIO makes."""
    return (match.group() for match in _LINE.finditer(text))


def _delimiter(text: str) -> str:
    first_line = next(_lines(text), "")
    counts = {mark: first_line.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_table(data: bytes) -> Table:
    text = _decode(data)
    try:
        return _table(csv.reader(_lines(text), delimiter=_delimiter(text)), sheet=None)
    except csv.Error as error:  # as for a cell over 131,072 characters, which a stray quote mark makes
        raise ImportFileError(
            "We couldn't read that CSV file: a quote mark may be out of place, or a cell may hold more than "
            f"{MAX_CELL_CHARACTERS:,} characters. Check the file in Excel, save it as 'CSV UTF-8' and upload "
            "it again."
        ) from error


def cell_text(value: object) -> str:
    """A cell as the text a person sees, trimmed: 101 not 101.0, dates as 2027-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _trimmed(row: Iterable[object]) -> Cells:
    """The row without its blank cells at the end: () for a blank row."""
    cells = tuple(row)
    if cells.count(None) + cells.count("") == len(cells):  # quick for the many empty rows a sheet can have
        return ()
    end = len(cells)
    while end and cell_text(cells[end - 1]) == "":
        end -= 1
    return cells[:end]


def _column_name(index: int) -> str:
    """A column's letters as a spreadsheet shows them: 0 is A, 26 is AA."""
    name = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name


def _header(number: int, cells: Cells) -> tuple[str, ...]:
    headers = tuple(cell_text(value) for value in cells)
    for index, header in enumerate(headers):
        if len(header) > MAX_HEADER_CHARACTERS:
            raise ImportFileError(
                f"Cell {_column_name(index)}{number} is in the first row that has something in it, so it should "
                f"name a column, but it is longer than {MAX_HEADER_CHARACTERS} characters. Give the column a "
                "short name, like 'Summary' (or delete the row if it is a note), then upload the file again."
            )
    if not any(re.search(r"[^\W\d_]", header) for header in headers):
        raise ImportFileError(
            "The first row of that file should name its columns (like 'Reference', 'Organisation', "
            "'Amount'), but it holds no words. Add a header row and upload the file again."
        )
    return headers


def _check_cells(number: int, cells: Cells) -> None:
    for index, value in enumerate(cells):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
            raise ImportFileError(
                f"Cell {_column_name(index)}{number} holds more than {MAX_CELL_CHARACTERS:,} characters, which "
                "is more than a spreadsheet cell can hold. Shorten it, then upload the file again."
            )


def _table(rows: Iterable[Sequence[object]], sheet: str | None) -> Table:
    """The header and the rows under it, checked as they are read: reading stops at the first cap a file is over."""
    headers: tuple[str, ...] | None = None
    body: list[tuple[int, Cells]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            raise ImportFileError(
                f"That file goes on past row {MAX_SHEET_ROWS:,}. Delete the empty rows under your bids (or copy "
                "the bids into a new file), then upload it again."
            )
        cells = _trimmed(row)
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                f"That file has more than {MAX_COLUMNS} columns. Delete the columns you don't need (or copy the "
                "bid columns into a new file), then upload it again."
            )
        if headers is None:
            headers = _header(number, cells)
            continue
        _check_cells(number, cells)
        if len(body) == MAX_ROWS:
            raise ImportFileError(
                f"That file has more than {MAX_ROWS:,} rows. You can import up to {MAX_ROWS:,} bids at a time: "
                "split the file and import each part."
            )
        body.append((number, cells))
    if headers is None:
        raise ImportFileError("That file has no rows. Check you chose the right file.")
    return Table(headers=headers, rows=tuple(body), sheet=sheet)


# --- Which column holds what ------------------------------------------------------------------------------

_SYNONYMS = {
    "reference": [
        ("reference", 3),
        ("ref", 3),
        ("bid id", 3),
        ("application id", 3),
        ("bid number", 3),
        ("bid no", 3),
        ("application number", 3),
        ("id", 2),
        ("number", 1),
        ("no", 1),
        ("code", 1),
    ],
    "organisation": [
        ("organisation", 3),
        ("organization", 3),
        ("org", 3),
        ("provider", 2),
        ("applicant", 2),
        ("bidder", 2),
        ("charity", 2),
        ("company", 2),
        ("supplier", 2),
        ("group", 1),
        ("name", 1),
    ],
    "title": [
        ("title", 3),
        ("project", 2),
        ("service", 2),
        ("programme", 2),
        ("program", 2),
        ("activity", 1),
    ],
    "summary": [
        ("summary", 3),
        ("description", 3),
        ("overview", 2),
        ("outline", 2),
        ("detail", 2),
        ("about", 1),
        ("aim", 1),
    ],
    "amount": [
        ("amount", 3),
        ("£", 3),
        ("cost", 3),
        ("requested", 2),
        ("request", 2),
        ("funding", 2),
        ("grant", 2),
        ("price", 2),
        ("value", 1),
        ("budget", 1),
        ("total", 1),
    ],
}


def _words(text: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+|£", text.casefold())
    return tuple(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in words
    )


def _score(field: str, header: str) -> int:
    words = _words(header)
    best = 0
    for phrase, score in _SYNONYMS[field]:
        wanted = _words(phrase)
        if wanted and set(wanted) <= set(words):
            best = max(best, score + (1 if words == wanted else 0))
    return best


def guess_mapping(headers: tuple[str, ...]) -> dict[str, int | None]:
    """For each field, the column whose header most looks like it; each column is used at most once."""
    candidates = sorted(
        (
            (_score(field.name, header), -index, field.name, index)
            for field in FIELDS
            for index, header in enumerate(headers)
            if header
        ),
        reverse=True,
    )
    mapping: dict[str, int | None] = {field.name: None for field in FIELDS}
    used: set[int] = set()
    for score, _, name, index in candidates:
        if score and mapping[name] is None and index not in used:
            mapping[name] = index
            used.add(index)
    return mapping


def check_mapping(headers: tuple[str, ...], mapping: dict[str, int | None]) -> dict[str, str]:
    """What is wrong with a choice of columns, by field: a required field left out, a column chosen twice."""
    problems: dict[str, str] = {}
    chosen_by: dict[int, Field] = {}
    for field in FIELDS:
        index = mapping.get(field.name)
        if index is None:
            if field.required:
                problems[field.name] = f"Choose the column that holds the {field.label.lower()}"
            continue
        if not 0 <= index < len(headers) or not headers[index]:
            problems[field.name] = f"Choose one of the file's columns for the {field.label.lower()}"
        elif index in chosen_by:
            problems[field.name] = (
                f"You chose '{headers[index]}' for {chosen_by[index].label.lower()} already. "
                "Choose a different column for each."
            )
        else:
            chosen_by[index] = field
    return problems


# --- Checking the rows ------------------------------------------------------------------------------------


def _amount(value: object) -> int:
    if isinstance(value, str):
        return parse_pounds(value.strip())
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return parse_pounds(value)
    return parse_pounds(cell_text(value))


def _check_text(field: Field, raw: object) -> tuple[str, str | None]:
    """The cell's text for the field, and why it cannot be used (None if it can)."""
    text = cell_text(raw)
    if field.required and not text:
        return text, f"The {field.label.lower()} is missing"
    if field.max_length and len(text) > field.max_length:
        return (
            text,
            f"The {field.label.lower()} is {len(text):,} characters; it can be up to {field.max_length:,}",
        )
    return text, None


def _check_amount(raw: object) -> tuple[int | None, str | None]:
    """The cell's amount in pence, or why it cannot be used."""
    if AMOUNT.required and not cell_text(raw):
        return None, f"The {AMOUNT.label.lower()} is missing"
    try:
        return _amount(raw), None
    except MoneyError as error:
        return None, str(error)


def _check_row(
    number: int,
    cells: Cells,
    headers: tuple[str, ...],
    mapping: dict[str, int | None],
    problems: list[RowProblem],
) -> BidRow | None:
    texts: dict[str, str] = {}
    amount_pence: int | None = None
    found = len(problems)
    for field in FIELDS:
        index = mapping.get(field.name)
        raw = cells[index] if index is not None and index < len(cells) else None
        problem: str | None
        if field is AMOUNT:
            amount_pence, problem = _check_amount(raw)
        else:
            texts[field.name], problem = _check_text(field, raw)
        if problem:
            column = headers[index] if index is not None else field.label
            problems.append(RowProblem(number, column, cell_text(raw), problem))
    if len(problems) > found or amount_pence is None:  # the amount is None only when it had a problem
        return None
    return BidRow(
        number,
        texts["reference"],
        texts["organisation"],
        texts["title"],
        texts["summary"],
        amount_pence,
    )


def validate_rows(
    table: Table, mapping: dict[str, int | None], taken_references: AbstractSet[str] = frozenset()
) -> tuple[list[BidRow], list[RowProblem]]:
    """Every row checked: the bids ready to import, and every problem found, in row order.

    taken_references holds reference_key() of the round's existing bids. Rows whose mapped cells are all
    empty are skipped: they are spacing, or notes in columns nobody chose.
    """
    if check_mapping(table.headers, mapping):
        raise ValueError("choose a valid column for every field before checking rows")
    rows: list[BidRow] = []
    problems: list[RowProblem] = []
    first_seen: dict[str, int] = {}
    mapped = [index for index in mapping.values() if index is not None]
    reference_index = mapping["reference"]
    assert reference_index is not None  # the reference is required, so check_mapping has refused its absence
    for number, cells in table.rows:
        if all(cell_text(cells[index]) == "" for index in mapped if index < len(cells)):
            continue
        row = _check_row(number, cells, table.headers, mapping, problems)
        reference = cell_text(cells[reference_index]) if reference_index < len(cells) else ""
        key = reference_key(reference)
        duplicate = None
        if key in taken_references:
            duplicate = f"A bid in this round already has the reference {reference}"
        elif key in first_seen:
            duplicate = f"Row {first_seen[key]} of this file has the same reference"
        elif key:
            first_seen[key] = number
        if duplicate:
            problems.append(RowProblem(number, table.headers[reference_index], reference, duplicate))
        elif row is not None:
            rows.append(row)
    position = {header: index for index, header in reversed(list(enumerate(table.headers)))}
    problems.sort(key=lambda problem: (problem.row_number, position.get(problem.column, len(position))))
    return rows, problems
