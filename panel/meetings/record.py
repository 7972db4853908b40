"""The meeting record as people read it: one line per accepted command, oldest first."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from panel.core.templating import long_date
from panel.extensions import db
from panel.meetings.models import FirstView, MeetingItem, MeetingRecord
from panel.meetings.store import MeetingData
from panel.rounds.models import Membership
from scoring.consensus import Recommendation, View
from scoring.disclosure import split_shown
from scoring.money import format_pounds

ACTIONS = {
    "start": "Started the meeting",
    "first_view": "Asked for first views",
    "give_view": "Gave a first view",
    "reveal_views": "Showed the first views",
    "reveal_scores": "Showed the scores",
    "discuss": "Opened the discussion",
    "raise_hand": "Raised a hand",
    "lower_hand": "Lowered a hand",
    "give_turn": "Gave a turn",
    "end_turn": "Ended a turn",
    "set_scribe": "Chose who takes notes",
    "save_notes": "Saved the notes",
    "agree": "Moved to agreeing",
    "record": "Recorded the agreement",
    "go_to": "Moved to a bid",
    "move": "Changed the agenda order",
    "pause": "Paused the meeting",
    "resume": "Carried on",
    "need_break": "Asked for a break",
    "close": "Closed the meeting",
}


def _by_name(user) -> str:
    return user.display_name if user is not None else "Someone who has left"


def _detail(entry: MeetingRecord, revealed: dict[int, bool], person=_by_name) -> str:
    detail = entry.detail or {}
    member = person(entry.member.user) if entry.member is not None else None
    if entry.command == "record":
        recommendation = Recommendation(detail["recommendation"])
        words = recommendation.label
        if detail.get("amount"):
            words += f", {format_pounds(detail['amount'])}"
        return f"{words}. Reasons: {detail.get('reasons', '')}"
    if entry.command == "give_view":
        if entry.bid_id not in revealed:
            return f"{member}: kept secret until the chair shows them" if member else ""
        if not revealed[entry.bid_id]:
            return f"{member}: kept secret, as too few gave one to show them" if member else ""
        return f"{member}: {View(detail['view']).label}" if member else View(detail["view"]).label
    if entry.command == "pause":
        minutes = detail.get("minutes") or 0
        return f"Break of {minutes} minutes" if minutes else "No timer"
    if entry.command == "move":
        return f"Now number {detail.get('to')}"
    if entry.command == "save_notes":
        return detail.get("notes", "")
    if entry.command in ("give_turn", "raise_hand", "lower_hand", "need_break", "set_scribe"):
        return member or ("The chair" if entry.command == "set_scribe" else "")
    return ""


def record_entries(data: MeetingData, person=_by_name) -> list[dict]:
    """Every line of the record, for the record page; `person(user)` says who someone is (by name)."""
    # A bid's first views are shown here once the room was shown them, and only then if enough were given: two,
    # each beside its giver (or an export's label), would say what each person picked (scoring/disclosure.py).
    revealed = {item.bid: split_shown(len(item.views)) for item in data.state.items if item.views_revealed}
    return [line for _, line in record_lines(data.meeting.id, revealed, person)]


def revealed_views(meeting_id: int) -> dict[int, bool]:
    """record_entries' `revealed`, counted by the database, so the export need not load the whole meeting."""
    counts = db.session.execute(
        select(MeetingItem.bid_id, func.count(FirstView.id))
        .outerjoin(FirstView, FirstView.item_id == MeetingItem.id)
        .where(MeetingItem.meeting_id == meeting_id, MeetingItem.views_revealed_at.is_not(None))
        .group_by(MeetingItem.id, MeetingItem.bid_id)
    )
    return {bid_id: split_shown(count) for bid_id, count in counts}


def record_lines(
    meeting_id: int, revealed: dict[int, bool], person=_by_name
) -> Iterator[tuple[datetime, dict]]:
    """The record's lines one at a time, read from the database a few hundred at a time (the export writes a
    long meeting's record without holding it), each with its exact time."""
    entries = db.session.scalars(
        select(MeetingRecord)
        .where(MeetingRecord.meeting_id == meeting_id)
        .options(
            selectinload(MeetingRecord.actor),
            selectinload(MeetingRecord.bid),
            selectinload(MeetingRecord.member).selectinload(Membership.user),
        )
        .order_by(MeetingRecord.sequence, MeetingRecord.id)
        .execution_options(yield_per=500)
    )
    for entry in entries:
        yield (
            entry.at,
            {
                "at": long_date(entry.at),
                "actor": person(entry.actor),
                "action": ACTIONS.get(entry.command, entry.command),
                "bid": entry.bid.reference if entry.bid is not None else None,
                "detail": _detail(entry, revealed, person),
            },
        )
