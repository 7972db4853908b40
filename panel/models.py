"""Every model, imported in one place so that the metadata (and so Alembic) sees the whole schema."""

from panel.accounts.models import Invitation, User
from panel.bids.models import Bid, Document
from panel.core.audit import AccessRecord
from panel.core.notifications.models import Notification
from panel.decisions.models import Decision, Feedback, FeedbackReceipt
from panel.feedback.models import BidUpdate, ProcessReply
from panel.meetings.models import (
    Attendance,
    ConsensusScore,
    FirstView,
    Meeting,
    MeetingItem,
    MeetingRecord,
    Presence,
)
from panel.privacy.notice.models import PrivacyNotice
from panel.privacy.removal.models import RemovalRequest
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
from panel.safeguarding.models import Worry
from panel.sheets.models import Assignment, Sheet, SheetScore
from panel.training.models import (
    PracticeBid,
    PracticeModelScore,
    PracticeScore,
    QuizAnswer,
    QuizOption,
    QuizQuestion,
    StepCompletion,
    TrainingStep,
)

__all__ = [
    "AccessRecord",
    "Assignment",
    "Attendance",
    "Bid",
    "BidUpdate",
    "Conflict",
    "ConsensusScore",
    "Criterion",
    "CriterionLevel",
    "Decision",
    "Document",
    "Feedback",
    "FeedbackReceipt",
    "FirstView",
    "Invitation",
    "Meeting",
    "MeetingItem",
    "MeetingRecord",
    "Membership",
    "Notification",
    "PracticeBid",
    "PracticeModelScore",
    "PracticeScore",
    "Presence",
    "PrivacyNotice",
    "ProcessReply",
    "QuizAnswer",
    "QuizOption",
    "QuizQuestion",
    "RemovalRequest",
    "Round",
    "Sheet",
    "SheetScore",
    "StepCompletion",
    "TrainingStep",
    "User",
    "Worry",
]
