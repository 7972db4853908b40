"""The autosave benchmark's two baselines: minimal Flask endpoints that each write one row to SQLite.

- POST /save: writes the JSON body as one row, nothing else (the cost of one write behind the same server).
- POST /signed-in/save: first checks who is asking the way Co-Panel does, then writes the same row: the signed
  session cookie (Flask's, with the app's SECRET_KEY), the CSRF token in the X-CSRFToken header (Flask-WTF's
  CSRFProtect, as the app has it), and the server-side session check, the SignIn row found by the hash of the
  key the cookie carries (panel/accounts/sessions.py), which must belong to the cookie's user and not be idle.

Both write to their own database (BASELINE_DATABASE) with the settings Co-Panel gives SQLite (write-ahead
logging, synchronous=NORMAL); the session check reads the app's database (DATABASE_URL). Like the app's
connection pool, each database has one connection that stays open (a request never waits for another on it:
sqlite3 does not hand over to other greenlets mid-statement). Each answers with the number of SQL statements it
ran in the X-Statements header.
"""

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta

from flask import Flask, jsonify, request, session
from flask_wtf.csrf import CSRFProtect

DATABASE = os.environ.get("BASELINE_DATABASE", "baseline.db")
APP_DATABASE = os.environ.get("DATABASE_URL", "sqlite:///copanel.db").removeprefix("sqlite:///")
IDLE = timedelta(minutes=int(os.environ.get("COPANEL_IDLE_MINUTES", "60")))

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_CSRF_TIME_LIMIT=None)
csrf = CSRFProtect(app)

with sqlite3.connect(DATABASE) as setup:
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute(
        "CREATE TABLE IF NOT EXISTS save (id INTEGER PRIMARY KEY, body TEXT NOT NULL, saved_at TEXT)"
    )


_connections: dict[str, sqlite3.Connection] = {}


def _connection(path: str) -> sqlite3.Connection:
    """The database's one open connection, opened as Co-Panel opens its SQLite connections."""
    if path not in _connections:
        connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA synchronous=NORMAL")
        _connections[path] = connection
    return _connections[path]


def _write(statements: int = 0):
    """Store the JSON body as one row and say when."""
    saved_at = datetime.now(UTC).isoformat()
    with _connection(DATABASE) as connection:  # commits
        cursor = connection.execute(
            "INSERT INTO save (body, saved_at) VALUES (?, ?)", (request.get_data(as_text=True), saved_at)
        )
    response = jsonify({"version": cursor.lastrowid, "saved_at": saved_at})
    response.headers["X-Statements"] = str(statements + 1)
    return response


@app.post("/save")
@csrf.exempt
def save():
    return _write()


@app.post("/signed-in/save")
def signed_in_save():
    """CSRFProtect has checked the token against the session already; then the SignIn row, then the write."""
    user_id, key = session.get("_user_id"), session.get("_sign_in")
    if not isinstance(user_id, str) or not isinstance(key, str):
        return jsonify(message="not signed in"), 401
    row = (
        _connection(APP_DATABASE)
        .execute(
            "SELECT user_id, seen_at FROM sign_in WHERE key_hash = ?",
            (hashlib.sha256(key.encode()).hexdigest(),),
        )
        .fetchone()
    )
    if row is None or str(row[0]) != user_id:
        return jsonify(message="this session has ended"), 401
    seen_at = datetime.fromisoformat(row[1])
    if datetime.now(UTC) - (seen_at if seen_at.tzinfo else seen_at.replace(tzinfo=UTC)) > IDLE:
        return jsonify(message="this session has gone idle"), 401
    return _write(statements=1)
