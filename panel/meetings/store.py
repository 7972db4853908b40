"""Turning the stored meeting into the pure state `decide` works on, and writing a decided state back."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.extensions import db
from panel.meetings.models import ConsensusScore, FirstView, Meeting, MeetingItem, MeetingRecord
from panel.rounds.models import Conflict, Criterion, Membership, Round
from scoring.criteria import Scale
from scoring.meeting import Agreement, Event, Item, MeetingState, Status
from scoring.people import MemberKind, MemberRole


@dataclass(frozen=True)
class Seat:
    """A panel member as a meeting screen needs them (read as plain rows: cheaper than whole ORM objects)."""

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

    meeting: Meeting
    round: Round
    state: MeetingState
    members: dict[int, Seat]
    bids: dict[int, BidCard]
    criteria: list[CriterionCard]
    items: dict[int, MeetingItem]  # by bid id
    seq: int = 0  # the meeting's version as loaded, or as committed by the command that changed it
    memo: dict = field(default_factory=dict)  # what one rendering computed once for every audience


def meeting_of(round_: Round) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))


def open_meeting(round_: Round) -> Meeting:
    """The round's meeting, created (waiting, with every bid on the agenda) the first time it is needed."""
    meeting = meeting_of(round_)
    if meeting is None:
        meeting = Meeting(round_id=round_.id, status=Status.WAITING, version=1, cursor=0, queue=[],
                          break_requests=[])
        bids = sorted(db.session.scalars(select(Bid).where(Bid.round_id == round_.id)), key=in_reference_order)
        meeting.items = [MeetingItem(bid_id=bid.id, position=position, spoken=[])
                         for position, bid in enumerate(bids)]
        db.session.add(meeting)
        db.session.flush()
    return meeting


@lru_cache(maxsize=64)
def _fixed(round_id: int, meeting_created: datetime) -> tuple[dict[int, BidCard], tuple[CriterionCard, ...]]:
    """A round's bids and criteria: they cannot change once scoring has started, so each server process reads
    them once per meeting (the key includes when the meeting was made, so a new meeting never sees old ones)."""
    bids = db.session.scalars(
        select(Bid).where(Bid.round_id == round_id).options(selectinload(Bid.documents))).all()
    criteria = db.session.scalars(
        select(Criterion).where(Criterion.round_id == round_id)
        .options(selectinload(Criterion.levels)).order_by(Criterion.position, Criterion.id)).all()
    return (
        {bid.id: BidCard(bid.id, bid.round_id, bid.reference, bid.organisation, bid.title, bid.summary,
                         bid.amount_pence, tuple(DocumentCard(doc.id, doc.filename) for doc in bid.documents))
         for bid in bids},
        tuple(CriterionCard(criterion.id, criterion.title, criterion.scale_min, criterion.scale_max,
                            tuple((level.score, level.descriptor) for level in criterion.levels))
              for criterion in criteria),
    )


def load(meeting: Meeting) -> MeetingData:
    """Everything a command or a screen needs: what changes, read fresh each time; what cannot, read once."""
    round_ = db.session.get(Round, meeting.round_id)
    bids, criteria = _fixed(round_.id, meeting.created_at)
    rows = db.session.scalars(
        select(MeetingItem).where(MeetingItem.meeting_id == meeting.id)
        .options(selectinload(MeetingItem.views), selectinload(MeetingItem.consensus))
        .order_by(MeetingItem.position, MeetingItem.id)
    ).all()
    members = {row.id: Seat(*row) for row in db.session.execute(
        select(Membership.id, Membership.user_id, User.display_name, Membership.kind, Membership.role)
        .join(User, Membership.user_id == User.id).where(Membership.round_id == round_.id))}
    conflicted: dict[int, set[int]] = {}
    for membership_id, bid_id in db.session.execute(
        select(Conflict.membership_id, Conflict.bid_id).join(Membership).where(Membership.round_id == round_.id)
    ):
        conflicted.setdefault(bid_id, set()).add(membership_id)
    state = MeetingState(
        items=tuple(_item(row, bids[row.bid_id], conflicted.get(row.bid_id, set())) for row in rows),
        members={member.id: member.kind is MemberKind.YOUNG for member in members.values()},
        scales={criterion.id: criterion.scale for criterion in criteria},
        status=meeting.status,
        cursor=min(meeting.cursor, max(len(rows) - 1, 0)),
        queue=tuple(meeting.queue or ()),
        speaking=meeting.speaking_id,
        scribe=meeting.scribe_id,
        break_until=meeting.break_until,
        break_requests=tuple(meeting.break_requests or ()),
        turns_young=meeting.turns_young,
        turns_adult=meeting.turns_adult,
    )
    return MeetingData(meeting, round_, state, members, bids, list(criteria),
                       {row.bid_id: row for row in rows}, seq=meeting.version)


def _item(row: MeetingItem, bid: BidCard, conflicted: set[int]) -> Item:
    agreement = None
    if row.recommendation is not None:
        agreement = Agreement({score.criterion_id: score.score for score in row.consensus}, row.recommendation,
                              row.amount_pence, row.conditions, row.reasons)
    return Item(
        bid=row.bid_id, label=bid.reference, requested=bid.amount_pence, step=row.step,
        conflicted=frozenset(conflicted), views={view.membership_id: view.view for view in row.views},
        views_revealed=row.views_revealed_at is not None, scores_revealed=row.scores_revealed_at is not None,
        spoken=frozenset(row.spoken or ()), notes=row.notes, agreement=agreement, revision=row.revision,
    )


def claim_version(meeting_id: int, seen: int, new_state: MeetingState, now: datetime) -> bool:
    """Write the meeting's own fields if nobody else has changed it since `seen`; False if someone has.

    The conditional UPDATE is also what makes concurrent commands take turns: the second waits for the
    first to commit and then finds the version moved on."""
    values = {
        "version": seen + 1, "status": new_state.status, "cursor": new_state.cursor,
        "queue": list(new_state.queue), "speaking_id": new_state.speaking, "scribe_id": new_state.scribe,
        "break_until": new_state.break_until, "break_requests": list(new_state.break_requests),
        "turns_young": new_state.turns_young, "turns_adult": new_state.turns_adult,
    }
    result = db.session.execute(
        update(Meeting).where(Meeting.id == meeting_id, Meeting.version == seen).values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def save(data: MeetingData, new_state: MeetingState, events: tuple[Event, ...], actor_id: int | None,
         now: datetime) -> None:
    """Write what changed on each bid, and the record lines, after `claim_version` succeeded."""
    meeting = data.meeting
    if data.state.status is Status.WAITING and new_state.status is not Status.WAITING:
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id).values(started_at=now)
                           .execution_options(synchronize_session=False))
    if new_state.status is Status.CLOSED:
        db.session.execute(update(Meeting).where(Meeting.id == meeting.id).values(closed_at=now)
                           .execution_options(synchronize_session=False))
    old_items = {item.bid: item for item in data.state.items}
    for position, item in enumerate(new_state.items):
        row = data.items[item.bid]
        if row.position != position:
            row.position = position
        if item != old_items[item.bid]:
            _save_item(row, old_items[item.bid], item, actor_id, now)
    for event in events:
        db.session.add(MeetingRecord(
            meeting_id=meeting.id, sequence=meeting.version + 1, at=now, actor_id=actor_id, command=event.kind,
            bid_id=event.bid, member_id=_member_in(event), detail=dict(event.detail),
        ))
    db.session.flush()


def _member_in(event: Event) -> int | None:
    member = event.detail.get("member")
    return member if isinstance(member, int) else None


def _save_item(row: MeetingItem, old: Item, new: Item, actor_id: int | None, now: datetime) -> None:
    row.step = new.step
    if new.views_revealed and row.views_revealed_at is None:
        row.views_revealed_at = now
    if new.scores_revealed and row.scores_revealed_at is None:
        row.scores_revealed_at = now
    row.spoken = sorted(new.spoken)
    row.notes = new.notes
    for member, view in new.views.items():
        if old.views.get(member) is view:
            continue
        existing = next((saved for saved in row.views if saved.membership_id == member), None)
        if existing is None:
            row.views.append(FirstView(membership_id=member, view=view, given_at=now))
        else:
            existing.view, existing.given_at = view, now
    if new.agreement is not None and new.revision != old.revision:
        agreement = new.agreement
        row.recommendation = agreement.recommendation
        row.amount_pence = agreement.amount
        row.conditions = agreement.conditions
        row.reasons = agreement.reasons
        row.revision = new.revision
        row.recorded_at, row.recorded_by_id = now, actor_id
        existing = {score.criterion_id: score for score in row.consensus}
        for criterion, score in agreement.consensus.items():
            if criterion in existing:
                existing[criterion].score = score
            else:
                row.consensus.append(ConsensusScore(criterion_id=criterion, score=score))
