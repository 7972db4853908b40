"""The signed-cookie session, read once per Socket.IO connection rather than once per event."""

from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Flask reads the session cookie whenever a request context starts, and Flask-SocketIO starts one for
    every Socket.IO event, then swaps in the copy of the session it kept from the connection's first event
    (under "saved_session" in the connection's environ). For those events the cookie is not read again: the
    copy is what the handler sees either way."""

    def open_session(self, app, request):
        if "saved_session" in request.environ:
            return self.session_class()
        return super().open_session(app, request)
