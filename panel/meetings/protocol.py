"""What each audience of a meeting is shown, and the rooms it goes to. See docs/meeting.md."""

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from enum import StrEnum
from functools import cached_property, lru_cache
from time import monotonic
from typing import cast

from flask import Flask, current_app, has_request_context, url_for
from sqlalchemy import func, select
from werkzeug.local import LocalProxy

from panel.core.templating import london_time
from panel.extensions import db, socketio
from panel.meetings.models import MeetingRecord
from panel.meetings.permissions import attendance
from panel.meetings.presence import NAMESPACE, present_user_ids
from panel.meetings.store import MeetingData, Seat, load, meeting_of
from panel.rounds.models import Membership, Round
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.consensus import (
    Given,
    Recommendation,
    View,
    biggest_disagreement_first,
    budget_position,
    consensus_difference,
    summarise,
    view_counts,
)
from scoring.disclosure import SMALLEST_SPLIT, split_shown
from scoring.meeting import Event, Phase, Status
from scoring.money import format_pounds
from scoring.people import MemberKind, MemberRole

BREAK_MINUTES = (0, 5, 10, 15, 20, 30)

# Where the meeting is, as someone stepping out for the current bid is told it: on this bid (whatever its step)
# or on a break. Never the bid's step: their screen stays the same, byte for byte, until the meeting moves on
# or takes a break.
STEPPING_OUT = "out"
STEPPING_OUT_LABEL = "You're stepping out"


class Audience(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    OUT = "out"
    SCREEN = "screen"


def token(meeting_id: int, membership_id: int) -> str:
    """A member's name in the queue as members' browsers see it: stable, and meaningless to anyone else."""
    return _token(current_app.config["SECRET_KEY"], meeting_id, membership_id)


@lru_cache(maxsize=4096)
def _token(secret: str, meeting_id: int, membership_id: int) -> str:
    return hmac.new(
        secret.encode(), f"meeting:{meeting_id}:{membership_id}".encode(), hashlib.sha256
    ).hexdigest()[:12]


def members_by_token(data: MeetingData) -> dict[str, int]:
    return {token(data.meeting.id, member): member for member in data.members}


class MembersByToken(Mapping):
    """members_by_token, worked out only when a command names a member (most commands don't)."""

    def __init__(self, data: MeetingData):
        self._data = data

    @cached_property
    def _table(self) -> dict[str, int]:
        return members_by_token(self._data)

    def __getitem__(self, key: str) -> int:
        return self._table[key]

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def room(meeting_id: int, name: str) -> str:
    return f"meeting-{meeting_id}-{name}"


def audience_of(data: MeetingData, user, membership: Membership | Seat | None, screen: bool) -> Audience:
    """Which rendering this person gets right now: anyone with a conflict on the current bid, the chair too,
    is out for it, on a projector screen they open too (a commissioner has no conflicts to declare and can run
    that bid, and show it on the projector)."""
    current = data.state.current
    if current is not None and membership is not None and membership.id in current.conflicted:
        return Audience.OUT
    chair = attendance(user, data.round, membership)[1]
    if chair and screen:
        return Audience.SCREEN
    return Audience.CHAIR if chair else Audience.MEMBER


def chair_rooms(data: MeetingData, membership: Membership | Seat | None) -> list[str]:
    """A commissioner's console hears everything; a chair who sits on the panel hears each bid from the 'in'
    or 'out' side of their own conflicts, like every other member."""
    return _rooms_by_conflict(data, membership, "chair")


def chair_targets(data: MeetingData) -> list[str]:
    """The rooms that get the chair's full screen now."""
    meeting_id, current = data.meeting.id, data.state.current
    if current is None:
        return [room(meeting_id, "chair"), room(meeting_id, "chair-members")]
    return [room(meeting_id, "chair"), room(meeting_id, f"chair-in-{current.bid}")]


def screen_rooms(data: MeetingData, membership: Membership | Seat | None) -> list[str]:
    """The projector screen's rooms. One a commissioner opens shows every bid; one the chair opens, like the
    chair's console, hears each bid from the 'in' or 'out' side of the chair's own conflicts."""
    return _rooms_by_conflict(data, membership, "screen")


def _rooms_by_conflict(data: MeetingData, membership: Membership | Seat | None, kind: str) -> list[str]:
    """A chair's console or projector (`kind`): the one room for everything when a commissioner (no seat on the
    panel) opens it, else '<kind>-members' and, for each bid, the 'in' or 'out' side of the seat's conflicts."""
    meeting_id = data.meeting.id
    if membership is None:
        return [room(meeting_id, kind)]
    rooms = [room(meeting_id, f"{kind}-members")]
    for item in data.state.items:
        side = "out" if membership.id in item.conflicted else "in"
        rooms.append(room(meeting_id, f"{kind}-{side}-{item.bid}"))
    return rooms


def member_rooms(data: MeetingData, membership: Membership | Seat) -> list[str]:
    """A member's socket sits in one room per bid, 'in' or 'out' by their conflicts, so a broadcast about a
    bid reaches exactly those who may hear it whichever server process holds their connection."""
    meeting_id = data.meeting.id
    rooms = [room(meeting_id, "members"), room(meeting_id, f"member-{membership.id}")]
    for item in data.state.items:
        side = "out" if membership.id in item.conflicted else "in"
        rooms.append(room(meeting_id, f"{side}-{item.bid}"))
    return rooms


def _number(value: float | None) -> str | None:
    return _figure(value) if value is not None else None


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _signed(value: float | None) -> str | None:
    if value is None:
        return None
    text = _figure(abs(value))
    return "0" if value == 0 else ("+" if value > 0 else "-") + text


def _name(seat: Seat | None) -> str | None:
    return seat.name if seat is not None else None


def score_summaries(data: MeetingData, bid_id: int) -> tuple[int, list]:
    """The submitted sheets for a bid, summarised per criterion (biggest disagreement first)."""
    key = ("scores", bid_id)
    if key not in data.memo:
        data.memo[key] = _score_summaries(data, bid_id)
    return data.memo[key]


def _score_summaries(data: MeetingData, bid_id: int) -> tuple[int, list]:
    rows = db.session.execute(
        select(SheetScore.criterion_id, SheetScore.score, Membership.kind)
        .join(Sheet, SheetScore.sheet_id == Sheet.id)
        .join(Membership, Sheet.membership_id == Membership.id)
        .where(Sheet.bid_id == bid_id, Sheet.status == SheetStatus.SUBMITTED)
    ).all()
    sheets = (
        db.session.scalar(
            select(func.count(Sheet.id)).where(Sheet.bid_id == bid_id, Sheet.status == SheetStatus.SUBMITTED)
        )
        or 0
    )
    given: dict[int, list[Given]] = {}
    for criterion_id, score, kind in rows:
        given.setdefault(criterion_id, []).append(Given(score, kind is MemberKind.YOUNG))
    summaries = [
        summarise(criterion.id, criterion.scale, given.get(criterion.id, [])) for criterion in data.criteria
    ]
    return sheets, biggest_disagreement_first(summaries)


def _scores_view(data: MeetingData, item) -> dict:
    sheets, summaries = score_summaries(data, item.bid)
    titles = {criterion.id: criterion.title for criterion in data.criteria}
    consensus = item.agreement.consensus if item.agreement else {}
    criteria = []
    for summary in summaries:
        agreed = consensus.get(summary.criterion_id)
        criteria.append(
            {
                "id": summary.criterion_id,
                "title": titles[summary.criterion_id],
                "low": summary.scale.low,
                "high": summary.scale.high,
                "dots": [
                    {"score": dot.score, "young": dot.young, "adult": dot.adult, "count": dot.count}
                    for dot in summary.dots
                ],
                "max_count": max((dot.count for dot in summary.dots), default=0),
                "median": _number(summary.median),
                "lowest": summary.lowest,
                "highest": summary.highest,
                "spread": summary.spread,
                "young_median": _number(summary.young_median),
                "adult_median": _number(summary.adult_median),
                # Too few young people (or adults) scored to show their part on its own (scoring/disclosure.py).
                "young_hidden": summary.young_hidden,
                "adult_hidden": summary.adult_hidden,
                "split_hidden": summary.split_hidden,
                "gap": _number(summary.gap),
                "abstained": summary.abstained,
                "consensus": agreed,
                "difference": _signed(consensus_difference(agreed, summary)),
            }
        )
    return {"sheets": sheets, "criteria": criteria}


def _first_view(data: MeetingData, item) -> dict | None:
    """How many have given a first view, of those who could (the members here without a conflict, not the chair,
    whose console asks for none, and anyone who answered before they left), and, once the chair shows them, how
    many gave each. A handful of views is not shown (split_shown in scoring/disclosure.py): with two, each
    person would know what the other picked."""
    if item.step is Phase.BID and not item.views:
        return None
    here = _present(data)
    could = {
        member
        for member, seat in data.members.items()
        if member not in item.conflicted and seat.user_id in here and seat.role is not MemberRole.CHAIR
    }
    given = len(item.views)
    shown = split_shown(given)
    counts = None
    if item.views_revealed and shown:
        counts = [
            {"view": view.value, "label": view.label, "count": count}
            for view, count in view_counts(item.views.values())
        ]
    return {
        "open": item.step is Phase.FIRST_VIEW,
        "given": given,
        "eligible": len(could | set(item.views)),
        "revealed": item.views_revealed,
        "counts": counts,
        # Shown to the room, but too few to show without giving someone's view away: each screen says so.
        "too_few": item.views_revealed and not shown,
        "fewest": SMALLEST_SPLIT,
    }


def _discussion(data: MeetingData, item, audience: Audience) -> dict:
    state, meeting_id = data.state, data.meeting.id
    names = audience is Audience.CHAIR

    def person(member: int, *, named: bool = names) -> dict:
        membership = data.members.get(member)
        return {
            "token": token(meeting_id, member),
            "name": _name(membership) if named else None,
            "kind": membership.kind.label if names and membership else None,
        }

    speaking = None
    if state.speaking is not None:
        # Everyone in the room hears who is speaking; only the projector never shows a name.
        speaking = person(state.speaking, named=audience is not Audience.SCREEN)
    not_spoken = None
    if names:
        not_spoken = [
            _name(membership)
            for member, membership in data.members.items()
            if member not in item.spoken and member not in item.conflicted
        ]
    scribe = None
    if state.scribe is not None and state.scribe in data.members:
        scribe = {
            "token": token(meeting_id, state.scribe),
            "name": _name(data.members[state.scribe]) if audience is not Audience.SCREEN else None,
        }
    return {
        "queue": [person(member) for member in state.queue],
        "speaking": speaking,
        "turns": {"young": state.turns_young, "adult": state.turns_adult},
        "not_spoken": not_spoken,
        "notes": item.notes,
        "scribe": scribe,
    }


def _agreement(item) -> dict | None:
    agreement = item.agreement
    if agreement is None:
        if item.step is not Phase.AGREE:
            return None
        return {
            "recommendation": None,
            "recommendation_label": None,
            "amount": "",
            "amount_input": "",
            "conditions": "",
            "reasons": "",
            "recorded": False,
            "revision": item.revision,
            "consensus": {},
        }
    amount = agreement.amount
    return {
        "recommendation": agreement.recommendation.value,
        "recommendation_label": agreement.recommendation.label,
        "amount": format_pounds(amount) if amount else "",
        "amount_input": (format_pounds(amount).removeprefix("£").replace(",", "") if amount else ""),
        "conditions": agreement.conditions,
        "reasons": agreement.reasons,
        "recorded": True,
        "revision": item.revision,
        "consensus": dict(agreement.consensus),
    }


def _bid(data: MeetingData, bid_id: int, audience: Audience) -> dict:
    bid = data.bids[bid_id]
    documents = []
    if audience is not Audience.SCREEN:
        documents = [
            {
                "name": document.filename,
                "url": url_for(
                    "bids.document", round_id=bid.round_id, bid_id=bid.id, document_id=document.id
                ),
            }
            for document in bid.documents
        ]
    return {
        "id": bid.id,
        "reference": bid.reference,
        "organisation": bid.organisation,
        "title": bid.title,
        "summary": bid.summary,
        "amount": format_pounds(bid.amount_pence),
        "documents": documents,
    }


def _current(data: MeetingData, audience: Audience) -> dict | None:
    state = data.state
    item = state.current
    if item is None:
        return None
    base = {"position": state.cursor + 1, "of": len(state.items)}
    if audience is Audience.OUT:
        # Where the bid is in the agenda, nothing of the bid itself: not even its step.
        return {
            **base,
            "step": "",
            "step_label": "",
            "out": True,
            "bid": None,
            "first_view": None,
            "scores": None,
            "discussion": None,
            "agreement": None,
            "criteria": None,
        }
    criteria = None
    if audience is Audience.CHAIR:
        criteria = [
            {
                "id": criterion.id,
                "title": criterion.title,
                "low": criterion.scale_min,
                "high": criterion.scale_max,
                "levels": list(criterion.scale.levels),
                "descriptors": criterion.descriptors(),
            }
            for criterion in data.criteria
        ]
    return {
        **base,
        "step": item.step.value,
        "step_label": item.step.label,
        "out": False,
        "bid": _bid(data, item.bid, audience),
        "first_view": _first_view(data, item),
        "scores": _scores_view(data, item) if item.scores_revealed else None,
        "discussion": _discussion(data, item, audience),
        "agreement": _agreement(item),
        "criteria": criteria,
    }


def _agenda(data: MeetingData, audience: Audience) -> list[dict]:
    state = data.state
    current = state.current
    rows = []
    for position, item in enumerate(state.items):
        bid = data.bids[item.bid]
        is_current = current is not None and position == state.cursor
        out = audience is Audience.OUT and is_current
        # The bid someone steps out for is only "the one now" on their agenda: no id, reference or title.
        rows.append(
            {
                "position": position + 1,
                "bid_id": None if out else item.bid,
                "reference": None if out else bid.reference,
                "title": None if out else bid.title,
                "current": is_current,
                "recorded": item.agreement is not None and not out,
                # Only the chair's agenda lists what was recommended: a member may have a conflict with another bid.
                "recommendation": item.agreement.recommendation.label
                if item.agreement is not None and audience is Audience.CHAIR
                else None,
                "out": out,
            }
        )
    return rows


def _budget(data: MeetingData) -> dict:
    position = budget_position(
        data.round.budget_pence,
        [
            (item.agreement.recommendation, item.agreement.amount) if item.agreement else (None, None)
            for item in data.state.items
        ],
    )
    budget = position.budget
    percent = min(100, round(100 * position.recommended / budget)) if budget else 0
    return {
        "total": format_pounds(budget),
        "recommended": format_pounds(position.recommended),
        "reserve": format_pounds(position.reserve),
        "left": format_pounds(position.left),
        "over": position.over,
        "percent": percent,
    }


def _break_requests(data: MeetingData) -> list[dict]:
    """Who has asked the chair for a break since the last one, and when (for the chair's eyes only)."""
    asked = set(data.state.break_requests)
    if not asked:
        return []
    rows = db.session.execute(
        select(MeetingRecord.member_id, func.max(MeetingRecord.at))
        .where(
            MeetingRecord.meeting_id == data.meeting.id,
            MeetingRecord.command == "need_break",
            MeetingRecord.member_id.in_(asked),
        )
        .group_by(MeetingRecord.member_id)
    ).all()
    when = dict(rows)
    return [
        {"name": data.members[member].name, "at": london_time(when.get(member))}
        for member in data.state.break_requests
        if member in data.members
    ]


def _chair_panel(data: MeetingData, present: set[int]) -> dict:
    members = sorted(data.members.values(), key=lambda seat: seat.name.lower())
    current = data.state.current

    def person(seat: Seat) -> dict:
        return {"name": seat.name, "kind": seat.kind.label, "role": seat.role.label}

    return {
        "present": [person(member) for member in members if member.user_id in present],
        "absent": [person(member) for member in members if member.user_id not in present],
        "break_requests": _break_requests(data),
        "members": [
            {
                "token": token(data.meeting.id, member.id),
                "name": member.name,
                "conflicted": current is not None and member.id in current.conflicted,
            }
            for member in members
        ],
        "recommendations": [[choice.value, choice.label] for choice in Recommendation],
        "minutes": list(BREAK_MINUTES),
    }


def build_view(
    data: MeetingData, audience: Audience, present: set[int] | None = None, *, chair_nav: bool = False
) -> dict:
    """The whole visible state for one audience: what a template renders and a broadcast carries."""
    state = data.state
    current = state.current
    round_id = data.round.id
    chair = audience is Audience.CHAIR
    out = audience is Audience.OUT
    phase, phase_label = state.phase.value, state.phase.label
    expect_bid: int | str = current.bid if current else ""
    if out:
        running = state.status is Status.RUNNING
        phase = STEPPING_OUT if running else state.phase.value
        phase_label = STEPPING_OUT_LABEL if running else state.phase.label
        # A chair stepping out moves the meeting on from this bid (they know which: they declared the
        # conflict), so their Back and Next name it; nobody's names its step.
        expect_bid = expect_bid if chair_nav else ""
    return {
        "seq": data.seq,
        "audience": audience.value,
        "round": {"id": round_id, "title": data.round.title},
        "status": state.status.value,
        "phase": phase,
        "phase_label": phase_label,
        "expect": {"bid": expect_bid, "phase": "" if out else state.phase.value},
        "break_until": _clock(state.break_until),
        "break_until_iso": state.break_until.isoformat() if state.break_until else None,
        "agenda": _agenda(data, audience),
        "budget": None if audience is Audience.OUT else _budget(data),
        "current": _current(data, audience),
        "chair": _chair_panel(data, present or set()) if chair else None,
        "views": [[view.value, view.label] for view in View],
        # A chair stepping out for this bid can still move the meeting on (see scoring.meeting.CHAIR_WHILE_OUT).
        "chair_nav": chair_nav and audience is Audience.OUT,
        "urls": {
            "command": url_for("meetings.command", round_id=round_id),
            "snapshot": url_for("meetings.snapshot", round_id=round_id),
            "record": url_for("meetings.record", round_id=round_id) if chair else None,
        },
    }


def _clock(moment) -> str | None:
    return london_time(moment) if moment is not None else None


def you(data: MeetingData, membership: Membership | Seat | None) -> dict | None:
    """The bits of a screen that belong to one member: their token, first view, hand and note-taking."""
    if membership is None:
        return None
    state = data.state
    current = state.current
    out = current is not None and membership.id in current.conflicted
    # A conflict recorded during the meeting can find a first view given or a hand up on the bid: while
    # they step out, their own screen shows neither (nothing that changes as the bid moves on).
    view = current.views.get(membership.id) if current and not out else None
    place = state.queue.index(membership.id) + 1 if membership.id in state.queue and not out else None
    return {
        "token": token(data.meeting.id, membership.id),
        "view": view.value if view else None,
        "hand": place is not None,
        "place": place,
        "scribe": state.scribe == membership.id,
        "out": out,
        # They asked the chair for a break that has not started yet: their screen says it was sent.
        "break_asked": membership.id in state.break_requests,
    }


def screen_for(
    data: MeetingData,
    user,
    membership: Membership | Seat | None,
    *,
    screen: bool = False,
    audience: Audience | None = None,
) -> tuple[dict, dict | None]:
    """(view, you) for one person, given their seat on the panel: their audience's view, plus their own bits
    if they sit on the panel."""
    audience = audience or audience_of(data, user, membership, screen)
    present = _present(data) if audience is Audience.CHAIR else None
    own = you(data, membership) if audience in (Audience.MEMBER, Audience.OUT) and not screen else None
    chair_nav = audience is Audience.OUT and not screen and attendance(user, data.round, membership)[1]
    return build_view(data, audience, present, chair_nav=chair_nav), own


# What a refused "record" sent that its form shows again (the agreement's own fields, as _agree.html reads them).
TYPED = ("recommendation", "amount", "conditions", "reasons")


def refused(view: dict, message: str, problems: Mapping[str, str], name: object, args: object) -> dict:
    """The screen of the person whose command was refused, for them alone: why (an error summary linking to
    each field it names) and, for the panel's decision, the form as they filled it in, so nothing typed is
    lost (as for the notes)."""
    view = {**view, "refused": message, "problems": dict(problems)}
    if name == "save_notes" and isinstance(args, dict):
        view["typed"] = {"notes": str(args.get("notes") or "")}
    if name == "record" and isinstance(args, dict):
        consensus = args.get("consensus")
        typed = {key: "" if args.get(key) is None else str(args[key]) for key in TYPED}
        view["typed"] = {
            **typed,
            "recommendation": typed["recommendation"] or None,
            "amount_input": typed["amount"],
            "consensus": {str(key): str(value) for key, value in consensus.items()}
            if isinstance(consensus, dict)
            else {},
        }
    return view


def render(view: dict, you_: dict | None = None, csrf: str = "") -> str:
    """The live part of a meeting page. Broadcasts carry no CSRF token: the page fills in its own.

    It needs nothing but its arguments, so it skips the context processors a whole page gets: one of them
    loads the signed-in account, a query on every broadcast for an account the fragment never shows."""
    return current_app.jinja_env.get_template(LIVE).render(view=view, you=you_, csrf=csrf)


LIVE = "meetings/_live.html"


def _with_urls():
    """Links are built relative to a request; a broadcast from a command-line job has none, so lend it one."""
    return nullcontext() if has_request_context() else current_app.test_request_context()


# Seconds the chair's and projector's screens wait while the panel's updates are written to their sockets
# (measured with bench/meeting_fanout.py: with 0, rendering the chair's screen held up the last panellists).
MEMBERS_FIRST = 0.002


def publish(data: MeetingData) -> None:
    """Send every audience its new screen, after the commit that changed it.

    The panel goes first, since they are the most people waiting: the members' screen, then, if a panellist has
    a conflict on the bid, their "you're stepping out" screen, rendered while the members' browsers are still
    taking theirs in, so they hear at about the same moment. Then, after a moment for the server to write
    those to their sockets, come the chair's screens and the projector's. A "stepping out" screen that nobody
    on the panel needs for this bid is not rendered at all."""
    with _with_urls():
        meeting_id = data.meeting.id
        current = data.state.current
        later: list[tuple[Audience, str | list[str], bool]] = []
        if current is None:
            first = [(Audience.MEMBER, room(meeting_id, "members"), False)]
            screens = [room(meeting_id, "screen"), room(meeting_id, "screen-members")]
        else:
            first = [(Audience.MEMBER, room(meeting_id, f"in-{current.bid}"), False)]
            screens = [room(meeting_id, "screen"), room(meeting_id, f"screen-in-{current.bid}")]
            roles = {data.members[member].role for member in current.conflicted if member in data.members}
            if roles - {MemberRole.CHAIR}:
                first.append((Audience.OUT, room(meeting_id, f"out-{current.bid}"), False))
            if MemberRole.CHAIR in roles:
                later.append((Audience.OUT, room(meeting_id, f"chair-out-{current.bid}"), True))
                # A projector the chair opened steps out with them (no buttons: a projector has none).
                later.append((Audience.OUT, room(meeting_id, f"screen-out-{current.bid}"), False))
        later += [
            (Audience.CHAIR, chair_targets(data), False),
            (Audience.SCREEN, screens, False),
        ]
        for audience, target, chair_nav in first:
            html = render(build_view(data, audience, chair_nav=chair_nav))
            socketio.emit("update", {"seq": data.seq, "html": html}, to=target, namespace=NAMESPACE)
            socketio.sleep(0)  # the server writes it to every socket in the room before the next is rendered
        socketio.sleep(MEMBERS_FIRST)  # type: ignore[arg-type]  # stub says int; sleep takes any seconds
        for audience, targets, chair_nav in later:
            present = _present(data) if audience is Audience.CHAIR else None
            html = render(build_view(data, audience, present, chair_nav=chair_nav))
            socketio.emit(
                "update",
                {"seq": data.seq, "html": html},
                to=targets,  # type: ignore[arg-type]  # stub says str; emit takes a list of rooms too
                namespace=NAMESPACE,
            )
            socketio.sleep(0)  # let each be written before the next is rendered


def signal(data: MeetingData, events: Iterable[Event]) -> None:
    """What a chair must notice the moment it happens, beyond their new screen: someone asking for a break. Their
    console shows it and says it aloud (static/js/meeting.js). It goes to every chair's console, a commissioner's
    and a chair's whether or not they step out for this bid (who asked says nothing about the bid, and they can
    still call the break), and never to the projector or the panel."""
    chairs = [room(data.meeting.id, "chair"), room(data.meeting.id, "chair-members")]
    for event in events:
        member = event.detail.get("member") if event.kind == "need_break" else None
        seat = data.members.get(member) if isinstance(member, int) else None
        if seat is None:
            continue
        socketio.emit(
            "signal",
            {"kind": "break", "name": seat.name, "seq": data.seq},
            to=chairs,  # type: ignore[arg-type]  # stub says str; emit takes a list of rooms too
            namespace=NAMESPACE,
        )


def _present(data: MeetingData) -> set[int]:
    """Who is here now (the users with a meeting connection open), read once for every screen of one update."""
    if "present" not in data.memo:
        data.memo["present"] = present_user_ids(data.meeting.id)
    return data.memo["present"]


PRESENCE_EVERY = (
    1.0  # seconds: a whole panel reconnecting at once redraws the chair's screen once, not 50 times
)
_presence_sent: dict[int, float] = {}
_presence_waiting: set[int] = set()


def publish_presence(round_id: int) -> None:
    """Tell the chair's screens who is here now (presence is not part of the meeting's sequence). Changes
    that come thick and fast are gathered into one update a second."""
    wait = _presence_sent.get(round_id, 0.0) + PRESENCE_EVERY - monotonic()
    if wait <= 0:
        _presence_sent[round_id] = monotonic()
        _send_presence(round_id)
    elif round_id not in _presence_waiting:
        _presence_waiting.add(round_id)
        # current_app is a LocalProxy (Flask types it as the app it stands for); the task needs the app itself.
        app = cast("LocalProxy[Flask]", current_app)._get_current_object()
        socketio.start_background_task(_send_presence_later, app, round_id, wait)


def _send_presence_later(app: Flask, round_id: int, wait: float) -> None:
    socketio.sleep(wait)  # type: ignore[arg-type]  # stub says int; sleep takes any seconds
    _presence_waiting.discard(round_id)
    _presence_sent[round_id] = monotonic()
    with app.app_context():
        try:
            _send_presence(round_id)
        finally:
            db.session.remove()


def _send_presence(round_id: int) -> None:
    round_ = db.session.get(Round, round_id)
    meeting = meeting_of(round_) if round_ is not None else None
    if meeting is None:
        return
    data = load(meeting)
    with _with_urls():
        html = render(build_view(data, Audience.CHAIR, _present(data)))
    socketio.emit(
        "presence",
        {"seq": data.seq, "html": html},
        to=chair_targets(data),  # type: ignore[arg-type]  # stub says str; emit takes a list of rooms too
        namespace=NAMESPACE,
    )
