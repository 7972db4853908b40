"""Export rules: text that looks like a formula, anonymous labels, column widths."""

from decimal import Decimal

import pytest

from scoring.export import (
    MAX_WIDTH,
    MIN_WIDTH,
    Money,
    Table,
    anonymous_labels,
    clean_text,
    column_widths,
    csv_text,
    is_formula_like,
    wrapped_columns,
)


@pytest.mark.parametrize(
    ("text", "formula_like"),
    [
        ('=HYPERLINK("http://evil.example")', True),
        ("+1", True),
        ("-x", True),
        ("@x", True),
        ("=1+1", True),
        ("\t=1", True),
        ("Good plan", False),
        ("", False),
        ("1 = 1", False),
        ("£25,000", False),
    ],
)
def test_what_a_spreadsheet_would_read_as_a_formula(text, formula_like):
    assert is_formula_like(text) is formula_like


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("-x", "'-x"),
        ("+1", "'+1"),
        ("@x", "'@x"),
        ("fine", "fine"),
        ("bell\x07", "bell"),
    ],
)
def test_csv_text_keeps_formula_like_text_as_text(text, written):
    assert csv_text(text) == written


def test_clean_text_drops_only_what_xlsx_cannot_hold():
    assert clean_text("a\x00b\x1fc\td\ne\rf") == "abc\td\ne\rf"


def test_anonymous_labels_follow_the_order_members_joined():
    assert anonymous_labels([12, 3, 7, 3]) == {3: "P1", 7: "P2", 12: "P3"}
    assert anonymous_labels([]) == {}


def test_money_is_pounds_exactly():
    assert Money(2_500_050).pounds == Decimal("25000.50")


def test_column_widths_fit_the_longest_value_within_limits():
    widths = column_widths(
        ("Ref", "Reasons", "Amount"), [("A-01", "x" * 200, Money(2_500_000)), ("A", None, None)]
    )
    assert widths == [MIN_WIDTH, MAX_WIDTH, len("£25,000.00") + 2]


def test_long_text_wraps():
    header = ("Ref", "Reasons")
    rows = [("A-01", "x" * 80)]
    assert wrapped_columns(column_widths(header, rows), header, rows) == [False, True]


def test_a_table_knows_which_columns_it_adds_up():
    table = Table("Summary", ("Ref", "Asked", "Awarded"), totals=("Awarded", "Asked"))
    assert table.total_columns() == [2, 1]
