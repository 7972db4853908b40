"""A large round's workbook is written as its rows are gathered, a page of bids at a time: the memory it takes
stays flat as the round grows, the sheets still hold every row, and the same tables can be written twice."""

import csv
import io
import tracemalloc

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from panel.bids.models import Bid
from panel.core.models import utcnow
from panel.exports import monitoring, operations
from panel.exports.csv_files import write_csv
from panel.exports.operations import ANONYMOUS, NO_BIDS, NO_DECISIONS, NO_SCORES, decisions_workbook
from panel.exports.writer import write_xlsx
from panel.extensions import db
from panel.meetings.models import MeetingRecord
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.export import SAMPLE_ROWS, layout
from scoring.people import MemberKind
from scoring.rounds import RoundStatus

MEMBERS, CRITERIA = 12, 4
STREAMED = ("Summary", "Consensus", "Individual scores")


def scored_round(make, bids: int):
    """A decided round with `bids` bids, each scored by every member on every criterion (bulk inserts)."""
    round_ = make.round(f"Big round of {bids}", status=RoundStatus.DECIDED)
    criteria = [make.criterion(round_, f"Criterion {number}", position=number) for number in range(CRITERIA)]
    members = [
        make.member(round_, kind=MemberKind.YOUNG if number % 2 else MemberKind.ADULT)
        for number in range(MEMBERS)
    ]
    bid_ids = db.session.scalars(
        insert(Bid).returning(Bid.id, sort_by_parameter_order=True),
        [
            {
                "round_id": round_.id,
                "reference": f"B{number}",
                "organisation": f"Group {number}",
                "title": f"Project {number}",
                "amount_pence": 100_000 + number,
            }
            for number in range(1, bids + 1)
        ],
    ).all()
    pairs = [(bid_id, member.id) for bid_id in bid_ids for member in members]
    sheet_ids = db.session.scalars(
        insert(Sheet).returning(Sheet.id, sort_by_parameter_order=True),
        [
            {
                "round_id": round_.id,
                "bid_id": bid_id,
                "membership_id": membership_id,
                "status": SheetStatus.SUBMITTED,
                "submitted_at": utcnow(),
            }
            for bid_id, membership_id in pairs
        ],
    ).all()
    db.session.execute(
        insert(SheetScore),
        [
            {
                "sheet_id": sheet_id,
                "criterion_id": criterion.id,
                "score": (sheet_id + criterion.id) % 5,
                "comment": f"Comment {sheet_id}",
            }
            for sheet_id in sheet_ids
            for criterion in criteria
        ],
    )
    db.session.commit()
    return round_


def peak_while_exporting(round_, path, sheets=STREAMED) -> int:
    """tracemalloc's peak, in bytes, while the workbook's tables are made and the named sheets (the big ones
    unless told) gathered and written to a file."""
    db.session.expire_all()
    tracemalloc.start()
    try:
        write_xlsx([table for table in decisions_workbook(round_) if table.title in sheets], path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(operations, "BIDS_PER_PAGE", 5)


def test_memory_stays_flat_as_the_round_grows(make, tmp_path, small_pages):
    small, large = scored_round(make, 10), scored_round(make, 40)
    peak_while_exporting(small, tmp_path / "warm-up.xlsx")  # first use fills caches (queries, styles)
    small_peak = peak_while_exporting(small, tmp_path / "small.xlsx")
    large_peak = peak_while_exporting(large, tmp_path / "large.xlsx")
    # Four times the bids, scores and rows; held whole, the peak would grow about as much.
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


def test_the_monitoring_sheet_stays_flat_as_the_scores_grow(make, tmp_path, monkeypatch):
    monkeypatch.setattr(monitoring, "BIDS_PER_PAGE", 5)
    small, large = scored_round(make, 10), scored_round(make, 40)
    only = ("Monitoring",)
    peak_while_exporting(small, tmp_path / "warm-up.xlsx", only)
    small_peak = peak_while_exporting(small, tmp_path / "small.xlsx", only)
    large_peak = peak_while_exporting(large, tmp_path / "large.xlsx", only)
    # Four times the scores; each sheet's overall score is folded from them as they go by, a page of bids at
    # a time, so only a few figures per bid are kept.
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    measures = [
        row[1] or ""
        for row in load_workbook(tmp_path / "large.xlsx")["Monitoring"].iter_rows(values_only=True)
    ]
    assert [measure.split(" ")[0] for measure in measures if "middle overall score" in measure] == [
        f"B{number}" for number in range(1, 41)
    ]


def test_the_meeting_record_sheet_stays_flat_as_the_meeting_grows(make, tmp_path):
    """The record is read a few hundred lines at a time, not loaded whole with the meeting."""
    peaks = []
    for lines in (1000, 4000):
        round_ = scored_round(make, 2)
        meeting = make.meeting(round_)
        db.session.execute(
            insert(MeetingRecord),
            [
                {
                    "meeting_id": meeting.id,
                    "sequence": number,
                    "command": "save_notes",
                    "detail": {"notes": "x" * 40},
                }
                for number in range(1, lines + 1)
            ],
        )
        db.session.commit()
        peak_while_exporting(round_, tmp_path / "warm-up.xlsx", ("Meeting record",))
        peaks.append(peak_while_exporting(round_, tmp_path / f"{lines}.xlsx", ("Meeting record",)))
        record = list(load_workbook(tmp_path / f"{lines}.xlsx")["Meeting record"].iter_rows(values_only=True))
        assert len(record) == 1 + lines and record[-1][2:] == ("Saved the notes", None, "x" * 40)
    # Four times the lines; held whole, the peak would grow about as much.
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_a_streamed_sheet_holds_every_row_with_its_filter_and_totals(make, tmp_path, small_pages):
    round_ = scored_round(make, 15)
    rows = 15 * MEMBERS * CRITERIA
    assert rows > SAMPLE_ROWS  # widths come from a sample, the rows from all of it
    write_xlsx(decisions_workbook(round_), tmp_path / "big.xlsx")
    book = load_workbook(tmp_path / "big.xlsx")
    scores = book["Individual scores"]
    assert scores.auto_filter.ref == f"A1:H{1 + rows}"
    listed = list(scores.iter_rows(min_row=2, max_row=1 + rows, max_col=2, values_only=True))
    assert all(reference and member for reference, member in listed)
    assert scores.cell(2 + rows, 1).value is None
    assert [reference for reference, _ in listed[:: MEMBERS * CRITERIA]] == [f"B{n}" for n in range(1, 16)]
    assert [member for _, member in listed[: MEMBERS * CRITERIA : CRITERIA]] == [
        f"P{n}" for n in range(1, 13)
    ]
    summary = book["Summary"]
    assert summary.auto_filter.ref == "A1:M16"
    assert summary["A17"].value == "Total" and summary["D17"].value == "=SUM(D2:D16)"
    assert [summary.cell(row, 1).value for row in (2, 10, 11, 16)] == ["B1", "B9", "B10", "B15"]


def test_the_same_tables_write_an_xlsx_and_then_csvs(make, tmp_path, small_pages):
    round_ = scored_round(make, 6)
    tables = decisions_workbook(round_)
    write_xlsx(tables, tmp_path / "first.xlsx")
    scores = next(table for table in tables if table.title == "Individual scores")
    assert not isinstance(scores.rows, list | tuple)  # made on demand, not held
    out = io.StringIO()
    write_csv(scores, out)
    csv_rows = list(csv.reader(io.StringIO(out.getvalue())))
    xlsx_rows = list(load_workbook(tmp_path / "first.xlsx")["Individual scores"].iter_rows(values_only=True))
    assert len(csv_rows) == len(xlsx_rows) == 1 + 6 * MEMBERS * CRITERIA + 2
    assert [row[:2] for row in csv_rows[1:-2]] == [list(row[:2]) for row in xlsx_rows[1:-2]]


def test_layout_judges_widths_from_the_first_rows_and_gives_back_every_row():
    rows = iter([("a", "b")] * SAMPLE_ROWS + [("x" * 200, "b")])
    widths, wraps, again = layout(("Ref", "Text"), rows)
    assert widths == [8, 8] and wraps == [False, False]  # the long value comes after the sample
    assert len(list(again)) == SAMPLE_ROWS + 1


def test_each_sheet_knows_its_note_before_its_rows_are_read(make):
    round_ = make.round("Notes first", status=RoundStatus.DECIDED)
    criterion, bid = make.criterion(round_), make.bid(round_, "A-1")
    make.sheet(make.member(round_), bid, {criterion: 3}, submitted=False)
    notes = {table.title: table.note for table in decisions_workbook(round_)}
    assert notes["Individual scores"] == NO_SCORES  # a sheet still being filled in is not a score yet
    assert notes["Summary"] == NO_DECISIONS and notes["Consensus"] == ""
    make.sheet(make.member(round_), bid, {criterion: 2})
    make.decision(round_, bid)
    notes = {table.title: table.note for table in decisions_workbook(round_)}
    assert notes["Individual scores"] == ANONYMOUS and notes["Summary"] == ""
    assert {table.title: table.note for table in decisions_workbook(make.round("Empty"))}[
        "Summary"
    ] == NO_BIDS
