"""Reading bids from a spreadsheet as plain functions: the file, the column guesses and every row's checks."""

from datetime import datetime

import pytest

from panel.bids.importing import (
    MAX_ROWS,
    BidRow,
    ImportFileError,
    Table,
    check_mapping,
    guess_mapping,
    read_table,
    reference_key,
    validate_rows,
)
from tests.panel.bids.files import pdf_bytes, xlsx_bytes, zip_bytes

HEADERS = ("Ref", "Organisation", "Project title", "Summary", "Amount requested (£)")
MAPPING = {"reference": 0, "organisation": 1, "title": 2, "summary": 3, "amount": 4}


# --- Files ------------------------------------------------------------------------------------------------


def test_an_xlsx_gives_its_header_and_numbered_rows():
    data = xlsx_bytes(
        [
            list(HEADERS),
            ["B01", " Northside ", "Football", None, 25000],
            [],
            ["B02", "Harbour Arts", "Murals", "Paint", "£1,200.50"],
        ],
        title="Bids 2027",
    )
    table = read_table("bids.xlsx", data)
    assert table.headers == HEADERS
    assert table.sheet == "Bids 2027"
    assert [number for number, _ in table.rows] == [2, 4]
    assert table.rows[1][1] == ("B02", "Harbour Arts", "Murals", "Paint", "£1,200.50")


def test_row_numbers_match_the_spreadsheet_when_the_header_is_lower_down():
    data = xlsx_bytes([[], ["Bids received"], []])
    table = read_table("bids.xlsx", data)
    assert table.headers == ("Bids received",)
    assert table.rows == ()


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_csv_in_utf8_with_or_without_bom_or_old_excel_encoding(encoding, bom):
    text = 'Ref,Organisation,Title,Amount\r\nB01,Café Ünity,"Food, fun",£2,500\r\n'
    table = read_table("bids.csv", bom + text.encode(encoding))
    assert table.headers == ("Ref", "Organisation", "Title", "Amount")
    assert table.rows == ((2, ("B01", "Café Ünity", "Food, fun", "£2", "500")),)


def test_csv_with_semicolons_is_read_too():
    table = read_table("bids.csv", b"Ref;Organisation;Amount\nB01;Club;2500,00\n")
    assert table.rows == ((2, ("B01", "Club", "2500,00")),)


def test_csv_keeps_a_cell_that_looks_like_a_formula_as_plain_text():
    table = read_table("bids.csv", b'Ref,Organisation\nB01,"=HYPERLINK(""http://x"",""Click"")"\n')
    assert table.rows[0][1][1] == '=HYPERLINK("http://x","Click")'


@pytest.mark.parametrize(
    "filename, data, reason",
    [
        ("bids.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel file (.xls)"),
        ("bids.ods", zip_bytes({"content.xml": "<x/>"}), "OpenDocument spreadsheet (.ods)"),
        (
            "bids.pdf",
            pdf_bytes(),
            "That is a .pdf file. You can import an Excel Workbook (.xlsx) or a CSV file (.csv).",
        ),
        ("bids", b"Ref\n", "That is a file without a type."),
        ("bids.xlsx", b"", "That file is empty."),
        ("bids.xlsx", b"Ref,Organisation\n", "That file is called .xlsx but it is not an Excel workbook."),
        ("bids.xlsx", zip_bytes({"word/document.xml": "<w/>"}), "it is not an Excel workbook"),
        ("bids.xlsx", zip_bytes({"xl/workbook.xml": "not xml at all"}), "it may be damaged"),
        (
            "bids.csv",
            zip_bytes({"xl/workbook.xml": "<w/>"}),
            "That file is called .csv but it is not a CSV text file.",
        ),
        ("bids.csv", "Ref\n".encode("utf-16"), "it is not a CSV text file"),
        ("bids.csv", b"\x81\x8d\x8f\x90\x9d", "We couldn't read the letters in that file."),
        ("bids.csv", b"\n\n , ,\n", "That file has no rows."),
        ("bids.csv", b"1,2,3\n4,5,6\n", "The first row of that file should name its columns"),
    ],
)
def test_files_we_cannot_read_are_refused_with_what_to_do(filename, data, reason):
    with pytest.raises(ImportFileError) as refused:
        read_table(filename, data)
    assert reason in str(refused.value)


def test_a_damaged_xlsx_is_refused_not_crashed():
    data = bytearray(xlsx_bytes([["Ref"], ["B01"]]))
    middle = len(data) // 2
    data[middle : middle + 200] = b"\x00" * 200
    with pytest.raises(ImportFileError):
        read_table("bids.xlsx", bytes(data))


def test_more_than_a_thousand_rows_is_refused_but_a_thousand_is_fine():
    lines = ["Ref,Organisation"] + [f"B{number},Org" for number in range(MAX_ROWS)]
    assert len(read_table("bids.csv", "\n".join(lines).encode()).rows) == MAX_ROWS
    with pytest.raises(ImportFileError, match="more than 1,000 rows"):
        read_table("bids.csv", "\n".join([*lines, "B9999,Org"]).encode())


# --- Which column holds what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers, expected",
    [
        (("Ref", "Organisation", "Title", "Summary", "Amount"), MAPPING),
        (
            (
                "Bid reference",
                "Organisation name",
                "Project title",
                "Project summary",
                "Amount requested (£)",
            ),
            MAPPING,
        ),
        (("Bid ID", "Organization", "Project name", "Description", "Cost"), MAPPING),
        (
            ("Amount (£)", "Provider", "Title", "Ref no"),
            {"reference": 3, "organisation": 1, "title": 2, "summary": None, "amount": 0},
        ),
        (
            ("Charity number", "Organisation", "Ref", "Service", "Total cost"),
            {"reference": 2, "organisation": 1, "title": 3, "summary": None, "amount": 4},
        ),
        (
            ("Colour", "Notes", ""),
            {"reference": None, "organisation": None, "title": None, "summary": None, "amount": None},
        ),
    ],
)
def test_guesses_forgive_the_many_ways_columns_are_named(headers, expected):
    assert guess_mapping(headers) == expected


def test_a_column_is_never_guessed_for_two_fields():
    mapping = guess_mapping(("Organisation reference",))
    assert sorted(value for value in mapping.values() if value is not None) == [0]


@pytest.mark.parametrize(
    "mapping, problems",
    [
        (MAPPING, {}),
        ({**MAPPING, "summary": None}, {}),
        ({**MAPPING, "reference": None}, {"reference": "Choose the column that holds the reference"}),
        ({**MAPPING, "amount": None}, {"amount": "Choose the column that holds the amount requested"}),
        (
            {**MAPPING, "title": 1},
            {
                "title": "You chose 'Organisation' for organisation already. "
                "Choose a different column for each."
            },
        ),
        ({**MAPPING, "summary": 9}, {"summary": "Choose one of the file's columns for the summary"}),
    ],
)
def test_checking_the_columns(mapping, problems):
    assert check_mapping(HEADERS, mapping) == problems


# --- Rows -------------------------------------------------------------------------------------------------


def _table(*rows) -> Table:
    return Table(
        headers=HEADERS, rows=tuple((number, tuple(row)) for number, row in enumerate(rows, start=2))
    )


def test_good_rows_become_bids_with_amounts_in_pence():
    rows, problems = validate_rows(
        _table(
            ["B01", "Northside", "Football", "Weekly games", 25000],
            ["B02", "Harbour", "Murals", None, 1200.5],
            [103, "Hill", "Camp", "", "£7,500"],
            ["B04", "Lake", "Boats", "", " 1,000.00 "],
        ),
        MAPPING,
    )
    assert problems == []
    assert rows == [
        BidRow(2, "B01", "Northside", "Football", "Weekly games", 2_500_000),
        BidRow(3, "B02", "Harbour", "Murals", "", 120_050),
        BidRow(4, "103", "Hill", "Camp", "", 750_000),
        BidRow(5, "B04", "Lake", "Boats", "", 100_000),
    ]


def test_rows_with_nothing_in_the_chosen_columns_are_skipped():
    rows, problems = validate_rows(_table(["", None, " ", None, None, "a note nobody chose"]), MAPPING)
    assert rows == [] and problems == []


def test_every_bad_row_is_listed_at_once_with_its_row_number_and_column():
    rows, problems = validate_rows(
        _table(
            ["B01", "Northside", "Football", "", 100],
            ["", "No ref", "Title", "", 100],
            ["B03", "", "Title", "", "a lot"],
            ["b01", "Copycat", "Title", "", 100],
            ["B05", "Org", "T" * 201, "", -5],
            ["B06", "Taken", "Title", "", 100],
            ["B07", "Org", "Title", "", datetime(2027, 1, 1)],
            ["B08", "Fine", "Title", "", 100],
        ),
        MAPPING,
        taken_references={reference_key("B06")},
    )
    assert [row.reference for row in rows] == ["B01", "B08"]
    assert [(problem.row_number, problem.column, problem.message) for problem in problems] == [
        (3, "Ref", "The reference is missing"),
        (4, "Organisation", "The organisation is missing"),
        (4, "Amount requested (£)", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        (5, "Ref", "Row 2 of this file has the same reference"),
        (6, "Project title", "The title is 201 characters; it can be up to 200"),
        (6, "Amount requested (£)", "The amount must be zero or more"),
        (7, "Ref", "A bid in this round already has the reference B06"),
        (8, "Amount requested (£)", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
    ]
    assert problems[1].value == "" and problems[2].value == "a lot"


def test_a_missing_amount_is_named_as_missing():
    _, problems = validate_rows(_table(["B01", "Org", "Title", "", None]), MAPPING)
    assert [problem.message for problem in problems] == ["The amount requested is missing"]


def test_text_that_looks_like_a_formula_is_kept_exactly():
    rows, _ = validate_rows(_table(["B01", '=HYPERLINK("http://x","Click")', "@SUM(A1)", "+1", 5]), MAPPING)
    assert (rows[0].organisation, rows[0].title, rows[0].summary) == (
        '=HYPERLINK("http://x","Click")',
        "@SUM(A1)",
        "+1",
    )


def test_rows_cannot_be_checked_against_columns_that_were_not_chosen():
    with pytest.raises(ValueError):
        validate_rows(_table(["B01"]), {**MAPPING, "reference": None})
