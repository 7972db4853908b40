"""`copanel demo` makes a realistic round once, and running it again changes nothing."""

import re
from pathlib import Path

from sqlalchemy import func, select

from panel.accounts.models import User
from panel.bids.models import Bid, Document
from panel.demo import load_demo
from panel.extensions import db
from panel.rounds.models import Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.people import MemberKind, MemberRole


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _round(title: str = "Young people's emotional wellbeing services 2027") -> Round:
    return db.session.scalar(select(Round).where(Round.title == title))


def test_demo_builds_the_wellbeing_round_with_its_panel(app, app_context):
    lines = load_demo()
    round_ = _round()
    assert round_.title == "Young people's emotional wellbeing services 2027"
    assert round_.budget_pence == 140_000_000
    assert len(round_.criteria) == 6
    assert all(len(c.levels) == c.scale_max - c.scale_min + 1 for c in round_.criteria)
    assert len(round_.bids) == 8
    assert any(bid.amount_pence > round_.budget_pence for bid in round_.bids), "one bid asks for more than the budget"
    assert len({bid.amount_pence for bid in round_.bids}) == 8
    members = round_.memberships
    young = [m for m in members if m.kind is MemberKind.YOUNG]
    assert len(young) == 7 and {m.age_band.value for m in young} == {"10-13", "14-16", "17-19", "20-25"}
    assert len([m for m in members if m.kind is MemberKind.ADULT and m.role is MemberRole.PANELLIST]) == 3
    assert [m.role for m in members].count(MemberRole.CHAIR) == 1
    document = db.session.scalar(select(Document))
    stored = Path(app.config["DOCUMENTS_DIR"]) / document.stored_name
    assert stored.read_bytes().startswith(b"%PDF") and stored.stat().st_size == document.size_bytes
    assert any("commissioner" in line for line in lines)
    assert any("panel-demo-2027" in line for line in lines)


def test_demo_logins_work(client):
    load_demo()
    response = client.post("/login", data={"username": "commissioner", "password": "panel-demo-2027"})
    assert response.status_code == 302


def test_demo_prints_a_code_a_newcomer_can_join_with(client):
    lines = load_demo()
    code = re.search(r"type the code ([A-Z0-9]{4}-[A-Z0-9]{4})", " ".join(lines)).group(1)
    response = client.post("/join", data={"code": code})
    assert response.status_code == 302
    assert "Hello Kai" in client.get(response.headers["Location"]).get_data(as_text=True).replace(",", "")


def test_demo_is_idempotent(app_context):
    load_demo()
    before = [_count(model) for model in (User, Round, Criterion, Bid, Membership, Document, Sheet, SheetScore)]
    lines = load_demo()
    after = [_count(model) for model in (User, Round, Criterion, Bid, Membership, Document, Sheet, SheetScore)]
    assert before == after
    assert "already there" in lines[0]


def test_demo_shows_training_at_every_stage(app_context):
    from panel.training.operations import training_facts
    from scoring.training import remaining, unlocked

    load_demo()
    members = {m.user.username: m for m in _round().memberships}
    assert all(unlocked(training_facts(members[name])) for name in ("chair", "aisha", "dev", "finn", "helen", "joy"))
    assert unlocked(training_facts(members["ian"])) and members["ian"].trained_in_person_at is not None
    assert remaining(training_facts(members["ella"])) == ["Score the practice bid"]
    assert training_facts(members["chloe"]).steps_done == 3
    ben = training_facts(members["ben"])
    assert ben.steps_done == 0 and ben.questions_right == 0 and not ben.practice_done


def test_demo_second_round_is_scored_and_ready_for_its_meeting(app_context):
    from statistics import median

    from panel.training.operations import training_facts
    from scoring.rounds import RoundStatus
    from panel.meetings.models import Meeting
    from scoring.meeting import Status
    from scoring.training import unlocked

    lines = load_demo()
    round_ = _round("Youth voice small grants 2027")
    assert any(round_.title in line for line in lines)
    assert round_.budget_pence == 25_000_000 and round_.status is RoundStatus.MEETING
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))
    assert meeting.status is Status.WAITING and len(meeting.items) == 5
    assert len(round_.criteria) == 4 and len(round_.bids) == 5
    assert all(len(c.levels) == c.scale_max - c.scale_min + 1 for c in round_.criteria)
    assert all(unlocked(training_facts(member)) for member in round_.memberships)
    sheets = list(db.session.scalars(select(Sheet).where(Sheet.round_id == round_.id)))
    open_sheets = [sheet for sheet in sheets if sheet.status is SheetStatus.IN_PROGRESS]
    assert len(open_sheets) == 1
    criteria = {c.id for c in round_.criteria}
    kinds = {m.id: m.kind for m in round_.memberships}
    scores: dict[tuple, list[int]] = {}
    for sheet in sheets:
        if sheet.status is SheetStatus.SUBMITTED:
            answered = {row.criterion_id for row in sheet.scores if row.abstained or row.score is not None}
            assert answered == criteria and sheet.strengths and sheet.concerns and sheet.questions
        for row in sheet.scores:
            if row.score is not None:
                scores.setdefault((sheet.bid_id, row.criterion_id, kinds[sheet.membership_id]), []).append(row.score)
    assert len({tuple(sorted((row.criterion_id, row.score) for row in sheet.scores)) for sheet in sheets}) > 20
    split = {bid for (bid, criterion, kind), young in scores.items() if kind is MemberKind.YOUNG
             and abs(median(young) - median(scores[bid, criterion, MemberKind.ADULT])) >= 2}
    assert len(split) >= 2, "young people and adults disagree clearly on at least two bids"
