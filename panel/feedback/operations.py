"""The panellist's side of the decisions: their "You said - we did" page, the receipt that they opened it,
their reply on how the process went, and news about funded bids after the decision."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from panel.bids.models import Bid
from panel.core.models import rows_matched
from panel.core.notifications.models import Notification
from panel.decisions.models import Decision, Feedback, FeedbackReceipt
from panel.extensions import db
from panel.feedback.models import Answer, BidUpdate, ProcessReply
from panel.meetings.models import Meeting, MeetingItem
from panel.rounds.models import Conflict, Membership, Round
from panel.sheets.models import Sheet, SheetStatus
from scoring.decisions import Outcome
from scoring.feedback import (
    Agreement,
    ScorePair,
    agreement,
    agreement_in_words,
    close_count,
    outcome_in_words,
    panel_said,
)
from scoring.rounds import RoundStatus

SHARED_STATUSES = (RoundStatus.PUBLISHED, RoundStatus.CLOSED)


def feedback_of(round_: Round) -> Feedback | None:
    return db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id))


def is_published(round_: Round, feedback: Feedback | None = None) -> bool:
    """The decisions have been shared with the panel: the round is published (or closed since) and the
    feedback has its publication date."""
    feedback = feedback or feedback_of(round_)
    return round_.status in SHARED_STATUSES and feedback is not None and feedback.published_at is not None


# The "You said - we did" page


@dataclass(frozen=True)
class BidFeedback:
    """One bid as one member sees it once the decisions are shared."""

    bid: Bid
    outcome: str
    funded: bool
    stepped_out: bool = False
    reasons: str = ""
    conditions: str = ""
    panel_said: str = ""
    agreement: Agreement = Agreement.UNKNOWN
    agreement_words: str = ""
    explanation: str = ""
    scored: bool = False
    scores: tuple[ScorePair, ...] = ()
    close: tuple[int, int] = (0, 0)
    updates: tuple[BidUpdate, ...] = field(default=())


def _meeting_items(round_: Round) -> dict[int, MeetingItem]:
    items = db.session.scalars(
        select(MeetingItem)
        .join(Meeting)
        .where(Meeting.round_id == round_.id)
        .options(selectinload(MeetingItem.consensus))
    )
    return {item.bid_id: item for item in items}


def _own_scores(membership: Membership) -> dict[int, dict[int, tuple[int | None, bool]]]:
    """{bid id: {criterion id: (score, abstained)}} from the member's own submitted sheets, and nobody
    else's."""
    sheets = db.session.scalars(
        select(Sheet)
        .where(Sheet.membership_id == membership.id, Sheet.status == SheetStatus.SUBMITTED)
        .options(selectinload(Sheet.scores))
    )
    return {
        sheet.bid_id: {score.criterion_id: (score.score, score.abstained) for score in sheet.scores}
        for sheet in sheets
    }


def updates_by_bid(round_: Round) -> dict[int, list[BidUpdate]]:
    """A round's news about its funded bids, newest first, by bid."""
    found = defaultdict(list)
    for news in db.session.scalars(
        select(BidUpdate)
        .where(BidUpdate.round_id == round_.id)
        .order_by(BidUpdate.posted_at.desc(), BidUpdate.id.desc())
    ):
        found[news.bid_id].append(news)
    return found


def conflicted_bids(membership: Membership) -> set[int]:
    return set(db.session.scalars(select(Conflict.bid_id).where(Conflict.membership_id == membership.id)))


def _pairs(round_: Round, item: MeetingItem | None, mine: dict[int, tuple[int | None, bool]]):
    agreed = {score.criterion_id: score.score for score in item.consensus} if item else {}
    return tuple(
        ScorePair(
            title=criterion.title,
            low=criterion.scale_min,
            high=criterion.scale_max,
            mine=mine.get(criterion.id, (None, False))[0],
            agreed=agreed.get(criterion.id),
            abstained=mine.get(criterion.id, (None, False))[1],
        )
        for criterion in round_.criteria
    )


def bid_feedback(round_: Round, membership: Membership) -> list[BidFeedback]:
    """Every bid of the round, in reference order, as this member may see it."""
    decisions = {
        decision.bid_id: decision
        for decision in db.session.scalars(select(Decision).where(Decision.round_id == round_.id))
    }
    items, mine, news = _meeting_items(round_), _own_scores(membership), updates_by_bid(round_)
    stepped_out = conflicted_bids(membership)
    shown = []
    for bid in round_.bids:
        decision = decisions.get(bid.id)
        funded = decision is not None and decision.outcome is Outcome.FUNDED
        words = outcome_in_words(decision.outcome, decision.amount_pence) if decision else "Not decided yet"
        if bid.id in stepped_out:
            shown.append(BidFeedback(bid=bid, outcome=words, funded=funded, stepped_out=True))
            continue
        item = items.get(bid.id)
        recommendation = item.recommendation if item else None
        panel_amount = item.amount_pence if item else None
        found = (
            agreement(decision.outcome, decision.amount_pence, recommendation, panel_amount)
            if decision
            else Agreement.UNKNOWN
        )
        pairs = _pairs(round_, item, mine.get(bid.id, {}))
        shown.append(
            BidFeedback(
                bid=bid,
                outcome=words,
                funded=funded,
                reasons=decision.reasons if decision else "",
                conditions=decision.conditions if decision and funded else "",
                panel_said=panel_said(recommendation, panel_amount),
                agreement=found,
                agreement_words=agreement_in_words(found),
                explanation=decision.explanation if decision else "",
                scored=bid.id in mine,
                scores=pairs,
                close=close_count(pairs),
                updates=tuple(news.get(bid.id, ())) if funded else (),
            )
        )
    return shown


def record_opening(membership: Membership, now: datetime) -> None:
    """Note that the member opened their page: the first time once, the latest time every time."""
    opened = (
        update(FeedbackReceipt)
        .where(FeedbackReceipt.membership_id == membership.id)
        .values(
            opened_at=func.coalesce(
                FeedbackReceipt.opened_at, literal(now, type_=FeedbackReceipt.opened_at.type)
            ),
            last_opened_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if rows_matched(opened):
        return
    try:
        with db.session.begin_nested():  # two tabs opening at once: the second one only updates
            db.session.add(
                FeedbackReceipt(
                    round_id=membership.round_id,
                    membership_id=membership.id,
                    opened_at=now,
                    last_opened_at=now,
                )
            )
    except IntegrityError:
        db.session.execute(opened)


def mark_messages_read(membership: Membership, page_link: str, now: datetime) -> None:
    """The member's messages that point at this page are read once they have opened it."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == membership.user_id,
            Notification.round_id == membership.round_id,
            Notification.read_at.is_(None),
            or_(
                Notification.link == page_link, Notification.link.startswith(page_link + "#", autoescape=True)
            ),
        )
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )


# Replies on how the process went


def reply_of(membership: Membership) -> ProcessReply | None:
    return db.session.scalar(select(ProcessReply).where(ProcessReply.membership_id == membership.id))


def save_reply(
    membership: Membership,
    felt_heard: Answer | None,
    training_useful: Answer | None,
    change: str,
    share_name: bool,
    now: datetime,
) -> ProcessReply:
    """The member's one reply, made or changed."""
    reply = reply_of(membership)
    if reply is None:
        reply = ProcessReply(round_id=membership.round_id, membership_id=membership.id, created_at=now)
        db.session.add(reply)
    reply.felt_heard, reply.training_useful = felt_heard, training_useful
    reply.change, reply.share_name, reply.updated_at = change, share_name, now
    db.session.flush()
    return reply


@dataclass(frozen=True)
class Comment:
    text: str
    name: str | None  # only when the member chose to share it


@dataclass(frozen=True)
class ReplySummary:
    members: int
    replied: int
    felt_heard: tuple[tuple[str, int], ...]
    training_useful: tuple[tuple[str, int], ...]
    comments: tuple[Comment, ...]


def _counts(answers: list[Answer | None]) -> tuple[tuple[str, int], ...]:
    counted = [(answer.label, sum(given is answer for given in answers)) for answer in Answer]
    return tuple(counted) + (("Didn't answer", sum(given is None for given in answers)),)


def reply_summary(round_: Round) -> ReplySummary:
    """The replies as the commissioner sees them: counts per answer, and the comments, named only where the
    member said so. Comments are sorted by their text, so their order says nothing about who wrote them or
    when."""
    rows = db.session.execute(
        select(ProcessReply, Membership)
        .join(Membership, Membership.id == ProcessReply.membership_id)
        .where(ProcessReply.round_id == round_.id)
        .options(selectinload(Membership.user))
    ).all()
    members = db.session.scalar(select(func.count(Membership.id)).where(Membership.round_id == round_.id))
    comments = sorted(
        (
            Comment(reply.change, membership.user.display_name if reply.share_name else None)
            for reply, membership in rows
            if reply.change.strip()
        ),
        key=lambda comment: (comment.text.casefold(), comment.name or ""),
    )
    return ReplySummary(
        members=members or 0,
        replied=len(rows),
        felt_heard=_counts([reply.felt_heard for reply, _ in rows]),
        training_useful=_counts([reply.training_useful for reply, _ in rows]),
        comments=tuple(comments),
    )


# News about funded bids


def funded_decisions(round_: Round) -> list[Decision]:
    """The round's funded bids' decisions, in bid reference order."""
    return list(
        db.session.scalars(
            select(Decision)
            .join(Bid, Bid.id == Decision.bid_id)
            .where(Decision.round_id == round_.id, Decision.outcome == Outcome.FUNDED)
            .order_by(Bid.reference)
            .options(selectinload(Decision.bid))
        )
    )


def news_message(bid: Bid) -> str:
    return f"There is news about a bid your panel helped to fund: {bid.title}."


def post_update(actor, round_: Round, bid: Bid, body: str, link: str, now: datetime) -> tuple[BidUpdate, int]:
    """Post dated news about a funded bid and tell every member of the panel, except those who stepped out of
    that bid (their page shows them only its outcome). Returns the update and how many people were told."""
    news = BidUpdate(
        round_id=round_.id, bid_id=bid.id, body=body, posted_at=now, posted_by_id=getattr(actor, "id", None)
    )
    db.session.add(news)
    stepped_out = select(Conflict.membership_id).where(Conflict.bid_id == bid.id)
    members = db.session.scalars(
        select(Membership).where(Membership.round_id == round_.id, Membership.id.not_in(stepped_out))
    )
    told = 0
    for membership in members:
        db.session.add(
            Notification(
                user_id=membership.user_id,
                round_id=round_.id,
                kind="bid_update",
                message=news_message(bid),
                link=link,
                created_at=now,
            )
        )
        told += 1
    db.session.flush()
    return news, told
