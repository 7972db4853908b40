"""My data: what a person did on their panels (training, scoring sheets, the meeting, what they said
afterwards). Every query here is filtered to the person's own seats, so nobody else's data can reach the page or
the JSON."""

from sqlalchemy import or_, select

from panel.bids.models import Bid
from panel.core.templating import long_date
from panel.decisions.models import FeedbackReceipt
from panel.extensions import db
from panel.feedback.models import ProcessReply
from panel.meetings.models import Attendance, FirstView, Meeting, MeetingItem, MeetingRecord
from panel.meetings.record import ACTIONS
from panel.privacy.my_data.shapes import Group, Row, Section, when
from panel.rounds.models import Criterion, Membership
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from panel.training.models import PracticeScore, QuizAnswer, StepCompletion
from panel.training.operations import steps_of

NOT_SAID = "You didn't say"
KEPT_WITHOUT_NAME = (
    "It stays with your panel's record. When we remove your name, it stays with no name on it."
)


def _training_rows(seat: Membership) -> list[Row]:
    read = dict(
        db.session.execute(
            select(StepCompletion.step_id, StepCompletion.completed_at).where(
                StepCompletion.membership_id == seat.id
            )
        ).all()
    )
    rows = [
        Row(
            f"Training step: {step.title}",
            f"Read on {long_date(read[step.id])}" if step.id in read else "Not read yet",
        )
        for step in steps_of(seat.round)
    ]
    for answer in db.session.scalars(
        select(QuizAnswer).where(QuizAnswer.membership_id == seat.id).order_by(QuizAnswer.question_id)
    ):
        verdict = "That was right" if answer.correct else "That was not right"
        rows.append(
            Row(
                f"Quiz: {answer.option.question.prompt}",
                f'You chose "{answer.option.text}". {verdict}. Tries: {answer.attempts}.',
            )
        )
    for score, title in db.session.execute(
        select(PracticeScore.score, Criterion.title)
        .join(Criterion, PracticeScore.criterion_id == Criterion.id)
        .where(PracticeScore.membership_id == seat.id)
        .order_by(Criterion.position, Criterion.id)
    ):
        rows.append(Row(f"Practice bid: {title}", "I can't judge this" if score is None else str(score)))
    if seat.practice_done_at is not None:
        rows.append(Row("You finished the practice bid", long_date(seat.practice_done_at)))
    if seat.trained_in_person_at is not None:
        note = f". {seat.trained_in_person_note}" if seat.trained_in_person_note else ""
        rows.append(Row("Training in person", long_date(seat.trained_in_person_at) + note))
    done = [
        moment for moment in (seat.training_completed_at, seat.trained_in_person_at) if moment is not None
    ]
    rows.append(Row("Your training was done", when(min(done) if done else None)))
    return rows


def training_section(seats: list[Membership]) -> Section:
    """Each panel's training steps read, quiz answers and practice scores."""
    return Section(
        "training",
        "Your training",
        "So your scoring sheets open when you are ready.",
        KEPT_WITHOUT_NAME,
        tuple(Group(seat.round.title, tuple(_training_rows(seat))) for seat in seats),
        "You have not started any training.",
    )


def _score_words(row: SheetScore, criterion: Criterion) -> str:
    if row.abstained:
        return "I can't judge this"
    if row.score is None:
        return "Not scored yet"
    return f"{row.score} (on a scale from {criterion.scale_min} to {criterion.scale_max})"


def _sheet_rows(sheet: Sheet, criteria: dict[int, Criterion]) -> list[Row]:
    status = (
        f"Sent in on {long_date(sheet.submitted_at)}"
        if sheet.status is SheetStatus.SUBMITTED
        else "Not sent in yet"
    )
    rows = [Row("Your sheet", status)]
    ordered = sorted(sheet.scores, key=lambda row: (criteria[row.criterion_id].position, row.criterion_id))
    for row in ordered:
        criterion = criteria[row.criterion_id]
        rows.append(Row(criterion.title, _score_words(row, criterion)))
        if row.comment:
            rows.append(Row(f"Your comment on {criterion.title}", row.comment))
    for label, text in (
        ("Good things you saw", sheet.strengths),
        ("Worries you had", sheet.concerns),
        ("Questions you had", sheet.questions),
    ):
        if text:
            rows.append(Row(label, text))
    return rows


def scores_section(seats: list[Membership]) -> Section:
    """Every scoring sheet of the person's, score by score, with their comments."""
    titles = {seat.id: seat.round.title for seat in seats}
    criteria = {
        criterion.id: criterion
        for criterion in db.session.scalars(
            select(Criterion).where(Criterion.round_id.in_([seat.round_id for seat in seats]))
        )
    }
    sheets = db.session.execute(
        select(Sheet, Bid)
        .join(Bid, Sheet.bid_id == Bid.id)
        .where(Sheet.membership_id.in_(list(titles)))
        .order_by(Sheet.membership_id, Bid.reference)
    ).all()
    groups = tuple(
        Group(
            f"{titles[sheet.membership_id]}: {bid.reference}, {bid.title}",
            tuple(_sheet_rows(sheet, criteria)),
        )
        for sheet, bid in sheets
    )
    return Section(
        "scores",
        "Your scores",
        "So the panel can agree scores in the meeting. Your scores are shown there without your name.",
        "For good, without your name, so the record of what was decided still adds up.",
        groups,
        "You have not scored any bids.",
    )


def _record_rows(user_id: int, seat: Membership, meeting: Meeting) -> list[Row]:
    entries = db.session.scalars(
        select(MeetingRecord)
        .where(
            MeetingRecord.meeting_id == meeting.id,
            or_(MeetingRecord.actor_id == user_id, MeetingRecord.member_id == seat.id),
        )
        .order_by(MeetingRecord.sequence, MeetingRecord.id)
    )
    rows = []
    for entry in entries:
        action = ACTIONS.get(entry.command, entry.command)
        who = "You" if entry.actor_id == user_id else "About you"
        bid = f" ({entry.bid.reference})" if entry.bid is not None else ""
        rows.append(Row(long_date(entry.at), f"{who}: {action}{bid}"))
    return rows


def _meeting_rows(user_id: int, seat: Membership, meeting: Meeting) -> list[Row]:
    rows = []
    for attended in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.membership_id == seat.id)
    ):
        rows += [
            Row("You joined the meeting", long_date(attended.first_seen_at)),
            Row("You were last there", long_date(attended.last_seen_at)),
        ]
    if meeting.scribe_id == seat.id:
        rows.append(Row("You took the notes", "Yes"))
    for view, reference in db.session.execute(
        select(FirstView.view, Bid.reference)
        .join(MeetingItem, FirstView.item_id == MeetingItem.id)
        .join(Bid, MeetingItem.bid_id == Bid.id)
        .where(FirstView.membership_id == seat.id)
        .order_by(Bid.reference)
    ):
        rows.append(Row(f"Your first view of {reference}", view.label))
    return rows + _record_rows(user_id, seat, meeting)


def meeting_section(user, seats: list[Membership]) -> Section:
    """When the person was at each meeting, their secret first views, and what the record says they did."""
    groups = []
    for seat in seats:
        meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == seat.round_id))
        rows = _meeting_rows(user.id, seat, meeting) if meeting is not None else []
        if rows:
            groups.append(Group(seat.round.title, tuple(rows)))
    return Section(
        "meeting",
        "The meeting",
        "So the meeting record shows what happened, and so your time counts on your certificate.",
        'For good. Once your name is removed, the record says "Former panel member" instead.',
        tuple(groups),
        "You have not been to a panel meeting yet.",
    )


def _reply_rows(seat: Membership) -> list[Row]:
    rows = []
    receipt = db.session.scalar(select(FeedbackReceipt).where(FeedbackReceipt.membership_id == seat.id))
    if receipt is not None and receipt.opened_at is not None:
        rows += [
            Row("You first read what was decided", long_date(receipt.opened_at)),
            Row("You last read it", when(receipt.last_opened_at)),
        ]
    reply = db.session.scalar(select(ProcessReply).where(ProcessReply.membership_id == seat.id))
    if reply is not None:
        rows += [
            Row("Did you feel listened to?", reply.felt_heard.label if reply.felt_heard else NOT_SAID),
            Row(
                "Did the training help you?",
                reply.training_useful.label if reply.training_useful else NOT_SAID,
            ),
            Row("What should we change next time?", reply.change or NOT_SAID),
            Row("Share your name with your answers", "Yes" if reply.share_name else "No"),
        ]
    return rows


def replies_section(seats: list[Membership]) -> Section:
    """When the person read the decisions, and their answers about how the panel went."""
    groups = tuple(Group(seat.round.title, tuple(rows)) for seat in seats if (rows := _reply_rows(seat)))
    return Section(
        "afterwards",
        "What you told us afterwards",
        "So we learn how to run panels better.",
        "Your answers stay without your name. If you shared your name with them, what you wrote "
        "goes when your name goes.",
        groups,
        "You have not told us anything after a panel yet.",
    )
