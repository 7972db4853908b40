"""The access log: who viewed or exported other people's personal data, and when; read by commissioners."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.core.audit import AccessRecord, access_log, record_access
from panel.core.models import utcnow
from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.panel.training.journey_helpers import text


def _log() -> list[tuple[str, int | None, str]]:
    db.session.expire_all()
    rows = db.session.scalars(select(AccessRecord).order_by(AccessRecord.id)).all()
    return [(row.action, row.round_id, row.subject) for row in rows]


def test_a_record_says_who_what_which_round_and_when(make):
    boss, round_ = make.commissioner(), make.round()
    before = utcnow()
    record = record_access(boss, "panel_viewed", round_=round_, subject="membership list")
    db.session.commit()
    assert (record.actor_id, record.round_id, record.action, record.subject) == (
        boss.id,
        round_.id,
        "panel_viewed",
        "membership list",
    )
    assert before <= record.at <= utcnow()
    assert record.description == "Looked at the panel's membership list"


@pytest.mark.parametrize("action", ["", "x" * 41])
def test_an_action_must_be_named_briefly(make, action):
    with pytest.raises(ValueError):
        record_access(make.commissioner(), action)


def test_an_unknown_action_reads_as_words_and_a_long_subject_is_cut(make):
    record = record_access(make.commissioner(), "my_data_downloaded", subject="y" * 500)
    assert record.description == "My data downloaded"
    assert len(record.subject) == 200


def test_the_log_is_newest_first_per_round_and_paginated(make):
    boss, first, second = make.commissioner(), make.round("First"), make.round("Second")
    now = utcnow()
    for minutes in range(5):
        record = record_access(boss, "panel_viewed", round_=first, subject=f"look {minutes}")
        record.at = now + timedelta(minutes=minutes)
    record_access(boss, "conflicts_viewed", round_=second)
    db.session.commit()
    rows, total = access_log(round_=first, page=1, per_page=2)
    assert total == 5 and [row.subject for row in rows] == ["look 4", "look 3"]
    rows, _ = access_log(round_=first, page=3, per_page=2)
    assert [row.subject for row in rows] == ["look 0"]
    assert access_log()[1] == 6


@pytest.fixture
def world(make):
    # Decided: its meeting is over, so a commissioner may download its scores with names (and be logged).
    round_ = make.round("Youth fund", criteria=1, status=RoundStatus.DECIDED)
    young = make.member(round_, make.user("aisha", "Aisha Khan"))
    chair = make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT)
    return {"round": round_, "young": young.user, "chair": chair.user, "commissioner": make.commissioner()}


@pytest.mark.parametrize(
    "path, action",
    [
        ("/rounds/{id}/panel", "panel_viewed"),
        ("/rounds/{id}/conflicts/register", "conflicts_viewed"),
        ("/rounds/{id}/training/progress", "training_progress_viewed"),
        ("/rounds/{id}/sheets/progress", "scoring_progress_viewed"),
        ("/rounds/{id}/export/decisions.xlsx", "decisions_exported"),
        ("/rounds/{id}/export/decisions.xlsx?names=1", "decisions_exported_with_names"),
        ("/rounds/{id}/export/monitoring", "monitoring_viewed"),
    ],
)
def test_pages_and_downloads_showing_others_personal_data_are_logged(client, login, world, path, action):
    login(world["commissioner"])
    assert client.get(path.format(id=world["round"].id)).status_code == 200
    assert _log() == [(action, world["round"].id, "")]


def test_each_csv_download_is_logged_with_its_sheet(client, login, world):
    login(world["commissioner"])
    assert client.get(f"/rounds/{world['round'].id}/export/individual-scores.csv?names=1").status_code == 200
    assert _log() == [("sheet_exported_with_names", world["round"].id, "individual-scores")]


def test_a_refused_look_is_not_logged_as_a_look(client, login, world):
    login(world["young"])
    assert client.get(f"/rounds/{world['round'].id}/panel").status_code == 403
    assert _log() == []


def test_a_commissioner_reads_the_rounds_log_and_the_whole_log(client, login, world, make):
    other = make.round("Another round")
    record_access(world["commissioner"], "decisions_exported_with_names", round_=world["round"])
    record_access(world["commissioner"], "conflicts_viewed", round_=other)
    db.session.commit()
    login(world["commissioner"])
    page = text(client.get(f"/rounds/{world['round'].id}/audit"))
    assert "Downloaded the decisions workbook with members' names" in page
    assert "Looked at the conflicts register" not in page
    assert "Casey Commissioner" in page
    everything = text(client.get("/audit"))
    assert "Looked at the conflicts register" in everything and "Another round" in everything
    assert "2 entries" in everything


def test_the_log_pages_through_fifty_at_a_time(client, login, world):
    for _ in range(51):
        record_access(world["commissioner"], "panel_viewed", round_=world["round"])
    db.session.commit()
    login(world["commissioner"])
    first = client.get("/audit").get_data(as_text=True)
    assert "page 1 of 2" in first and "/audit?page=2" in first
    second = client.get("/audit?page=2").get_data(as_text=True)
    assert second.count("Looked at the panel&#39;s membership list") == 1
    assert client.get("/audit?page=nonsense").status_code == 200
    for odd in ("²", "٢", "99999999999999999999", "0"):  # only plain digits name a page; else the first
        response = client.get("/audit", query_string={"page": odd})
        assert response.status_code == 200 and "page 1 of 2" in response.get_data(as_text=True), odd


@pytest.mark.parametrize("who", ["young", "chair"])
def test_panel_members_and_the_chair_cannot_read_the_log(client, login, world, who):
    login(world[who])
    assert client.get("/audit").status_code == 403
    assert client.get(f"/rounds/{world['round'].id}/audit").status_code == 403


def test_the_round_page_links_to_its_log(client, login, world):
    login(world["commissioner"])
    page = client.get(f"/rounds/{world['round'].id}").get_data(as_text=True)
    assert f"/rounds/{world['round'].id}/audit" in page


def test_a_command_line_export_is_logged_without_a_person(app, world, tmp_path):
    out = str(tmp_path / "d.xlsx")
    result = app.test_cli_runner().invoke(args=["export", str(world["round"].id), "--out", out, "--names"])
    assert result.exit_code == 0, result.output
    assert _log() == [("decisions_exported_cli_with_names", world["round"].id, "")]
    record = db.session.scalars(select(AccessRecord)).one()
    assert record.who == "Someone on the server's command line"
