"""The round the disclosure walks share (every page and form, every meeting event, the command line), moved
through its stages as the journey moves it, and what the one rule in scoring/disclosure.py lets each person
see of it at each stage.

Every comment, strength and concern a scorer typed carries a marker of its own, so a text leak is found by
looking for markers; a number leak (a median, a split, a total) carries none, so each walk reads its surface
again after shift_scores and compares."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from panel.extensions import db
from panel.meetings.models import FirstView, Meeting, MeetingItem
from panel.rounds.models import Criterion
from panel.sheets.models import Sheet, SheetScore
from scoring.disclosure import Sight, Viewer, score_sight
from scoring.meeting import Status
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests import factories
from tests.panel.route_ids import route_ids

# Scoring; the meeting, before it shows any scores; the meeting showing the first bid's scores; the round
# decided; the decisions published.
STAGES = ("scoring", "meeting", "revealed", "decided", "published")
# Two members (young and adult), a member with a link to the first bid, the chair, a commissioner, someone
# signed in from no panel, a member of another round's panel, and the round's safeguarding lead.
WHO = ("young", "adult", "conflicted", "chair", "commissioner", "outsider", "elsewhere", "lead")

STATUS = {
    "scoring": RoundStatus.SCORING,
    "meeting": RoundStatus.MEETING,
    "revealed": RoundStatus.MEETING,
    "decided": RoundStatus.DECIDED,
    "published": RoundStatus.PUBLISHED,
}

# How someone in the meeting gives a command (who, its name, its arguments as a socket sends them): over HTTP,
# or on their meeting socket.
Says = Callable[[str, str, dict], None]


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
    revealed: set = field(default_factory=set)  # bid ids whose scores the meeting has shown to the room


def build_world(make) -> World:
    """A round being scored: two bids; a young member, an adult member, a member conflicted on the first bid
    and a chair (conflicted on it too) on its panel; a commissioner; the round's safeguarding lead; someone from
    another round; someone signed in from nowhere."""
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
    make.conflict(seats["chair"], bids["R1"])  # the chair steps out for it too: a commissioner runs it
    other_round = make.round("Other fund", status=RoundStatus.SCORING)
    elsewhere = make.member(other_round, make.user("eli", "Eli Elsewhere"), trained=True)
    lead = make.user("sal", "Sal Safeguarding")
    lead.is_safeguarding_lead = True
    round_.safeguarding_lead_id = lead.id
    db.session.commit()
    people = {who: seat.user for who, seat in seats.items()}
    people |= {"commissioner": make.commissioner(), "outsider": make.user("out", "Oz Outsider")}
    people |= {"elsewhere": elsewhere.user, "lead": lead}
    made = World(round_, bids, people, seats, {"conflicted": {bids["R1"].id}, "chair": {bids["R1"].id}})
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


def over_http(app, world: World) -> Says:
    """Meeting commands as the plain forms of the meeting pages send them (no websocket)."""
    clients: dict = {}

    def says(who: str, name: str, args: dict) -> None:
        if who not in clients:
            clients[who] = app.test_client()
            with clients[who].session_transaction() as session:
                session.update(factories.signed_in(world.people[who]))
        fields = {key: value for key, value in args.items() if key != "consensus"}
        fields |= {f"consensus-{key}": value for key, value in args.get("consensus", {}).items()}
        clients[who].post(f"/rounds/{world.round.id}/meeting/command", data={"name": name, **fields})

    return says


def move_to(world: World, stage: str, says: Says) -> None:
    """Move the round on one stage, as the journey would: the meeting is opened; its chair opens the first bid,
    which they step out for, so a commissioner asks for first views and shows them, then the bid's scores; a
    recommendation is recorded for each bid (the chair shows the second bid's scores on the way) and the chair
    closes the meeting; the commissioner decides and publishes."""
    world.stage = stage
    first, second = world.bids["R1"], world.bids["R2"]
    if stage == "meeting":
        factories.meeting(world.round)
    if stage == "revealed":
        says("chair", "start", {})  # the first bid on the agenda, R1, which the chair steps out for
        says("commissioner", "first_view", {})
        says("young", "give_view", {"view": "fund"})
        says("adult", "give_view", {"view": "do_not_fund"})
        says("commissioner", "reveal_views", {})
        says("commissioner", "reveal_scores", {})
        world.revealed.add(first.id)
        assert db.session.scalar(select(func.count(FirstView.id))) == 2, (
            "the first views did not reach the meeting"
        )
    if stage == "decided":
        agreed = {
            "revision": 0,
            "consensus": {world.ids["criterion_id"]: 2},
            "recommendation": "fund",
            "amount": "250000",
            "reasons": "Young people asked for it.",
        }
        for command in ("discuss", "agree"):
            says("commissioner", command, {})
        says("commissioner", "record", agreed)
        says("chair", "next", {})  # a chair stepping out may move the meeting on
        for command in ("reveal_scores", "discuss", "agree"):
            says("chair", command, {})
        says("chair", "record", agreed)
        says("chair", "close", {})
        world.revealed.add(second.id)
        meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == world.round.id))
        db.session.refresh(meeting)
        assert meeting.status is Status.CLOSED, "the chair could not run the meeting to its end"
        for bid in world.bids.values():
            factories.decision(world.round, bid)
        world.round.status = RoundStatus.DECIDED
        db.session.commit()
    if stage == "published":
        factories.published(world.round)
    shown = select(MeetingItem.bid_id).where(MeetingItem.scores_revealed_at.is_not(None))
    assert set(db.session.scalars(shown)) == world.revealed, "the chair's commands did not reach the meeting"


def reach(world: World, stage: str, says: Says) -> None:
    """Move the round from scoring through every stage up to `stage`."""
    for step in STAGES[1 : STAGES.index(stage) + 1]:
        move_to(world, step, says)


def viewer(world: World, who: str, bid_id: int) -> Viewer:
    if who == "commissioner":
        return Viewer.COMMISSIONER
    if who not in world.seats:
        return Viewer.OUTSIDER
    if bid_id in world.conflicted_on.get(who, set()):
        return Viewer.CONFLICTED
    return Viewer.CHAIR if who == "chair" else Viewer.MEMBER


def sight(world: World, who: str, bid_id: int) -> Sight:
    """What the rule lets `who` see of this bid's scores now."""
    return score_sight(viewer(world, who, bid_id), STATUS[world.stage], bid_id in world.revealed)


def hidden_from(world: World, who: str, bid_ids) -> bool:
    """Whether every number made from these bids' scores is hidden from `who` now (seeing who has finished is
    not seeing a number)."""
    return all(sight(world, who, bid_id) < Sight.AGGREGATES for bid_id in bid_ids)


def may_see(world: World, who: str, marker: str) -> bool:
    author, bid_id = world.markers[marker]
    if who in world.people and world.people[who].id == author:
        return True  # your own sheet
    return sight(world, who, bid_id) >= Sight.ANONYMISED


def leaks(world: World, who: str, where: str, text: str) -> list[str]:
    """The markers in `text` that `who` may not see, each named with where it was found."""
    return [
        f"{who} at {world.stage}: {where} shows {marker}"
        for marker in world.markers
        if marker in text and not may_see(world, who, marker)
    ]


def shift_scores(world: World, bid_ids, steps: int = 1) -> None:
    """Move every score on these bids one step round its scale (0 -> 1 ... 4 -> 0), as a round alike in all
    else would hold: every median, spread, split and total of them changes, and nothing else does. With
    steps=-1, move them back."""
    scales = {
        criterion.id: (criterion.scale_min, criterion.scale_max)
        for criterion in db.session.scalars(select(Criterion).where(Criterion.round_id == world.round.id))
    }
    for score in db.session.scalars(
        select(SheetScore).join(Sheet).where(Sheet.bid_id.in_(list(bid_ids)), SheetScore.score.is_not(None))
    ):
        low, high = scales[score.criterion_id]
        score.score = low + (score.score - low + steps) % (high - low + 1)
    db.session.commit()
