"""Round trip: bids imported from a commissioner's spreadsheet come back out of the decisions workbook under
the same references, organisations, titles and amounts, with leading zeros kept and references stored as
text."""

import io
from decimal import Decimal

import openpyxl
from openpyxl import load_workbook

HEADER = ["Bid ref", "Organisation name", "Project title", "Project summary", "Amount requested (£)"]
# (reference, organisation, title, amount as typed in the spreadsheet, amount in pounds)
BIDS = [
    ("B-001", "=1+1 Youth Trust", "Friday night football", 25_000, Decimal(25000)),
    ("007", "+44 Arts Collective", "Street art workshops", "£12,500.50", Decimal("12500.50")),
    ("0042", "@home Mentoring", "=SUM(A1:A2)", 1_200.75, Decimal("1200.75")),
    ("-5", "-Minus Group", "Confidence camp", "3,000", Decimal(3000)),
    ("1E3", "Café Ñandú", 'Text with "quotes", commas and a line\nbreak', "99.99", Decimal("99.99")),
]


def spreadsheet() -> bytes:
    """The bids as a commissioner's own workbook: every reference and name typed in as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number, (reference, organisation, title, typed, _) in enumerate(BIDS, start=2):
        for column, value in enumerate((reference, organisation, title, "A short summary.", typed), start=1):
            cell = sheet.cell(number, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # as a spreadsheet keeps "007" or "=1+1 ..." that was typed as text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_imported_bids_come_back_out_under_the_same_references(client, login, make):
    round_ = make.round("Round trip fund 2027")
    login(make.commissioner())
    base = f"/rounds/{round_.id}/bids/import"
    upload = client.post(
        base,
        data={"spreadsheet": (io.BytesIO(spreadsheet()), "bids.xlsx")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, upload.get_data(as_text=True)
    columns = client.post(
        f"{base}/columns",
        data={"reference": "0", "organisation": "1", "title": "2", "summary": "3", "amount": "4"},
    )
    assert columns.status_code == 302
    check = client.get(f"{base}/check").get_data(as_text=True)
    assert f"Import {len(BIDS)} bids" in check, check
    assert client.post(f"{base}/confirm").status_code == 302

    download = client.get(f"/rounds/{round_.id}/export/decisions.xlsx")
    assert download.status_code == 200
    summary = load_workbook(io.BytesIO(download.data))["Summary"]
    header = [cell.value for cell in summary[1]]
    exported = {}
    for row in summary.iter_rows(min_row=2, max_row=1 + len(BIDS)):
        cells = dict(zip(header, row, strict=False))
        exported[cells["Reference"].value] = cells
    assert set(exported) == {reference for reference, *_ in BIDS}
    for reference, organisation, title, _, pounds in BIDS:
        cells = exported[reference]
        assert cells["Organisation"].value == organisation and cells["Title"].value == title
        assert Decimal(str(cells["Amount requested"].value)) == pounds
        assert all(cells[name].data_type == "s" for name in ("Reference", "Organisation", "Title"))
    assert summary.cell(2 + len(BIDS), 1).value == "Total"
