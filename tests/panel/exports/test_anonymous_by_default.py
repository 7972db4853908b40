"""Private by default: without ?names=1, no sheet of the decisions workbook, and no CSV of it, names a panel member
(by name or by username), whatever else the round holds: conflicts, a meeting record, decisions."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from panel.extensions import db
from panel.meetings.models import MeetingRecord
from scoring.rounds import RoundStatus


def _people(decided) -> list[str]:
    members = [decided.chair, decided.aisha, decided.ben, decided.adult]
    return [word for member in members for word in (member.user.display_name, member.user.username)]


@pytest.fixture
def met(decided, make):
    """The round as it was met: the chair ran it, Aisha raised her hand and gave a first view, Ben has a
    conflict with the camp."""
    meeting = make.meeting(decided.round)
    lines = [
        ("start", decided.chair.user_id, None),
        ("raise_hand", decided.aisha.user_id, decided.aisha.id),
        ("give_turn", decided.chair.user_id, decided.aisha.id),
    ]
    for sequence, (command, actor, member) in enumerate(lines, start=1):
        db.session.add(
            MeetingRecord(
                meeting_id=meeting.id,
                sequence=sequence,
                actor_id=actor,
                command=command,
                member_id=member,
                bid_id=decided.club.id,
            )
        )
    db.session.add(
        MeetingRecord(
            meeting_id=meeting.id,
            sequence=4,
            actor_id=decided.aisha.user_id,
            command="give_view",
            member_id=decided.aisha.id,
            bid_id=decided.club.id,
            detail={"view": "fund"},
        )
    )
    db.session.commit()
    make.conflict(decided.ben, decided.camp)
    decided.round.status = (
        RoundStatus.DECIDED
    )  # the meeting is over: its record is complete, a decision follows
    db.session.commit()
    make.decision(decided.round, decided.club)
    return decided


def _cells(book) -> str:
    return "\n".join(
        str(cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_no_sheet_of_the_workbook_names_a_member_unless_asked(client, login, met):
    decided = met
    login(decided.commissioner)
    workbook = client.get(f"/rounds/{decided.round.id}/export/decisions.xlsx").data
    everything = _cells(load_workbook(BytesIO(workbook)))
    assert [person for person in _people(decided) if person in everything] == []
    named = _cells(
        load_workbook(BytesIO(client.get(f"/rounds/{decided.round.id}/export/decisions.xlsx?names=1").data))
    )
    assert "Aisha Khan" in named and "Chloe Chair" in named
    record = load_workbook(BytesIO(client.get(f"/rounds/{decided.round.id}/export/decisions.xlsx").data))[
        "Meeting record"
    ]
    chair, aisha, chair_again = [row[1].value for row in record.iter_rows(min_row=2)][:3]
    assert chair == chair_again != aisha and re.fullmatch(r"P\d+", chair) and re.fullmatch(r"P\d+", aisha)


def test_the_chairs_own_record_page_still_names_people(client, login, met):
    login(met.chair.user)
    page = client.get(f"/rounds/{met.round.id}/meeting/record").get_data(as_text=True)
    assert "Chloe Chair" in page and "Aisha Khan" in page


def test_no_csv_names_a_member_unless_asked(client, login, met):
    decided = met
    login(decided.commissioner)
    for sheet in ("individual-scores", "conflicts-register", "meeting-record", "summary", "consensus"):
        body = client.get(f"/rounds/{decided.round.id}/export/{sheet}.csv").get_data(as_text=True)
        assert [person for person in _people(decided) if person in body] == [], sheet
