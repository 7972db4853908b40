"""Autosave: partial JSON saves with a version, and a clear refusal for everything that can't be saved."""

from datetime import date, timedelta

from panel.extensions import db
from scoring.rounds import RoundStatus
from tests import factories
from tests.panel.sheets.stored import snapshot, stored_sheet


def test_a_first_autosave_starts_the_sheet_and_answers_with_total_and_what_is_missing(client, login, scene):
    login(scene.member.user)
    first, second = scene.criteria
    response = client.post(
        scene.url("/autosave"),
        json={"version": 0, "scores": {str(first.id): 3}, "comments": {str(first.id): "Clear plan"}},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == 1 and body["total"] == 3.0 and body["missing"] == [second.id]
    assert body["saved_at"]
    sheet = stored_sheet(scene.member, scene.bid)
    assert [(row.score, row.comment) for row in sheet.scores] == [(3, "Clear plan")]


def test_each_save_moves_the_version_on_and_keeps_what_it_did_not_mention(client, login, scene):
    login(scene.member.user)
    first, second = scene.criteria
    client.post(scene.url("/autosave"), json={"version": 0, "strengths": "Good reach"})
    scores = {str(first.id): 4, str(second.id): "cant-judge"}
    body = client.post(scene.url("/autosave"), json={"version": 1, "scores": scores}).get_json()
    assert body == {**body, "version": 2, "total": 4.0, "missing": []}
    sheet = stored_sheet(scene.member, scene.bid)
    assert sheet.strengths == "Good reach"
    assert {(row.criterion_id, row.score, row.abstained) for row in sheet.scores} == {
        (first.id, 4, False),
        (second.id, None, True),
    }


def test_a_stale_save_is_refused_with_the_newer_sheet(client, login, scene):
    login(scene.member.user)
    client.post(scene.url("/autosave"), json={"version": 0, "concerns": "Newer text from my phone"})
    before = snapshot(scene.member, scene.bid)
    response = client.post(scene.url("/autosave"), json={"version": 0, "concerns": "Older tab"})
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "stale" and body["version"] == 1 and "another tab" in body["message"]
    assert body["sheet"]["concerns"] == "Newer text from my phone"
    assert snapshot(scene.member, scene.bid) == before


def test_out_of_range_scores_and_foreign_criteria_are_refused_and_change_nothing(client, login, make, scene):
    login(scene.member.user)
    client.post(scene.url("/autosave"), json={"version": 0, "strengths": "Kept"})
    before = snapshot(scene.member, scene.bid)
    foreign = make.criterion(make.round("Another round"))
    first = scene.criteria[0]
    for payload, field in [
        ({"version": 1, "scores": {str(first.id): 9}}, f"criterion-{first.id}-score"),
        ({"version": 1, "scores": {str(first.id): True}}, f"criterion-{first.id}-score"),
        ({"version": 1, "scores": {str(foreign.id): 2}}, f"criterion-{foreign.id}-score"),
        ({"version": 1, "comments": {str(first.id): 5}}, f"criterion-{first.id}-comment"),
        ({"version": 1, "strengths": "x" * 5001}, "strengths"),
        ({"version": 1, "strengths": "nul\x00"}, "strengths"),
        ({"version": "1", "strengths": "text"}, "version"),
        ({"strengths": "text"}, "version"),
        ([1, 2], "body"),
    ]:
        response = client.post(scene.url("/autosave"), json=payload)
        assert response.status_code == 422, payload
        assert field in response.get_json()["errors"], payload
    not_json = client.post(scene.url("/autosave"), data="not json", content_type="application/json")
    assert not_json.status_code == 422
    assert snapshot(scene.member, scene.bid) == before


def test_a_sent_sheet_and_a_sheet_past_its_deadline_are_locked(client, login, scene):
    login(scene.member.user)
    ids = [str(c.id) for c in scene.criteria]
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {ids[0]: 1, ids[1]: 2}})
    client.post(scene.url("/submit"))
    response = client.post(scene.url("/autosave"), json={"version": 2, "strengths": "late"})
    assert response.status_code == 423 and "sent" in response.get_json()["message"]
    scene.round.scoring_deadline = date.today() - timedelta(days=2)
    db.session.commit()
    late = {"version": 0, "strengths": "late"}
    response = client.post(scene.url("/autosave", bid=scene.other_bid), json=late)
    assert response.status_code == 423 and "deadline" in response.get_json()["message"]
    assert stored_sheet(scene.member, scene.other_bid) is None


def test_an_extension_lets_the_member_save_after_the_deadline(client, login, scene):
    scene.round.scoring_deadline = date.today() - timedelta(days=2)
    scene.member.scoring_extended_to = date.today() + timedelta(days=1)
    db.session.commit()
    login(scene.member.user)
    assert client.post(scene.url("/autosave"), json={"version": 0, "strengths": "ok"}).status_code == 200


def test_scores_freeze_once_the_meeting_starts(client, login, scene):
    scene.round.status = RoundStatus.MEETING
    db.session.commit()
    login(scene.member.user)
    assert client.post(scene.url("/autosave"), json={"version": 0, "strengths": "x"}).status_code == 423


def test_conflicted_untrained_and_unassigned_members_get_json_refusals(client, login, make, scene):
    from panel.sheets.models import Assignment

    conflicted = make.member(scene.round, trained=True)
    make.conflict(conflicted, scene.bid)
    untrained = make.member(scene.round)
    elsewhere = make.member(scene.round, trained=True)
    db.session.add(Assignment(round_id=scene.round.id, bid_id=scene.other_bid.id, membership_id=elsewhere.id))
    db.session.commit()
    for membership in (conflicted, untrained, elsewhere):
        login(membership.user)
        response = client.post(scene.url("/autosave"), json={"version": 0, "strengths": "x"})
        assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
        assert stored_sheet(membership, scene.bid) is None
    login(elsewhere.user)
    assert client.post(scene.url("/autosave", bid=scene.other_bid), json={"version": 0}).status_code == 200


def test_a_bid_of_another_round_is_not_found(client, login, make, scene):
    login(scene.member.user)
    foreign = make.bid(make.round("Another round"), "X1")
    response = client.post(scene.url("/autosave", bid=foreign), json={"version": 0})
    assert response.status_code == 404 and response.get_json()["error"] == "not-found"


def test_autosave_needs_the_csrf_header(app, make, scene):
    from panel import create_app

    secured = create_app({**app.config, "WTF_CSRF_ENABLED": True}, instance_path=app.instance_path)
    with secured.test_client() as browser:
        with browser.session_transaction() as session:
            session.update(factories.signed_in(scene.member.user))
        assert browser.post(scene.url("/autosave"), json={"version": 0, "strengths": "x"}).status_code == 400
        page = browser.get(scene.url()).get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = browser.post(
            scene.url("/autosave"), json={"version": 0, "strengths": "x"}, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200
