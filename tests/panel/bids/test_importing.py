"""Reading bids from a spreadsheet as plain functions: the file, the column guesses and every row's checks."""

import io
import tracemalloc
from datetime import datetime

import openpyxl
import pytest

from panel.bids.importing import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_HEADER_CHARACTERS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNPACKED_BYTES,
    BidRow,
    ImportFileError,
    Table,
    check_mapping,
    guess_mapping,
    read_table,
    reference_key,
    validate_rows,
)
from tests.panel.bids.files import (
    LONG,
    pdf_bytes,
    with_part,
    with_sheet_xml,
    xlsx_bytes,
    xlsx_with_long_text,
    zip_bytes,
)

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


# --- Files that are too big: refused while they are read, with the limit named --------------------------------


def _refusal(filename: str, data: bytes) -> str:
    with pytest.raises(ImportFileError) as refused:
        read_table(filename, data)
    return str(refused.value)


@pytest.mark.parametrize("shared", [True, False], ids=["shared string, as Excel writes", "inline string"])
def test_a_header_cell_holding_megabytes_of_text_is_refused(shared):
    data = xlsx_with_long_text(
        [[LONG, "Organisation", "Amount"], ["B01", "Club", 5]], 4 * 2**20, shared=shared
    )
    assert len(data) < 20_000  # a small upload: the text only grows once it is unzipped
    assert f"holds more than {MAX_CELL_CHARACTERS:,} characters" in _refusal("bids.xlsx", data)


@pytest.mark.parametrize("shared", [True, False], ids=["shared string, as Excel writes", "inline string"])
def test_a_cell_in_a_bid_row_longer_than_excel_allows_is_refused(shared):
    rows = [["Ref", "Organisation", "Summary"], ["B01", "Club", "Fine"], ["B02", "Club", LONG]]
    assert "32,767 characters" in _refusal("bids.xlsx", xlsx_with_long_text(rows, 40_000, shared=shared))
    assert read_table("bids.xlsx", xlsx_with_long_text(rows, MAX_CELL_CHARACTERS, shared=shared)).rows[1][1][
        2
    ]


def test_reading_a_huge_header_cell_takes_no_more_memory_than_a_small_one():
    def peak_bytes_while_reading(length: int) -> int:
        data = xlsx_with_long_text([[LONG, "Organisation"], ["B01", "Club"]], length)
        tracemalloc.start()
        try:
            with pytest.raises(ImportFileError):
                read_table("bids.xlsx", data)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    one_megabyte, twenty_megabytes = peak_bytes_while_reading(2**20), peak_bytes_while_reading(20 * 2**20)
    assert twenty_megabytes < one_megabyte + 2**20
    assert (
        twenty_megabytes < 4 * 2**20
    )  # far below the 20 MB text: it is counted as it streams past, never held


def test_a_long_column_name_is_refused_naming_its_cell():
    name = "Tell us about your project " * 12
    for filename, data in [
        ("bids.xlsx", xlsx_bytes([[], ["Ref", "Organisation", name[: MAX_HEADER_CHARACTERS + 1]]])),
        ("bids.csv", f"Ref,Organisation,{name[: MAX_HEADER_CHARACTERS + 1]}\n".encode()),
    ]:
        row = "2" if filename.endswith(".xlsx") else "1"
        message = _refusal(filename, data)
        assert f"Cell C{row}" in message and f"longer than {MAX_HEADER_CHARACTERS} characters" in message
    assert (
        read_table("bids.csv", f"Ref,{name[:MAX_HEADER_CHARACTERS]}\n".encode()).headers[1].startswith("Tell")
    )


def test_a_csv_cell_longer_than_a_spreadsheet_cell_is_refused_naming_it():
    data = f"Ref,Organisation,Title,Summary\nB01,Club,Football,Fine\nB02,Club,Art,{'x' * 40_000}\n".encode()
    assert f"Cell D3 holds more than {MAX_CELL_CHARACTERS:,} characters" in _refusal("bids.csv", data)


def test_a_csv_header_of_megabytes_is_refused_with_the_cell_limit():
    data = b"Ref," + b"x" * (3 * 2**20) + b"\nB01,Club\n"
    assert f"more than {MAX_CELL_CHARACTERS:,} characters" in _refusal("bids.csv", data)


def test_more_than_a_hundred_columns_is_refused_but_a_hundred_is_fine():
    header = [f"Column {number}" for number in range(1, MAX_COLUMNS + 1)]
    assert len(read_table("bids.xlsx", xlsx_bytes([header, ["B01"]])).headers) == MAX_COLUMNS
    wide_row = ["B01"] + [None] * (MAX_COLUMNS - 1) + ["a note in column 101"]
    assert "more than 100 columns" in _refusal("bids.xlsx", xlsx_bytes([header, wide_row]))
    assert "more than 100 columns" in _refusal("bids.csv", ",".join([*header, "Extra"]).encode())
    trailing_commas = ",".join(header) + "," * 50  # empty cells past column 100 are nothing to lose
    assert len(read_table("bids.csv", trailing_commas.encode()).headers) == MAX_COLUMNS


def test_more_than_a_thousand_rows_of_a_workbook_is_refused():
    rows = [["Ref", "Organisation"], *([f"B{number}", "Org"] for number in range(MAX_ROWS))]
    assert len(read_table("bids.xlsx", xlsx_bytes(rows)).rows) == MAX_ROWS
    assert "more than 1,000 rows" in _refusal("bids.xlsx", xlsx_bytes([*rows, ["B9999", "Org"]]))


def test_reading_stops_at_the_row_over_the_limit():
    lines = ["Ref,Organisation"] + [f"B{number},Org" for number in range(MAX_ROWS + 1)]
    unreadable_rest = (
        '\nB9999,"' + "x" * 200_000
    )  # a quote never closed: the csv module fails if it gets here
    assert "more than 1,000 rows" in _refusal("bids.csv", ("\n".join(lines) + unreadable_rest).encode())


def test_a_sheet_that_goes_on_past_the_last_row_read_is_refused_not_cut_short():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Organisation"])
    sheet.append(["B01", "Club"])
    sheet.cell(row=MAX_SHEET_ROWS, column=1, value="B02")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [number for number, _ in read_table("bids.xlsx", buffer.getvalue()).rows] == [2, MAX_SHEET_ROWS]
    sheet.cell(row=MAX_SHEET_ROWS + 1, column=1, value="B03")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert f"goes on past row {MAX_SHEET_ROWS:,}" in _refusal("bids.xlsx", buffer.getvalue())
    csv_lines = ["Ref,Organisation", "B01,Club"] + [","] * MAX_SHEET_ROWS
    assert f"goes on past row {MAX_SHEET_ROWS:,}" in _refusal("bids.csv", "\n".join(csv_lines).encode())


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused():
    data = with_part(xlsx_bytes([["Ref"], ["B01"]]), "xl/media/padding.bin", bytes(MAX_UNPACKED_BYTES))
    assert len(data) < 100_000
    assert "more than 30 MB of data once it is opened" in _refusal("bids.xlsx", data)


def test_pictures_and_other_parts_that_are_not_xml_do_not_stop_a_workbook():
    picture = b"\x89PNG\r\n\x1a\n" + b"\xff" * (3 * 2**20)  # no '<' in megabytes, as in a plain image
    data = with_part(xlsx_bytes([["Ref", "Organisation"], ["B01", "Club"]]), "xl/media/image1.png", picture)
    assert read_table("bids.xlsx", data).rows == ((2, ("B01", "Club")),)


def test_a_workbook_with_a_tag_of_megabytes_or_a_doctype_is_refused_as_damaged():
    huge_tag = with_sheet_xml(
        xlsx_bytes([["Ref"], ["B01"]]),
        lambda xml: xml.replace('<c r="A1"', f'<c x="{"y" * 2 * 2**20}" r="A1"'),
    )
    doctype = with_sheet_xml(xlsx_bytes([["Ref"], ["B01"]]), lambda xml: "<!DOCTYPE worksheet>" + xml)
    for data in (huge_tag, doctype):
        assert "it may be damaged" in _refusal("bids.xlsx", data)


def test_openpyxl_reads_with_the_parser_the_workbook_check_streams_through():
    """The check before openpyxl (panel/bids/importing.py, _check_part) stops where expat stops; were openpyxl
    to read with lxml instead, a part expat cannot read but lxml can would reach openpyxl unchecked."""
    import openpyxl.xml

    assert not openpyxl.xml.LXML


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
