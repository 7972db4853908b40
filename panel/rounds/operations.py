"""Setting up a round and moving it through its stages; counting what a round holds."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from panel.accounts.models import Invitation
from panel.bids.models import Bid
from panel.core.models import utcnow
from panel.decisions.models import Decision, Feedback
from panel.decisions.operations import publish_feedback, unexplained_decisions
from panel.extensions import db
from panel.meetings.models import Meeting, MeetingItem
from panel.meetings.store import open_meeting
from panel.rounds.models import Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetStatus
from panel.training.operations import install_default_pack
from scoring.criteria import missing_descriptors
from scoring.people import MemberRole
from scoring.rounds import RoundFacts, RoundStatus, blockers


@dataclass(frozen=True)
class RoundDetails:
    """What a commissioner types about a round."""

    title: str
    purpose: str
    budget_pence: int
    training_deadline: date | None
    scoring_deadline: date | None
    meeting_date: date | None
    in_scope: str
    out_of_scope: str
    retention_days: int | None = None  # None: this Co-Panel's COPANEL_RETENTION_DAYS


@dataclass(frozen=True)
class RoundCounts:
    """The numbers on a round's overview."""

    criteria: int
    bids: int
    requested_pence: int
    members: int
    invitations_waiting: int


def create_round(actor, details: RoundDetails) -> Round:
    """A new draft round, set up by actor, with its own copy of the default training pack."""
    round_ = Round(**asdict(details), status=RoundStatus.DRAFT, created_by_id=actor.id)
    db.session.add(round_)
    db.session.flush()
    install_default_pack(round_)
    return round_


def update_round(actor, round_: Round, details: RoundDetails) -> None:
    """Change a round's details."""
    for name, value in asdict(details).items():
        setattr(round_, name, value)
    db.session.flush()


def _count(statement) -> int:
    return db.session.scalar(statement) or 0


def round_facts(round_: Round) -> RoundFacts:
    """What the status guards need, counted from what exists in the database."""
    criteria = db.session.scalars(
        select(Criterion).where(Criterion.round_id == round_.id).options(selectinload(Criterion.levels))
    ).all()
    roles = dict(
        db.session.execute(
            select(Membership.role, func.count())
            .where(Membership.round_id == round_.id)
            .group_by(Membership.role)
        ).all()
    )
    final_decisions = _count(select(func.count(Decision.id)).where(Decision.round_id == round_.id))
    return RoundFacts(
        criteria=len(criteria),
        criteria_missing_descriptors=sum(
            1 for criterion in criteria if missing_descriptors(criterion.scale, criterion.descriptors())
        ),
        bids=_count(select(func.count(Bid.id)).where(Bid.round_id == round_.id)),
        chairs=roles.get(MemberRole.CHAIR, 0),
        panellists=roles.get(MemberRole.PANELLIST, 0),
        submitted_sheets=_count(
            select(func.count(Sheet.id)).where(
                Sheet.round_id == round_.id, Sheet.status == SheetStatus.SUBMITTED
            )
        ),
        recommended_bids=_count(
            select(func.count(MeetingItem.id))
            .join(Meeting)
            .where(Meeting.round_id == round_.id, MeetingItem.recommendation.is_not(None))
        ),
        final_decisions=final_decisions,
        unexplained_decisions=unexplained_decisions(round_) if final_decisions else 0,
        summary_written=bool(
            (db.session.scalar(select(Feedback.summary).where(Feedback.round_id == round_.id)) or "").strip()
        ),
    )


def round_counts(round_: Round, now: datetime) -> RoundCounts:
    """How many criteria, bids, members and open invitations a round has, and what the bids ask for."""
    bids, requested = db.session.execute(
        select(func.count(Bid.id), func.coalesce(func.sum(Bid.amount_pence), 0)).where(
            Bid.round_id == round_.id
        )
    ).one()
    return RoundCounts(
        criteria=_count(select(func.count(Criterion.id)).where(Criterion.round_id == round_.id)),
        bids=bids,
        requested_pence=int(requested),
        members=_count(select(func.count(Membership.id)).where(Membership.round_id == round_.id)),
        invitations_waiting=_count(
            select(func.count(Invitation.id)).where(
                Invitation.round_id == round_.id,
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
        ),
    )


def move_round(actor, round_: Round, target: RoundStatus) -> list[str]:
    """Move the round on to target if nothing stands in the way; return what does (nothing changes then)."""
    if round_.status is target:
        return []
    problems = blockers(round_.status, target, round_facts(round_))
    if not problems:
        round_.status = target
        if target is RoundStatus.MEETING:
            open_meeting(round_)
        if target is RoundStatus.PUBLISHED:
            publish_feedback(round_, actor)
        if target is RoundStatus.CLOSED:
            round_.closed_at = utcnow()  # the retention period counts from here
        db.session.flush()
    return problems
