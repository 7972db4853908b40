"""The monitoring evidence of co-production, gathered from a round: the figures for the monitoring page and
the "Monitoring" sheet of the decisions workbook. Counts only (see scoring.monitoring); the only names are
those of members who chose to share theirs with their feedback."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from panel.decisions.operations import BidPanel, bid_panel_pages, sheet_shares
from panel.extensions import db
from panel.feedback.operations import ReplySummary, reply_summary
from panel.meetings.models import Attendance, Meeting, MeetingItem, MeetingRecord
from panel.meetings.store import meeting_of
from panel.rounds.models import Criterion, Membership, Round
from scoring.disclosure import TOO_FEW
from scoring.export import Rows, Table, Value
from scoring.monitoring import (
    BidViews,
    Influence,
    InfluenceSummary,
    Member,
    Participation,
    Split,
    influence,
    participation,
    split_count,
    summarise_influence,
)
from scoring.people import MemberKind, MemberRole

NO_PANEL = "Nobody has joined this round's panel yet."
NO_MEETING = "This round's meeting has not been held yet, so there is no attendance or discussion to count."
NOT_STARTED = "This round's meeting has not started yet, so there is no attendance or discussion to count."
NO_BIDS = "This round has no bids yet."
NO_DECISIONS = "No final decisions have been recorded yet."
NO_REPLIES = "Nobody on the panel has said how the process went yet."
MERGED = "Age bands merged so no band holds fewer than three young people"
# Bids gathered at a time, so the memory the figures take grows with the bids, not with the scores.
BIDS_PER_PAGE = 20
COUNTS_ONLY = (
    "Counts only: nobody is named, except members who chose to share their name with their "
    "comment. A group of fewer than three people is not shown on its own: an age band holding one "
    "or two young people is merged with the next band, and a figure for one or two adults (or young "
    "people) says too few to show."
)


@dataclass(frozen=True)
class MeetingFigures:
    """What the meeting's record counts: whether it started, turns taken, breaks asked for and taken."""

    started: bool
    turns: Split
    breaks_asked: int
    breaks_taken: int


@dataclass(frozen=True)
class Monitoring:
    """Every figure of the monitoring evidence for one round."""

    in_scope: str
    out_of_scope: str
    people: Participation
    meeting: MeetingFigures | None
    influences: tuple[Influence, ...]
    influence: InfluenceSummary
    replies: ReplySummary

    @property
    def differed(self) -> tuple[Influence, ...]:
        """Decided bids whose decision went against the panel or what most young members thought."""
        return tuple(one for one in self.influences if one.outcome is not None and one.differences)


def _members(round_: Round, meeting: Meeting | None) -> list[Member]:
    memberships = db.session.scalars(select(Membership).where(Membership.round_id == round_.id)).all()
    attended: set[int] = set()
    spoke: set[int] = set()
    if meeting is not None:
        attended = set(
            db.session.scalars(select(Attendance.membership_id).where(Attendance.meeting_id == meeting.id))
        )
        spoken = db.session.scalars(select(MeetingItem.spoken).where(MeetingItem.meeting_id == meeting.id))
        for members in spoken:
            spoke.update(members or ())
    return [
        Member(
            young=membership.kind is MemberKind.YOUNG,
            age_band=membership.age_band,
            chair=membership.role is MemberRole.CHAIR,
            trained_online=membership.training_completed_at is not None,
            trained_in_person=membership.trained_in_person_at is not None,
            more_time=membership.scoring_extended_to is not None,
            attended=membership.id in attended,
            spoke=membership.id in spoke,
        )
        for membership in memberships
    ]


def _meeting(meeting: Meeting | None, people: Split) -> MeetingFigures | None:
    if meeting is None:
        return None
    commands = dict(
        db.session.execute(
            select(MeetingRecord.command, func.count(MeetingRecord.id))
            .where(MeetingRecord.meeting_id == meeting.id, MeetingRecord.command.in_(("need_break", "pause")))
            .group_by(MeetingRecord.command)
        ).all()
    )
    return MeetingFigures(
        started=meeting.started_at is not None,
        turns=split_count(meeting.turns_young, meeting.turns_adult, people.young or 0, people.adult or 0),
        breaks_asked=commands.get("need_break", 0),
        breaks_taken=commands.get("pause", 0),
    )


def _influence(panel: BidPanel, adult_shares: Sequence[float]) -> Influence:
    bid, decision = panel.bid, panel.decision
    return influence(
        BidViews(
            reference=bid.reference,
            title=bid.title,
            young_shares=panel.panel.young_shares,
            adult_shares=tuple(adult_shares),
            young_views=panel.panel.young_views,
            recommendation=panel.panel.recommendation,
            outcome=decision.outcome if decision else None,
            differences=panel.differences,
            flags=tuple(panel.flags),
            explanation=decision.explanation if decision else "",
        )
    )


def _influences(round_: Round) -> tuple[Influence, ...]:
    """Each bid's figures, in reference order, gathered a page of bids at a time; only the figures stay."""
    criteria = list(db.session.scalars(select(Criterion).where(Criterion.round_id == round_.id)))
    found = []
    for panels in bid_panel_pages(round_, BIDS_PER_PAGE):
        adults = sheet_shares(round_, criteria, [panel.bid.id for panel in panels], MemberKind.ADULT)
        found += [
            _influence(panel, adults.get(panel.bid.id, ()) if panel.scores_out else ()) for panel in panels
        ]
    return tuple(found)


def monitoring_figures(round_: Round) -> Monitoring:
    """The round's monitoring evidence, counted from what Co-Panel kept as the round ran."""
    meeting = meeting_of(round_)
    influences = _influences(round_)
    people = participation(_members(round_, meeting))
    return Monitoring(
        in_scope=round_.in_scope,
        out_of_scope=round_.out_of_scope,
        people=people,
        meeting=_meeting(meeting, people.members),
        influences=influences,
        influence=summarise_influence(influences),
        replies=reply_summary(round_),
    )


# The "Monitoring" sheet

HEADER = ("Topic", "Measure", "Young people", "Adults", "Everyone", "Detail")
Row = tuple[Value, ...]


def _shown(figure: int | None) -> Value:
    """A figure of a group too small to show on its own says so, never a blank that could read as none."""
    return TOO_FEW if figure is None else figure


def _split(topic: str, measure: str, counted: Split, detail: str = "") -> Row:
    return (topic, measure, _shown(counted.young), _shown(counted.adult), _shown(counted.total), detail)


def _people_rows(people: Participation) -> list[Row]:
    topic = "Who took part"
    if not people.members.total:
        return [(topic, "Panel members", 0, 0, 0, NO_PANEL)]
    rows = [_split(topic, "Panel members", people.members), _split(topic, "Chair", people.chairs)]
    rows += [
        (topic, f"Young people aged {group.label}", group.count, None, None, MERGED if group.merged else "")
        for group in people.age_groups
    ]
    of = f"Out of {people.members.young} young people and {people.members.adult} adults"
    return rows + [
        _split("Training", "Finished the training online", people.trained_online, of),
        _split("Training", "Trained in person", people.trained_in_person),
        _split("Training", "Not finished", people.not_trained),
        _split("Scoring", "Given more time to score", people.more_time),
    ]


def _meeting_rows(figures: Monitoring) -> list[Row]:
    topic, meeting, people = "The meeting", figures.meeting, figures.people
    if meeting is None or not meeting.started:
        return [(topic, "Held", None, None, None, NO_MEETING if meeting is None else NOT_STARTED)]
    return [
        _split(
            topic,
            "Came to the meeting",
            people.attended,
            f"Out of {people.members.young} young people and {people.members.adult} adults",
        ),
        _split(topic, "Turns taken in the discussion", meeting.turns),
        _split(topic, "Had at least one turn", people.spoke),
        (topic, "Breaks asked for by members", None, None, meeting.breaks_asked, ""),
        (topic, "Breaks taken", None, None, meeting.breaks_taken, ""),
    ]


def _decision_words(one: Influence) -> str:
    said = one.recommendation.label if one.recommendation else "nothing recorded"
    decided = one.outcome.label if one.outcome else "not decided yet"
    return (
        f"Most young members leaned: {one.lean_words}. Panel recommended: {said}. "
        f"Final decision: {decided}. Went young members' way: {one.went_words}."
    )


def _influence_rows(figures: Monitoring) -> list[Row]:
    topic = "Young people's views"
    if not figures.influences:
        return [(topic, "Bids", None, None, 0, NO_BIDS)]
    rows: list[Row] = [
        (
            topic,
            f"{one.reference} {one.title}: middle overall score out of 100",
            TOO_FEW if one.young_score_hidden else one.young_score,
            TOO_FEW if one.adult_score_hidden else one.adult_score,
            None,
            _decision_words(one),
        )
        for one in figures.influences
    ]
    summary = figures.influence
    if not summary.decided:
        return rows + [(topic, "Final decisions", None, None, 0, NO_DECISIONS)]
    rows += [
        (
            topic,
            "Final decisions that went the way most young members leaned",
            None,
            None,
            summary.young_way,
            (
                f"Out of {summary.decided} decided; against them: {summary.against_young}; not clear: "
                f"{summary.unclear}"
            ),
        ),
        (
            topic,
            "Final decisions different from the panel's recommendation",
            None,
            None,
            summary.differed,
            f"{summary.differed_explained} of them say why",
        ),
    ]
    return rows + [
        (
            "Decisions that differed",
            f"{one.reference} {one.title}",
            None,
            None,
            None,
            " ".join(one.flags) + (f" Why: {one.explanation}" if one.explanation.strip() else ""),
        )
        for one in figures.differed
    ]


def _feedback_rows(replies: ReplySummary) -> list[Row]:
    topic = "Feedback on the process"
    if not replies.replied:
        return [(topic, "Replies", None, None, 0, NO_REPLIES)]
    rows: list[Row] = [(topic, "Replies", None, None, replies.replied, f"Out of {replies.members} members")]
    rows += [
        (topic, f"Felt listened to: {label}", None, None, count, "") for label, count in replies.felt_heard
    ]
    rows += [
        (topic, f"Training helped: {label}", None, None, count, "")
        for label, count in replies.training_useful
    ]
    return rows + [
        (
            topic,
            "What should we change next time?",
            None,
            None,
            None,
            comment.text + (f" ({comment.name})" if comment.name else ""),
        )
        for comment in replies.comments
    ]


def monitoring_rows(figures: Monitoring) -> list[Row]:
    """The figures as the rows of the Monitoring sheet, topic by topic."""
    scope = [
        ("Scope", "What the panel decides", None, None, None, figures.in_scope),
        ("Scope", "What the panel does not decide", None, None, None, figures.out_of_scope),
    ]
    return (
        _people_rows(figures.people)
        + _meeting_rows(figures)
        + _influence_rows(figures)
        + scope
        + _feedback_rows(figures.replies)
    )


def monitoring_table(round_: Round) -> Table:
    """The Monitoring sheet of the decisions workbook, counted only when it is written (so listing the sheets,
    or downloading another one, costs nothing here)."""
    return Table(
        "Monitoring",
        HEADER,
        Rows(lambda: iter(monitoring_rows(monitoring_figures(round_)))),
        note=COUNTS_ONLY,
    )
