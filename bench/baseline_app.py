"""The benchmark's baseline: a minimal Flask app whose one endpoint does one database write."""

import os
import sqlite3
from datetime import UTC, datetime

from flask import Flask, jsonify, request

DATABASE = os.environ.get("BASELINE_DATABASE", "baseline.db")

app = Flask(__name__)

with sqlite3.connect(DATABASE) as setup:
    setup.execute(
        "CREATE TABLE IF NOT EXISTS save (id INTEGER PRIMARY KEY, body TEXT NOT NULL, saved_at TEXT)"
    )


@app.post("/save")
def save():
    """Store the JSON body as one row and say when."""
    saved_at = datetime.now(UTC).isoformat()
    connection = sqlite3.connect(DATABASE, timeout=30)
    try:
        with connection:
            cursor = connection.execute(
                "INSERT INTO save (body, saved_at) VALUES (?, ?)", (request.get_data(as_text=True), saved_at)
            )
    finally:
        connection.close()
    return jsonify({"version": cursor.lastrowid, "saved_at": saved_at})
