"""Factories for tests: each makes a realistic object with sensible defaults and commits it."""

import itertools
from datetime import timedelta
from functools import cache

from werkzeug.security import generate_password_hash

from panel.accounts.models import User
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


def user(username: str | None = None, display_name: str | None = None, *, commissioner: bool = False,
         password: str = PASSWORD, email: str | None = None) -> User:
    number = next(_numbers)
    person = User(
        username=username or f"person{number}",
        display_name=display_name or f"Person {number}",
        is_commissioner=commissioner,
        email=email,
        password_hash=_password_hash(password),
    )
    return _save(person)


def commissioner(username: str | None = None) -> User:
    return user(username or f"commissioner{next(_numbers)}", "Casey Commissioner", commissioner=True)


def round(title: str = "Young people's wellbeing 2027", *, budget_pence: int = 140_000_000,
          status: RoundStatus = RoundStatus.DRAFT, criteria: int = 0, bids: int = 0, **fields) -> Round:
    fields.setdefault("purpose", "Choose services that help young people feel better.")
    fields.setdefault("in_scope", "Which bids get money, and how much.")
    fields.setdefault("out_of_scope", "The total budget, and the council's own services.")
    made = _save(Round(title=title, budget_pence=budget_pence, status=status, **fields))
    for index in range(criteria):
        criterion(made, title=f"Criterion {index + 1}", position=index)
    for index in range(bids):
        bid(made, reference=f"B{index + 1:02d}")
    return made


def criterion(round_: Round, title: str = "Meets young people's needs", *, weight: int = 20,
              scale: tuple[int, int] = (0, 4), position: int | None = None, descriptors: bool = True) -> Criterion:
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
        made.levels = [CriterionLevel(score=score, descriptor=f"Level {score} meaning") for score in range(low, high + 1)]
    return _save(made)


def bid(round_: Round, reference: str | None = None, *, organisation: str | None = None, title: str | None = None,
        amount_pence: int = 25_000_000, summary: str = "We will run weekly drop-in sessions.") -> Bid:
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


def member(round_: Round, person: User | None = None, *, role: MemberRole = MemberRole.PANELLIST,
           kind: MemberKind = MemberKind.YOUNG, age_band: AgeBand | None = AgeBand.B14_16,
           trained: bool = False) -> Membership:
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
    return _save(Document(bid=bid_, filename=filename, stored_name=stored_name, content_type="application/pdf",
                          size_bytes=len(data)))


def invitation(round_: Round, display_name: str = "Sky", *, by: User | None = None,
               kind: MemberKind = MemberKind.YOUNG, age_band: AgeBand | None = AgeBand.B14_16):
    """A waiting invitation, returned as its card (with the plain token and code)."""
    from panel.rounds.panel_operations import invite_member

    card = invite_member(
        round_, by or commissioner(), display_name=display_name, role=MemberRole.PANELLIST, kind=kind,
        age_band=age_band if kind is MemberKind.YOUNG else None, email=None, now=utcnow(),
    )
    db.session.commit()
    return card


def training_step(round_: Round, title: str = "What commissioning is", *, questions: int = 1, required: bool = True):
    """A training step with questions whose first option is the right one."""
    from panel.training.models import QuizOption, QuizQuestion, TrainingStep

    step = TrainingStep(round_id=round_.id, title=title, body="Commissioning means choosing services.",
                        required=required)
    for number in range(questions):
        step.questions.append(QuizQuestion(
            prompt=f"Question {number + 1}?", explanation="Because that is how it works.", position=number,
            options=[QuizOption(text="Right", is_correct=True, position=0),
                     QuizOption(text="Wrong", is_correct=False, position=1)],
        ))
    return _save(step)


def sheet(membership: Membership, bid_: Bid, scores: dict | None = None, *, submitted: bool = True,
          strengths: str = "", concerns: str = ""):
    """A scoring sheet; scores maps each criterion (or its id) to a score, or None for "I can't judge this"."""
    from panel.sheets.models import Sheet, SheetScore, SheetStatus

    made = Sheet(round_id=membership.round_id, bid_id=bid_.id, membership_id=membership.id,
                 status=SheetStatus.SUBMITTED if submitted else SheetStatus.IN_PROGRESS,
                 submitted_at=utcnow() if submitted else None, strengths=strengths, concerns=concerns)
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
