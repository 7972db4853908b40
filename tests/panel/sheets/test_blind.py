"""Blind scoring: no page or JSON shows a member's scores to anyone else, chair and commissioner included."""

import pytest

from scoring.people import MemberKind, MemberRole
from tests.panel.sheets.stored import stored_sheet

SECRET = "Zebra-secret comment"


@pytest.fixture
def scored(client, login, make, scene):
    """The member has sent a sheet with a telling comment and a score of 4 on the first criterion."""
    login(scene.member.user)
    ids = [str(c.id) for c in scene.criteria]
    client.post(
        scene.url("/autosave"),
        json={
            "version": 0,
            "scores": {ids[0]: 4, ids[1]: "cant-judge"},
            "comments": {ids[0]: SECRET},
            "strengths": SECRET,
        },
    )
    assert client.post(scene.url("/submit")).status_code == 302
    return {
        "chair": make.member(scene.round, role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True).user,
        "other member": make.member(scene.round, trained=True).user,
        "commissioner": make.commissioner(),
        "outsider": make.user(),
    }


@pytest.mark.parametrize("who", ["chair", "other member", "commissioner", "outsider"])
def test_nobody_else_sees_the_members_scores_on_any_sheets_endpoint(client, login, scene, scored, who):
    login(scored[who])
    before = stored_sheet(scene.member, scene.bid).version
    responses = [
        client.get(f"/rounds/{scene.round.id}/sheets/"),
        client.get(scene.url()),
        client.post(scene.url(), data={"version": "0", "strengths": "x"}),
        client.post(scene.url("/autosave"), json={"version": 0}),
        client.post(scene.url("/submit")),
        client.post(scene.url("/reopen"), data={"membership_id": str(scene.member.id)}),
    ]
    for response in responses:
        assert response.status_code < 500
        assert SECRET not in response.get_data(as_text=True)
    assert stored_sheet(scene.member, scene.bid).version == before


def test_the_commissioner_is_sent_to_the_bid_not_a_sheet(client, login, scene, scored):
    login(scored["commissioner"])
    response = client.get(scene.url())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/bids/{scene.bid.id}")
    assert client.post(scene.url("/autosave"), json={"version": 0}).status_code == 403


def test_another_member_opening_the_url_gets_their_own_empty_sheet(client, login, scene, scored):
    login(scored["other member"])
    page = client.get(scene.url()).get_data(as_text=True)
    assert "Not started" in page and 'data-cp-version="0"' in page and "checked" not in page
    assert client.post(scene.url("/autosave"), json={"version": 1}).status_code == 409
    stale = client.post(scene.url("/autosave"), json={"version": 1}).get_json()
    assert stale["sheet"]["scores"] == {str(c.id): None for c in scene.criteria}


def test_the_chair_cannot_reopen_or_read_a_sheet_before_the_deadline(client, login, scene, scored):
    login(scored["chair"])
    whose = {"membership_id": str(scene.member.id)}
    response = client.post(scene.url("/reopen"), data=whose, follow_redirects=True)
    assert "only the member can reopen" in response.get_data(as_text=True)
    assert stored_sheet(scene.member, scene.bid).status == "submitted"


def test_the_member_sees_their_own_total_on_the_list(client, login, scene, scored):
    login(scene.member.user)
    page = client.get(f"/rounds/{scene.round.id}/sheets/").get_data(as_text=True)
    assert "Submitted" in page and "Your total: 4.0" in page
