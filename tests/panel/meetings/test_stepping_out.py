"""Stepping out: someone with a conflict on the bid under discussion learns nothing about it, not even its step.

Their screen says they are stepping out and where the bid is in the agenda; it stays the same, byte for byte,
from the moment the chair reaches the bid until the meeting moves on, whatever the panel does with it.
"""

import re
from dataclasses import replace

import pytest
from flask import current_app

from panel.extensions import db, socketio
from panel.meetings.models import Meeting
from panel.meetings.protocol import Audience, build_view, render, room, screen_for, token
from panel.meetings.service import run_command
from panel.meetings.store import load
from scoring.meeting import STEPS

STEP_LABELS = [step.label for step in STEPS]


def _data(panel):
    db.session.expire_all()
    return load(db.session.get(Meeting, panel.meeting.id))


def _run(panel, user, name, **args):
    """A command as the person's screen sends it: a chair's names where the meeting is."""
    state = _data(panel).state
    expect = {"bid": state.current.bid if state.current else "", "phase": state.phase.value}
    outcome = run_command(panel.round, user, name, args, expect)
    assert outcome.ok, (name, outcome.message)


def _walk_the_bid(panel, run):
    """Every step of the conflicted bid, with a first view, a hand up, a turn, notes and a recorded agreement;
    after each, `run` is given a name for the moment."""
    commissioner = panel.commissioner
    _run(panel, commissioner, "start")
    _run(panel, commissioner, "go_to", bid=str(panel.bids[1].id))
    run("bid")
    _run(panel, commissioner, "first_view")
    run("first_view")
    _run(panel, panel.aisha.user, "give_view", view="fund")
    run("a first view given")
    _run(panel, commissioner, "reveal_views")
    run("views")
    _run(panel, commissioner, "reveal_scores")
    run("scores")
    _run(panel, panel.aisha.user, "raise_hand")
    run("a hand up")
    _run(panel, commissioner, "give_turn", member=token(panel.meeting.id, panel.aisha.id))
    run("someone speaking")
    _run(panel, commissioner, "discuss")
    _run(panel, commissioner, "save_notes", notes="Aisha likes the youth-led plan")
    run("discuss")
    _run(panel, commissioner, "agree")
    run("agree")
    needs, plan = panel.criteria
    _run(
        panel,
        commissioner,
        "record",
        consensus={str(needs.id): "3", str(plan.id): "2"},
        recommendation="fund_with_conditions",
        amount="£15,000",
        conditions="Report back in March",
        reasons="Young people want it",
        revision="0",
    )
    run("recorded")


def _secrets(panel) -> list[str]:
    """What the conflicted bid's screens show other people: none of it may reach someone stepping out."""
    bid = panel.bids[1]
    return [
        bid.reference,
        bid.title,
        bid.organisation,
        bid.summary,
        "£20,000",
        "£15,000",
        *(criterion.title for criterion in panel.criteria),
        "Aisha",
        "youth-led plan",
        "Young people want it",
        "Report back in March",
        "Fund with conditions",
        *STEP_LABELS,
    ]


@pytest.fixture
def heard(conflicted_chair, monkeypatch):
    """Walk the conflicted bid through every step; collect, at each moment, what someone stepping out gets:
    the update sent to their room, their own snapshot (a reload), the chair's stepping-out card, and what the
    projector screen the chair opened gets and shows."""
    panel = conflicted_chair
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(socketio, "emit", lambda event, payload, to, namespace: sent.append((to, payload)))
    bid_id = panel.bids[1].id
    meeting_id = panel.meeting.id
    rooms = {
        "update": room(meeting_id, f"out-{bid_id}"),
        "chair update": room(meeting_id, f"chair-out-{bid_id}"),
        "projector update": room(meeting_id, f"screen-out-{bid_id}"),
    }
    found: dict[str, dict[str, str]] = {
        kind: {} for kind in (*rooms, "snapshot", "projector snapshot", "render")
    }

    def run(moment: str) -> None:
        data = replace(_data(panel), seq=0)
        with current_app.test_request_context():  # links need a request; the test's own app lends one
            found["render"][moment] = render(build_view(data, Audience.OUT))
            found["snapshot"][moment] = render(*screen_for(data, panel.dev.user, panel.dev))
            # The projector screen the chair opened steps out with them.
            chair_screen = screen_for(data, panel.chair.user, panel.chair, screen=True)
            found["projector snapshot"][moment] = render(*chair_screen)
        for kind, name in rooms.items():
            html = [payload["html"] for to, payload in sent if to == name][-1]
            found[kind][moment] = re.sub(r'data-seq="\d+"', 'data-seq=""', html)
        sent.clear()

    _walk_the_bid(panel, run)
    return found


@pytest.fixture
def conflicted_chair(panel, make):
    """The chair has a conflict with the second bid too: a commissioner runs it."""
    make.conflict(panel.chair, panel.bids[1])
    return panel


@pytest.mark.parametrize(
    "kind", ["render", "update", "snapshot", "chair update", "projector update", "projector snapshot"]
)
def test_the_stepping_out_screen_is_the_same_at_every_step_of_the_bid(conflicted_chair, heard, kind):
    screens = heard[kind]
    assert list(screens) == [
        "bid",
        "first_view",
        "a first view given",
        "views",
        "scores",
        "a hand up",
        "someone speaking",
        "discuss",
        "agree",
        "recorded",
    ]
    assert len(set(screens.values())) == 1, kind
    assert "You're stepping out for this one" in screens["bid"]


@pytest.mark.parametrize(
    "kind", ["render", "update", "snapshot", "chair update", "projector update", "projector snapshot"]
)
def test_the_stepping_out_screen_carries_nothing_about_the_bid(conflicted_chair, heard, kind):
    html = heard[kind]["recorded"]
    for secret in _secrets(conflicted_chair):
        assert secret not in html, secret
    for step in STEPS:
        assert f'"{step.value}"' not in html, step.value
    assert "Bid 2 of 3" in html and "A bid you have a link to" in html
    bid_id = conflicted_chair.bids[1].id
    assert f'cp-agenda-{bid_id}"' not in html and f'data-bid="{bid_id}"' not in html
    if kind == "chair update":
        # The chair's Back and Next say which bid they move on from (a second device may have moved already),
        # never its step.
        assert f'name="expect_bid" value="{bid_id}"' in html
        assert 'name="expect_phase" value=""' in html
    else:
        assert "expect_bid" not in html and "expect_phase" not in html
