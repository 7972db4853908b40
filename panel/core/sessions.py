"""The signed-cookie session, read once per Socket.IO connection rather than once per event."""

from copy import deepcopy

from flask.sessions import SecureCookieSessionInterface

# Where a request's environ keeps the session as its cookie said, once read.
READ = "copanel.session_read"


class SessionInterface(SecureCookieSessionInterface):
    """Flask reads the session cookie whenever a request context starts, and Flask-SocketIO starts one for
    every Socket.IO event, each time with the environ of the request that opened the connection. That cookie
    cannot change while the connection is open, so what it said is kept in that environ the first time and
    every later event gets its own copy, instead of checking the cookie's signature again (a quarter of what
    happens before a meeting event's handler runs). A page's request has an environ of its own, so a page
    reads its cookie as before."""

    def open_session(self, app, request):
        environ = request.environ
        if READ not in environ:
            session = super().open_session(app, request)
            if session is None:
                return None
            environ[READ] = dict(session)
        return self.session_class(deepcopy(environ[READ]))
