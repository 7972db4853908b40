"""The demo's third round, from autumn 2026 and all done: trained, scored, met, decided and fed back.

Everything goes through the same operations and meeting rules the pages use, at the times it happened, so the
meeting record, the training table and the "You said - we did" pages read as they would after a real round.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.core.notifications.models import Notification
from panel.decisions.operations import (
    DecisionInput,
    feedback_link,
    feedback_of,
    record_decision,
    save_feedback_text,
)
from panel.demo import content
from panel.demo.round_two import add_sheet_and_bids, demo_sheets
from panel.extensions import db
from panel.feedback.models import Answer
from panel.feedback.operations import mark_messages_read, post_update, record_opening, save_reply
from panel.meetings.models import Attendance
from panel.meetings.store import claim_version, load, open_meeting, remember_agenda, save
from panel.rounds.models import Conflict, Membership, Round
from panel.rounds.operations import move_round
from panel.sheets.operations import save_sheet, submit_sheet
from panel.training.operations import (
    answer_question,
    complete_step,
    install_default_pack,
    practice_bid_of,
    score_practice,
    steps_of,
)
from scoring.consensus import Recommendation, View
from scoring.decisions import Outcome
from scoring.meeting import Actor, Command, Refused, decide
from scoring.people import AgeBand, MemberKind, MemberRole
from scoring.rounds import RoundStatus

SCALE = (1, 5)
CREATED = datetime(2026, 7, 6, 9, 0, tzinfo=UTC)
JOINED = datetime(2026, 7, 20, 18, 0, tzinfo=UTC)
TRAINED = datetime(2026, 8, 24, 17, 0, tzinfo=UTC)
SCORED = datetime(2026, 9, 14, 17, 0, tzinfo=UTC)
MET = datetime(2026, 10, 1, 16, 30, tzinfo=UTC)  # 5:30pm in Easthaven
DECIDED = datetime(2026, 10, 12, 14, 0, tzinfo=UTC)
PUBLISHED = datetime(2026, 10, 16, 10, 0, tzinfo=UTC)
REPORTED = datetime(2026, 11, 13, 12, 0, tzinfo=UTC)


class DemoRefused(RuntimeError):
    """The demo asked for something the rules refuse: the demo's own content is wrong."""


def build_round_three(users: dict[str, User]) -> Round:
    """Create the third round and take it all the way to published feedback."""
    commissioner = users["commissioner"]
    round_ = Round(
        **content.ROUND_THREE,
        budget_pence=60_000 * 100,
        training_deadline=date(2026, 9, 11),
        scoring_deadline=date(2026, 9, 25),
        meeting_date=date(2026, 10, 1),
        status=RoundStatus.DRAFT,
        created_by_id=commissioner.id,
        created_at=CREATED,
    )
    db.session.add(round_)
    bids = add_sheet_and_bids(round_, content.CRITERIA_THREE, content.BIDS_THREE, SCALE, CREATED)
    memberships = _panel(round_, users)
    db.session.flush()
    for username, reference, note in content.CONFLICTS_THREE:
        db.session.add(
            Conflict(
                membership=memberships[username],
                bid=bids[reference],
                note=note,
                recorded_by_id=users[username].id,
                recorded_at=JOINED,
            )
        )
    install_default_pack(round_)
    _move(commissioner, round_, RoundStatus.SCORING)
    for number, membership in enumerate(memberships.values()):
        _train(membership, TRAINED + timedelta(days=number, minutes=7 * number), commissioner)
    _score(round_, memberships, bids)
    _move(commissioner, round_, RoundStatus.MEETING)
    _meet(round_, memberships)
    _move(commissioner, round_, RoundStatus.DECIDED)
    _decide(round_, bids, commissioner)
    _publish(round_, commissioner)
    _after_publishing(round_, memberships, bids, commissioner)
    return round_


def _move(actor: User, round_: Round, target: RoundStatus) -> None:
    """Move the round on through its guards, as the commissioner's Status page does."""
    problems = move_round(actor, round_, target)
    if problems:
        raise DemoRefused(f"{round_.title} cannot move to {target.label}: {'; '.join(problems)}")


def _panel(round_: Round, users: dict[str, User]) -> dict[str, Membership]:
    memberships = {}
    for number, (username, _, role, kind, band) in enumerate(content.MEMBERS):
        joined = JOINED + timedelta(days=number % 4, minutes=13 * number)
        memberships[username] = Membership(
            user=users[username],
            role=MemberRole(role),
            kind=MemberKind(kind),
            age_band=AgeBand(band) if band else None,
            joined_at=joined,
            confidentiality_accepted_at=joined,
            conflicts_reviewed_at=joined,
        )
        round_.memberships.append(memberships[username])
    return memberships


def _train(membership: Membership, when: datetime, commissioner: User) -> None:
    """Every step read and the quiz passed, then the practice bid scored; or the training evening instead."""
    if membership.user.username in content.TRAINED_IN_PERSON_THREE:
        membership.trained_in_person_at = membership.training_completed_at = when
        membership.trained_in_person_note = "Training evening at the youth centre"
        membership.trained_in_person_by_id = commissioner.id
        return
    for number, step in enumerate(steps_of(membership.round)):
        now = when + timedelta(minutes=3 * number)
        complete_step(membership, step, now)
        for question in step.questions:
            answer_question(membership, question, next(o for o in question.options if o.is_correct), now)
    practice = practice_bid_of(membership.round)
    if practice is None:
        raise DemoRefused("The demo round has no practice bid to score")
    model = {score.criterion_id: score.score for score in practice.model_scores}
    score_practice(
        membership,
        {c.id: model.get(c.id, 3) for c in membership.round.criteria},
        when + timedelta(minutes=30),
    )


def _score(round_: Round, memberships: dict[str, Membership], bids: dict[str, Bid]) -> None:
    """Every sheet filled in and sent, through the same operations the sheet page uses."""
    for username, reference, member_number, bid_number, changes in demo_sheets(
        round_, content.BIDS_THREE, content.CONFLICTS_THREE, content.CANT_JUDGE_THREE, SCALE, spread=2
    ):
        now = SCORED + timedelta(days=member_number % 9, hours=bid_number, minutes=5 * member_number)
        save_sheet(memberships[username], bids[reference], changes, 0, now)
        submit_sheet(memberships[username], bids[reference], now + timedelta(minutes=20))


class _Meeting:
    """Gives meeting commands as the pages do (the pure rules decide, the store writes), a minute or so apart,
    without committing: the demo commits once at the end."""

    def __init__(self, round_: Round, memberships: dict[str, Membership], start: datetime):
        # Its created_at stays the time the demo ran: the meeting store keys what it remembers by it.
        self.meeting = open_meeting(round_)
        self.memberships = memberships
        self.at = start

    def __call__(self, name: str, by: str = "chair", after: float = 1, **args) -> None:
        self.at += timedelta(minutes=after)
        membership = self.memberships[by]
        actor = Actor(member=membership.id, chair=membership.role is MemberRole.CHAIR)
        data = load(self.meeting)
        decision = decide(data.state, Command(name, args), actor, self.at)
        if isinstance(decision, Refused):
            raise DemoRefused(
                f"The demo meeting refused {name} by {by}: {decision.reason} {dict(decision.problems)}"
            )
        if not decision.changed:
            return
        if not claim_version(self.meeting.id, data.seq, decision.state, self.at):
            raise DemoRefused("The demo meeting changed under it")
        save(data, decision.state, decision.events, membership.user_id, self.at)
        remember_agenda(
            self.meeting.id, data.seq + 1, self.meeting.created_at, decision.state.items, data.item_ids
        )
        db.session.expire(self.meeting)  # written with plain statements: read it again next time


def _meet(round_: Round, memberships: dict[str, Membership]) -> None:
    """The whole meeting, bid by bid, as MEETING_THREE tells it; then who was there."""
    criteria = sorted(round_.criteria, key=lambda criterion: criterion.position)
    say = _Meeting(round_, memberships, MET - timedelta(minutes=5))
    say("set_scribe", member=memberships[content.SCRIBE_THREE].id)
    say("start", after=5)
    for position, (reference, *_) in enumerate(content.BIDS_THREE):
        plan = content.MEETING_THREE[reference]
        if position:
            say("next")
        if reference == content.BREAK_BEFORE_THREE:
            say("need_break", by="aisha")
            say("pause", minutes=10)
            say("resume", after=10)
        say("first_view", after=4)
        for username, view in plan["views"].items():
            say("give_view", by=username, after=0.25, view=View(view))
        say("reveal_views", after=0.5)
        say("reveal_scores", after=2)
        say("discuss", after=3)
        for username in plan["hands"]:
            say("raise_hand", by=username, after=0.25)
        for username in plan["hands"]:
            say("give_turn", member=memberships[username].id, after=0.5)
            say("end_turn", after=2)
        say("save_notes", by=content.SCRIBE_THREE, notes=plan["notes"])
        say("agree")
        say(
            "record",
            after=3,
            revision=0,
            consensus={
                criterion.id: score for criterion, score in zip(criteria, plan["consensus"], strict=True)
            },
            recommendation=Recommendation(plan["recommendation"]),
            amount=plan["amount"] * 100 if plan["amount"] else None,
            conditions=plan["conditions"],
            reasons=plan["reasons"],
        )
    say("close", after=2)
    for username, membership in memberships.items():
        if username not in content.ABSENT_THREE:
            db.session.add(
                Attendance(
                    meeting_id=say.meeting.id,
                    membership_id=membership.id,
                    first_seen_at=MET - timedelta(minutes=12),
                    last_seen_at=say.at,
                )
            )
    # The agenda rows were written with plain statements: forget what the session holds of them.
    db.session.expire_all()


def _decide(round_: Round, bids: dict[str, Bid], commissioner: User) -> None:
    """The commissioner's final decisions and the summary for young people, through the decisions page's own
    operations (which refuse a decision that differs from the panel without saying why)."""
    for number, (reference, decision) in enumerate(content.DECISIONS_THREE.items()):
        amount = decision["amount"]
        record_decision(
            commissioner,
            round_,
            bids[reference],
            DecisionInput(
                outcome=Outcome(decision["outcome"]),
                amount_pence=amount * 100 if amount else None,
                conditions=decision["conditions"],
                reasons=decision["reasons"],
                explanation=decision["explanation"],
                strengths=decision["strengths"],
                concerns=decision["concerns"],
            ),
            DECIDED + timedelta(minutes=9 * number),
        )
    save_feedback_text(
        commissioner, round_, content.FEEDBACK_THREE, content.NEXT_STEPS_THREE, PUBLISHED - timedelta(hours=1)
    )


def _publish(round_: Round, commissioner: User) -> None:
    """Publish as the Status page does (every member is told), then date it when it happened."""
    _move(commissioner, round_, RoundStatus.PUBLISHED)
    feedback = feedback_of(round_)
    if feedback is None:
        raise DemoRefused("The demo round was published without its feedback")
    feedback.published_at = PUBLISHED
    db.session.execute(
        update(Notification)
        .where(Notification.round_id == round_.id)
        .values(created_at=PUBLISHED)
        .execution_options(synchronize_session=False)
    )


def _after_publishing(
    round_: Round, memberships: dict[str, Membership], bids: dict[str, Bid], commissioner: User
) -> None:
    """Most have looked (Aisha not yet), a few said how it went, and one funded group reported back."""
    link = feedback_link(round_.id)
    for number, username in enumerate(content.OPENED_THREE):
        opened = PUBLISHED + timedelta(hours=3 + 5 * number)
        record_opening(memberships[username], opened)
        mark_messages_read(memberships[username], link, opened)
    for number, (username, heard, useful, change, share_name) in enumerate(content.REPLIES_THREE):
        save_reply(
            memberships[username],
            Answer(heard),
            Answer(useful),
            change,
            share_name,
            PUBLISHED + timedelta(days=1, hours=2 * number),
        )
    reference, body = content.UPDATE_THREE
    post_update(commissioner, round_, bids[reference], body, f"{link}#bid-{bids[reference].id}", REPORTED)
