"""The access log also covers the meeting record, the list of worries and one worry, and each bid's decision
page and letter: opening one notes one entry, and the log says in words what was looked at."""

import pytest
from sqlalchemy import select

from panel.core.audit import AccessRecord
from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.panel.training.journey_helpers import text


def _log() -> list[tuple[str, int | None, str]]:
    rows = db.session.scalars(select(AccessRecord).order_by(AccessRecord.id)).all()
    return [(row.action, row.round_id, row.subject) for row in rows]


@pytest.fixture
def world(make):
    """A decided round with a bid, its meeting, a decision, a chair, a young member and a worry."""
    round_ = make.round("Youth fund", criteria=1)
    bid = make.bid(round_, "YF-07", title="Skate park lights")
    chair = make.member(
        round_, make.user("chloe", "Chloe Chair"), role=MemberRole.CHAIR, kind=MemberKind.ADULT
    )
    young = make.member(round_, make.user("aisha", "Aisha Khan"))
    make.meeting(round_)
    round_.status = RoundStatus.DECIDED
    make.decision(round_, bid)
    worry = make.worry(young, "Someone at the youth centre scares me.")
    db.session.commit()
    return {
        "round": round_,
        "bid": bid,
        "chair": chair.user,
        "young": young.user,
        "worry": worry,
        "commissioner": make.commissioner(),
    }


PAGES = {
    # name: (path, action, subject, what the log says)
    "meeting record": (
        "/rounds/{round}/meeting/record",
        "meeting_record_viewed",
        "",
        "Looked at the meeting record (who did what in the meeting)",
    ),
    "worries": ("/safeguarding", "worries_listed", "1 worry", "Looked at the list of worries"),
    "a worry": ("/safeguarding/{worry}", "worry_read", "Worry {worry}", "Read a worry"),
    "decision": (
        "/rounds/{round}/decisions/{bid}",
        "decision_viewed",
        "YF-07",
        "Looked at the panel's view of one bid and its final decision",
    ),
    "letter": (
        "/rounds/{round}/decisions/{bid}/letter",
        "letter_viewed",
        "YF-07",
        "Looked at the letter to one bidder",
    ),
    "letter download": (
        "/rounds/{round}/decisions/{bid}/letter.txt",
        "letter_downloaded",
        "YF-07",
        "Downloaded the letter to one bidder",
    ),
}


def _ids(world) -> dict:
    return {"round": world["round"].id, "bid": world["bid"].id, "worry": world["worry"].id}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_opening_the_page_notes_one_entry_and_the_log_says_what_in_words(client, login, world, page):
    path, action, subject, words = PAGES[page]
    ids = _ids(world)
    commissioner = login(world["commissioner"])
    assert client.get(path.format(**ids)).status_code == 200
    # The list of worries spans rounds, so its entry names none; everything else is about this round.
    round_id = None if page == "worries" else world["round"].id
    assert _log() == [(action, round_id, subject.format(**ids))]
    row = db.session.scalars(select(AccessRecord)).one()
    assert row.actor_id == commissioner.id
    log = text(client.get("/audit"))
    assert words in log and "Casey Commissioner" in log
    assert action not in log  # in words, not the code


def test_the_chair_opening_the_meeting_record_is_logged_too(client, login, world):
    login(world["chair"])
    assert client.get(f"/rounds/{world['round'].id}/meeting/record").status_code == 200
    assert _log() == [("meeting_record_viewed", world["round"].id, "")]
    assert db.session.scalars(select(AccessRecord)).one().actor_id == world["chair"].id


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_refused_look_at_these_pages_is_not_logged(client, login, world, page):
    login(world["young"])
    assert client.get(PAGES[page][0].format(**_ids(world))).status_code == 403
    assert _log() == []


def test_saving_a_decision_is_not_a_second_look(client, login, world):
    """The decision page is logged when it is opened; the save that follows is the decision, not a look."""
    login(world["commissioner"])
    path = f"/rounds/{world['round'].id}/decisions/{world['bid'].id}"
    client.get(path)
    client.post(path, data={})
    assert [action for action, _, _ in _log()] == ["decision_viewed"]
