"""Private by default: every page loads only from Co-Panel's own origin. No third-party scripts, fonts, images,
trackers or forms, for any person on any page.

Two halves, so that no page is opened in the browser twice:
- the browser half lives in test_accessibility.py: its visit of every page in pages.py, as each of its people, at
  both widths, records every request the page makes (page.on("request")) and fails on any that leaves the origin;
  the first test here proves that check catches a request to another site;
- what the browser never shows is checked here without one: a reference the Content-Security-Policy blocks is
  never requested at all, so every page's HTML and its policy are read for anything pointing elsewhere."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from panel.accounts.models import User
from panel.extensions import db
from tests import factories
from tests.browser.helpers import DESKTOP
from tests.browser.pages import REACHED_BY, page_checks

pytestmark = pytest.mark.browser

# What makes a browser fetch something by itself, without anyone clicking: (tag, attribute).
LOADS = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("input", "src"),
    ("form", "action"),
    ("button", "formaction"),
    ("meta", "content"),
}
ALLOWED_SOURCES = {"'self'", "'none'", "data:", "blob:"}


class References(HTMLParser):
    """Every address the page makes the browser load by itself, and any inline style with a url()."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (tag, name) in LOADS:
                if tag == "meta" and "url=" not in value.lower():
                    continue
                self.found += (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if "srcset" in name
                    else [value.split("url=")[-1] if tag == "meta" else value]
                )
            if name == "style" and value and "url(" in value:
                self.found.append(value)


def _elsewhere(address: str) -> bool:
    parts = urlsplit(address.strip())
    if parts.scheme in ("data", "blob"):
        return False
    return bool(parts.scheme or parts.netloc) or address.strip().startswith("//") or "url(" in address


def _foreign_sources(policy: str) -> list[str]:
    sources = []
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        _, *values = directive.split()
        sources += [
            value for value in values if value not in ALLOWED_SOURCES and not value.startswith("'nonce-")
        ]
    return sources


def test_the_request_check_catches_a_request_to_another_site(open_page):
    visit = open_page(None, DESKTOP)
    visit.goto("/")
    assert visit.foreign_requests() == [], "the home page itself loads only from here"
    with visit.page.expect_request("http://tracker.invalid/**"):
        visit.page.evaluate("location.href = 'http://tracker.invalid/pixel.gif'")
    assert visit.foreign_requests() == ["http://tracker.invalid/pixel.gif"]


@pytest.fixture(scope="module")
def client_for(browser_app):
    """client_for(username or None): a test client of the browser app, signed in as that person."""
    clients = {}

    def client(username):
        if username not in clients:
            clients[username] = browser_app.test_client()
            if username:
                with browser_app.app_context():
                    user = db.session.scalar(select(User).where(User.username == username))
                    signed_in = factories.signed_in(user)
                    db.session.remove()
                with clients[username].session_transaction() as session:
                    session.update(signed_in)
        return clients[username]

    return client


def test_no_page_points_anywhere_but_here(client_for, demo):
    problems = []
    for check in page_checks():
        if check.endpoint in REACHED_BY:
            continue  # needs earlier steps: its browser visit in test_accessibility.py records its requests
        response = client_for(check.viewer).get(check.path(demo))
        assert response.status_code == 200 and response.content_type.startswith("text/html"), check.id
        references = References()
        references.feed(response.get_data(as_text=True))
        elsewhere = [address for address in references.found if _elsewhere(address)]
        policy = _foreign_sources(response.headers.get("Content-Security-Policy", "default-src *"))
        if elsewhere or policy:
            problems.append(f"{check.id}: {elsewhere + policy}")
    assert problems == []


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.example.com/lib.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Inter">',
        '<img srcset="/static/a.png 1x, https://tracker.example/b.png 2x" alt="">',
        '<form action="https://forms.example/submit"></form>',
        '<div style="background: url(https://x.example/bg.png)"></div>',
        '<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">',
    ],
)
def test_the_page_reader_spots_a_reference_to_another_site(html):
    references = References()
    references.feed(html)
    assert any(_elsewhere(address) for address in references.found)


def test_the_page_reader_lets_our_own_and_inline_data_through():
    references = References()
    references.feed(
        '<script src="/static/js/reading.js"></script><img src="data:image/png;base64,AAAA" alt="">'
        '<link rel="icon" href="/static/images/favicon.svg"><form action="/worry"></form>'
    )
    assert len(references.found) == 4 and not any(_elsewhere(address) for address in references.found)
    assert _foreign_sources("default-src 'self'; img-src 'self' data:; script-src 'self' 'nonce-abc'") == []
    assert _foreign_sources("script-src 'self' https://www.googletagmanager.com") == [
        "https://www.googletagmanager.com"
    ]
