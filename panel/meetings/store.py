"""Turning the stored meeting into the pure state `decide` works on, and writing a decided state back."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from sqlalchemy import String, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.orm import selectinload

from panel.accounts.models import SignIn, User
from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.extensions import db
from panel.meetings.models import ConsensusScore, FirstView, Meeting, MeetingItem, MeetingRecord
from panel.rounds import hooks
from panel.rounds.models import Conflict, Criterion, Membership, Round
from panel.rounds.permissions import AnyRound
from scoring.criteria import Scale
from scoring.meeting import Agreement, Event, Item, MeetingState, Status
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus


class Seat(NamedTuple):
    """A panel member as a meeting screen needs them (read as plain rows: cheaper than whole ORM objects, and a
    whole panel of them is made for every command)."""

    id: int
    user_id: int
    name: str
    kind: MemberKind
    role: MemberRole


@dataclass(frozen=True)
class DocumentCard:
    id: int
    filename: str


@dataclass(frozen=True)
class BidCard:
    """A bid as a meeting screen shows it. Bids and their documents are fixed once scoring starts."""

    id: int
    round_id: int
    reference: str
    organisation: str
    title: str
    summary: str
    amount_pence: int
    documents: tuple[DocumentCard, ...]


@dataclass(frozen=True)
class CriterionCard:
    """A criterion of the scoring sheet, fixed once scoring starts."""

    id: int
    title: str
    scale_min: int
    scale_max: int
    levels: tuple[tuple[int, str], ...]

    @property
    def scale(self) -> Scale:
        return Scale(self.scale_min, self.scale_max)

    def descriptors(self) -> dict[int, str]:
        return dict(self.levels)


@dataclass
class MeetingData:
    """A meeting as loaded for one command or one snapshot: the pure state and the rows behind it."""

    meeting: "Meeting | MeetingRow"
    round: "Round | RoundRow"
    state: MeetingState
    members: Mapping[int, Seat]
    bids: dict[int, BidCard]
    criteria: list[CriterionCard]
    item_ids: dict[int, int]  # the agenda row's id, by bid id
    seq: int = 0  # the meeting's version as loaded, or as committed by the command that changed it
    memo: dict = field(default_factory=dict)  # what one rendering computed once for every audience


def meeting_of(round_: AnyRound) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))


# Statements run by every meeting command, built once: building one costs more than running it on SQLite.
_SEAT_AND_MEETING = (
    select(Round, Membership, Meeting)
    .outerjoin(Membership, (Membership.round_id == Round.id) & (Membership.user_id == bindparam("user_id")))
    .outerjoin(Meeting, Meeting.round_id == Round.id)
    .where(Round.id == bindparam("round_id"))
)
# The whole panel and its conflicts in one read: a row per member and bid they are conflicted on (or one row
# with no bid).
_PANEL = (
    select(
        Membership.id,
        Membership.user_id,
        User.display_name,
        Membership.kind,
        Membership.role,
        Conflict.bid_id,
    )
    .join(User, Membership.user_id == User.id)
    .outerjoin(Conflict, Conflict.membership_id == Membership.id)
    .where(Membership.round_id == bindparam("round_id"))
)


class RoundRow(NamedTuple):
    """A round as a socket event needs it, read as a plain row (see Seat): what the checks and screens use."""

    id: int
    title: str
    budget_pence: int
    status: RoundStatus


class MeetingRow(NamedTuple):
    """A meeting as a socket event reads it: the stored fields `load` turns into the pure state."""

    id: int
    round_id: int
    status: Status
    version: int
    cursor: int
    queue: list
    speaking_id: int | None
    scribe_id: int | None
    break_until: datetime | None
    break_requests: list
    turns_young: int
    turns_adult: int
    created_at: datetime


def _panel_stamp():
    """The round's panel as one string the database builds, holding every field `read_panel` reads, row by
    row; each name is prefixed by its length, so two different panels never give the same string. While the
    stamp is unchanged the panel is too, and an event can use the one this process read last time instead of
    reading and unpacking all the rows again."""
    text = lambda column: cast(column, String)
    row = (
        text(Membership.id)
        + ":"
        + text(Membership.user_id)
        + ":"
        + text(Membership.kind)
        + ":"
        + text(Membership.role)
        + ":"
        + func.coalesce(text(Conflict.bid_id), "")
        + ":"
        + text(func.length(User.display_name))
        + ":"
        + User.display_name
    )
    return (
        select(func.aggregate_strings(row, ";"))
        .select_from(Membership)
        .join(User, Membership.user_id == User.id)
        .outerjoin(Conflict, Conflict.membership_id == Membership.id)
        .where(Membership.round_id == Round.id)
        .scalar_subquery()
    )


# A socket event's round, its meeting, whether the person asking (by id) is a commissioner (None for an account
# that no longer exists), and the panel's stamp.
_ROUND_MEETING_AND_ASKER = (
    select(
        *(getattr(Round, name) for name in RoundRow._fields),
        *(getattr(Meeting, name) for name in MeetingRow._fields),
        User.is_commissioner,
        select(SignIn.seen_at)
        .where(SignIn.id == bindparam("sign_in_id"), SignIn.user_id == bindparam("user_id"))
        .scalar_subquery(),
        _panel_stamp(),
    )
    .outerjoin(Meeting, Meeting.round_id == Round.id)
    .outerjoin(User, User.id == bindparam("user_id"))
    .where(Round.id == bindparam("round_id"))
)
_CLAIM = (
    update(Meeting)
    .where(Meeting.id == bindparam("meeting_id"), Meeting.version == bindparam("seen"))
    .values(
        version=bindparam("new_version"),
        status=bindparam("status"),
        cursor=bindparam("cursor"),
        queue=bindparam("queue"),
        speaking_id=bindparam("speaking_id"),
        scribe_id=bindparam("scribe_id"),
        break_until=bindparam("break_until"),
        break_requests=bindparam("break_requests"),
        turns_young=bindparam("turns_young"),
        turns_adult=bindparam("turns_adult"),
        started_at=func.coalesce(Meeting.started_at, bindparam("started", type_=Meeting.started_at.type)),
        closed_at=func.coalesce(Meeting.closed_at, bindparam("closed", type_=Meeting.closed_at.type)),
    )
)
_RECORD = insert(MeetingRecord)


def seat_and_meeting(round_id: int, user_id: int) -> tuple | None:
    """A round, the person's seat on its panel and its meeting, in one query."""
    row = db.session.execute(_SEAT_AND_MEETING, {"round_id": round_id, "user_id": user_id}).first()
    return tuple(row) if row is not None else None


class Panel(NamedTuple):
    """A round's panel as a meeting needs it: every seat, and who is conflicted on which bid. Read-only: one
    process shares it between events while the panel stays the same (see `asking`)."""

    members: Mapping[int, Seat]
    conflicted: Mapping[int, frozenset[int]]  # membership ids, by bid id

    def seat_of(self, user_id: int) -> Seat | None:
        return next((seat for seat in self.members.values() if seat.user_id == user_id), None)


def read_panel(round_id: int) -> Panel:
    members: dict[int, Seat] = {}
    conflicted: dict[int, set[int]] = {}
    for membership_id, user_id, name, kind, role, bid_id in db.session.connection().execute(
        _PANEL, {"round_id": round_id}
    ):
        if membership_id not in members:
            members[membership_id] = Seat(membership_id, user_id, name, kind, role)
        if bid_id is not None:
            conflicted.setdefault(bid_id, set()).add(membership_id)
    return Panel(
        MappingProxyType(members),
        MappingProxyType({bid: frozenset(seats) for bid, seats in conflicted.items()}),
    )


class Asking(NamedTuple):
    """What a socket event needs to check who is asking and to act, read fresh each time: in one query while
    the panel is unchanged, in two when it has changed."""

    round: RoundRow
    meeting: MeetingRow | None
    commissioner: bool | None  # None: the account has gone
    panel: Panel
    signed_in_seen_at: datetime | None = None  # when the asker's session was last used; None: it has ended


_ROUND_COLUMNS = len(RoundRow._fields)
_MEETING_COLUMNS = slice(_ROUND_COLUMNS, _ROUND_COLUMNS + len(MeetingRow._fields))
# The panel each round had when this process last read it, with its stamp, by round id.
_panels: dict[int, tuple[str, Panel]] = {}
PANELS_KEPT = 256


def asking(round_id: int, user_id: int, sign_in_id: int | None = None) -> Asking | None:
    """The round (None if it has gone), its meeting, the asker's standing and session, and the round's panel,
    as plain rows: an event reads these fresh every time, and whole ORM objects cost several times as much."""
    parameters = {"round_id": round_id, "user_id": user_id, "sign_in_id": sign_in_id}
    row = db.session.connection().execute(_ROUND_MEETING_AND_ASKER, parameters).first()
    if row is None:
        return None
    meeting = MeetingRow._make(row[_MEETING_COLUMNS]) if row[_ROUND_COLUMNS] is not None else None
    return Asking(
        RoundRow._make(row[:_ROUND_COLUMNS]), meeting, row[-3], _panel(round_id, row[-1] or ""), row[-2]
    )


def _panel(round_id: int, stamp: str) -> Panel:
    kept = _panels.get(round_id)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    panel = read_panel(round_id)
    if len(_panels) >= PANELS_KEPT and round_id not in _panels:
        _panels.pop(next(iter(_panels)))
    _panels[round_id] = (stamp, panel)
    return panel


def open_meeting(round_: Round) -> Meeting:
    """The round's meeting, created (waiting, with every bid on the agenda) the first time it is needed."""
    meeting = meeting_of(round_)
    if meeting is None:
        meeting = Meeting(
            round_id=round_.id, status=Status.WAITING, version=1, cursor=0, queue=[], break_requests=[]
        )
        bids = sorted(
            db.session.scalars(select(Bid).where(Bid.round_id == round_.id)), key=in_reference_order
        )
        meeting.items = [
            MeetingItem(bid_id=bid.id, position=position, spoken=[]) for position, bid in enumerate(bids)
        ]
        db.session.add(meeting)
        db.session.flush()
    return meeting


@lru_cache(maxsize=64)
def _fixed(round_id: int, meeting_created: datetime) -> tuple[dict[int, BidCard], tuple[CriterionCard, ...]]:
    """A round's bids and criteria: they cannot change once scoring has started, so each server process reads
    them once per meeting (the key includes when the meeting was made, so a new meeting never sees old ones)."""
    bids = db.session.scalars(
        select(Bid).where(Bid.round_id == round_id).options(selectinload(Bid.documents))
    ).all()
    criteria = db.session.scalars(
        select(Criterion)
        .where(Criterion.round_id == round_id)
        .options(selectinload(Criterion.levels))
        .order_by(Criterion.position, Criterion.id)
    ).all()
    return (
        {
            bid.id: BidCard(
                bid.id,
                bid.round_id,
                bid.reference,
                bid.organisation,
                bid.title,
                bid.summary,
                bid.amount_pence,
                tuple(DocumentCard(doc.id, doc.filename) for doc in bid.documents),
            )
            for bid in bids
        },
        tuple(
            CriterionCard(
                criterion.id,
                criterion.title,
                criterion.scale_min,
                criterion.scale_max,
                tuple((level.score, level.descriptor) for level in criterion.levels),
            )
            for criterion in criteria
        ),
    )


# The agenda as of a version of a meeting, by meeting id: (version, meeting created at, items, item ids by bid).
# Items change only through meeting commands, and every command moves the version on, so an entry is good
# exactly while the meeting's version (read fresh for every command and screen) still matches.
_agendas: dict[int, tuple[int, datetime, tuple[Item, ...], dict[int, int]]] = {}
AGENDAS_KEPT = 256


def _agenda(
    meeting: Meeting | MeetingRow, bids: dict[int, BidCard]
) -> tuple[tuple[Item, ...], dict[int, int]]:
    cached = _agendas.get(meeting.id)
    if cached is not None and cached[0] == meeting.version and cached[1] == meeting.created_at:
        return cached[2], cached[3]
    rows = db.session.scalars(
        select(MeetingItem)
        .where(MeetingItem.meeting_id == meeting.id)
        .options(selectinload(MeetingItem.views), selectinload(MeetingItem.consensus))
        .order_by(MeetingItem.position, MeetingItem.id)
    ).all()
    items = tuple(_item(row, bids[row.bid_id]) for row in rows)
    item_ids = {row.bid_id: row.id for row in rows}
    remember_agenda(meeting.id, meeting.version, meeting.created_at, items, item_ids)
    return items, item_ids


def remember_agenda(
    meeting_id: int, version: int, created_at: datetime, items: tuple[Item, ...], item_ids: dict[int, int]
) -> None:
    if len(_agendas) >= AGENDAS_KEPT and meeting_id not in _agendas:
        _agendas.pop(next(iter(_agendas)))
    plain = tuple(replace(item, conflicted=frozenset()) for item in items)
    _agendas[meeting_id] = (version, created_at, plain, item_ids)


def load(
    meeting: Meeting | MeetingRow, panel: Panel | None = None, round_: Round | RoundRow | None = None
) -> MeetingData:
    """Everything a command or a screen needs. The meeting, the panel and its conflicts are read fresh each
    time (a caller that has just read the panel and the round passes them in); the agenda only when the
    meeting's version says it changed; bids and criteria once per meeting."""
    if round_ is None:  # a meeting's round is always there: deleting a round deletes its meeting
        round_ = db.session.get_one(Round, meeting.round_id)
    bids, criteria = _fixed(round_.id, meeting.created_at)
    items, item_ids = _agenda(meeting, bids)
    members, conflicted = panel or read_panel(round_.id)
    state = MeetingState(
        items=tuple(replace(item, conflicted=conflicted.get(item.bid, frozenset())) for item in items),
        members={member.id: member.kind is MemberKind.YOUNG for member in members.values()},
        scales={criterion.id: criterion.scale for criterion in criteria},
        status=meeting.status,
        cursor=min(meeting.cursor, max(len(items) - 1, 0)),
        queue=tuple(meeting.queue or ()),
        speaking=meeting.speaking_id,
        scribe=meeting.scribe_id,
        break_until=meeting.break_until,
        break_requests=tuple(meeting.break_requests or ()),
        turns_young=meeting.turns_young,
        turns_adult=meeting.turns_adult,
    )
    return MeetingData(meeting, round_, state, members, bids, list(criteria), item_ids, seq=meeting.version)


def _item(row: MeetingItem, bid: BidCard) -> Item:
    agreement = None
    if row.recommendation is not None:
        agreement = Agreement(
            {score.criterion_id: score.score for score in row.consensus},
            row.recommendation,
            row.amount_pence,
            row.conditions,
            row.reasons,
        )
    return Item(
        bid=row.bid_id,
        label=bid.reference,
        requested=bid.amount_pence,
        step=row.step,
        views={view.membership_id: view.view for view in row.views},
        views_revealed=row.views_revealed_at is not None,
        scores_revealed=row.scores_revealed_at is not None,
        spoken=frozenset(row.spoken or ()),
        notes=row.notes,
        agreement=agreement,
        revision=row.revision,
    )


def claim_version(meeting_id: int, seen: int, new_state: MeetingState, now: datetime) -> bool:
    """Write the meeting's own fields if nobody else has changed it since `seen`; False if someone has.

    The conditional UPDATE is also what makes concurrent commands take turns: the second waits for the
    first to commit and then finds the version moved on."""
    result = db.session.connection().execute(
        _CLAIM,
        {
            "meeting_id": meeting_id,
            "seen": seen,
            "new_version": seen + 1,
            "status": new_state.status,
            "cursor": new_state.cursor,
            "queue": list(new_state.queue),
            "speaking_id": new_state.speaking,
            "scribe_id": new_state.scribe,
            "break_until": new_state.break_until,
            "break_requests": list(new_state.break_requests),
            "turns_young": new_state.turns_young,
            "turns_adult": new_state.turns_adult,
            "started": now if new_state.status is not Status.WAITING else None,
            "closed": now if new_state.status is Status.CLOSED else None,
        },
    )
    return result.rowcount == 1


def save(
    data: MeetingData, new_state: MeetingState, events: tuple[Event, ...], actor_id: int | None, now: datetime
) -> None:
    """Write what changed on each bid, and the record lines, after `claim_version` succeeded."""
    old_items = {item.bid: (position, item) for position, item in enumerate(data.state.items)}
    for position, item in enumerate(new_state.items):
        old_position, old = old_items[item.bid]
        values: dict[str, object] = {"position": position} if position != old_position else {}
        if item != old:
            values.update(_item_changes(data.item_ids[item.bid], old, item, actor_id, now))
        if values:
            db.session.connection().execute(
                update(MeetingItem).where(MeetingItem.id == data.item_ids[item.bid]).values(**values)
            )
    for event in events:
        db.session.connection().execute(
            _RECORD,
            {
                "meeting_id": data.meeting.id,
                "sequence": data.seq + 1,
                "at": now,
                "actor_id": actor_id,
                "command": event.kind,
                "bid_id": event.bid,
                "member_id": _member_in(event),
                "detail": dict(event.detail),
            },
        )


def _member_in(event: Event) -> int | None:
    member = event.detail.get("member")
    return member if isinstance(member, int) else None


def _item_changes(
    item_id: int, old: Item, new: Item, actor_id: int | None, now: datetime
) -> dict[str, object]:
    """The new values of a bid's agenda row, writing its first views and consensus scores on the way."""
    values: dict[str, object] = {"step": new.step, "spoken": sorted(new.spoken), "notes": new.notes}
    if new.views_revealed and not old.views_revealed:
        values["views_revealed_at"] = now
    if new.scores_revealed and not old.scores_revealed:
        values["scores_revealed_at"] = now
    for member, view in new.views.items():
        if old.views.get(member) is view:
            continue
        if member in old.views:
            db.session.execute(
                update(FirstView)
                .where(FirstView.item_id == item_id, FirstView.membership_id == member)
                .values(view=view, given_at=now)
                .execution_options(synchronize_session=False)
            )
        else:
            db.session.execute(
                insert(FirstView).values(item_id=item_id, membership_id=member, view=view, given_at=now)
            )
    if new.agreement is not None and new.revision != old.revision:
        agreement = new.agreement
        values.update(
            recommendation=agreement.recommendation,
            amount_pence=agreement.amount,
            conditions=agreement.conditions,
            reasons=agreement.reasons,
            revision=new.revision,
            recorded_at=now,
            recorded_by_id=actor_id,
        )
        db.session.execute(delete(ConsensusScore).where(ConsensusScore.item_id == item_id))
        if agreement.consensus:
            db.session.execute(
                insert(ConsensusScore),
                [
                    {"item_id": item_id, "criterion_id": criterion, "score": score}
                    for criterion, score in agreement.consensus.items()
                ],
            )
    return values


@hooks.counts
def _meeting_counts(round_: Round) -> hooks.Counts:
    """Bids the meeting has recommended on: the round is decided once every bid has one."""
    recommended = db.session.scalar(
        select(func.count(MeetingItem.id))
        .join(Meeting)
        .where(Meeting.round_id == round_.id, MeetingItem.recommendation.is_not(None))
    )
    return {"recommended_bids": recommended or 0}


@hooks.on_enter(RoundStatus.MEETING)
def _open_the_meeting(actor, round_: Round) -> None:
    open_meeting(round_)
