"""Blind until the reveal, in the decisions workbook and its CSVs: a bid's scores (and what the comments say)
reach a commissioner's download only once the meeting has shown them to the room, or the meeting has ended;
names only after it has ended. The rule is scoring/disclosure.py."""

import csv
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from panel.core.audit import AccessRecord
from panel.core.models import utcnow
from panel.extensions import db
from panel.meetings.models import MeetingItem
from scoring.people import MemberKind
from scoring.rounds import RoundStatus

SHEETS = ("consensus", "individual-scores", "summary", "meeting-record", "criteria", "round-settings")


def _comment(sheet, text: str) -> None:
    for score in sheet.scores:
        score.comment = text
    db.session.commit()


@pytest.fixture
def scored(make):
    """A round being scored: two bids, each scored by a young and an adult member whose comments carry a
    marker naming the bid, and scores that differ between the bids."""
    round_ = make.round("Blind fund", status=RoundStatus.SCORING)
    need = make.criterion(round_, "Young people want it", scale=(0, 4))
    first, second = make.bid(round_, "A-01"), make.bid(round_, "A-02")
    young = make.member(round_, make.user("yasmin", "Yasmin Young"), trained=True)
    adult = make.member(round_, make.user("adil", "Adil Adult"), kind=MemberKind.ADULT, trained=True)
    for bid, marker, scores in ((first, "MARKER-FIRST", (4, 3)), (second, "MARKER-SECOND", (1, 0))):
        for member, score in zip((young, adult), scores, strict=True):
            _comment(make.sheet(member, bid, {need: score}), f"{marker} scored {score}")
    return round_, first, second, make.commissioner()


def _workbook_text(client, round_, query: str = "") -> str:
    response = client.get(f"/rounds/{round_.id}/export/decisions.xlsx{query}")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


def _csv(client, round_, sheet: str, query: str = "") -> list[list[str]]:
    response = client.get(f"/rounds/{round_.id}/export/{sheet}.csv{query}")
    assert response.status_code == 200
    return list(csv.reader(StringIO(response.data.decode("utf-8-sig"))))


def _reveal(round_, bid) -> None:
    """The meeting shows this bid's scores to the room."""
    from tests import factories

    meeting = factories.meeting(round_)
    item = db.session.scalar(
        select(MeetingItem).where(MeetingItem.meeting_id == meeting.id, MeetingItem.bid_id == bid.id)
    )
    item.scores_revealed_at = utcnow()
    db.session.commit()


def test_while_scoring_no_score_or_comment_reaches_the_commissioner(client, login, scored):
    round_, _, _, commissioner = scored
    login(commissioner)
    text = _workbook_text(client, round_)
    assert "MARKER" not in text
    assert "not in this file yet" in text and "A-01, A-02" in text
    for sheet in SHEETS:
        assert "MARKER" not in str(_csv(client, round_, sheet))
    consensus = _csv(client, round_, "consensus")
    assert [row[0] for row in consensus[1:] if row and row[0].startswith("A-")] == []


def test_while_scoring_names_are_refused_and_not_offered(client, login, scored):
    round_, _, _, commissioner = scored
    login(commissioner)
    for path in ("decisions.xlsx", "individual-scores.csv"):
        response = client.get(f"/rounds/{round_.id}/export/{path}?names=1")
        assert response.status_code == 403
        assert "once the meeting has ended" in response.get_data(as_text=True)
    index = client.get(f"/rounds/{round_.id}/export/").get_data(as_text=True)
    assert "names=1" not in index and "Their names can be added once the meeting has ended" in index


def test_the_same_files_whatever_the_hidden_scores(client, login, make, scored):
    """Numbers carry no marker: two rounds alike but for their hidden scores give the same consensus and
    individual-scores files before the reveal."""
    round_, _, _, commissioner = scored
    twin = make.round("Blind fund", status=RoundStatus.SCORING)
    need = make.criterion(twin, "Young people want it", scale=(0, 4))
    bids = make.bid(twin, "A-01"), make.bid(twin, "A-02")
    young = make.member(twin, make.user("yusuf", "Yusuf Young"), trained=True)
    adult = make.member(twin, make.user("ada", "Ada Adult"), kind=MemberKind.ADULT, trained=True)
    for bid in bids:
        for member in (young, adult):
            make.sheet(member, bid, {need: 2})
    login(commissioner)
    for sheet in ("consensus", "individual-scores"):
        assert _csv(client, round_, sheet) == _csv(client, twin, sheet)


def test_a_bid_the_meeting_has_shown_is_in_the_file_and_the_others_are_not(client, login, scored):
    round_, first, _second, commissioner = scored
    _reveal(round_, first)
    login(commissioner)
    scores = str(_csv(client, round_, "individual-scores"))
    assert "MARKER-FIRST" in scores and "MARKER-SECOND" not in scores
    assert "Yasmin Young" not in scores  # shown to the room without names, and so here
    consensus = _csv(client, round_, "consensus")
    assert {row[0] for row in consensus[1:] if row and row[0].startswith("A-")} == {"A-01"}
    assert "Scores for A-02 are not in this file yet" in str(consensus)
    assert client.get(f"/rounds/{round_.id}/export/individual-scores.csv?names=1").status_code == 403


def test_once_the_meeting_is_over_everything_is_in_and_names_may_be_asked_for(client, login, scored):
    round_, _, _, commissioner = scored
    round_.status = RoundStatus.DECIDED
    db.session.commit()
    login(commissioner)
    text = _workbook_text(client, round_)
    assert "MARKER-FIRST" in text and "MARKER-SECOND" in text and "not in this file yet" not in text
    assert "Yasmin Young" not in text
    assert "Yasmin Young" in _workbook_text(client, round_, "?names=1")


def test_the_command_line_follows_the_rule_unless_told_and_the_log_says_so(app, scored, tmp_path):
    round_, _, _, _ = scored
    runner = app.test_cli_runner()
    out = tmp_path / "blind.xlsx"
    assert runner.invoke(args=["export", str(round_.id), "--out", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert "MARKER" not in str([[cell.value for cell in row] for sheet in book for row in sheet.iter_rows()])
    refused = runner.invoke(args=["export", str(round_.id), "--out", str(out), "--names"])
    assert refused.exit_code != 0 and "--before-the-reveal" in refused.output
    told = runner.invoke(args=["export", str(round_.id), "--out", str(out), "--names", "--before-the-reveal"])
    assert told.exit_code == 0, told.output
    text = str([[cell.value for cell in row] for sheet in load_workbook(out) for row in sheet.iter_rows()])
    assert "MARKER-SECOND" in text and "Yasmin Young" in text
    actions = list(db.session.scalars(select(AccessRecord.action).order_by(AccessRecord.id)))
    assert actions == ["decisions_exported_cli", "cli_export_named_before_reveal"]
