"""Importing bids through the pages: upload, choose columns, check every row, then import all or nothing."""

import io
import os

import pytest
from sqlalchemy import func, select

from panel.bids import operations
from panel.bids.models import Bid
from panel.extensions import db
from tests.panel.bids.files import LONG, xlsx_bytes, xlsx_with_long_text

REALISTIC = [
    [
        "Bid reference",
        "Organisation name",
        "Project title",
        "Project summary",
        "Amount requested (£)",
        "Notes",
    ],
    ["YW-01", "Northside Youth Club", "Friday night football", "Weekly games and food", 25000, "strong"],
    ["YW-02", " Harbour Arts ", "Street art workshops", "", "£12,500.50", ""],
    [None, None, None, None, None, None],
    ["YW-03", "Hilltop Girls' Group", "Confidence camp", "A week away", "1,200", None],
    ["YW-04", "Riverside Trust", "Mentoring", "One to one support", 48000.75, None],
]


def _url(cast, step: str = "") -> str:
    return f"/rounds/{cast.round.id}/bids/import{step}"


def _upload(client, cast, filename: str, data: bytes):
    return client.post(
        _url(cast), data={"spreadsheet": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def _bids(round_) -> dict[str, Bid]:
    return {bid.reference: bid for bid in db.session.scalars(select(Bid).where(Bid.round_id == round_.id))}


def _choose(client, cast, **columns):
    mapping = {"reference": "0", "organisation": "1", "title": "2", "summary": "3", "amount": "4", **columns}
    return client.post(_url(cast, "/columns"), data=mapping)


@pytest.fixture
def commissioner(client, login, cast):
    return login(cast.commissioner)


def test_a_realistic_workbook_imports_in_three_steps(app, client, commissioner, cast):
    response = _upload(client, cast, "Bids received.xlsx", xlsx_bytes(REALISTIC, title="Received"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/bids/import/columns")
    [stored] = os.listdir(app.config["IMPORTS_DIR"])
    assert "Bids" not in stored

    page = client.get(_url(cast, "/columns")).get_data(as_text=True)
    assert "Bids received.xlsx" in page and "Received" in page and "4 rows" in page
    assert '<option value="0" selected>Bid reference</option>' in page
    assert '<option value="4" selected>Amount requested (£)</option>' in page

    response = _choose(client, cast)
    assert response.status_code == 302 and response.headers["Location"].endswith("/bids/import/check")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import 4 bids" in page
    for text in ("YW-01", "Harbour Arts", "£12,500.50", "£1,200", "£48,000.75", "Confidence camp"):
        assert text in page
    assert set(_bids(cast.round)) == {"B01", "B02"}  # nothing saved before confirming

    response = client.post(_url(cast, "/confirm"))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/rounds/{cast.round.id}/bids/"
    )
    bids = _bids(cast.round)
    assert set(bids) == {"B01", "B02", "YW-01", "YW-02", "YW-03", "YW-04"}
    assert (bids["YW-02"].organisation, bids["YW-02"].amount_pence, bids["YW-02"].summary) == (
        "Harbour Arts",
        1_250_050,
        "",
    )
    assert bids["YW-01"].amount_pence == 2_500_000 and bids["YW-04"].amount_pence == 4_800_075
    assert os.listdir(app.config["IMPORTS_DIR"]) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 bids imported" in page and "Friday night football" in page
    assert client.get(_url(cast, "/check")).status_code == 302  # the upload is forgotten


def test_a_csv_from_old_excel_imports_with_formula_looking_text_kept_as_text(client, commissioner, cast):
    text = (
        "Ref,Organisation,Title,Amount\r\n"
        'C1,"=HYPERLINK(""http://evil.example"",""Click me"")",Café club,"£2,000"\r\n'
        "C2,@Org,+Plus title,300\r\n"
    )
    assert _upload(client, cast, "bids.csv", text.encode("cp1252")).status_code == 302
    page = client.get(_url(cast, "/columns")).get_data(as_text=True)
    assert '<option value="" selected>No summary column</option>' in page
    client.post(
        _url(cast, "/columns"),
        data={"reference": "0", "organisation": "1", "title": "2", "summary": "", "amount": "3"},
    )
    assert "Import 2 bids" in client.get(_url(cast, "/check")).get_data(as_text=True)
    client.post(_url(cast, "/confirm"))
    bids = _bids(cast.round)
    assert bids["C1"].organisation == '=HYPERLINK("http://evil.example","Click me")'
    assert bids["C1"].title == "Café club" and bids["C1"].amount_pence == 200_000
    assert (bids["C2"].organisation, bids["C2"].title) == ("@Org", "+Plus title")


def test_every_bad_row_is_listed_and_nothing_can_be_imported(client, commissioner, cast):
    rows = [
        REALISTIC[0],
        ["YW-01", "Northside", "Football", "", "lots"],
        ["", "No reference here", "Title", "", 100],
        ["YW-01", "Copy", "Title", "", 100],
        [],
        ["b01", "Already in the round", "Title", "", 100],
        ["YW-05", "Fine", "Fine title", "", 100],
    ]
    _upload(client, cast, "bids.xlsx", xlsx_bytes(rows))
    _choose(client, cast)
    page = client.get(_url(cast, "/check")).get_data(as_text=True)
    assert "<title>Error: Check the bids" in page
    assert "4 rows need fixing before anything can be imported" in page
    for text in (
        "Enter an amount in pounds using numbers only",
        "The reference is missing",
        "Row 2 of this file has the same reference",
        "A bid in this round already has the reference b01",
    ):
        assert text in page
    cells = [
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{number}</td>' for number in (2, 3, 4, 6)
    ]
    assert all(cell in page for cell in cells)
    assert "change which column holds what" in page and "upload it again" in page
    assert "Import " not in page.split("<h1")[1].split("Rows that are ready")[0]
    response = client.post(_url(cast, "/confirm"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/import/check")
    assert set(_bids(cast.round)) == {"B01", "B02"}


def test_choosing_the_same_column_twice_or_leaving_one_out_is_explained(client, commissioner, cast):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    response = _choose(client, cast, title="1", reference="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the column that holds the reference" in page
    assert "You chose &#39;Organisation name&#39; for organisation already" in page
    assert '<option value="1" selected>Organisation name</option>' in page


def test_a_changed_mapping_is_remembered_when_going_back(client, commissioner, cast):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    _choose(client, cast, summary="5")
    page = client.get(_url(cast, "/columns")).get_data(as_text=True)
    assert '<option value="5" selected>Notes</option>' in page


@pytest.mark.parametrize(
    "filename, data, reason",
    [
        ("bids.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file (.xls)"),
        ("bids.ods", b"PK\x03\x04rest", "OpenDocument spreadsheet"),
        ("bids.xlsx", b"PK\x03\x04 broken zip", "it is not an Excel workbook"),
        ("bids.csv", b"", "That file is empty."),
    ],
)
def test_wrong_or_broken_files_are_refused_on_the_upload_page(
    app, client, commissioner, cast, filename, data, reason
):
    response = _upload(client, cast, filename, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#spreadsheet"' in page
    assert reason in page
    assert os.listdir(app.config["IMPORTS_DIR"]) == []


_HEADER = ["Ref", "Organisation", "Title", "Summary", "Amount"]
_BID = ["B9", "Club", "Football", "Games", 100]
_TOO_MUCH = {
    "a header cell of megabytes": (
        "bids.xlsx",
        lambda: xlsx_with_long_text([[LONG, *_HEADER[1:]], _BID], 3 * 2**20),
        "holds more than 32,767 characters",
    ),
    "a bid's cell longer than Excel allows": (
        "bids.xlsx",
        lambda: xlsx_with_long_text([_HEADER, ["B9", "Club", "Football", LONG, 100]], 40_000),
        "holds more than 32,767 characters",
    ),
    "a long column name": (
        "bids.xlsx",
        lambda: xlsx_bytes([[*_HEADER[:3], "Why " * 100, "Amount"], _BID]),
        "Cell D1 is in the first row that has something in it",
    ),
    "101 columns": (
        "bids.xlsx",
        lambda: xlsx_bytes([_HEADER + [None] * 95 + ["Note"], _BID]),
        "more than 100 columns",
    ),
    "1,001 bids": (
        "bids.xlsx",
        lambda: xlsx_bytes([_HEADER] + [[f"B{n}", *_BID[1:]] for n in range(1001)]),
        "more than 1,000 rows",
    ),
    "a CSV header cell of megabytes": (
        "bids.csv",
        lambda: b"x" * (3 * 2**20) + b",Organisation,Title,Summary,Amount\nB9,Club,Football,Games,100\n",
        "more than 32,767 characters",
    ),
    "a CSV cell longer than Excel allows": (
        "bids.csv",
        lambda: f"Ref,Organisation,Title,Summary,Amount\nB9,Club,Football,{'x' * 40_000},100\n".encode(),
        "Cell D2 holds more than 32,767 characters",
    ),
    "a CSV of 101 columns": (
        "bids.csv",
        lambda: (
            "Ref,Organisation,Title,Summary,Amount" + ",Note" * 96 + "\nB9,Club,Football,Games,100\n"
        ).encode(),
        "more than 100 columns",
    ),
    "a CSV of 1,001 bids": (
        "bids.csv",
        lambda: "\n".join(
            ["Ref,Organisation,Title,Summary,Amount"] + [f"B{n},Club,Football,Games,100" for n in range(1001)]
        ).encode(),
        "more than 1,000 rows",
    ),
}


@pytest.mark.parametrize("filename, make_file, message", _TOO_MUCH.values(), ids=_TOO_MUCH.keys())
def test_a_file_over_a_limit_is_refused_on_the_upload_page_and_nothing_is_kept(
    app, client, commissioner, cast, filename, make_file, message
):
    response = _upload(client, cast, filename, make_file())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#spreadsheet"' in page and message in page
    assert len(page) < 100_000  # the file's text is not shown back
    assert os.listdir(app.config["IMPORTS_DIR"]) == []
    assert client.get(_url(cast, "/columns")).headers["Location"].endswith("/bids/import")
    assert set(_bids(cast.round)) == {"B01", "B02"}


def test_a_file_bigger_than_the_server_takes_gets_the_friendly_too_big_page(app, client, commissioner, cast):
    response = _upload(client, cast, "bids.csv", b"Ref\n" + b"B1\n" * (4 * 2**20))
    assert response.status_code == 413
    assert "That file is too big" in response.get_data(as_text=True)
    assert os.listdir(app.config["IMPORTS_DIR"]) == []


def test_uploading_again_replaces_the_stored_file(app, client, commissioner, cast):
    _upload(client, cast, "first.xlsx", xlsx_bytes(REALISTIC))
    _upload(client, cast, "second.csv", b"Ref,Organisation,Title,Amount\nZ1,Org,T,5\n")
    assert len(os.listdir(app.config["IMPORTS_DIR"])) == 1
    assert "second.csv" in client.get(_url(cast, "/columns")).get_data(as_text=True)


def test_the_confirm_step_checks_again_against_bids_added_meanwhile(client, commissioner, make, cast):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    _choose(client, cast)
    make.bid(cast.round, "YW-03")
    response = client.post(_url(cast, "/confirm"))
    assert response.headers["Location"].endswith("/import/check")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Something changed since you checked" in page
    assert "A bid in this round already has the reference YW-03" in page
    assert set(_bids(cast.round)) == {"B01", "B02", "YW-03"}


def test_a_database_failure_imports_nothing_at_all(client, commissioner, make, cast, monkeypatch):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    _choose(client, cast)
    make.bid(cast.round, "YW-04")  # arrives unseen by the last check, as if two people imported at once
    monkeypatch.setattr(operations, "taken_references", lambda round_, except_bid=None: set())
    response = client.post(_url(cast, "/confirm"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was imported" in page
    assert set(_bids(cast.round)) == {"B01", "B02", "YW-04"}
    assert db.session.scalar(select(func.count()).select_from(Bid)) == 3


def test_steps_without_an_upload_send_you_back_to_upload(client, commissioner, cast):
    for step in ("/columns", "/check"):
        response = client.get(_url(cast, step))
        assert response.headers["Location"].endswith("/bids/import")
    assert client.post(_url(cast, "/confirm")).headers["Location"].endswith("/bids/import")


def test_checking_before_choosing_columns_sends_you_to_the_columns(client, commissioner, cast):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    assert client.get(_url(cast, "/check")).headers["Location"].endswith("/import/columns")


def test_a_file_of_blank_rows_under_the_header_has_nothing_to_import(client, commissioner, cast):
    _upload(client, cast, "bids.csv", b"Ref,Organisation,Title,Amount\n,,,\n")
    client.post(
        _url(cast, "/columns"),
        data={"reference": "0", "organisation": "1", "title": "2", "summary": "", "amount": "3"},
    )
    page = client.get(_url(cast, "/check")).get_data(as_text=True)
    assert "We found no bids in that file" in page and "Import 0" not in page


def test_the_import_is_kept_per_round(client, commissioner, make, cast):
    _upload(client, cast, "bids.xlsx", xlsx_bytes(REALISTIC))
    other = make.round("Another round")
    assert (
        client.get(f"/rounds/{other.id}/bids/import/columns")
        .headers["Location"]
        .endswith(f"/rounds/{other.id}/bids/import")
    )
