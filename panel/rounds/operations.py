"""Setting up a round and moving it through its stages; counting what a round holds."""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from panel.accounts.models import Invitation
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Criterion, Membership, Round
from scoring.criteria import missing_descriptors
from scoring.people import MemberRole
from scoring.rounds import RoundFacts, RoundStatus, blockers, next_status


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


@dataclass(frozen=True)
class NextStage:
    """The stage a round can move on to (None once it is closed), and what still stands in the way."""

    round: Round
    upcoming: RoundStatus | None
    blockers: list[str]


def next_stage(round_: Round) -> NextStage:
    """What a commissioner has to do next for this round: the same guards that moving it asks."""
    upcoming = next_status(round_.status)
    return NextStage(
        round_, upcoming, blockers(round_.status, upcoming, round_facts(round_)) if upcoming else []
    )


def rounds_on_the_go() -> list[NextStage]:
    """Every round not closed yet, newest first, each with its next stage."""
    rounds = db.session.scalars(
        select(Round)
        .where(Round.status != RoundStatus.CLOSED)
        .order_by(Round.created_at.desc(), Round.id.desc())
    )
    return [next_stage(round_) for round_ in rounds]


def create_round(actor, details: RoundDetails) -> Round:
    """A new draft round, set up by actor, with its own copy of the default training pack."""
    round_ = Round(**asdict(details), status=RoundStatus.DRAFT, created_by_id=actor.id)
    db.session.add(round_)
    db.session.flush()
    hooks.created(round_)
    return round_


def update_round(actor, round_: Round, details: RoundDetails) -> None:
    """Change a round's details."""
    for name, value in asdict(details).items():
        setattr(round_, name, value)
    db.session.flush()


def _count(statement) -> int:
    return db.session.scalar(statement) or 0


def round_facts(round_: Round) -> RoundFacts:
    """What the status guards need: the scoring sheet and the panel counted here, the rest by later areas."""
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
    later = hooks.later_counts(round_)
    return RoundFacts(
        criteria=len(criteria),
        criteria_missing_descriptors=sum(
            1 for criterion in criteria if missing_descriptors(criterion.scale, criterion.descriptors())
        ),
        chairs=roles.get(MemberRole.CHAIR, 0),
        panellists=roles.get(MemberRole.PANELLIST, 0),
        bids=int(later.get("bids", 0)),
        submitted_sheets=int(later.get("submitted_sheets", 0)),
        recommended_bids=int(later.get("recommended_bids", 0)),
        final_decisions=int(later.get("final_decisions", 0)),
        unexplained_decisions=int(later.get("unexplained_decisions", 0)),
        summary_written=bool(later.get("summary_written", False)),
    )


# The facts about a round that later areas count (through hooks.counts).
LATER_FACTS = (
    "bids",
    "submitted_sheets",
    "recommended_bids",
    "final_decisions",
    "unexplained_decisions",
    "summary_written",
)


def round_counts(round_: Round, now: datetime) -> RoundCounts:
    """How many criteria, bids, members and open invitations a round has, and what the bids ask for."""
    later = hooks.later_counts(round_)
    return RoundCounts(
        criteria=_count(select(func.count(Criterion.id)).where(Criterion.round_id == round_.id)),
        bids=int(later.get("bids", 0)),
        requested_pence=int(later.get("requested_pence", 0)),
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
        hooks.entered(actor, round_, target)
        if target is RoundStatus.CLOSED:
            round_.closed_at = utcnow()  # the retention period counts from here
        db.session.flush()
    return problems


def panels_of(user) -> list[Membership]:
    """A person's seats on panels, newest round first."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .join(Membership.round)
            .order_by(Round.created_at.desc())
        )
    )
