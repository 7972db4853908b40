"""The decisions workbook as a commissioner opens it: its sheets, a bid's row, the totals, and text kept as text."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from panel.exports.operations import ANONYMOUS, NO_DECISIONS, Panellists, decisions_workbook
from panel.exports.writer import POUNDS, write_xlsx
from panel.extensions import db
from panel.sheets.models import SheetScore
from scoring.people import MemberKind

SHEETS = [
    "Summary",
    "Consensus",
    "Individual scores",
    "Conflicts register",
    "Meeting record",
    "Round settings",
    "Criteria",
    "Monitoring",
]
NASTY = ['=HYPERLINK("http://evil.example","Click")', "+1", "-x", "@x", "=1+1"]


def workbook(round_, **options):
    out = BytesIO()
    write_xlsx(decisions_workbook(round_, **options), out)
    return load_workbook(BytesIO(out.getvalue()))


def rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def by_header(sheet, row_number):
    header = [cell.value for cell in sheet[1]]
    return dict(zip(header, (cell for cell in sheet[row_number]), strict=False))


@pytest.fixture
def world(decided, make):
    make.decision(
        decided.round,
        decided.club,
        amount_pence=2_000_000,
        reasons="A clear plan.",
        explanation="We had less money than hoped.",
    )
    make.decision(decided.round, decided.app, "not_funded", reasons=NASTY[0])
    return decided


def test_the_workbook_has_every_sheet_in_order(world):
    assert workbook(world.round).sheetnames == SHEETS


def test_the_summary_shows_each_bid_beside_the_panel_and_the_decision(world):
    summary = workbook(world.round)["Summary"]
    assert [cell.value for cell in summary[1]][:8] == [
        "Reference",
        "Organisation",
        "Title",
        "Amount requested",
        "Panel recommendation",
        "Panel amount",
        "Final decision",
        "Amount awarded",
    ]
    club = {name: cell.value for name, cell in by_header(summary, 2).items()}
    assert club["Reference"] == "A-01" and club["Organisation"] == "Skate Group"
    assert club["Amount requested"] == 25_000 and club["Panel amount"] == 25_000
    assert club["Panel recommendation"] == "Fund" and club["Final decision"] == "Funded"
    assert club["Amount awarded"] == 20_000
    assert club["Differs from panel"] == "Yes" and "£25,000" in club["How it differs"]
    camp = {name: cell.value for name, cell in by_header(summary, 4).items()}
    assert camp["Final decision"] is None and camp["Differs from panel"] is None


def test_the_totals_row_adds_up_with_live_formulas_in_pounds(world):
    summary = workbook(world.round)["Summary"]
    total = by_header(summary, 5)
    assert total["Reference"].value == "Total"
    assert total["Amount requested"].value == "=SUM(D2:D4)" and total["Amount requested"].data_type == "f"
    assert total["Amount awarded"].value == "=SUM(H2:H4)"
    assert total["Amount awarded"].number_format == POUNDS
    assert by_header(summary, 2)["Amount requested"].number_format == POUNDS


def test_the_totals_show_their_sums_in_a_program_that_does_not_calculate(world):
    """A phone's preview shows the value saved with a formula rather than working it out."""
    out = BytesIO()
    write_xlsx(decisions_workbook(world.round), out)
    summary = load_workbook(BytesIO(out.getvalue()), data_only=True)["Summary"]
    total = by_header(summary, 5)
    assert total["Amount requested"].value == sum(
        by_header(summary, row)["Amount requested"].value for row in (2, 3, 4)
    )
    assert total["Amount awarded"].value == 20_000


def test_the_header_row_is_frozen_filtered_and_the_columns_sized(world):
    summary = workbook(world.round)["Summary"]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == "A1:M4"
    assert summary["A1"].font.bold
    assert 8 <= summary.column_dimensions["A"].width <= 60


@pytest.mark.parametrize("typed", NASTY)
def test_text_a_person_typed_stays_text_even_when_it_looks_like_a_formula(world, make, typed):
    score = db.session.scalar(db.select(SheetScore).limit(1))
    score.comment = typed
    make.conflict(world.aisha, world.camp, note=typed)
    db.session.commit()
    book = workbook(world.round)
    cells = [
        cell
        for name in ("Individual scores", "Conflicts register")
        for row in book[name].iter_rows()
        for cell in row
        if cell.value == typed
    ]
    assert len(cells) == 2
    assert all(cell.data_type == "s" for cell in cells)
    reasons = by_header(book["Summary"], 3)["Reasons"]
    assert reasons.value == NASTY[0] and reasons.data_type == "s"


def test_panel_members_are_anonymous_unless_names_are_asked_for(world):
    scores = workbook(world.round)["Individual scores"]
    shown = str(rows(scores))
    assert "Aisha" not in shown and "Ben Bright" not in shown
    labels = {row[1] for row in rows(scores)[1:] if row[0] in ("A-01", "A-02")}
    assert labels == {
        "P2",
        "P3",
        "P4",
    }  # the chair (P1) scored nothing; labels follow the order members joined
    assert ANONYMOUS in shown
    named = str(rows(workbook(world.round, names=True)["Individual scores"]))
    assert "Aisha Khan" in named and "Ben Bright" in named and "P2" not in named


def test_a_member_keeps_one_label_across_sheets(world, make):
    make.conflict(world.aisha, world.camp)
    book = workbook(world.round)
    label = Panellists(world.round, names=False).labels[world.aisha.id]
    aisha_scores = {row[1] for row in rows(book["Individual scores"])[1:] if row[1] == label}
    conflict = rows(book["Conflicts register"])[1]
    assert aisha_scores == {label} and conflict[2] == label
    named_conflict = rows(workbook(world.round, names=True)["Conflicts register"])[1]
    assert named_conflict[2:5] == ["Aisha Khan", "Young person", "14-16"]


def test_the_consensus_sheet_puts_the_agreed_score_beside_the_spread(world):
    consensus = rows(workbook(world.round)["Consensus"])
    assert consensus[0][:6] == [
        "Reference",
        "Criterion",
        "Consensus score",
        "Individual scores",
        "Could not judge",
        "Median",
    ]
    needs = next(row for row in consensus if row[:2] == ["A-01", "Young people want it"])
    # aisha 4, ben 3 (young), adult 1: agreed 4. Two young members and one adult are too few to show apart.
    assert needs[2:] == [4, 3, 0, 3, 1, 4, "Too few to show", "Too few to show"]


def test_the_consensus_sheet_shows_young_and_adult_medians_from_three_of_each(world, make):
    needs, plan = world.criteria
    for name, kind, score in (
        ("Cara", MemberKind.YOUNG, 4),
        ("Ada", MemberKind.ADULT, 2),
        ("Abe", MemberKind.ADULT, 0),
    ):
        member = make.member(world.round, make.user(name.lower(), name), kind=kind, trained=True)
        make.sheet(member, world.club, {needs: score, plan: 3})
    consensus = rows(workbook(world.round)["Consensus"])
    row = next(row for row in consensus if row[:2] == ["A-01", "Young people want it"])
    # young 4, 3, 4 and adults 1, 2, 0
    assert row[2:] == [4, 6, 0, 2.5, 0, 4, 4, 1]


def test_round_settings_and_criteria(world):
    book = workbook(world.round)
    settings = dict(row[:2] for row in rows(book["Round settings"])[1:])
    assert settings["Title"] == "Youth fund 2027" and settings["Budget"] == 50_000
    criteria = rows(book["Criteria"])
    assert ["Young people want it", 0, "Level 0 meaning"] == [criteria[1][0], criteria[1][5], criteria[1][6]]


def test_a_round_with_no_decisions_says_so(decided):
    book = workbook(decided.round)
    summary = rows(book["Summary"])
    assert NO_DECISIONS in [row[0] for row in summary]
    assert book["Meeting record"]["A1"].value == "Time (UK)"


def test_an_empty_round_still_exports(make):
    book = workbook(make.round())
    assert book.sheetnames == SHEETS
    assert "Total" not in [row[0] for row in rows(book["Summary"])]


def test_a_conflict_a_member_recorded_themselves_does_not_name_them(world, make):
    conflict = make.conflict(world.ben, world.camp)
    conflict.recorded_by_id = world.ben.user_id
    db.session.commit()
    register = rows(workbook(world.round)["Conflicts register"])
    assert "Ben Bright" not in str(register)
    assert register[1][2] == register[1][6] == "P3"
