"""Every model, imported in one place so that the metadata (and so Alembic) sees the whole schema."""

from panel.accounts.models import Invitation, User
from panel.bids.models import Bid, Document
from panel.core.audit import AccessRecord
from panel.privacy.notice.models import PrivacyNotice
from panel.privacy.removal.models import RemovalRequest
from panel.decisions.models import BidUpdate, Decision, Feedback, FeedbackReceipt, ProcessReply
from panel.meetings.models import (
    Attendance,
    ConsensusScore,
    FirstView,
    Meeting,
    MeetingItem,
    MeetingRecord,
    Presence,
)
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
from panel.safeguarding.models import Worry
from panel.sheets.models import Assignment, Notification, Sheet, SheetScore
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
    "Assignment",
    "Notification",
    "Sheet",
    "SheetScore",
    "BidUpdate",
    "Decision",
    "Feedback",
    "FeedbackReceipt",
    "ProcessReply",
    "Attendance",
    "ConsensusScore",
    "FirstView",
    "Meeting",
    "MeetingItem",
    "MeetingRecord",
    "Presence",
    "Bid",
    "Conflict",
    "Criterion",
    "CriterionLevel",
    "Document",
    "Invitation",
    "Membership",
    "PracticeBid",
    "PracticeModelScore",
    "PracticeScore",
    "QuizAnswer",
    "QuizOption",
    "QuizQuestion",
    "Round",
    "StepCompletion",
    "TrainingStep",
    "User",
    "AccessRecord",
    "Worry",
    "PrivacyNotice",
    "RemovalRequest",
]
