"""Browser fixtures: the demo round served on a real port, and Debian's headless Chromium run by Playwright.

The browser tests get an app and a database of their own, with the demo loaded once per session (loading it
hashes a dozen passwords: too slow to repeat per test). The shared `app` fixture is left alone, so its
after-test cleaning never touches this database, and this app keeps CSRF on, so real forms carry their tokens.
On SQLite the database is a file of its own; with COPANEL_TEST_DATABASE_URL it is a schema of its own there.
"""

import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, delete, select, text
from werkzeug.serving import make_server

from panel import create_app
from panel.extensions import db
from tests.browser.helpers import DESKTOP

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
POSTGRES_URL = os.environ.get("COPANEL_TEST_DATABASE_URL")
BROWSER_SCHEMA = "copanel_browser_tests"
HERE = Path(__file__).resolve().parent


# CI runs the suite on SQLite and again on PostgreSQL; to keep its run short it runs the browser tests on the
# first only (.ci/run sets this for the second). They still run wherever it is not set.
ONE_DATABASE = os.environ.get("COPANEL_BROWSER_TESTS_ON_ONE_DATABASE") == "1" and POSTGRES_URL


def pytest_collection_modifyitems(config, items):
    if CHROMIUM and not ONE_DATABASE:
        return
    reason = (
        "Chromium not installed: apt-get install chromium"
        if not CHROMIUM
        else "CI runs the browser tests on SQLite only (COPANEL_BROWSER_TESTS_ON_ONE_DATABASE)"
    )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@dataclass(frozen=True)
class Demo:
    """Ids from the demo round, and a waiting invitation's link token, to fill in URLs; and the demo's second
    round, whose meeting is waiting for its chair."""

    round_id: int
    bid_id: int
    criterion_id: int
    document_id: int
    membership_id: int
    conflict_id: int
    invitation_id: int
    invitation_token: str
    step_id: int | None
    question_id: int | None
    meeting_round_id: int
    published_round_id: int | None = None  # the demo's third round: decided, and fed back to the panel
    published_bid_id: int | None = None  # its first bid, which has a final decision and a letter
    worry_id: int | None = None  # a worry aisha raised on the first round, for its safeguarding lead
    sign_in_code_token: str | None = (
        None  # a one-time sign-in code card's link, for aisha (opened, never used)
    )


def _first_quiz_question(round_id: int) -> tuple[int | None, int | None]:
    """(step id, question id) of the round's first training step with a quiz, read by table name only."""
    steps, questions = (db.metadata.tables.get(name) for name in ("training_step", "quiz_question"))
    if steps is None or questions is None:
        return None, None
    row = db.session.execute(
        select(steps.c.id, questions.c.id)
        .join(questions, questions.c.step_id == steps.c.id)
        .where(steps.c.round_id == round_id)
        .order_by(steps.c.position, steps.c.id, questions.c.position, questions.c.id)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _postgres_url() -> str:
    return POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)


def _set_browser_schema(create: bool) -> None:
    engine = create_engine(_postgres_url())
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {BROWSER_SCHEMA} CASCADE"))
        if create:
            connection.execute(text(f"CREATE SCHEMA {BROWSER_SCHEMA}"))
    engine.dispose()


def _browser_database_url(tmp_path_factory) -> str:
    if not POSTGRES_URL:
        return f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'copanel-browser.db'}"
    _set_browser_schema(create=True)
    url = _postgres_url()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{BROWSER_SCHEMA}"


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """An app of its own, with CSRF on and rate limits off, on a database holding the demo round."""
    from panel.demo.operations import load_demo

    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret-key",
            "SQLALCHEMY_DATABASE_URI": _browser_database_url(tmp_path_factory),
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            "DOCUMENTS_DIR": str(tmp_path_factory.mktemp("browser-documents")),
            "IMPORTS_DIR": str(tmp_path_factory.mktemp("browser-imports")),
            "SERVER_NAME": None,
        },
        instance_path=str(tmp_path_factory.mktemp("browser-instance")),
    )
    with application.app_context():
        upgrade()
        load_demo()
    yield application
    _let_presence_updates_finish()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    if POSTGRES_URL:
        _set_browser_schema(create=False)


def _let_presence_updates_finish() -> None:
    """The last meeting pages to close tell their chair who is still here up to a second later (from a
    thread of the app's own, panel/meetings/protocol.py): let that happen before the database goes away."""
    from panel.meetings import protocol

    deadline = time.monotonic() + 3 * protocol.PRESENCE_EVERY
    while protocol._presence_waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # the update itself, once its wait is over


@pytest.fixture(scope="session")
def demo(browser_app) -> Demo:
    """The demo round's ids, and an invitation made for the session (only its card knows the token)."""
    from panel.accounts.models import User
    from panel.accounts.operations import issue_sign_in_code
    from panel.bids.models import Bid, Document
    from panel.core.models import utcnow
    from panel.demo.content import DOCUMENT_BID, ROUND_THREE, ROUND_TWO
    from panel.rounds.models import Conflict, Membership, Round
    from panel.rounds.panel.operations import invite_member
    from panel.safeguarding.models import Worry
    from scoring.people import AgeBand, MemberKind, MemberRole

    with browser_app.app_context():
        round_ = db.session.scalar(select(Round).order_by(Round.id))
        commissioner = db.session.scalar(select(User).where(User.username == "commissioner"))
        card = invite_member(
            round_,
            commissioner,
            display_name="Zara",
            role=MemberRole.PANELLIST,
            kind=MemberKind.YOUNG,
            age_band=AgeBand("14-16"),
            email=None,
            now=utcnow(),
        )
        aisha = select(User.id).where(User.username == "aisha").scalar_subquery()
        aisha_id = db.session.scalar(select(User.id).where(User.username == "aisha"))
        worry = Worry(
            round_id=round_.id,
            raised_by_id=aisha_id,
            created_at=utcnow(),
            text="Someone on the bus said mean things about the panel.",
        )
        db.session.add(worry)
        sign_in_card = issue_sign_in_code(db.session.get_one(User, aisha_id), commissioner, utcnow())
        db.session.commit()
        bid = db.session.scalar(select(Bid).where(Bid.round_id == round_.id, Bid.reference == DOCUMENT_BID))
        step_id, question_id = _first_quiz_question(round_.id)
        demo = Demo(
            round_id=round_.id,
            bid_id=bid.id,
            criterion_id=round_.criteria[0].id,
            document_id=db.session.scalar(select(Document.id).where(Document.bid_id == bid.id)),
            membership_id=db.session.scalar(
                select(Membership.id).where(Membership.round_id == round_.id, Membership.user_id == aisha)
            ),
            conflict_id=db.session.scalar(select(Conflict.id)),
            invitation_id=card.invitation.id,
            invitation_token=card.token,
            step_id=step_id,
            question_id=question_id,
            meeting_round_id=db.session.scalar(select(Round.id).where(Round.title == ROUND_TWO["title"])),
            published_round_id=db.session.scalar(select(Round.id).where(Round.title == ROUND_THREE["title"])),
            published_bid_id=db.session.scalar(
                select(Bid.id)
                .join(Round)
                .where(Round.title == ROUND_THREE["title"])
                .order_by(Bid.reference)
                .limit(1)
            ),
            worry_id=worry.id,
            sign_in_code_token=sign_in_card.token,
        )
        db.session.remove()
    return demo


@pytest.fixture(scope="session")
def live_server(browser_app):
    """The browser app on 127.0.0.1 at a port the OS picks; yields its base URL (no trailing slash)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, browser_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="copanel-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    if page.url.rstrip("/").endswith("/login"):
        raise AssertionError(f"could not sign in as {username}: still on {page.url}")


@pytest.fixture(scope="session")
def signed_in_state(chromium, live_server):
    """state_for(username): the cookies of a sign-in through the real form, made once per user per session."""
    from panel.demo.content import PASSWORD

    states: dict[str, dict] = {}

    def state_for(username: str) -> dict:
        if username not in states:
            context = chromium.new_context()
            try:
                _sign_in(context.new_page(), live_server, username, PASSWORD)
                states[username] = context.storage_state()
            finally:
                context.close()
        return states[username]

    return state_for


class Visit:
    """A new page in a browser context, with every URL it requested."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.page = context.new_page()
        self.requested: list[str] = []
        self.page.on("request", lambda request: self.requested.append(request.url))

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but this app (data: and blob: URLs never leave the page)."""
        own = self.base_url + "/"
        return [url for url in self.requested if not url.startswith((own, "data:", "blob:"))]


def _new_context(chromium, state: dict | None, viewport: dict):
    context = chromium.new_context(viewport=viewport, storage_state=state)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def open_page(chromium, live_server, signed_in_state):
    """open_page(username or None, viewport) -> Visit, in a fresh context, closed after the test."""
    contexts = []

    def opener(username: str | None = None, viewport: dict = DESKTOP) -> Visit:
        contexts.append(_new_context(chromium, signed_in_state(username) if username else None, viewport))
        return Visit(contexts[-1], live_server)

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _shared_contexts(chromium, signed_in_state):
    contexts: dict[tuple, object] = {}

    def context_for(username: str | None, viewport: dict):
        key = (username, viewport["width"], viewport["height"])
        if key not in contexts:
            contexts[key] = _new_context(chromium, signed_in_state(username) if username else None, viewport)
        return contexts[key]

    yield context_for
    for context in contexts.values():
        context.close()


@pytest.fixture
def shared_page(_shared_contexts, live_server):
    """Like open_page, in one context per person and viewport for the session: for pages that only read."""
    visits = []

    def opener(username: str | None = None, viewport: dict = DESKTOP) -> Visit:
        visits.append(Visit(_shared_contexts(username, viewport), live_server))
        return visits[-1]

    yield opener
    for visit in visits:
        visit.page.close()


def _reset_meeting(round_id: int) -> None:
    """Put the round's meeting back as the demo made it: waiting, every bid at its start, nothing recorded.
    (The record is append-only for the app; a test's own meeting is thrown away whole.)"""
    from panel.meetings.models import ConsensusScore, FirstView, Meeting, MeetingItem, MeetingRecord, Presence
    from panel.meetings.store import open_meeting
    from panel.rounds.models import Round

    round_ = db.session.get(Round, round_id)
    meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.round_id == round_id))
    if meeting_id is not None:
        items = select(MeetingItem.id).where(MeetingItem.meeting_id == meeting_id)
        for statement in (
            delete(FirstView).where(FirstView.item_id.in_(items)),
            delete(ConsensusScore).where(ConsensusScore.item_id.in_(items)),
            delete(MeetingRecord).where(MeetingRecord.meeting_id == meeting_id),
            delete(Presence).where(Presence.meeting_id == meeting_id),
            delete(MeetingItem).where(MeetingItem.meeting_id == meeting_id),
            delete(Meeting).where(Meeting.id == meeting_id),
        ):
            db.session.execute(statement.execution_options(synchronize_session=False))
        db.session.expire_all()
    open_meeting(round_)
    db.session.commit()


@pytest.fixture
def meeting(browser_app, demo):
    """The demo's second round's meeting, waiting for its chair (and put back that way afterwards): its pages,
    its bids by reference and its criteria ids (test_meeting.py, test_meeting_room.py)."""
    from panel.bids.models import Bid
    from panel.rounds.models import Criterion

    round_id = demo.meeting_round_id
    with browser_app.app_context():
        _reset_meeting(round_id)
        bids = dict(db.session.execute(select(Bid.reference, Bid.id).where(Bid.round_id == round_id)).all())
        criteria = db.session.scalars(
            select(Criterion.id)
            .where(Criterion.round_id == round_id)
            .order_by(Criterion.position, Criterion.id)
        ).all()
        db.session.remove()
    base = f"/rounds/{round_id}/meeting"
    yield {
        "base": base,
        "chair": base + "/chair",
        "screen": base + "/screen",
        "record": base + "/record",
        "command": base + "/command",
        "bids": bids,
        "criteria": list(criteria),
    }
    with browser_app.app_context():
        _reset_meeting(round_id)
        db.session.remove()
