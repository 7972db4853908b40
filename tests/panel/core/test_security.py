"""Headers, cookies and CSRF that protect every page, and the refusal of NUL characters."""

import html
import re

import pytest

from panel import create_app
from panel.core.security import HIDDEN_CHARACTER
from tests.reading import grade, page_text


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.get_data(as_text=True), "inline scripts carry this request's nonce"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_nonce_changes_on_every_request(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_session_cookie_is_http_only_and_same_site(client, make, login):
    user = make.user(password="a good long password")
    response = client.post("/login", data={"username": user.username, "password": "a good long password"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_served_over_https(monkeypatch, tmp_path):
    monkeypatch.setenv("COPANEL_HTTPS", "1")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.test_client() as client:
        assert "max-age=31536000" in client.get("/privacy").headers["Strict-Transport-Security"]


@pytest.fixture
def csrf_client(app):
    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True}, instance_path=app.instance_path)
    with protected.app_context():
        yield protected.test_client()


def test_forms_without_a_csrf_token_are_refused_kindly(csrf_client, make):
    user = make.user(password="a good long password")
    response = csrf_client.post(
        "/login", data={"username": user.username, "password": "a good long password"}
    )
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_forms_with_the_token_work(csrf_client, make):
    user = make.user(password="a good long password")
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/login", data={"username": user.username, "password": "a good long password", "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("POST", "/login", {"username": "mo\x00", "password": "secret"}),
        ("POST", "/join", {"code": "ABCD\x00"}),
        ("GET", "/rounds/?page=%00", None),
        ("GET", "/join/abc%00", None),
    ],
)
def test_a_hidden_character_is_refused_before_anything_reads_it(client, make, login, method, path, data):
    """PostgreSQL cannot store a NUL character: say so, instead of failing when the page saves."""
    login(make.commissioner())
    response = client.open(path, method=method, data=data)
    assert response.status_code == 400
    assert HIDDEN_CHARACTER in html.unescape(response.get_data(as_text=True))


def test_the_hidden_character_page_is_plain(client):
    text = page_text(client.post("/login", data={"username": "\x00"}).get_data(as_text=True))
    assert HIDDEN_CHARACTER in text
    assert grade(text) <= 6.0, text
