"""The meeting's pages: who may open them, and the plain form posts that run a meeting without websockets."""

import pytest
from sqlalchemy import select

from panel.extensions import db, socketio
from panel.meetings.models import Meeting, MeetingRecord
from panel.meetings.protocol import NAMESPACE
from panel.meetings.store import load
from scoring.meeting import Phase
from scoring.rounds import RoundStatus
from tests import factories
from tests.panel.meetings.test_templates import parse
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
    scores = {f"consensus-{needs.id}": "3", f"consensus-{plan.id}": "2"}
    decision = _decision(panel, **scores, recommendation="fund", amount="20000", reasons="Strong plan")
    response = client.post(url, data=decision, follow_redirects=True)
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


def _decision(panel, **fields) -> dict:
    """The chair's record form for the first bid at its agree step, its first decision, with these fields."""
    return {"name": "record", "expect_bid": panel.bids[0].id, "expect_phase": "agree", "revision": "0"} | {
        "conditions": "",
        **fields,
    }


def _agreeing(client, login, panel) -> str:
    """The chair takes the first bid to the agree step with plain form posts; the command address."""
    login(panel.chair.user)
    url = f"/rounds/{panel.round.id}/meeting/command"
    first = panel.bids[0].id
    client.post(url, data={"name": "start", "expect_bid": "", "expect_phase": "waiting"})
    for name, phase in (("reveal_scores", "bid"), ("discuss", "scores"), ("agree", "discuss")):
        client.post(url, data={"name": name, "expect_bid": first, "expect_phase": phase})
    return url


def test_a_decision_missing_a_score_names_its_question_and_keeps_what_was_typed(client, login, panel):
    """Without JavaScript: the page comes back at once (no redirect), with a GOV.UK error summary whose link
    names the question left out and its scale and goes to its first choice, and everything the chair sent."""
    url = _agreeing(client, login, panel)
    needs, plan = panel.criteria
    first = panel.bids[0].id
    typed = {
        f"consensus-{needs.id}": "3",
        "recommendation": "fund_with_conditions",
        "amount": "15000",
        "conditions": "Young people help run it",
        "reasons": "A strong plan & a fair price",
    }
    response = client.post(url, data=_decision(panel, **typed))
    assert response.status_code == 400
    dom = parse(response.get_data(as_text=True))
    assert dom.find("title").text().startswith("Error: ")
    summary = dom.find("div", id="cp-live-error")
    link = summary.find("a", href=f"#cp-record-{first}-{plan.id}-0")
    assert link.text() == "Agree a score from 0 to 4 for A clear plan"
    assert dom.find(id=f"cp-record-{first}-{plan.id}-0") is not None  # the link goes somewhere
    assert (
        "Agree a score from 0 to 4 for A clear plan"
        in dom.find(id=f"cp-record-{first}-{plan.id}-error").text()
    )
    form = dom.find("form", id=f"cp-record-{first}")
    assert form.find("input", id=f"cp-record-{first}-{needs.id}-3").has("checked")
    assert form.find("input", id=f"cp-record-{first}-recommendation-fund_with_conditions").has("checked")
    assert form.find("input", name="amount").get("value") == "15000"
    assert form.find("textarea", name="conditions").text() == "Young people help run it"
    assert form.find("textarea", name="reasons").text() == "A strong plan & a fair price"
    assert _phase(panel) is Phase.AGREE
    assert db.session.scalar(select(MeetingRecord.command).order_by(MeetingRecord.id.desc())) == "agree"


def test_a_refused_decision_over_the_socket_answers_with_the_named_question_and_the_form_as_sent(app, panel):
    http = app.test_client()
    with http.session_transaction() as session:
        session.update(factories.signed_in(panel.chair.user))
    chair = socketio.test_client(
        app, namespace=NAMESPACE, auth={"round": panel.round.id}, flask_test_client=http
    )
    first = panel.bids[0].id
    phase = "waiting"
    for name, after in (
        ("start", "bid"),
        ("reveal_scores", "scores"),
        ("discuss", "discuss"),
        ("agree", "agree"),
    ):
        expect = {"bid": "" if name == "start" else first, "phase": phase}
        assert chair.emit("command", {"name": name, "expect": expect}, namespace=NAMESPACE, callback=True)[
            "ok"
        ]
        phase = after
    needs, plan = panel.criteria
    sent = {
        "revision": 0,
        "consensus": {str(plan.id): 2},
        "recommendation": "fund",
        "amount": "",
        "reasons": "Why not",
    }
    answer = chair.emit(
        "command",
        {"name": "record", "args": sent, "expect": {"bid": first, "phase": "agree"}},
        namespace=NAMESPACE,
        callback=True,
    )
    chair.disconnect(namespace=NAMESPACE)
    assert not answer["ok"]
    assert (
        answer["problems"][f"consensus-{needs.id}"]
        == "Agree a score from 0 to 4 for Meets young people's needs"
    )
    form = parse(answer["html"]).find("form", id=f"cp-record-{first}")
    assert form.find("input", id=f"cp-record-{first}-{plan.id}-2").has("checked")
    assert form.find("textarea", name="reasons").text() == "Why not"
    summary = parse(answer["html"]).find("div", id="cp-live-error")
    assert "Agree a score from 0 to 4 for Meets young people's needs" in summary.text()


def test_notes_too_long_come_back_with_what_was_typed(client, login, panel):
    url = _agreeing(client, login, panel)
    first = panel.bids[0].id
    notes = "The panel liked it. " * 600  # 12,000 characters
    response = client.post(url, data={"name": "save_notes", "notes": notes})
    assert response.status_code == 400
    dom = parse(response.get_data(as_text=True))
    assert dom.find("div", id="cp-live-error").find("a", href=f"#cp-notes-{first}-notes").text() == "Too long"
    assert dom.find("textarea", id=f"cp-notes-{first}-notes").text() == notes.strip()
