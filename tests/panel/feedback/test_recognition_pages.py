"""A member's record of contribution and their certificate: what it counts, who may have it, and that the
certificate is a real PDF with their name on it."""

import re

import pytest

from panel.extensions import db
from panel.meetings.store import open_meeting
from panel.training.models import StepCompletion
from scoring.recognition import MINUTES_PER_SHEET
from scoring.rounds import RoundStatus
from tests.panel.feedback.feedback_world import minutes_ago


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def met(make, world):
    """The meeting ran for two hours; Aisha was there from 10 minutes before it started until it closed, and
    took the notes; she read one 5-minute training step."""
    meeting = open_meeting(world.round)
    meeting.started_at, meeting.closed_at = minutes_ago(180), minutes_ago(60)
    meeting.scribe_id = world.aisha.id
    step = make.training_step(world.round)
    step.minutes = 5
    db.session.add(StepCompletion(membership_id=world.aisha.id, step_id=step.id))
    db.session.commit()
    make.attendance(world.aisha, minutes_ago(190), minutes_ago(50))
    make.published(world.round)
    return world


def test_the_record_shows_what_they_did_their_roles_and_time(client, login, met):
    login(met.aisha.user)
    response = client.get(f"/rounds/{met.round.id}/feedback/contribution")
    assert response.status_code == 200
    text = _text(response)
    assert "Thank you, Aisha." in text
    for line in (
        "Completed the panel&#39;s training in person",
        "Read and scored 2 bids on a scoring sheet",
        "Took part in the panel meeting",
        "Took the notes in the panel meeting",
    ):
        assert line in text, line
    assert "Panel member and Note-taker" in text
    # Training: 5 minutes of steps + 90 in person; scoring 2 sheets; the meeting clipped to its 2 hours.
    assert "1 and a half hours" in text  # training, 95 minutes
    assert f"{2 * MINUTES_PER_SHEET // 60} hour" in text
    assert "2 hours" in text
    assert "About 4 and a half hours" in text  # 95 + 60 + 120 = 275 minutes
    assert "our best guess" in text and "minutes for each bid you scored" in text
    assert f'href="/rounds/{met.round.id}/feedback/certificate.pdf"' in text
    assert "data-cp-print" in text and "cp-no-print" in text


def test_the_chair_is_recognised_as_chair(client, login, met):
    login(met.chair.user)
    text = _text(client.get(f"/rounds/{met.round.id}/feedback/contribution"))
    assert "Chaired the panel" in text and "Took part in the panel meeting" not in text


def _pdf(client, round_id: int):
    return client.get(f"/rounds/{round_id}/feedback/certificate.pdf")


def test_the_certificate_is_a_pdf_with_their_name_and_what_they_did(client, login, met, app):
    app.config["ORGANISATION"] = "Easthaven Council"
    try:
        login(met.aisha.user)
        response = _pdf(client, met.round.id)
    finally:
        app.config["ORGANISATION"] = ""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", body)) == 1
    for words in (
        b"(Aisha)",
        b"Youth fund",
        b"run by Easthaven Council",
        b"Certificate of contribution",
        b"Took the notes in the panel meeting",
        b"about 4 and a half hours",
    ):
        assert words in body, words
    assert b"Ben" not in body


def test_each_member_gets_only_their_own_certificate(client, login, met):
    login(met.ben.user)
    body = _pdf(client, met.round.id).get_data()
    assert b"(Ben)" in body and b"Aisha" not in body


@pytest.mark.parametrize("who", ["commissioner", "outsider", "stranger"])
def test_nobody_else_gets_a_certificate_or_record(client, login, met, who):
    login(getattr(met, who))
    assert _pdf(client, met.round.id).status_code == 403
    assert client.get(f"/rounds/{met.round.id}/feedback/contribution").status_code == 403


def test_names_the_pdf_font_cannot_draw_still_make_a_certificate(client, login, make, met):
    met.aisha.user.display_name = "Łucja Zoë 🌟 O’Brien 李"
    db.session.commit()
    login(met.aisha.user)
    response = _pdf(client, met.round.id)
    assert response.status_code == 200
    assert "Lucja Zo\u00eb ? O'Brien ?".encode("latin-1") in response.get_data()


def test_the_record_waits_until_the_round_is_done(client, login, world):
    login(world.aisha.user)
    response = client.get(f"/rounds/{world.round.id}/feedback/contribution")
    assert response.status_code == 403 and "Not ready yet" in _text(response)
    assert _pdf(client, world.round.id).status_code == 403


def test_a_closed_round_keeps_the_record(client, login, make, world):
    make.published(world.round, status=RoundStatus.CLOSED)
    login(world.aisha.user)
    assert client.get(f"/rounds/{world.round.id}/feedback/contribution").status_code == 200
    assert _pdf(client, world.round.id).status_code == 200


def test_a_member_with_nothing_recorded_is_told_so(client, login, make, world):
    quiet = make.member(world.round)
    make.published(world.round)
    login(quiet.user)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback/contribution"))
    assert "We have no record of what you did yet." in text and "None yet" in text
    assert b"Time given: not recorded" in _pdf(client, world.round.id).get_data()
