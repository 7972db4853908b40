"""Your messages: only your own, newest first, and marked read once you have seen them."""

from datetime import timedelta

from flask import render_template_string
from sqlalchemy import select

from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.extensions import db
from tests.panel.training.journey_helpers import markup, text


def _note(user, message, *, minutes_ago=0, link="/rounds/1/sheets/", read=False):
    made = Notification(
        user_id=user.id,
        kind="reminder",
        message=message,
        link=link,
        created_at=utcnow() - timedelta(minutes=minutes_ago),
        read_at=utcnow() if read else None,
    )
    db.session.add(made)
    db.session.commit()
    return made


def test_people_see_their_own_messages_newest_first(client, make, login):
    me = make.user()
    _note(me, "Older reminder about sheets", minutes_ago=60)
    _note(me, "Newest reminder about sheets", minutes_ago=1)
    login(me)
    response = client.get("/notifications")
    page = text(response)
    assert response.status_code == 200
    assert page.index("Newest reminder") < page.index("Older reminder")
    assert 'href="/rounds/1/sheets/">Open your scoring sheets</a>' in markup(response)


def test_another_persons_messages_are_never_shown_or_marked_read(client, make, login):
    me, someone = make.user(), make.user()
    theirs = _note(someone, "Private reminder for someone else")
    login(me)
    page = text(client.get("/notifications"))
    assert "Private reminder" not in page
    assert "You have no messages yet" in page
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_showing_messages_marks_them_read_and_new_ones_are_tagged(client, make, login):
    me = make.user()
    unread = _note(me, "Fresh reminder")
    _note(me, "Seen reminder", minutes_ago=5, read=True)
    login(me)
    page = text(client.get("/notifications"))
    assert page.count("New") == 1 and page.index("New") < page.index("Fresh reminder")
    db.session.refresh(unread)
    assert unread.read_at is not None
    assert "New" not in text(client.get("/notifications"))


def test_a_link_off_this_site_is_never_shown(client, make, login):
    me = make.user()
    _note(me, "Odd message", link="https://evil.example/")
    _note(me, "Another odd message", link="//evil.example/")
    login(me)
    assert "evil.example" not in markup(client.get("/notifications"))


def test_the_unread_count_for_the_header(app, client, make, login):
    me, someone = make.user(), make.user()
    _note(me, "One")
    _note(me, "Two")
    _note(me, "Seen", read=True)
    _note(someone, "Not mine")
    login(me)
    with client:
        client.get("/")
        assert render_template_string("{{ unread_notification_count() }}") == "2"


def test_signing_in_is_needed(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert db.session.scalars(select(Notification)).all() == []
