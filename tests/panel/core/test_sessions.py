"""The session cookie is read for every page, and once per Socket.IO connection rather than once per event."""

from flask.sessions import SecureCookieSessionInterface

from panel.accounts.models import User
from panel.core.sessions import SessionInterface
from panel.extensions import db
from tests import factories


def signed_in(app, user_id: int):
    http = app.test_client()
    with http.session_transaction() as session:
        session.update(factories.signed_in(db.session.get_one(User, user_id)))
    return http


def counting_cookie_reads(monkeypatch) -> list:
    reads = []
    read = SecureCookieSessionInterface.open_session

    def counted(self, app, request):
        reads.append(request.path)
        return read(self, app, request)

    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", counted)
    return reads


def test_the_app_uses_it(app):
    assert isinstance(app.session_interface, SessionInterface)


def test_every_page_reads_its_own_cookie(app, make, monkeypatch):
    reads = counting_cookie_reads(monkeypatch)
    http = signed_in(app, make.user().id)
    for _ in range(3):
        assert http.get("/my-data").status_code == 200
    assert reads.count("/my-data") == 3


def test_a_change_an_event_makes_to_its_session_does_not_reach_the_next_event(app):
    """Each event gets its own copy of what the cookie said, as it did when the cookie was read every time."""
    environ = {"HTTP_COOKIE": ""}
    with app.test_request_context("/", environ_base=environ) as first:
        first.session["note"] = ["changed"]
        kept = first.request.environ
    with app.request_context(kept) as second:
        assert "note" not in second.session
