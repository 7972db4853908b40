"""Rules for exporting a round as a spreadsheet: plain tables of values, anonymous labels for panellists, and
keeping whatever a person typed as text.

A spreadsheet program treats a cell that starts with =, +, - or @ as a formula, so a comment like
'=HYPERLINK("http://evil.example", "Click")' would become a live link. The writers keep such text as text:
an .xlsx cell is written with the string type, a CSV cell gets a leading apostrophe (the usual guard, since
CSV has no types).
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import chain, islice

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an .xlsx file cannot hold (XML 1.0 forbids them); tab, newline and carriage return are kept.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
MIN_WIDTH, MAX_WIDTH = 8, 60
WRAP_FROM = 50  # a column whose longest text is longer than this wraps at MAX_WIDTH


@dataclass(frozen=True)
class Money:
    """An amount held in whole pence, written as pounds with a £ number format."""

    pence: int

    @property
    def pounds(self) -> Decimal:
        return Decimal(self.pence) / 100


Value = str | int | float | Decimal | Money | datetime | None
Row = tuple[Value, ...]
SAMPLE_ROWS = 500  # column widths and wrapping are judged from the header and this many rows


class Rows:
    """A table's rows made on demand, a few at a time: every pass over them calls `make` afresh, so a large
    table is never held whole, yet the same table can still be written twice (as .xlsx and as CSV)."""

    def __init__(self, make: Callable[[], Iterator[Row]]):
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return self._make()


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook: a header row, rows of values (a list, or Rows made on demand), optionally a
    totals row adding up the named columns, and a note written below (for example, why the table is empty)."""

    title: str
    header: tuple[str, ...]
    rows: Iterable[Row] = ()
    totals: tuple[str, ...] = ()
    note: str = ""

    def total_columns(self) -> list[int]:
        """Positions (from 0) of the columns the totals row adds up."""
        return [self.header.index(name) for name in self.totals]


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet program would read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """The text without the control characters an .xlsx file cannot hold."""
    return _ILLEGAL.sub("", text)


def csv_text(text: str) -> str:
    """Text for a CSV cell: formula-like text gets a leading apostrophe, so it opens as text."""
    text = clean_text(text)
    return "'" + text if is_formula_like(text) else text


def anonymous_labels(member_ids: Iterable[int]) -> dict[int, str]:
    """P1, P2, ... for each member, in the order they joined (their ids), so a label is the same for a member
    wherever it appears in one round's export and does not change when someone else drops out of a table."""
    return {member_id: f"P{number}" for number, member_id in enumerate(sorted(set(member_ids)), start=1)}


def display_length(value: Value) -> int:
    """How many characters a value takes when shown (its longest line, for text)."""
    if value is None:
        return 0
    if isinstance(value, Money):
        return len(f"£{value.pounds:,.2f}")
    if isinstance(value, datetime):
        return 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> list[int]:
    """A width per column: its longest value or header, plus a little room, between MIN_WIDTH and MAX_WIDTH."""
    widths = [len(name) for name in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_length(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]


def wrapped_columns(
    widths: Sequence[int], header: Sequence[str], rows: Iterable[Sequence[Value]]
) -> list[bool]:
    """Which columns wrap their text: those whose longest value does not fit the widest column."""
    longest = [0] * len(header)
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str):
                longest[index] = max(longest[index], display_length(value))
    return [length > WRAP_FROM or length > width for length, width in zip(longest, widths, strict=True)]


def layout(header: Sequence[str], rows: Iterable[Row]) -> tuple[list[int], list[bool], Iterator[Row]]:
    """Column widths and wrapping judged from the header and the first SAMPLE_ROWS rows (so a long table is
    read once, as it is written), and every row again: the sampled ones, then the rest, still unread."""
    remaining = iter(rows)
    sample = list(islice(remaining, SAMPLE_ROWS))
    widths = column_widths(header, sample)
    return widths, wrapped_columns(widths, header, sample), chain(sample, remaining)


def yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"
