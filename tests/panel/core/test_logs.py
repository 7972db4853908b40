"""One JSON line per HTTP request on `copanel.requests`: method, URL rule, status, time and this process's
name, and nothing that says who asked (deploy/gunicorn/logging.json turns these lines on)."""

import json

import pytest


@pytest.fixture
def lines(log_lines):
    """The request lines written during the test, read as JSON."""
    return log_lines("copanel.requests")


def test_each_request_is_one_json_line_naming_its_rule_not_its_path(client, login, make, app, lines):
    commissioner = login(make.commissioner())
    round_ = make.round("Youth fund")
    assert client.get(f"/rounds/{round_.id}?from=email-reminder").status_code == 200
    assert client.get("/no/such/page?x=1").status_code == 404
    assert client.post("/health").status_code == 405
    page, missing, refused = lines()
    assert page["event"] == "request"
    assert {key: page[key] for key in ("method", "rule", "status", "instance")} == {
        "method": "GET",
        "rule": "/rounds/<int:round_id>",
        "status": 200,
        "instance": app.config["INSTANCE"],
    }
    assert isinstance(page["ms"], float) and page["ms"] >= 0
    assert (missing["rule"], missing["status"]) == (None, 404)
    assert (refused["method"], refused["rule"], refused["status"]) == ("POST", None, 405)
    written = json.dumps(lines())
    for personal in (commissioner.username, commissioner.display_name, "email-reminder", "no/such"):
        assert personal not in written
    assert all(
        set(line) == {"time", "event", "method", "rule", "status", "ms", "instance"} for line in lines()
    )


def test_a_joining_link_is_logged_without_its_code_cookie_or_address(client, make, lines):
    card = make.invitation(make.round())
    client.set_cookie("session", "a-cookie-value")
    response = client.get(f"/join/{card.token}", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code < 400
    [line] = lines()
    assert line["rule"] == "/join/<token>"
    assert set(line) == {"time", "event", "method", "rule", "status", "ms", "instance"}
    written = json.dumps(line)
    for personal in (card.token, card.code, "a-cookie-value", "203.0.113.9"):
        assert personal not in written


def test_a_server_error_is_logged_too(client, app, lines, monkeypatch):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setitem(app.view_functions, "core.accessibility", broken)
    assert client.get("/accessibility").status_code == 500
    [line] = lines()
    assert (line["rule"], line["status"]) == ("/accessibility", 500)
    assert "database" not in json.dumps(line)
