"""Blind scoring on every page: every route that reads (every GET in the URL map, keyed by its URL rule, every
sheet of the decisions workbook as a CSV), asked by every kind of person at every stage of a round, against the
one rule in scoring/disclosure.py.

Text leaks: each scorer's comments carry a marker of their own; a page may show a marker only to its author or to
someone the rule lets see that bid's individual scores. Number leaks (medians, splits, totals carry no marker):
before the reveal every page is read twice, with the hidden scores changed in between; any difference is a leak.
A new route whose arguments the walk cannot fill fails the first test, so nothing new escapes the walk."""

import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from panel.core.models import utcnow
from panel.exports.operations import decisions_workbook
from panel.exports.routes import sheet_slug
from panel.extensions import db
from panel.meetings.models import MeetingItem
from panel.sheets.models import SheetScore
from scoring.disclosure import Sight, Viewer, score_sight
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests import factories
from tests.panel.route_ids import route_ids

STAGES = ("scoring", "meeting", "revealed", "decided", "published")


@dataclass
class World:
    round: object
    bids: dict  # reference -> bid
    people: dict  # who -> user
    seats: dict  # who -> membership (panel only)
    conflicted_on: dict  # who -> set of bid ids
    markers: dict = field(default_factory=dict)  # marker -> (author user id, bid id)
    ids: dict = field(default_factory=dict)
    stage: str = "scoring"


def _status(stage: str) -> RoundStatus:
    return {
        "scoring": RoundStatus.SCORING,
        "meeting": RoundStatus.MEETING,
        "revealed": RoundStatus.MEETING,
        "decided": RoundStatus.DECIDED,
        "published": RoundStatus.PUBLISHED,
    }[stage]


@pytest.fixture
def login(client):
    """Signs the client in as a person, in one session per person for the whole walk: each reading by the same
    person is the same browser, so the pages that list where someone is signed in (Your account, a
    commissioner's page for helping a member sign in) read the same every time."""
    kept: dict[int, dict] = {}

    def sign_in(user):
        if user.id not in kept:
            kept[user.id] = factories.signed_in(user)
        with client.session_transaction() as session:
            session.clear()
            session.update(kept[user.id])
        return user

    return sign_in


@pytest.fixture
def world(make):
    """A round being scored: two bids; a young member, an adult member, a member conflicted on the first bid
    and a chair on its panel; a commissioner; someone from another round; someone signed in from nowhere."""
    round_ = make.round("Open fund", status=RoundStatus.SCORING)
    need = make.criterion(round_, "Young people want it", scale=(0, 4))
    bids = {"R1": make.bid(round_, "R1"), "R2": make.bid(round_, "R2")}
    seats = {
        "young": make.member(round_, make.user("yara", "Yara Young"), trained=True),
        "adult": make.member(round_, make.user("abe", "Abe Adult"), kind=MemberKind.ADULT, trained=True),
        "conflicted": make.member(round_, make.user("cal", "Cal Conflicted"), trained=True),
        "chair": make.member(
            round_, make.user("cho", "Cho Chair"), role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True
        ),
    }
    conflict = make.conflict(seats["conflicted"], bids["R1"])
    other_round = make.round("Other fund", status=RoundStatus.SCORING)
    elsewhere = make.member(other_round, make.user("eli", "Eli Elsewhere"), trained=True)
    people = {who: seat.user for who, seat in seats.items()}
    people |= {"commissioner": make.commissioner(), "outsider": make.user("out", "Oz Outsider")}
    people["elsewhere"] = elsewhere.user
    made = World(round_, bids, people, seats, {"conflicted": {bids["R1"].id}})
    for number, (who, reference, score) in enumerate(
        [
            ("young", "R1", 4),
            ("adult", "R1", 1),
            ("young", "R2", 0),
            ("adult", "R2", 3),
            ("conflicted", "R2", 2),
        ]
    ):
        sheet = make.sheet(seats[who], bids[reference], {need: score}, strengths=f"STRENGTH{number}MARK")
        marker = f"COMMENT{number}MARK"
        for given in sheet.scores:
            given.comment = marker
        sheet.concerns = f"CONCERN{number}MARK"
        db.session.commit()
        for text in (marker, f"STRENGTH{number}MARK", f"CONCERN{number}MARK"):
            made.markers[text] = (seats[who].user_id, bids[reference].id)
    made.ids = route_ids(
        make, round_, bids["R2"], seat=seats["young"], conflict=conflict, requester=people["outsider"]
    )
    made.ids["token"] = "not-a-real-token"
    return made


def move_to(world: World, stage: str) -> None:
    """Move the round on, as the journey would."""
    world.stage = stage
    if stage == "meeting":
        factories.meeting(world.round)
    if stage == "revealed":
        item = db.session.scalar(select(MeetingItem).where(MeetingItem.bid_id == world.bids["R1"].id))
        item.scores_revealed_at = utcnow()
        db.session.commit()
    if stage == "decided":
        for bid in world.bids.values():
            factories.recommendation(world.round, bid, consensus={world.ids["criterion_id"]: 2})
            factories.decision(world.round, bid)
        world.round.status = RoundStatus.DECIDED
        db.session.commit()
    if stage == "published":
        factories.published(world.round)


def _viewer(world: World, who: str, bid_id: int) -> Viewer:
    if who == "commissioner":
        return Viewer.COMMISSIONER
    if who not in world.seats:
        return Viewer.OUTSIDER
    if bid_id in world.conflicted_on.get(who, set()):
        return Viewer.CONFLICTED
    return Viewer.CHAIR if who == "chair" else Viewer.MEMBER


def _may_see(world: World, who: str, marker: str) -> bool:
    author, bid_id = world.markers[marker]
    if world.people[who].id == author:
        return True  # your own sheet
    revealed = world.stage != "scoring" and world.stage != "meeting" and bid_id == world.bids["R1"].id
    sight = score_sight(_viewer(world, who, bid_id), _status(world.stage), revealed)
    return sight >= Sight.ANONYMISED


def _paths(app, world: World):
    """Every reading route with its arguments filled: both bids where a bid is asked for, every sheet."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        choices = [dict(world.ids)]
        if "bid_id" in rule.arguments:
            choices = [{**world.ids, "bid_id": bid.id} for bid in world.bids.values()]
        if "sheet" in rule.arguments:
            # Every sheet the workbook has, as the export page lists them: a new sheet is walked too.
            sheets = [sheet_slug(table) for table in decisions_workbook(world.round)]
            choices = [{**choice, "sheet": sheet} for choice in choices for sheet in sheets]
        for values in choices:
            missing = set(rule.arguments) - set(values)
            assert not missing, (
                f"{rule.rule}: the disclosure walk cannot fill {sorted(missing)}; add them here"
            )
            path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
            yield rule.rule, path
            if rule.endpoint.startswith("exports."):
                yield rule.rule, f"{path}?names=1"


def _read(client, path: str) -> str:
    response = client.get(path)
    if response.mimetype.endswith("sheet"):  # the workbook: read its cells
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(response.data))
        return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    if response.mimetype == "application/pdf":
        return response.data.decode("latin-1")
    return response.get_data(as_text=True)


WHO = ("young", "adult", "conflicted", "chair", "commissioner", "outsider", "elsewhere")


@pytest.mark.parametrize("stage", STAGES)
def test_no_page_shows_a_comment_to_someone_the_rule_does_not_let_see_it(app, client, login, world, stage):
    for step in STAGES[1 : STAGES.index(stage) + 1]:
        move_to(world, step)
    leaks = []
    for who in WHO:
        login(world.people[who])
        for rule, path in _paths(app, world):
            text = _read(client, path)
            leaks += [
                f"{who} at {stage}: {path} ({rule}) shows {marker}"
                for marker in world.markers
                if marker in text and not _may_see(world, who, marker)
            ]
    assert leaks == []


# What differs between two readings of the same page anyway: the script nonce and the signed CSRF token (it
# carries the time).
NONCE = re.compile(r'nonce="[^"]*"|"?[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"?')


def _shift_hidden_scores() -> None:
    """Change every score on the scale (0 <-> 4, 1 <-> 3), as a second round alike in all else would hold."""
    for score in db.session.scalars(select(SheetScore)):
        if score.score is not None:
            score.score = 4 - score.score
    db.session.commit()


# Pages that change as the walk itself goes on, never with a score: the access logs list every reading; My data
# shows a person only their own data (tests/panel/privacy/test_my_data.py) with the record of who looked at it;
# a worry shows whether the safeguarding lead has read it, which the lead's part of the walk does.
READ_LOGS = ("/audit", "/rounds/{round_id}/audit")
CHANGED_BY_READING = ("/my-data", "/worry/", "/safeguarding")


def _read_all(app, client, login, world: World) -> dict[tuple[str, str], str]:
    pages = {}
    for who in WHO:
        login(world.people[who])
        for _, path in _paths(app, world):
            pages[who, path] = NONCE.sub("", _read(client, path))
    return pages


def _own_data(world: World, who: str, path: str) -> bool:
    """A member's own sheet shows their own scores, which did change; My data shows only one's own."""
    return (who in world.seats and path.startswith(f"/rounds/{world.round.id}/sheets/")) or path.startswith(
        "/my-data"
    )


@pytest.mark.parametrize("stage", ("scoring", "meeting"))
def test_before_the_reveal_no_page_changes_with_the_hidden_scores(app, client, login, world, stage):
    if stage == "meeting":
        move_to(world, "meeting")
    logs = {path.format(**world.ids) for path in READ_LOGS}
    first = _read_all(app, client, login, world)
    again = _read_all(app, client, login, world)
    unsteady = sorted({path for (who, path), page in again.items() if page != first[who, path]} - logs)
    _shift_hidden_scores()
    after = _read_all(app, client, login, world)
    changed = [
        f"{who}: {path}"
        for (who, path), page in after.items()
        if page != again[who, path] and path not in logs and not _own_data(world, who, path)
    ]
    assert changed == [], "\n".join(changed)
    # A page that changes on its own could hide a leak: only those that list readings may.
    assert [path for path in unsteady if not path.startswith(CHANGED_BY_READING)] == []
