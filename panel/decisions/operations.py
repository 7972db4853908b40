"""Final decisions: what the panel thought of each bid (from the meeting and the scoring sheets), recording the
commissioner's decision, the summary for young people, and publishing it all to the panel."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.decisions.models import Decision, Feedback
from panel.extensions import db
from panel.meetings.models import Meeting, MeetingItem
from panel.rounds import hooks
from panel.rounds.models import Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.consensus import View
from scoring.decisions import (
    AgreedScore,
    Difference,
    Outcome,
    PanelView,
    decision_problems,
    decisions_editable,
    difference_in_words,
    differences,
    needs_explanation,
    sheet_share,
    suggested_points,
)
from scoring.disclosure import scores_are_out
from scoring.people import MemberKind
from scoring.rounds import RoundStatus

NOT_YET = (
    "Record the final decisions once the meeting has ended and the round has moved on to the decided stage."
)
PUBLISHED = "The decisions are published to the panel, so they can't change now."
FEEDBACK_KIND = "feedback"
STREAMED = {"yield_per": 1000}  # scores read from the database at a time


@dataclass(frozen=True)
class BidPanel:
    """One bid: what the panel recommended and thought, beside the commissioner's decision (if recorded)."""

    bid: Bid
    item: MeetingItem | None
    panel: PanelView
    scores: tuple[AgreedScore, ...]
    decision: Decision | None
    # Whether the meeting has shown this bid's scores, or has ended (scoring/disclosure.py).
    scores_out: bool = True

    @property
    def differences(self) -> tuple[Difference, ...]:
        if self.decision is None:
            return ()
        return differences(self.decision.outcome, self.decision.amount_pence, self.panel)

    @property
    def flags(self) -> list[str]:
        """How the decision differs from the panel, one sentence each."""
        return [difference_in_words(difference, self.panel) for difference in self.differences]

    @property
    def unexplained(self) -> bool:
        """The decision differs from the panel as it stands now, and says nothing about why."""
        decision = self.decision
        return decision is not None and needs_explanation(
            decision.outcome, decision.amount_pence, decision.explanation, self.panel
        )

    @property
    def young_views(self) -> list[tuple[View, int]]:
        """How many young members gave each first view; none when too few did to show (scoring/disclosure.py)."""
        return list(self.panel.young_view_counts)

    @property
    def young_middle_share(self) -> float | None:
        """The young members' middle overall score, 0 (bottom of the scale) to 1 (top); None when too few sent
        a sheet to show it."""
        return self.panel.young_middle_share

    def suggestions(self) -> tuple[str, str]:
        """Strengths and concerns suggested from the consensus scores, for the letter to the bidder."""
        return suggested_points(self.scores)


def _criteria(round_: Round) -> list[Criterion]:
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == round_.id)
            .order_by(Criterion.position, Criterion.id)
            .options(selectinload(Criterion.levels))
        )
    )


def _items(round_: Round, bid_ids: list[int]) -> dict[int, MeetingItem]:
    items = db.session.scalars(
        select(MeetingItem)
        .join(Meeting)
        .where(Meeting.round_id == round_.id, MeetingItem.bid_id.in_(bid_ids))
        .options(selectinload(MeetingItem.consensus), selectinload(MeetingItem.views))
    )
    return {item.bid_id: item for item in items}


def sheet_shares(
    round_: Round, criteria: list[Criterion], bid_ids: list[int], kind: MemberKind
) -> dict[int, list[float]]:
    """Each submitted sheet of one kind of member on these bids, as a share of the scale (see sheet_share), by
    bid. The scores are read as plain values, a sheet's rows together, and folded into its overall score as
    they go by, so a large round's scores are never held whole."""
    weights = {criterion.id: criterion.weight for criterion in criteria}
    scales = {criterion.id: (criterion.scale_min, criterion.scale_max) for criterion in criteria}
    scores = db.session.execute(
        select(Sheet.id, Sheet.bid_id, SheetScore.criterion_id, SheetScore.score)
        .join(SheetScore, SheetScore.sheet_id == Sheet.id)
        .join(Membership, Membership.id == Sheet.membership_id)
        .where(
            Sheet.round_id == round_.id,
            Sheet.bid_id.in_(bid_ids),
            Sheet.status == SheetStatus.SUBMITTED,
            Membership.kind == kind,
        )
        .order_by(Sheet.id)
        .execution_options(**STREAMED)
    )
    shares: dict[int, list[float]] = defaultdict(list)
    for (_, bid_id), sheet in groupby(scores, key=lambda row: (row.id, row.bid_id)):
        share = sheet_share(weights, scales, {row.criterion_id: row.score for row in sheet})
        if share is not None:
            shares[bid_id].append(share)
    return shares


def _agreed(item: MeetingItem | None, criteria: list[Criterion]) -> tuple[AgreedScore, ...]:
    if item is None:
        return ()
    agreed = {score.criterion_id: score.score for score in item.consensus}
    return tuple(
        AgreedScore(
            criterion.title,
            agreed[criterion.id],
            criterion.scale_min,
            criterion.scale_max,
            criterion.descriptors().get(agreed[criterion.id], ""),
        )
        for criterion in criteria
        if criterion.id in agreed
    )


def bid_panels(round_: Round, bids: Sequence[Bid] | None = None) -> list[BidPanel]:
    """Every bid of the round (or the ones given), in reference order, with the panel's view and the decision;
    a fixed number of queries however many bids and members."""
    if bids is None:
        bids = list(db.session.scalars(select(Bid).where(Bid.round_id == round_.id)))
    bids = sorted(bids, key=in_reference_order)
    bid_ids = [bid.id for bid in bids]
    criteria = _criteria(round_)
    young = set(
        db.session.scalars(
            select(Membership.id).where(Membership.round_id == round_.id, Membership.kind == MemberKind.YOUNG)
        )
    )
    items = _items(round_, bid_ids)
    shares = sheet_shares(round_, criteria, bid_ids, MemberKind.YOUNG)
    decisions = {
        decision.bid_id: decision
        for decision in db.session.scalars(
            select(Decision).where(Decision.round_id == round_.id, Decision.bid_id.in_(bid_ids))
        )
    }
    panels = []
    for bid in bids:
        item = items.get(bid.id)
        # Blind scoring: what young members scored counts here only once the room has seen the scores.
        out = scores_are_out(round_.status, item is not None and item.scores_revealed_at is not None)
        panel = PanelView(
            recommendation=item.recommendation if item else None,
            amount_pence=item.amount_pence if item else None,
            young_views=tuple(
                view.view for view in (item.views if item else ()) if view.membership_id in young
            ),
            young_shares=tuple(shares.get(bid.id, ())) if out else (),
        )
        panels.append(BidPanel(bid, item, panel, _agreed(item, criteria), decisions.get(bid.id), out))
    return panels


def bid_panel_pages(round_: Round, size: int) -> Iterator[list[BidPanel]]:
    """Every bid of the round as bid_panels gives them, in reference order, `size` bids at a time, so a large
    round is gathered a page at a time rather than held whole."""
    found = db.session.execute(select(Bid.id, Bid.reference).where(Bid.round_id == round_.id))
    ids = [bid.id for bid in sorted(found, key=in_reference_order)]
    for start in range(0, len(ids), size):
        page = ids[start : start + size]
        yield bid_panels(round_, list(db.session.scalars(select(Bid).where(Bid.id.in_(page)))))


def bid_panel(round_: Round, bid: Bid) -> BidPanel:
    """One bid's panel view and decision."""
    return bid_panels(round_, [bid])[0]


def unexplained_decisions(round_: Round) -> int:
    """Decisions that differ from the panel without saying why (publishing waits for them)."""
    return sum(1 for panel in bid_panels(round_) if panel.unexplained)


def locked_reason(round_: Round) -> str | None:
    """Why decisions and the summary can't be changed now; None while they can."""
    if decisions_editable(round_.status):
        return None
    return PUBLISHED if round_.status in (RoundStatus.PUBLISHED, RoundStatus.CLOSED) else NOT_YET


class DecisionsLocked(Exception):
    """The round is not at the stage where decisions are recorded."""


class InvalidDecision(Exception):
    """The decision breaks a rule (see scoring.decisions.decision_problems); `problems` says which, by field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class DecisionInput:
    """What the commissioner typed about one bid."""

    outcome: Outcome | None
    amount_pence: int | None
    conditions: str = ""
    reasons: str = ""
    explanation: str = ""
    strengths: str = ""
    concerns: str = ""


def record_decision(actor, round_: Round, bid: Bid, entered: DecisionInput, now: datetime) -> Decision:
    """Save the final decision on a bid (new or changed); refuses a locked round or a decision that breaks the
    rules, whichever form it came from. Flushes."""
    reason = locked_reason(round_)
    if reason:
        raise DecisionsLocked(reason)
    panel = bid_panel(round_, bid).panel
    problems = decision_problems(
        entered.outcome, entered.amount_pence, entered.reasons, entered.explanation, panel, entered.conditions
    )
    if problems or entered.outcome is None:  # a missing outcome is always one of the problems
        raise InvalidDecision(problems)
    decision = db.session.scalar(select(Decision).where(Decision.bid_id == bid.id))
    if decision is None:
        decision = Decision(round_id=round_.id, bid_id=bid.id, decided_at=now)
        db.session.add(decision)
    decision.outcome = entered.outcome
    decision.amount_pence = entered.amount_pence if entered.outcome.funds else None
    for name in ("conditions", "reasons", "explanation", "strengths", "concerns"):
        setattr(decision, name, getattr(entered, name).strip())
    decision.decided_by_id = actor.id
    decision.updated_at = now
    db.session.flush()
    return decision


def feedback_of(round_: Round) -> Feedback | None:
    return db.session.scalar(select(Feedback).where(Feedback.round_id == round_.id))


def save_feedback_text(actor, round_: Round, summary: str, next_steps: str, now: datetime) -> Feedback:
    """Save the plain-words summary for young people and what happens next. Flushes."""
    reason = locked_reason(round_)
    if reason:
        raise DecisionsLocked(reason)
    feedback = feedback_of(round_)
    if feedback is None:
        feedback = Feedback(round_id=round_.id)
        db.session.add(feedback)
    feedback.summary = (summary or "").strip()
    feedback.next_steps = (next_steps or "").strip()
    feedback.updated_at = now
    db.session.flush()
    return feedback


def feedback_link(round_id: int, *, external: bool = False) -> str:
    """Where a panellist reads what was decided ("You said - we did"); a full address for emails."""
    if has_request_context() and "feedback.show" in current_app.view_functions:
        return url_for("feedback.show", round_id=round_id, _external=external)
    path = f"/rounds/{round_id}/feedback"
    return request.url_root.rstrip("/") + path if external and has_request_context() else path


def published_message(round_: Round) -> str:
    return f"The decisions for {round_.title} are out. See what was decided, why, and how your views counted."


def publish_feedback(round_: Round, actor, now: datetime | None = None) -> Feedback:
    """Make the decisions visible to the panel and tell every member. Called by move_round when the round
    moves on to published (its guards have passed by then). Flushes."""
    now = now or utcnow()
    feedback = feedback_of(round_)
    if feedback is None:
        feedback = Feedback(round_id=round_.id)
        db.session.add(feedback)
    feedback.published_at = now
    feedback.published_by_id = actor.id
    link, message = feedback_link(round_.id), published_message(round_)
    for user_id in db.session.scalars(select(Membership.user_id).where(Membership.round_id == round_.id)):
        db.session.add(
            Notification(
                user_id=user_id,
                round_id=round_.id,
                kind=FEEDBACK_KIND,
                message=message,
                link=link,
                created_at=now,
            )
        )
    db.session.flush()
    return feedback


@dataclass(frozen=True)
class Totals:
    budget_pence: int
    recommended_pence: int
    decided_pence: int
    decided: int
    bids: int

    @property
    def over_budget(self) -> int:
        return max(0, self.decided_pence - self.budget_pence)


def totals(round_: Round, panels: list[BidPanel]) -> Totals:
    """What the panel recommended and the decisions so far add up to, against the budget."""
    recommended = sum(
        panel.panel.amount_pence or 0
        for panel in panels
        if panel.panel.recommendation is not None and panel.panel.recommendation.funds
    )
    decided = [panel.decision for panel in panels if panel.decision is not None]
    funded = sum(decision.amount_pence or 0 for decision in decided if decision.outcome.funds)
    return Totals(round_.budget_pence, recommended, funded, len(decided), len(panels))


@hooks.counts
def _decision_counts(round_: Round) -> hooks.Counts:
    """Final decisions, those that differ from the panel unexplained, and whether the summary is written."""
    final = db.session.scalar(select(func.count(Decision.id)).where(Decision.round_id == round_.id)) or 0
    summary = db.session.scalar(select(Feedback.summary).where(Feedback.round_id == round_.id)) or ""
    return {
        "final_decisions": final,
        "unexplained_decisions": unexplained_decisions(round_) if final else 0,
        "summary_written": bool(summary.strip()),
    }


@hooks.on_enter(RoundStatus.PUBLISHED)
def _publish(actor, round_: Round) -> None:
    publish_feedback(round_, actor)
