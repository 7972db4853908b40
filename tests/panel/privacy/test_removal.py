"""Asking for your data to be removed: a plain confirm step, a commissioner who confirms (or says why not),
and removal that takes the name and login away while the scores stay."""

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.extensions import db
from panel.feedback.models import ProcessReply
from panel.privacy.removal.models import RemovalRequest, RemovalStatus
from panel.privacy.removal.operations import RemovalRefused, pseudonymise
from panel.sheets.models import Sheet
from tests.factories import PASSWORD
from tests.panel.training.journey_helpers import text


@pytest.fixture
def panel(make):
    round_ = make.round("Youth fund", criteria=1, bids=1)
    sky = make.member(round_, make.user("sky", "Sky Walker", email="sky@example.org"), trained=True)
    other = make.member(round_, make.user("other", "Olu Other"), trained=True)
    make.sheet(sky, round_.bids[0], {round_.criteria[0]: 3})
    return {
        "round": round_,
        "sky": sky.user,
        "sky_seat": sky,
        "other": other.user,
        "commissioner": make.commissioner(),
    }


def ask(client):
    return client.post("/my-data/remove", data={})


def reload(model, ident):
    """The row as the database has it now (the requests commit in their own sessions)."""
    db.session.expire_all()
    return db.session.get(model, ident)


def waiting(user) -> RemovalRequest | None:
    db.session.expire_all()
    return db.session.scalar(
        select(RemovalRequest).where(
            RemovalRequest.user_id == user.id, RemovalRequest.status == RemovalStatus.PENDING
        )
    )


def test_the_confirm_step_says_what_goes_and_what_stays(client, login, panel):
    login(panel["sky"])
    page = text(client.get("/my-data/remove"))
    assert "What goes" in page and "What stays" in page
    assert "You will not be able to sign in again" in page
    assert "Your scores and comments, with no name on them" in page
    assert "Yes, ask to remove my data" in page
    assert waiting(panel["sky"]) is None  # only looking asks for nothing


def test_asking_makes_one_request_and_tells_the_commissioners(client, login, panel):
    login(panel["sky"])
    response = ask(client)
    assert response.status_code == 302 and response.headers["Location"] == "/my-data"
    assert waiting(panel["sky"]) is not None
    ask(client)
    assert db.session.scalar(select(db.func.count(RemovalRequest.id))) == 1
    message = db.session.scalar(select(Notification).where(Notification.user_id == panel["commissioner"].id))
    assert "asked for their details to be removed" in message.message and message.link == "/removal-requests"
    assert "Sky" not in message.message
    assert "You asked us to remove your data" in text(client.get("/my-data"))


def test_a_request_is_always_for_yourself_whatever_is_posted(client, login, panel):
    login(panel["sky"])
    client.post("/my-data/remove", data={"user_id": panel["other"].id, "user": panel["other"].id})
    assert waiting(panel["sky"]) is not None and waiting(panel["other"]) is None


def test_confirming_removes_the_name_and_the_login_but_keeps_the_scores(app, client, login, panel):
    login(panel["sky"])
    ask(client)
    request = waiting(panel["sky"])
    login(panel["commissioner"])
    page = text(client.get("/removal-requests"))
    assert "Sky Walker" in page and "Youth fund" in page
    response = client.post(f"/removal-requests/{request.id}", data={f"r{request.id}-decision": "remove"})
    assert response.status_code == 302
    db.session.expire_all()
    sky = db.session.get(User, panel["sky"].id)
    assert sky.display_name == f"Former panel member {sky.id}" and sky.email is None
    assert sky.username != "sky" and not sky.check_password(PASSWORD)
    assert reload(RemovalRequest, request.id).status is RemovalStatus.REMOVED
    assert reload(RemovalRequest, request.id).decided_by_id == panel["commissioner"].id
    sheet = db.session.scalar(select(Sheet).where(Sheet.membership_id == panel["sky_seat"].id))
    assert sheet.scores[0].score == 3

    fresh = app.test_client()
    refused = fresh.post("/login", data={"username": "sky", "password": PASSWORD})
    assert "match" in text(refused)


def test_an_open_session_ends_when_the_details_are_removed(client, login, panel):
    login(panel["sky"])
    pseudonymise(db.session.get(User, panel["sky"].id), utcnow())
    db.session.commit()
    response = client.get("/my-data")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_declining_needs_a_reason_which_the_member_then_reads(client, login, panel):
    login(panel["sky"])
    ask(client)
    request = waiting(panel["sky"])
    login(panel["commissioner"])
    refused = client.post(f"/removal-requests/{request.id}", data={f"r{request.id}-decision": "decline"})
    assert refused.status_code == 400 and "Say why, so the panel member knows" in text(refused)
    assert waiting(panel["sky"]) is not None

    reason = "Your panel meets next week, so we still need your name. Ask again after it closes."
    client.post(
        f"/removal-requests/{request.id}",
        data={f"r{request.id}-decision": "decline", f"r{request.id}-reason": reason},
    )
    assert reload(RemovalRequest, request.id).status is RemovalStatus.DECLINED
    assert reload(User, panel["sky"].id).display_name == "Sky Walker"
    login(panel["sky"])
    assert reason in text(client.get("/my-data"))
    assert reason in text(client.get("/notifications"))


def test_a_member_can_take_back_their_own_request_but_not_someone_elses(client, login, panel):
    login(panel["other"])
    ask(client)
    others = waiting(panel["other"])
    login(panel["sky"])
    ask(client)
    mine = waiting(panel["sky"])
    assert client.post(f"/my-data/remove/{others.id}/withdraw").status_code == 404
    assert waiting(panel["other"]) is not None
    assert client.post(f"/my-data/remove/{mine.id}/withdraw").status_code == 302
    assert waiting(panel["sky"]) is None
    assert reload(RemovalRequest, mine.id).status is RemovalStatus.WITHDRAWN


def test_only_commissioners_answer_requests(client, login, panel):
    login(panel["other"])
    ask(client)
    request = waiting(panel["other"])
    login(panel["sky"])
    assert client.get("/removal-requests").status_code == 403
    answer = client.post(f"/removal-requests/{request.id}", data={f"r{request.id}-decision": "remove"})
    assert answer.status_code == 403
    assert reload(User, panel["other"].id).display_name == "Olu Other"


def test_a_request_answered_twice_is_only_done_once(client, login, panel):
    login(panel["sky"])
    ask(client)
    request = waiting(panel["sky"])
    login(panel["commissioner"])
    client.post(f"/removal-requests/{request.id}", data={f"r{request.id}-decision": "remove"})
    again = client.post(
        f"/removal-requests/{request.id}",
        data={f"r{request.id}-decision": "decline", f"r{request.id}-reason": "No"},
        follow_redirects=True,
    )
    assert "Someone has already answered that request" in text(again)
    assert reload(RemovalRequest, request.id).status is RemovalStatus.REMOVED


def test_commissioners_are_not_removed_this_way(client, login, panel):
    login(panel["commissioner"])
    assert client.get("/my-data/remove").status_code == 403
    with pytest.raises(RemovalRefused):
        pseudonymise(db.session.get(User, panel["commissioner"].id), utcnow())


def test_removal_clears_a_signed_reply_but_keeps_an_anonymous_one(make, panel):
    signed = ProcessReply(
        round_id=panel["round"].id,
        membership_id=panel["sky_seat"].id,
        change="More snacks, Sky",
        share_name=True,
    )
    other_seat = panel["other"].memberships[0]
    unsigned = ProcessReply(
        round_id=panel["round"].id, membership_id=other_seat.id, change="Shorter meetings"
    )
    db.session.add_all([signed, unsigned])
    db.session.commit()
    for person in (panel["sky"], panel["other"]):
        assert pseudonymise(db.session.get(User, person.id), utcnow()) is True
    db.session.commit()
    db.session.expire_all()
    assert (signed.change, signed.share_name) == ("", False)
    assert unsigned.change == "Shorter meetings"


def test_removing_twice_changes_nothing_the_second_time(panel):
    sky = db.session.get(User, panel["sky"].id)
    assert pseudonymise(sky, utcnow()) is True
    db.session.commit()
    first = (sky.display_name, sky.username, sky.pseudonymised_at)
    assert pseudonymise(sky, utcnow()) is False
    assert (sky.display_name, sky.username, sky.pseudonymised_at) == first
