"""`copanel demo` makes a realistic round once, and running it again changes nothing."""

import re
from pathlib import Path

from sqlalchemy import func, select

from panel.accounts.models import User
from panel.bids.models import Bid, Document
from panel.demo import load_demo
from panel.extensions import db
from panel.rounds.models import Criterion, Membership, Round
from scoring.people import MemberKind, MemberRole


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_builds_the_wellbeing_round_with_its_panel(app, app_context):
    lines = load_demo()
    round_ = db.session.scalar(select(Round))
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
    before = [_count(model) for model in (User, Round, Criterion, Bid, Membership, Document)]
    lines = load_demo()
    after = [_count(model) for model in (User, Round, Criterion, Bid, Membership, Document)]
    assert before == after
    assert "already there" in lines[0]


def test_demo_shows_training_at_every_stage(app_context):
    from panel.training.operations import training_facts
    from scoring.training import remaining, unlocked

    load_demo()
    members = {m.user.username: m for m in db.session.scalar(select(Round)).memberships}
    assert all(unlocked(training_facts(members[name])) for name in ("chair", "aisha", "dev", "finn", "helen", "joy"))
    assert unlocked(training_facts(members["ian"])) and members["ian"].trained_in_person_at is not None
    assert remaining(training_facts(members["ella"])) == ["Score the practice bid"]
    assert training_facts(members["chloe"]).steps_done == 3
    ben = training_facts(members["ben"])
    assert ben.steps_done == 0 and ben.questions_right == 0 and not ben.practice_done
