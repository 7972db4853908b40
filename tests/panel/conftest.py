"""Fixtures shared by the tests of more than one area of the panel."""

import json
import logging
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from panel import create_app
from panel.extensions import limiter
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.panel.core.mail_helpers import Inbox, free_port


@pytest.fixture
def log_lines(caplog):
    """log_lines(logger) -> read: from now on the test keeps what that logger of ours writes (one JSON object a
    line, like copanel.requests and copanel.meeting), and read() gives the lines written so far."""

    def keep(logger: str):
        caplog.set_level(logging.INFO, logger=logger)
        return lambda: [json.loads(record.getMessage()) for record in caplog.records if record.name == logger]

    return keep


@pytest.fixture
def rate_limited_app(app):
    """A second app with the sign-in and joining limits on. Flask-Limiter keeps whether it is on, and its
    counts, in the one limiter every app shares, so afterwards both go back to what the suite's app had:
    otherwise every later test would run limited, and fail once it posted to /join ten times in a minute."""
    was_enabled = limiter.enabled
    yield create_app({**app.config, "RATELIMIT_ENABLED": True}, instance_path=app.instance_path)
    limiter.reset()
    limiter.enabled = was_enabled


@pytest.fixture
def decided(make):
    """A round whose meeting has ended, for the tests of the commissioner's side (decisions, publishing,
    receipts, letters) and of what reads their decisions (exports, retention).

    Three bids, each with the meeting's recommendation: the skate club (fund, £25,000, and young members scored
    it high), the chat app (do not fund, though both young members' first views said fund it: too few to count
    on their own, see scoring/disclosure.py, until tests/panel/decisions/decisions_world.py's
    third_young_member joins them) and the summer camp (reserve). Nothing is decided yet.
    """
    round_ = make.round("Youth fund 2027", budget_pence=5_000_000, status=RoundStatus.DECIDED)
    needs = make.criterion(round_, "Young people want it", scale=(0, 4))
    plan = make.criterion(round_, "A good plan", scale=(1, 5))
    club = make.bid(round_, "A-01", title="Skate club", organisation="Skate Group", amount_pence=2_500_000)
    app = make.bid(round_, "A-02", title="Chat app", organisation="App Makers", amount_pence=3_000_000)
    camp = make.bid(round_, "A-03", title="Summer camp", organisation="Camp People", amount_pence=1_000_000)
    chair = make.member(
        round_, make.user("chloe", "Chloe Chair"), role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True
    )
    aisha = make.member(round_, make.user("aisha", "Aisha Khan"), trained=True)
    ben = make.member(round_, make.user("ben", "Ben Bright", email="ben@example.org"), trained=True)
    adult = make.member(round_, make.user("adam", "Adam Adult"), kind=MemberKind.ADULT, trained=True)
    for member, club_scores, app_scores in (
        (aisha, {needs: 4, plan: 5}, {needs: 1, plan: 2}),
        (ben, {needs: 3, plan: 4}, {needs: 2, plan: 2}),
        (adult, {needs: 1, plan: 1}, {needs: 0, plan: 1}),
    ):
        make.sheet(member, club, club_scores)
        make.sheet(member, app, app_scores)
    make.recommendation(
        round_,
        club,
        "fund",
        amount_pence=2_500_000,
        consensus={needs: 4, plan: 2},
        reasons="Skaters asked for it.",
    )
    make.recommendation(round_, app, "do_not_fund", consensus={needs: 1, plan: 1}, reasons="Too costly.")
    make.recommendation(round_, camp, "reserve", amount_pence=1_000_000, consensus={needs: 2, plan: 3})
    make.first_view(aisha, app, "fund")
    make.first_view(ben, app, "fund")
    make.first_view(adult, app, "do_not_fund")
    other_round = make.round("Another round", status=RoundStatus.DECIDED)
    other_bid = make.bid(other_round, "X-01")
    stranger = make.member(other_round, make.user("stranger", "Sam Stranger"), trained=True)
    return SimpleNamespace(
        round=round_,
        criteria=(needs, plan),
        club=club,
        app=app,
        camp=camp,
        chair=chair,
        aisha=aisha,
        ben=ben,
        adult=adult,
        commissioner=make.commissioner(),
        other_round=other_round,
        other_bid=other_bid,
        stranger=stranger.user,
        outsider=make.user("outsider", "Olly Outsider"),
    )


@pytest.fixture
def inbox(app, monkeypatch):
    """A real SMTP server on this machine, and the app set up to send through it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield handler
    controller.stop()
