"""The meeting's pages: who may open them, and the plain form posts that run a meeting without websockets."""

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.meetings.models import Meeting, MeetingRecord
from panel.meetings.store import load
from scoring.meeting import Phase
from scoring.rounds import RoundStatus
from tests.panel.test_access import MEETING_CHAIRS, MEETING_MEMBERS

PAGES = {
    "meetings.member": "/rounds/{id}/meeting",
    "meetings.snapshot": "/rounds/{id}/meeting/snapshot",
    "meetings.chair": "/rounds/{id}/meeting/chair",
    "meetings.screen": "/rounds/{id}/meeting/screen",
    "meetings.record": "/rounds/{id}/meeting/record",
}


def test_every_meeting_page_is_covered_here():
    assert set(PAGES) | {"meetings.command"} == MEETING_MEMBERS | MEETING_CHAIRS


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_people_off_the_panel_are_refused_every_meeting_page(client, login, panel, who):
    login(getattr(panel, who))
    for endpoint, path in PAGES.items():
        assert client.get(path.format(id=panel.round.id)).status_code == 403, endpoint
    assert client.post(f"/rounds/{panel.round.id}/meeting/command", data={"name": "start"}).status_code == 403


def test_members_open_their_view_but_not_the_chairs_pages(client, login, panel):
    login(panel.aisha.user)
    for endpoint, path in PAGES.items():
        status = client.get(path.format(id=panel.round.id)).status_code
        assert status == (200 if endpoint in MEETING_MEMBERS else 403), endpoint


@pytest.mark.parametrize("who", ["chair", "commissioner"])
def test_the_chair_and_commissioners_open_everything(client, login, panel, who):
    person = panel.chair.user if who == "chair" else panel.commissioner
    login(person)
    for endpoint, path in PAGES.items():
        response = client.get(path.format(id=panel.round.id))
        if endpoint == "meetings.member":
            assert response.status_code == 302 and response.headers["Location"].endswith("/meeting/chair")
        else:
            assert response.status_code == 200, endpoint


def test_there_is_no_meeting_to_join_before_the_round_reaches_it(client, login, make):
    round_ = make.round(status=RoundStatus.SCORING)
    member = make.member(round_, trained=True)
    login(member.user)
    response = client.get(f"/rounds/{round_.id}/meeting")
    assert response.status_code == 403
    assert "The meeting opens when scoring is finished." in response.get_data(as_text=True)


def _phase(panel) -> Phase:
    db.session.expire_all()
    return load(db.session.get(Meeting, panel.meeting.id)).state.phase


def test_the_chair_runs_the_meeting_with_plain_form_posts(client, login, panel):
    login(panel.chair.user)
    url = f"/rounds/{panel.round.id}/meeting/command"
    response = client.post(url, data={"name": "start", "expect_bid": "", "expect_phase": "waiting"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/meeting/chair")
    first = panel.bids[0].id
    client.post(url, data={"name": "reveal_scores", "expect_bid": first, "expect_phase": "bid"})
    client.post(url, data={"name": "discuss", "expect_bid": first, "expect_phase": "scores"})
    client.post(url, data={"name": "agree", "expect_bid": first, "expect_phase": "discuss"})
    needs, plan = panel.criteria
    response = client.post(
        url,
        data={
            "name": "record",
            "expect_bid": first,
            "expect_phase": "agree",
            "revision": "0",
            f"consensus-{needs.id}": "3",
            f"consensus-{plan.id}": "2",
            "recommendation": "fund",
            "amount": "20000",
            "reasons": "Strong plan",
            "conditions": "",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert _phase(panel) is Phase.AGREE
    commands = db.session.scalars(select(MeetingRecord.command).order_by(MeetingRecord.id)).all()
    assert commands == ["start", "reveal_scores", "discuss", "agree", "record"]
    page = client.get(f"/rounds/{panel.round.id}/meeting/record").get_data(as_text=True)
    assert "Recorded the agreement" in page and "Strong plan" in page


def test_a_refused_form_post_says_why_on_the_page(client, login, panel):
    login(panel.aisha.user)
    response = client.post(
        f"/rounds/{panel.round.id}/meeting/command", data={"name": "start"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Only the chair can do that." in response.get_data(as_text=True)
    assert _phase(panel) is Phase.WAITING


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"name": "nonsense"},
        {"name": "record", "consensus-x": "y", "amount": "lots"},
        {"name": "go_to", "bid": "99999999999999999999"},
        {"name": "pause", "minutes": "-5"},
    ],
)
def test_odd_form_posts_are_refused_without_an_error_page(client, login, panel, form):
    login(panel.chair.user)
    response = client.post(f"/rounds/{panel.round.id}/meeting/command", data=form, follow_redirects=True)
    assert response.status_code == 200
