"""The session cookie is read for pages and a connection's first Socket.IO event, not for every event after."""

from panel.core.sessions import SessionInterface


def _request_with_cookie(app, environ_extra=None):
    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"] = "7"
    cookie = http.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    environ = {"HTTP_COOKIE": f"{cookie.key}={cookie.value}", **(environ_extra or {})}
    return app.test_request_context("/", environ_base=environ)


def test_a_page_reads_the_signed_session_cookie(app):
    with _request_with_cookie(app) as context:
        assert SessionInterface().open_session(app, context.request).get("_user_id") == "7"


def test_a_later_socket_event_leaves_the_cookie_alone_since_its_connection_kept_the_session(app):
    with _request_with_cookie(app, {"saved_session": {"_user_id": "7"}}) as context:
        assert dict(SessionInterface().open_session(app, context.request)) == {}


def test_the_app_uses_it(app):
    assert isinstance(app.session_interface, SessionInterface)
