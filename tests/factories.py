"""Factories for tests: each makes a realistic object with sensible defaults and commits it."""

import itertools
from datetime import timedelta
from functools import cache

from werkzeug.security import generate_password_hash

from panel.accounts.models import User
from panel.accounts.operations import issue_sign_in_code
from panel.accounts.sessions import cookie_values
from panel.bids.models import Bid
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


@cache
def _password_hash(password: str) -> str:
    """Hashing is slow on purpose; tests reuse one real hash per password instead of paying for it each time."""
    return generate_password_hash(password)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def user(
    username: str | None = None,
    display_name: str | None = None,
    *,
    commissioner: bool = False,
    password: str = PASSWORD,
    email: str | None = None,
) -> User:
    number = next(_numbers)
    person = User(
        username=username or f"person{number}",
        display_name=display_name or f"Person {number}",
        is_commissioner=commissioner,
        email=email,
        password_hash=_password_hash(password),
    )
    return _save(person)


def signed_in(user_: User) -> dict:
    """What signing in leaves in a browser's session cookie: a new session of `user_`'s own (put it in a test
    client's session, or sign it into a cookie for a server)."""
    values = cookie_values(user_)
    db.session.commit()
    return values


def sign_in_code(user_: User, made_by: User | None = None):
    """A one-time sign-in code card for `user_` (IssuedSignInCode: its token and printed code)."""
    issued = issue_sign_in_code(user_, made_by, utcnow())
    db.session.commit()
    return issued


def commissioner(username: str | None = None) -> User:
    return user(username or f"commissioner{next(_numbers)}", "Casey Commissioner", commissioner=True)


def round(
    title: str = "Young people's wellbeing 2027",
    *,
    budget_pence: int = 140_000_000,
    status: RoundStatus = RoundStatus.DRAFT,
    criteria: int = 0,
    bids: int = 0,
    **fields,
) -> Round:
    fields.setdefault("purpose", "Choose services that help young people feel better.")
    fields.setdefault("in_scope", "Which bids get money, and how much.")
    fields.setdefault("out_of_scope", "The total budget, and the council's own services.")
    made = _save(Round(title=title, budget_pence=budget_pence, status=status, **fields))
    for index in range(criteria):
        criterion(made, title=f"Criterion {index + 1}", position=index)
    for index in range(bids):
        bid(made, reference=f"B{index + 1:02d}")
    return made


def criterion(
    round_: Round,
    title: str = "Meets young people's needs",
    *,
    weight: int = 20,
    scale: tuple[int, int] = (0, 4),
    position: int | None = None,
    descriptors: bool = True,
) -> Criterion:
    low, high = scale
    made = Criterion(
        round=round_,
        title=title,
        question=f"How well does the bid do this: {title.lower()}?",
        guidance="Look for evidence in the bid.",
        weight=weight,
        scale_min=low,
        scale_max=high,
        position=len(round_.criteria) if position is None else position,
    )
    if descriptors:
        made.levels = [
            CriterionLevel(score=score, descriptor=f"Level {score} meaning") for score in range(low, high + 1)
        ]
    return _save(made)


def bid(
    round_: Round,
    reference: str | None = None,
    *,
    organisation: str | None = None,
    title: str | None = None,
    amount_pence: int = 25_000_000,
    summary: str = "We will run weekly drop-in sessions.",
) -> Bid:
    number = next(_numbers)
    return _save(
        Bid(
            round=round_,
            reference=reference or f"B{number:03d}",
            organisation=organisation or f"Organisation {number}",
            title=title or f"Project {number}",
            summary=summary,
            amount_pence=amount_pence,
        )
    )


def member(
    round_: Round,
    person: User | None = None,
    *,
    role: MemberRole = MemberRole.PANELLIST,
    kind: MemberKind = MemberKind.YOUNG,
    age_band: AgeBand | None = AgeBand.B14_16,
    trained: bool = False,
) -> Membership:
    """A member who has joined; `trained` marks their training as done at an in-person session."""
    if kind is MemberKind.ADULT:
        age_band = None
    return _save(
        Membership(
            round=round_,
            user=person or user(),
            role=role,
            kind=kind,
            age_band=age_band,
            confidentiality_accepted_at=utcnow(),
            trained_in_person_at=utcnow() if trained else None,
            trained_in_person_note="Training day" if trained else "",
        )
    )


def conflict(membership: Membership, bid_: Bid, note: str = "My cousin works there") -> Conflict:
    return _save(Conflict(membership=membership, bid=bid_, note=note))


def days_from_now(days: int):
    return utcnow() + timedelta(days=days)


def document(bid_: Bid, *, filename: str = "plan.pdf", data: bytes = b"%PDF-1.4\n%%EOF\n"):
    """A PDF attached to the bid, with its bytes stored where the app keeps documents."""
    import secrets
    from pathlib import Path

    from flask import current_app

    from panel.bids.models import Document

    stored_name = secrets.token_hex(16)
    folder = Path(current_app.config["DOCUMENTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(data)
    return _save(
        Document(
            bid=bid_,
            filename=filename,
            stored_name=stored_name,
            content_type="application/pdf",
            size_bytes=len(data),
        )
    )


def invitation(
    round_: Round,
    display_name: str = "Sky",
    *,
    by: User | None = None,
    kind: MemberKind = MemberKind.YOUNG,
    age_band: AgeBand | None = AgeBand.B14_16,
):
    """A waiting invitation, returned as its card (with the plain token and code)."""
    from panel.rounds.panel.operations import invite_member

    card = invite_member(
        round_,
        by or commissioner(),
        display_name=display_name,
        role=MemberRole.PANELLIST,
        kind=kind,
        age_band=age_band if kind is MemberKind.YOUNG else None,
        email=None,
        now=utcnow(),
    )
    db.session.commit()
    return card


def training_step(
    round_: Round, title: str = "What commissioning is", *, questions: int = 1, required: bool = True
):
    """A training step with questions whose first option is the right one."""
    from panel.training.models import QuizOption, QuizQuestion, TrainingStep

    step = TrainingStep(
        round_id=round_.id, title=title, body="Commissioning means choosing services.", required=required
    )
    for number in range(questions):
        step.questions.append(
            QuizQuestion(
                prompt=f"Question {number + 1}?",
                explanation="Because that is how it works.",
                position=number,
                options=[
                    QuizOption(text="Right", is_correct=True, position=0),
                    QuizOption(text="Wrong", is_correct=False, position=1),
                ],
            )
        )
    return _save(step)


def sheet(
    membership: Membership,
    bid_: Bid,
    scores: dict | None = None,
    *,
    submitted: bool = True,
    strengths: str = "",
    concerns: str = "",
):
    """A scoring sheet; scores maps each criterion (or its id) to a score, or None for "I can't judge this"."""
    from panel.sheets.models import Sheet, SheetScore, SheetStatus

    made = Sheet(
        round_id=membership.round_id,
        bid_id=bid_.id,
        membership_id=membership.id,
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.IN_PROGRESS,
        submitted_at=utcnow() if submitted else None,
        strengths=strengths,
        concerns=concerns,
    )
    for criterion_, score in (scores or {}).items():
        criterion_id = criterion_ if isinstance(criterion_, int) else criterion_.id
        made.scores.append(SheetScore(criterion_id=criterion_id, score=score, abstained=score is None))
    return _save(made)


def meeting(round_: Round):
    """Move the round to its meeting (however far it had got) and return the meeting, waiting to start."""
    from panel.meetings.store import open_meeting

    round_.status = RoundStatus.MEETING
    made = open_meeting(round_)
    db.session.commit()
    return made


# Decisions and feedback (the panellist's side): a recommendation from the meeting, the commissioner's decision,
# the feedback published to the panel, and a member's time at the meeting.


def recommendation(
    round_: Round,
    bid_: Bid,
    recommendation: str = "fund",
    *,
    amount_pence: int | None = None,
    consensus: dict | None = None,
    reasons: str = "The panel liked the plan.",
):
    """What the meeting agreed for a bid: a recommendation and consensus scores (criterion or its id -> score).
    Opens the round's meeting if it has none, without moving the round."""
    from panel.meetings.models import ConsensusScore, MeetingItem
    from panel.meetings.store import open_meeting
    from scoring.consensus import Recommendation

    meeting = open_meeting(round_)
    item = db.session.scalar(
        db.select(MeetingItem).where(MeetingItem.meeting_id == meeting.id, MeetingItem.bid_id == bid_.id)
    )
    said = Recommendation(recommendation)
    item.recommendation = said
    item.amount_pence = (
        amount_pence if amount_pence is not None else (bid_.amount_pence if said.funds else None)
    )
    item.reasons, item.recorded_at = reasons, utcnow()
    for criterion_, score in (consensus or {}).items():
        criterion_id = criterion_ if isinstance(criterion_, int) else criterion_.id
        item.consensus.append(ConsensusScore(criterion_id=criterion_id, score=score))
    return _save(item)


def decision(
    round_: Round,
    bid_: Bid,
    outcome: str = "funded",
    *,
    amount_pence: int | None = None,
    reasons: str = "It will help lots of young people.",
    explanation: str = "",
    conditions: str = "",
    by: User | None = None,
):
    """The commissioner's final decision on a bid; a funded bid gets the amount it asked for unless told."""
    from panel.decisions.models import Decision
    from scoring.decisions import Outcome

    decided = Outcome(outcome)
    if decided.funds and amount_pence is None:
        amount_pence = bid_.amount_pence
    return _save(
        Decision(
            round_id=round_.id,
            bid_id=bid_.id,
            outcome=decided,
            amount_pence=amount_pence,
            reasons=reasons,
            explanation=explanation,
            conditions=conditions,
            decided_by_id=by.id if by else None,
        )
    )


def published(
    round_: Round,
    summary: str = "We funded three great bids. Thank you for your help.",
    *,
    next_steps: str = "The groups start in May.",
    status: RoundStatus = RoundStatus.PUBLISHED,
):
    """Share the round's decisions with its panel: the feedback text, published now, and the round's status."""
    from panel.decisions.models import Feedback

    feedback = db.session.scalar(db.select(Feedback).where(Feedback.round_id == round_.id))
    if feedback is None:
        feedback = Feedback(round_id=round_.id)
    feedback.summary, feedback.next_steps, feedback.published_at = summary, next_steps, utcnow()
    round_.status = status
    return _save(feedback)


def attendance(membership: Membership, first_seen, last_seen):
    """A member's connection to their round's meeting (opened if needed), first and last seen."""
    from panel.meetings.models import Attendance
    from panel.meetings.store import open_meeting

    meeting = open_meeting(membership.round)
    return _save(
        Attendance(
            meeting_id=meeting.id,
            membership_id=membership.id,
            first_seen_at=first_seen,
            last_seen_at=last_seen,
        )
    )


def first_view(membership: Membership, bid_: Bid, view: str = "fund"):
    """A member's secret first view of a bid in their round's meeting (opened if needed, the round not moved)."""
    from panel.meetings.models import FirstView, MeetingItem
    from panel.meetings.store import open_meeting
    from scoring.consensus import View

    meeting = open_meeting(membership.round)
    item = db.session.scalar(
        db.select(MeetingItem).where(MeetingItem.meeting_id == meeting.id, MeetingItem.bid_id == bid_.id)
    )
    return _save(FirstView(item_id=item.id, membership_id=membership.id, view=View(view)))


def worry(
    membership: Membership, text: str = "Someone keeps sending me horrible messages.", *, contact: str = ""
):
    """A worry the member raised on their round (nobody is told: see tests/panel/safeguarding/)."""
    from panel.safeguarding.models import Worry

    return _save(
        Worry(
            round_id=membership.round_id,
            raised_by_id=membership.user_id,
            text=text,
            contact=contact,
            created_at=utcnow(),
        )
    )


def removal_request(person: User):
    """The person's waiting request to have their data removed."""
    from panel.privacy.removal.models import RemovalRequest

    return _save(RemovalRequest(user_id=person.id, requested_at=utcnow()))
