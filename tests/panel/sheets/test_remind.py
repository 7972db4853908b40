"""Reminders: a notification for every member with sheets left, and an email where they gave an address."""

from datetime import date

import pytest
from sqlalchemy import select

from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.sheets.models import Sheet, SheetStatus
from scoring.people import MemberKind, MemberRole
from tests.panel.core.mail_helpers import free_port
from tests.panel.training.journey_helpers import text


def _sheet(membership, bid, status):
    db.session.add(Sheet(round_id=bid.round_id, bid_id=bid.id, membership_id=membership.id, status=status))


@pytest.fixture
def panel(make):
    """Two bids. Finished: submitted both (or one plus a conflict). Halfway: one submitted, one in progress.
    Untrained: has not started anything."""
    round_ = make.round(title="Wellbeing 2027", bids=2, scoring_deadline=date(2027, 3, 14))
    first, second = round_.bids
    finished = make.member(round_, make.user(display_name="Fin", email="fin@example.org"), trained=True)
    conflicted = make.member(round_, make.user(display_name="Cody"), kind=MemberKind.ADULT, trained=True)
    halfway = make.member(round_, make.user(display_name="Hal", email="hal@example.org"), trained=True)
    untrained = make.member(round_, make.user(display_name="Una"), kind=MemberKind.ADULT)
    chair = make.member(
        round_,
        make.user(display_name="Chris", email="chris@example.org"),
        role=MemberRole.CHAIR,
        kind=MemberKind.ADULT,
        trained=True,
    )
    make.conflict(conflicted, second)
    for bid in (first, second):
        _sheet(finished, bid, SheetStatus.SUBMITTED)
        _sheet(chair, bid, SheetStatus.SUBMITTED)
    _sheet(conflicted, first, SheetStatus.SUBMITTED)
    _sheet(halfway, first, SheetStatus.SUBMITTED)
    _sheet(halfway, second, SheetStatus.IN_PROGRESS)
    db.session.commit()
    return {
        "round": round_,
        "finished": finished,
        "conflicted": conflicted,
        "halfway": halfway,
        "untrained": untrained,
        "chair": chair,
    }


def _remind(client, round_):
    return client.post(f"/rounds/{round_.id}/sheets/progress/remind", follow_redirects=True)


def _by_user(panel):
    db.session.expire_all()
    names = {panel[key].user_id: panel[key].user.display_name for key in panel if key != "round"}
    return {names[n.user_id]: n for n in db.session.scalars(select(Notification))}


@pytest.mark.parametrize("who", ["commissioner", "chair"])
def test_only_members_with_sheets_left_are_reminded(client, make, login, panel, who, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    login(make.commissioner() if who == "commissioner" else panel["chair"].user)
    response = _remind(client, panel["round"])
    assert response.status_code == 200
    assert "Reminded 2 members in Co-Panel. 0 emails sent." in text(response)
    reminded = _by_user(panel)
    assert set(reminded) == {"Hal", "Una"}
    hal, una = reminded["Hal"], reminded["Una"]
    assert hal.kind == una.kind == "reminder"
    assert "you have 1 scoring sheet left to finish for Wellbeing 2027" in hal.message
    assert "2 scoring sheets left" in una.message
    assert "14 March 2027" in una.message
    assert hal.link == f"/rounds/{panel['round'].id}/sheets/"
    assert hal.round_id == panel["round"].id and hal.read_at is None


def test_reminders_follow_a_members_extension(client, make, login, panel, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    panel["halfway"].scoring_extended_to = date(2027, 3, 21)
    db.session.commit()
    login(make.commissioner())
    _remind(client, panel["round"])
    assert "21 March 2027" in _by_user(panel)["Hal"].message


def test_reminder_emails_arrive_for_members_who_gave_an_address(client, make, login, panel, inbox):
    login(panel["chair"].user)
    response = _remind(client, panel["round"])
    assert "Reminded 2 members in Co-Panel. 1 email sent." in text(response)
    ((recipients, message),) = inbox.messages
    assert recipients == ["hal@example.org"]
    assert message["Subject"] == "A reminder to finish your scoring sheets"
    body = message.get_content()
    assert "1 scoring sheet left to finish" in body
    assert f"http://localhost/rounds/{panel['round'].id}/sheets/" in body


def test_a_mail_server_that_is_down_is_reported_not_a_crash(client, make, login, panel, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    login(make.commissioner())
    response = client.post(f"/rounds/{panel['round'].id}/sheets/progress/remind")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Reminded 2 members in Co-Panel. 0 emails sent." in page
    assert "We couldn't send 1 email: the mail server didn't answer" in page
    assert set(_by_user(panel)) == {"Hal", "Una"}


def test_without_a_mail_server_no_email_is_attempted(client, make, login, panel, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)

    def no_connection(*args, **kwargs):
        raise AssertionError("no connection should be attempted")

    monkeypatch.setattr("smtplib.SMTP", no_connection)
    login(make.commissioner())
    response = _remind(client, panel["round"])
    assert response.status_code == 200
    assert "0 emails sent" in text(response)
    assert len(_by_user(panel)) == 2


def test_when_everyone_has_finished_nobody_is_reminded(client, make, login):
    round_ = make.round(bids=1)
    done = make.member(round_, trained=True)
    _sheet(done, round_.bids[0], SheetStatus.SUBMITTED)
    db.session.commit()
    login(make.commissioner())
    assert "nobody needed a reminder" in text(_remind(client, round_))
    assert db.session.scalars(select(Notification)).all() == []


@pytest.mark.parametrize("who", ["halfway", "untrained"])
def test_panel_members_cannot_send_reminders(client, login, panel, who):
    login(panel[who].user)
    assert client.post(f"/rounds/{panel['round'].id}/sheets/progress/remind").status_code == 403
    assert db.session.scalars(select(Notification)).all() == []
