"""`copanel demo` makes a realistic round once, and running it again changes nothing."""

import re
from pathlib import Path

from sqlalchemy import func, select

from panel.accounts.models import User
from panel.bids.models import Bid, Document
from panel.demo.operations import load_demo
from panel.extensions import db
from panel.rounds.models import Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.decisions import PanelView, share_of_scale
from scoring.people import MemberKind, MemberRole
from scoring.sheets import weighted_total


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
    assert any(bid.amount_pence > round_.budget_pence for bid in round_.bids), (
        "one bid asks for more than the budget"
    )
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
    from panel.core.notifications.models import Notification
    from panel.decisions.models import Decision, Feedback, FeedbackReceipt
    from panel.feedback.models import BidUpdate, ProcessReply
    from panel.meetings.models import (
        Attendance,
        ConsensusScore,
        FirstView,
        Meeting,
        MeetingItem,
        MeetingRecord,
    )

    models = (
        User,
        Round,
        Criterion,
        Bid,
        Membership,
        Document,
        Sheet,
        SheetScore,
        Meeting,
        MeetingItem,
        MeetingRecord,
        FirstView,
        ConsensusScore,
        Attendance,
        Decision,
        Feedback,
        FeedbackReceipt,
        ProcessReply,
        BidUpdate,
        Notification,
    )
    load_demo()
    before = [_count(model) for model in models]
    lines = load_demo()
    after = [_count(model) for model in models]
    assert before == after
    assert "already there" in lines[0]


def test_demo_shows_training_at_every_stage(app_context):
    from panel.training.operations import training_facts
    from scoring.training import remaining, unlocked

    load_demo()
    members = {m.user.username: m for m in _round().memberships}
    assert all(
        unlocked(training_facts(members[name])) for name in ("chair", "aisha", "dev", "finn", "helen", "joy")
    )
    assert unlocked(training_facts(members["ian"])) and members["ian"].trained_in_person_at is not None
    assert remaining(training_facts(members["ella"])) == ["Score the practice bid"]
    assert training_facts(members["chloe"]).steps_done == 3
    ben = training_facts(members["ben"])
    assert ben.steps_done == 0 and ben.questions_right == 0 and not ben.practice_done


def test_demo_second_round_is_scored_and_ready_for_its_meeting(app_context):
    from statistics import median

    from panel.meetings.models import Meeting
    from panel.training.operations import training_facts
    from scoring.meeting import Status
    from scoring.rounds import RoundStatus
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
                scores.setdefault((sheet.bid_id, row.criterion_id, kinds[sheet.membership_id]), []).append(
                    row.score
                )
    assert (
        len({tuple(sorted((row.criterion_id, row.score) for row in sheet.scores)) for sheet in sheets}) > 20
    )
    split = {
        bid
        for (bid, criterion, kind), young in scores.items()
        if kind is MemberKind.YOUNG
        and abs(median(young) - median(scores[bid, criterion, MemberKind.ADULT])) >= 2
    }
    assert len(split) >= 2, "young people and adults disagree clearly on at least two bids"


THIRD = "Youth groups small grants 2026"


def _panel_views(round_: Round) -> dict[int, PanelView]:
    """What the panel thought of each bid, from the meeting and the sheets, as scoring.decisions asks."""
    from panel.meetings.models import FirstView, Meeting, MeetingItem

    young = {m.id for m in round_.memberships if m.kind is MemberKind.YOUNG}
    weights = {criterion.id: criterion.weight for criterion in round_.criteria}
    low, high = round_.criteria[0].scale_min, round_.criteria[0].scale_max
    assert all((c.scale_min, c.scale_max) == (low, high) for c in round_.criteria), "one scale for the round"
    items = {
        item.bid_id: item
        for item in db.session.scalars(select(MeetingItem).join(Meeting).where(Meeting.round_id == round_.id))
    }
    views: dict[int, list] = {}
    for view, bid_id in db.session.execute(
        select(FirstView, MeetingItem.bid_id)
        .join(MeetingItem)
        .where(MeetingItem.id.in_([item.id for item in items.values()]))
    ):
        if view.membership_id in young:
            views.setdefault(bid_id, []).append(view.view)
    shares: dict[int, list[float]] = {}
    for sheet in db.session.scalars(
        select(Sheet).where(
            Sheet.round_id == round_.id, Sheet.status == SheetStatus.SUBMITTED, Sheet.membership_id.in_(young)
        )
    ):
        total = weighted_total(weights, {row.criterion_id: row.score for row in sheet.scores})
        shares.setdefault(sheet.bid_id, []).append(share_of_scale(total, low, high))
    return {
        bid.id: PanelView(
            recommendation=items[bid.id].recommendation,
            amount_pence=items[bid.id].amount_pence,
            young_views=tuple(views.get(bid.id, ())),
            young_shares=tuple(shares.get(bid.id, ())),
        )
        for bid in round_.bids
    }


def test_demo_third_round_has_been_through_everything(app_context):
    from panel.core.notifications.models import Notification
    from panel.decisions.models import Decision, Feedback, FeedbackReceipt
    from panel.feedback.models import BidUpdate, ProcessReply
    from panel.meetings.models import Attendance, Meeting, MeetingRecord
    from panel.rounds.operations import round_facts
    from panel.training.operations import training_facts
    from scoring.meeting import Status
    from scoring.rounds import RoundStatus, blockers
    from scoring.training import unlocked

    lines = load_demo()
    round_ = _round(THIRD)
    assert round_.status is RoundStatus.PUBLISHED
    assert any(f"/rounds/{round_.id}/feedback" in line for line in lines)
    assert any(f"/rounds/{round_.id}/decisions" in line for line in lines)
    assert len(round_.criteria) == 4 and 4 <= len(round_.bids) <= 5
    assert all(len(c.levels) == c.scale_max - c.scale_min + 1 for c in round_.criteria)
    members = {m.user.username: m for m in round_.memberships}
    assert set(members) == set(_members_of(_round("Youth voice small grants 2027")))
    assert members["chair"].role is MemberRole.CHAIR and members["aisha"].kind is MemberKind.YOUNG
    assert round_.created_by_id == db.session.scalar(select(User.id).where(User.username == "commissioner"))
    assert all(unlocked(training_facts(member)) for member in round_.memberships)
    # Every sheet sent: one per member per bid, except where a member stepped out with a conflict.
    sheets = list(db.session.scalars(select(Sheet).where(Sheet.round_id == round_.id)))
    conflicts = sum(len(member.conflicts) for member in round_.memberships)
    assert len(sheets) == len(members) * len(round_.bids) - conflicts
    assert all(sheet.status is SheetStatus.SUBMITTED for sheet in sheets)
    # The meeting ran and closed, with what the room agreed on every bid.
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))
    assert meeting.status is Status.CLOSED and meeting.started_at < meeting.closed_at
    assert len(meeting.items) == len(round_.bids)
    for item in meeting.items:
        assert item.recommendation is not None and item.reasons and item.views and item.spoken
        assert {score.criterion_id for score in item.consensus} == {c.id for c in round_.criteria}
    record = [
        entry.command
        for entry in db.session.scalars(
            select(MeetingRecord)
            .where(MeetingRecord.meeting_id == meeting.id)
            .order_by(MeetingRecord.sequence)
        )
    ]
    assert record[1] == "start" and record[-1] == "close" and record.count("record") == len(round_.bids)
    came = set(
        db.session.scalars(select(Attendance.membership_id).where(Attendance.meeting_id == meeting.id))
    )
    assert members["aisha"].id in came and members["chair"].id in came and 0 < len(came) < len(members)
    # Decided and published: the status guards are satisfied.
    assert blockers(RoundStatus.DECIDED, RoundStatus.PUBLISHED, round_facts(round_)) == []
    decisions = list(db.session.scalars(select(Decision).where(Decision.round_id == round_.id)))
    assert {decision.bid_id for decision in decisions} == {bid.id for bid in round_.bids}
    assert all(decision.reasons and decision.strengths and decision.concerns for decision in decisions)
    feedback = db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id))
    assert feedback.published_at is not None and feedback.summary and feedback.next_steps
    # Everyone is told; Aisha has not opened her page yet, and has not said how it went.
    told = db.session.scalars(
        select(Notification).where(
            Notification.round_id == round_.id, Notification.link == f"/rounds/{round_.id}/feedback"
        )
    )
    assert {note.user_id for note in told} == {member.user_id for member in round_.memberships}
    opened = set(
        db.session.scalars(select(FeedbackReceipt.membership_id).where(FeedbackReceipt.round_id == round_.id))
    )
    replied = set(
        db.session.scalars(select(ProcessReply.membership_id).where(ProcessReply.round_id == round_.id))
    )
    assert members["aisha"].id not in opened | replied and len(replied) >= 2 and replied <= opened
    update = db.session.scalar(select(BidUpdate).where(BidUpdate.round_id == round_.id))
    assert next(d for d in decisions if d.bid_id == update.bid_id).outcome.funds


def _members_of(round_: Round) -> set[str]:
    return {member.user.username for member in round_.memberships}


def test_demo_third_round_explains_every_decision_that_differs_from_the_panel(app_context):
    from statistics import median

    from panel.decisions.models import Decision
    from scoring.decisions import Difference, differences
    from tests.reading import grade

    load_demo()
    round_ = _round(THIRD)
    panels = _panel_views(round_)
    decisions = list(db.session.scalars(select(Decision).where(Decision.round_id == round_.id)))
    differ = {
        decision.bid_id: differences(decision.outcome, decision.amount_pence, panels[decision.bid_id])
        for decision in decisions
    }
    assert any(Difference.RECOMMENDATION in found for found in differ.values()), "one goes against the panel"
    for decision in decisions:
        if differ[decision.bid_id]:
            assert decision.explanation.strip(), f"bid {decision.bid.reference} differs and must say why"
            assert grade(decision.explanation) <= 6, decision.explanation
    # Young and adult members did not always agree.
    kinds = {m.id: m.kind for m in round_.memberships}
    scores: dict[tuple, list[int]] = {}
    for sheet in db.session.scalars(select(Sheet).where(Sheet.round_id == round_.id)):
        for row in sheet.scores:
            if row.score is not None:
                key = (sheet.bid_id, row.criterion_id, kinds[sheet.membership_id])
                scores.setdefault(key, []).append(row.score)
    split = {
        bid
        for (bid, criterion, kind), young in scores.items()
        if kind is MemberKind.YOUNG
        and abs(median(young) - median(scores[bid, criterion, MemberKind.ADULT])) >= 2
    }
    assert len(split) >= 2


def test_demo_third_round_numbers_add_up_and_read_plainly(app_context):
    from panel.decisions.models import Decision, Feedback
    from panel.meetings.models import Meeting, MeetingItem
    from scoring.money import format_pounds
    from tests.reading import grade

    load_demo()
    round_ = _round(THIRD)
    funded = sum(
        decision.amount_pence
        for decision in db.session.scalars(select(Decision).where(Decision.round_id == round_.id))
        if decision.outcome.funds
    )
    assert 0 < funded <= round_.budget_pence
    recommended = sum(
        item.amount_pence
        for item in db.session.scalars(select(MeetingItem).join(Meeting).where(Meeting.round_id == round_.id))
        if item.recommendation.funds
    )
    assert recommended <= round_.budget_pence, "the panel kept within the budget"
    feedback = db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id))
    assert f"{format_pounds(funded)} of the {format_pounds(round_.budget_pence)}" in feedback.summary
    assert grade(feedback.summary) <= 6 and grade(feedback.next_steps) <= 6


def test_every_demo_round_names_the_demo_safeguarding_lead(app, app_context):
    lines = load_demo()
    lead = db.session.scalar(select(User).where(User.username == "safeguarding"))
    assert lead.is_safeguarding_lead and not lead.is_commissioner and lead.memberships == []
    assert {round_.safeguarding_lead_id for round_ in db.session.scalars(select(Round))} == {lead.id}
    assert any("safeguarding" in line and "Priya Shah" in line for line in lines)


def test_the_demo_prints_addresses_on_the_port_the_app_will_use(app, app_context):
    """`copanel run` listens where --port or FLASK_RUN_PORT says: the demo's addresses follow the same."""
    runner = app.test_cli_runner()
    told = runner.invoke(args=["demo", "--port", "8123"])
    assert told.exit_code == 0, told.output
    assert "http://127.0.0.1:8123/join and type the code" in told.output
    assert (
        "Open http://127.0.0.1:8123 and sign in (if the app is not running: copanel run --port 8123)."
        in told.output
    )
    assert ":5000" not in told.output

    from_environment = runner.invoke(
        args=["demo"], env={"FLASK_RUN_PORT": "8124", "FLASK_RUN_HOST": "0.0.0.0"}
    )
    assert from_environment.exit_code == 0, from_environment.output
    published = _round("Youth groups small grants 2026")
    assert f"http://127.0.0.1:8124/rounds/{published.id}/decisions" in " ".join(
        from_environment.output.split()
    )
    assert "(if the app is not running: copanel run --host 0.0.0.0 --port 8124)" in from_environment.output
    assert ":5000" not in from_environment.output


def test_the_demo_refuses_a_port_that_is_not_a_number(app, app_context):
    for port in ("٨٠٨٠", "70000", "80.5"):
        result = app.test_cli_runner().invoke(args=["demo", "--port", port])
        assert result.exit_code != 0 and "is not a port number from 1 to 65535" in result.output
    assert _count(Round) == 0
