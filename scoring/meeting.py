"""The live consensus meeting as pure rules: its phases, the commands, and who may give which one when.

`decide(state, command, actor, now)` either accepts a command, returning the new state and the events for the
meeting record, or refuses it with a reason a person can read. Nothing here touches a database or a socket.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeAlias

from scoring.consensus import Recommendation, View, consensus_problems, recommendation_problems
from scoring.criteria import Scale


class Phase(StrEnum):
    WAITING = "waiting"
    BID = "bid"
    FIRST_VIEW = "first_view"
    VIEWS = "views"
    SCORES = "scores"
    DISCUSS = "discuss"
    AGREE = "agree"
    PAUSED = "paused"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    Phase.WAITING: "Waiting to start",
    Phase.BID: "Looking at the bid",
    Phase.FIRST_VIEW: "First views, in secret",
    Phase.VIEWS: "First views shown",
    Phase.SCORES: "Scores shown",
    Phase.DISCUSS: "Talking it through",
    Phase.AGREE: "Agreeing",
    Phase.PAUSED: "Paused",
    Phase.CLOSED: "Finished",
}

# A bid's own steps, in order; the meeting's phase is the current bid's step while it runs.
STEPS = (Phase.BID, Phase.FIRST_VIEW, Phase.VIEWS, Phase.SCORES, Phase.DISCUSS, Phase.AGREE)


class Status(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    PAUSED = "paused"
    CLOSED = "closed"


class Who(StrEnum):
    """What an actor is to this meeting; one person can be several (a chair who is also a panel member)."""

    CHAIR = "chair"
    MEMBER = "member"
    SCRIBE = "scribe"


@dataclass(frozen=True)
class Actor:
    """Who gave a command: a panel seat (membership id), or None for a commissioner running the meeting."""

    member: int | None
    chair: bool = False


@dataclass(frozen=True)
class Agreement:
    """What the room agreed for one bid."""

    consensus: Mapping[int, int]
    recommendation: Recommendation
    amount: int | None
    conditions: str
    reasons: str


@dataclass(frozen=True)
class Item:
    """One bid on the agenda and how far the meeting has got with it."""

    bid: int
    label: str
    requested: int
    step: Phase = Phase.BID
    conflicted: frozenset[int] = frozenset()
    views: Mapping[int, View] = field(default_factory=dict)
    views_revealed: bool = False
    scores_revealed: bool = False
    spoken: frozenset[int] = frozenset()
    notes: str = ""
    agreement: Agreement | None = None
    revision: int = 0


@dataclass(frozen=True)
class MeetingState:
    """Everything `decide` needs: the agenda, where the meeting is, the queue, and who sits on the panel."""

    items: tuple[Item, ...]
    members: Mapping[int, bool]  # membership id -> is a young person
    scales: Mapping[int, Scale]  # criterion id -> its scale
    status: Status = Status.WAITING
    cursor: int = 0
    queue: tuple[int, ...] = ()
    speaking: int | None = None
    scribe: int | None = None
    break_until: datetime | None = None
    break_requests: tuple[int, ...] = ()
    turns_young: int = 0
    turns_adult: int = 0

    @property
    def current(self) -> Item | None:
        """The bid under discussion, once the meeting has started and until it closes."""
        if self.status in (Status.RUNNING, Status.PAUSED):
            return self.items[self.cursor]
        return None

    @property
    def phase(self) -> Phase:
        if self.status is Status.RUNNING:
            return self.items[self.cursor].step
        return Phase(self.status.value)


@dataclass(frozen=True)
class Command:
    """A command as read from a form or a socket. Chair commands name where the chair's screen was."""

    name: str
    args: Mapping[str, object] = field(default_factory=dict)
    expect_bid: int | None = None
    expect_phase: Phase | None = None


class Audience(StrEnum):
    """Who an event's details may reach."""

    ROOM = "room"
    CHAIR = "chair"
    ACTOR = "actor"


@dataclass(frozen=True)
class Event:
    """One line of the meeting record."""

    kind: str
    bid: int | None
    detail: Mapping[str, object] = field(default_factory=dict)
    audience: Audience = Audience.ROOM


@dataclass(frozen=True)
class Accepted:
    state: MeetingState
    events: tuple[Event, ...]

    @property
    def changed(self) -> bool:
        return bool(self.events)


@dataclass(frozen=True)
class Refused:
    reason: str
    problems: Mapping[str, str] = field(default_factory=dict)


SAME = "same"  # the phase does not change
GO = "go"  # the phase becomes the chosen bid's own step
RESUME = "resume"  # back to the current bid's step

CHAIR, MEMBER, SCRIBE = frozenset({Who.CHAIR}), frozenset({Who.MEMBER}), frozenset({Who.CHAIR, Who.SCRIBE})
ON_A_BID = STEPS
TALKING = (Phase.SCORES, Phase.DISCUSS, Phase.AGREE)

# command, who may give it, the phases it may be given in, the phase it leads to (or SAME, GO, RESUME).
_ROWS: tuple[tuple[str, frozenset[Who], tuple[Phase, ...], Phase | str], ...] = (
    ("start", CHAIR, (Phase.WAITING,), Phase.BID),
    ("first_view", CHAIR, (Phase.BID,), Phase.FIRST_VIEW),
    ("give_view", MEMBER, (Phase.FIRST_VIEW,), SAME),
    ("reveal_views", CHAIR, (Phase.FIRST_VIEW,), Phase.VIEWS),
    ("reveal_scores", CHAIR, (Phase.BID, Phase.VIEWS), Phase.SCORES),
    ("discuss", CHAIR, (Phase.SCORES,), Phase.DISCUSS),
    ("raise_hand", MEMBER, TALKING, SAME),
    ("lower_hand", MEMBER, TALKING, SAME),
    ("give_turn", CHAIR, TALKING, SAME),
    ("end_turn", CHAIR, TALKING, SAME),
    ("set_scribe", CHAIR, (Phase.WAITING, *ON_A_BID, Phase.PAUSED), SAME),
    ("save_notes", SCRIBE, (*ON_A_BID, Phase.PAUSED), SAME),
    ("agree", CHAIR, (Phase.DISCUSS,), Phase.AGREE),
    ("record", CHAIR, (Phase.AGREE,), SAME),
    ("next", CHAIR, ON_A_BID, GO),
    ("back", CHAIR, ON_A_BID, GO),
    ("go_to", CHAIR, ON_A_BID, GO),
    ("move", CHAIR, (Phase.WAITING, *ON_A_BID, Phase.PAUSED), SAME),
    ("pause", CHAIR, ON_A_BID, Phase.PAUSED),
    ("resume", CHAIR, (Phase.PAUSED,), RESUME),
    ("need_break", MEMBER, (*ON_A_BID, Phase.PAUSED), SAME),
    ("close", CHAIR, (*ON_A_BID, Phase.PAUSED), Phase.CLOSED),
)

# (phase, command) -> (who may give it, the phase it leads to): the meeting's process diagram as a table.
TRANSITIONS: dict[tuple[Phase, str], tuple[frozenset[Who], Phase | str]] = {
    (phase, name): (who, to) for name, who, phases, to in _ROWS for phase in phases
}
COMMANDS = tuple(dict.fromkeys(name for name, *_ in _ROWS))
CHAIR_COMMANDS = frozenset(name for name, who, *_ in _ROWS if Who.CHAIR in who)
_ROLES = {name: who for name, who, *_ in _ROWS}

NOT_NOW = 'That can\'t be done right now: the meeting is at "{phase}".'
ONLY_CHAIR = "Only the chair can do that."
ONLY_MEMBERS = "Only panel members can do that."
ONLY_SCRIBE = "Only the chair or the note-taker can write the notes."
STEPPING_OUT = "You have a conflict with this bid, so you're stepping out for this one."
CHAIR_STEPPING_OUT = (
    "You have a conflict with this bid, so you're stepping out for it. A commissioner can run it, "
    "or you can move the meeting on."
)
# What a chair with a conflict on the bid under discussion may still do: move the meeting on, or pause or end it.
CHAIR_WHILE_OUT = frozenset({"next", "back", "go_to", "move", "pause", "resume", "close", "set_scribe"})
MOVED_ON = "The meeting moved on before that arrived. Your screen now shows where it is."
FINISHED = "The meeting has finished."
UNKNOWN = "That is not something the meeting can do."
MAX_NOTES = 10_000
MAX_BREAK_MINUTES = 60


def who_is(state: MeetingState, actor: Actor) -> frozenset[Who]:
    """What this actor is to the meeting right now."""
    who = set()
    if actor.chair:
        who.add(Who.CHAIR)
    if actor.member is not None and actor.member in state.members:
        who.add(Who.MEMBER)
        if state.scribe == actor.member:
            who.add(Who.SCRIBE)
    return frozenset(who)


def allowed(state: MeetingState, name: str, actor: Actor) -> bool:
    """Whether the table lets this actor give this command in the current phase (before checking arguments)."""
    rule = TRANSITIONS.get((state.phase, name))
    return rule is not None and bool(rule[0] & who_is(state, actor))


def decide(state: MeetingState, command: Command, actor: Actor, now: datetime) -> Accepted | Refused:
    """Accept the command, giving the new state and its record, or refuse it with a reason."""
    if command.name not in COMMANDS:
        return Refused(UNKNOWN)
    if state.status is Status.CLOSED:
        return Refused(FINISHED)
    rule = TRANSITIONS.get((state.phase, command.name))
    who = who_is(state, actor)
    if rule is not None and not rule[0] & who:
        return Refused(_role_refusal(rule[0]))
    if rule is None and command.name in CHAIR_COMMANDS and not _ROLES[command.name] & who:
        return Refused(_role_refusal(_ROLES[command.name]))
    if command.name in CHAIR_COMMANDS and _moved_on(state, command):
        return Refused(MOVED_ON)
    if (
        rule is not None
        and Who.CHAIR in rule[0]
        and actor.chair
        and command.name not in CHAIR_WHILE_OUT
        and _out(state, actor.member)
    ):
        return Refused(CHAIR_STEPPING_OUT)
    if rule is None:
        return Refused(NOT_NOW.format(phase=state.phase.label))
    outcome = _HANDLERS[command.name](state, command, actor, now)
    if isinstance(outcome, Refused):
        return outcome
    new_state, events = outcome
    target = rule[1]
    # SAME, GO and RESUME are plain strings; any other target is the Phase the command leads to.
    if isinstance(target, Phase) and new_state.status is Status.RUNNING:
        new_state = _with_step(new_state, target)
    return Accepted(new_state, events)


def _role_refusal(who: frozenset[Who]) -> str:
    if Who.SCRIBE in who:
        return ONLY_SCRIBE
    return ONLY_CHAIR if Who.CHAIR in who else ONLY_MEMBERS


def _moved_on(state: MeetingState, command: Command) -> bool:
    """A chair command pressed on a screen showing another bid or phase (a second device, or a replay)."""
    if command.expect_phase is not None and command.expect_phase is not state.phase:
        return True
    current = state.current
    return command.expect_bid is not None and (current is None or current.bid != command.expect_bid)


def _with_step(state: MeetingState, step: Phase) -> MeetingState:
    items = list(state.items)
    items[state.cursor] = replace(items[state.cursor], step=step)
    return replace(state, items=tuple(items))


def _with_item(state: MeetingState, item: Item) -> MeetingState:
    items = list(state.items)
    items[state.cursor] = item
    return replace(state, items=tuple(items))


def _event(state: MeetingState, kind: str, audience: Audience = Audience.ROOM, **detail: object) -> Event:
    current = state.current
    return Event(kind, current.bid if current else None, detail, audience)


def _out(state: MeetingState, member: int | None) -> bool:
    current = state.current
    return member is not None and current is not None and member in current.conflicted


# Each handler returns (new state, events) or a Refused; the phase change from the table is applied after.
_Handled: TypeAlias = tuple[MeetingState, tuple[Event, ...]] | Refused
_Handler: TypeAlias = Callable[[MeetingState, Command, Actor, datetime], _Handled]


def _on_a_bid(state: MeetingState) -> Item:
    """The bid under discussion, for a handler the table only runs on a bid's own step or while paused."""
    item = state.current
    # Those phases mean the meeting is running or paused, and then there is always a current bid.
    assert item is not None, "a command about the current bid was given with no bid open"
    return item


def _seat(actor: Actor) -> int:
    """The membership id of an actor the table lets give a member command."""
    # `who_is` makes an actor a member only when they hold a seat, so a member command always has one.
    assert actor.member is not None, "a member command was given without a seat on the panel"
    return actor.member


def _start(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    started = replace(state, status=Status.RUNNING, cursor=0)
    return started, (_event(started, "start"),)


def _plain(kind: str) -> _Handler:
    def handler(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
        return state, (_event(state, kind),)

    return handler


def _give_view(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if _out(state, actor.member):
        return Refused(STEPPING_OUT)
    view = command.args.get("view")
    if not isinstance(view, View):
        return Refused("Choose fund it, not sure, or don't fund it.")
    item, member = _on_a_bid(state), _seat(actor)
    if item.views.get(member) is view:
        return state, ()
    views = {**item.views, member: view}
    new_state = _with_item(state, replace(item, views=views))
    # Only the member themself learns which view was given; the room hears that one more view is in.
    return new_state, (_event(new_state, "give_view", Audience.ACTOR, member=member, view=view.value),)


def _reveal_views(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    new_state = _with_item(state, replace(_on_a_bid(state), views_revealed=True))
    return new_state, (_event(new_state, "reveal_views"),)


def _reveal_scores(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    new_state = _with_item(state, replace(_on_a_bid(state), scores_revealed=True))
    return new_state, (_event(new_state, "reveal_scores"),)


def _raise_hand(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if _out(state, actor.member):
        return Refused(STEPPING_OUT)
    member = _seat(actor)
    if member in state.queue:
        return Refused("Your hand is already up. The chair will give you a turn.")
    new_state = replace(state, queue=(*state.queue, member))
    return new_state, (_event(new_state, "raise_hand", member=member),)


def _lower_hand(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if actor.member not in state.queue:
        return Refused("Your hand isn't up.")
    new_state = replace(state, queue=tuple(m for m in state.queue if m != actor.member))
    return new_state, (_event(new_state, "lower_hand", member=actor.member),)


def _give_turn(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    member = command.args.get("member")
    if not isinstance(member, int) or member not in state.members:
        return Refused("Choose someone on the panel.")
    if _out(state, member):
        return Refused("They have a conflict with this bid, so they're stepping out for this one.")
    item = _on_a_bid(state)
    young = state.members[member]
    new_state = replace(
        _with_item(state, replace(item, spoken=item.spoken | {member})),
        queue=tuple(m for m in state.queue if m != member),
        speaking=member,
        turns_young=state.turns_young + young,
        turns_adult=state.turns_adult + (not young),
    )
    return new_state, (_event(new_state, "give_turn", member=member, young=young),)


def _end_turn(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if state.speaking is None:
        return Refused("Nobody has the turn right now.")
    new_state = replace(state, speaking=None)
    return new_state, (_event(new_state, "end_turn"),)


def _set_scribe(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    member = command.args.get("member")
    if member is not None and (not isinstance(member, int) or member not in state.members):
        return Refused("Choose someone on the panel to take notes.")
    if member == state.scribe:
        return state, ()
    new_state = replace(state, scribe=member)
    return new_state, (_event(new_state, "set_scribe", member=member),)


def _save_notes(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if _out(state, actor.member):
        return Refused(STEPPING_OUT)
    notes = command.args.get("notes")
    if not isinstance(notes, str):
        return Refused("Write the notes as text.")
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        return Refused(f"The notes can be at most {MAX_NOTES:,} characters.", {"notes": "Too long"})
    item = _on_a_bid(state)
    if notes == item.notes:
        return state, ()
    new_state = _with_item(state, replace(item, notes=notes))
    return new_state, (_event(new_state, "save_notes", notes=notes),)


def _record(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    item = _on_a_bid(state)
    if command.args.get("revision") != item.revision:
        return Refused(MOVED_ON)
    args = command.args
    given_consensus = args.get("consensus")
    # Criterion ids as `meeting_input` reads them; `consensus_problems` checks each one and its score.
    consensus: Mapping[int, object] = given_consensus if isinstance(given_consensus, Mapping) else {}
    given_recommendation = args.get("recommendation")
    recommendation = given_recommendation if isinstance(given_recommendation, Recommendation) else None
    given_amount = args.get("amount")
    amount = given_amount if isinstance(given_amount, int) else None
    conditions = str(args.get("conditions") or "").strip()
    reasons = str(args.get("reasons") or "").strip()
    problems = {
        f"consensus-{criterion}": problem
        for criterion, problem in consensus_problems(state.scales, consensus).items()
    }
    problems.update(recommendation_problems(recommendation, amount, item.requested, conditions, reasons))
    unreadable = args.get("unreadable")  # what could not even be read (see meeting_input)
    if isinstance(unreadable, Mapping):
        problems.update(unreadable)
    if problems:
        return Refused("Some of the agreement is missing or needs a change.", problems)
    # With no problems there is a recommendation, and every criterion sent is on the sheet with a whole-number
    # score on its scale, so this keeps every score.
    assert recommendation is not None, "recommendation_problems lets no missing recommendation through"
    agreed = {criterion: score for criterion, score in consensus.items() if isinstance(score, int)}
    agreement = Agreement(agreed, recommendation, amount or None, conditions, reasons)
    new_state = _with_item(state, replace(item, agreement=agreement, revision=item.revision + 1))
    return new_state, (
        _event(
            new_state,
            "record",
            recommendation=recommendation.value,
            amount=amount or 0,
            consensus={str(k): v for k, v in agreed.items()},
            conditions=conditions,
            reasons=reasons,
        ),
    )


def _go(state: MeetingState, target: int) -> MeetingState:
    """Move to another bid: it opens at its own step; hands and the turn belong to the bid just left."""
    return replace(state, cursor=target, queue=(), speaking=None)


def _next(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if state.cursor + 1 >= len(state.items):
        return Refused("This is the last bid. When every bid has a recommendation, close the meeting.")
    new_state = _go(state, state.cursor + 1)
    return new_state, (_event(new_state, "go_to"),)


def _back(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    if state.cursor == 0:
        return Refused("This is the first bid.")
    new_state = _go(state, state.cursor - 1)
    return new_state, (_event(new_state, "go_to"),)


def _position_of(state: MeetingState, bid: object) -> int | None:
    return next((index for index, item in enumerate(state.items) if item.bid == bid), None)


def _go_to(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    target = _position_of(state, command.args.get("bid"))
    if target is None:
        return Refused("That bid is not on the agenda.")
    if target == state.cursor:
        return Refused("The meeting is already on that bid.")
    new_state = _go(state, target)
    return new_state, (_event(new_state, "go_to"),)


def _move(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    position = _position_of(state, command.args.get("bid"))
    step = command.args.get("step")
    if position is None:
        return Refused("That bid is not on the agenda.")
    if step not in (-1, 1):
        return Refused("Move a bid one place earlier or later.")
    target = position + step
    if not 0 <= target < len(state.items):
        return Refused("That bid is already " + ("first." if step < 0 else "last."))
    items = list(state.items)
    items[position], items[target] = items[target], items[position]
    current_bid = state.items[state.cursor].bid
    cursor = _position_of(replace(state, items=tuple(items)), current_bid)
    # Moving a bid only reorders the agenda, so the bid the meeting is on is still there.
    assert cursor is not None, "the current bid left the agenda"
    new_state = replace(state, items=tuple(items), cursor=cursor)
    moved = state.items[position]
    return new_state, (Event("move", moved.bid, {"to": target + 1}),)


def _pause(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    minutes = command.args.get("minutes", 0)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_BREAK_MINUTES:
        return Refused(f"Choose a break of 0 to {MAX_BREAK_MINUTES} minutes.")
    until = now + timedelta(minutes=minutes) if minutes else None
    new_state = replace(state, status=Status.PAUSED, break_until=until, break_requests=())
    return new_state, (_event(new_state, "pause", minutes=minutes),)


def _resume(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    new_state = replace(state, status=Status.RUNNING, break_until=None)
    return new_state, (_event(new_state, "resume"),)


def _need_break(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    member = _seat(actor)
    if member in state.break_requests:
        return state, ()
    new_state = replace(state, break_requests=(*state.break_requests, member))
    return new_state, (_event(new_state, "need_break", Audience.CHAIR, member=member),)


def _close(state: MeetingState, command: Command, actor: Actor, now: datetime) -> _Handled:
    missing = [item.label for item in state.items if item.agreement is None]
    if missing:
        return Refused(
            "Agree a recommendation for every bid before closing. Still to do: " + ", ".join(missing) + "."
        )
    new_state = replace(
        state, status=Status.CLOSED, queue=(), speaking=None, break_until=None, break_requests=()
    )
    return new_state, (Event("close", None),)


_HANDLERS: dict[str, _Handler] = {
    "start": _start,
    "first_view": _plain("first_view"),
    "give_view": _give_view,
    "reveal_views": _reveal_views,
    "reveal_scores": _reveal_scores,
    "discuss": _plain("discuss"),
    "raise_hand": _raise_hand,
    "lower_hand": _lower_hand,
    "give_turn": _give_turn,
    "end_turn": _end_turn,
    "set_scribe": _set_scribe,
    "save_notes": _save_notes,
    "agree": _plain("agree"),
    "record": _record,
    "next": _next,
    "back": _back,
    "go_to": _go_to,
    "move": _move,
    "pause": _pause,
    "resume": _resume,
    "need_break": _need_break,
    "close": _close,
}
