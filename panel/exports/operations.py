"""The rows of the decisions workbook, gathered from the round: one Table per sheet, plain values only, so the
same tables make the .xlsx, the CSVs and the tests."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from panel.accounts.models import User
from panel.core.templating import LONDON
from panel.decisions.operations import BidPanel, bid_panels
from panel.extensions import db
from panel.meetings.models import MeetingRecord
from panel.meetings.record import record_entries
from panel.meetings.store import load, meeting_of
from panel.rounds.models import Conflict, Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetStatus
from scoring.consensus import Given, summarise
from scoring.export import Money, Table, anonymous_labels, yes_no
from scoring.people import MemberKind

NO_DECISIONS = ("No final decisions have been recorded for this round yet. The decisions are recorded once the "
                "meeting has ended and the round has moved on to the decided stage.")
NO_BIDS = "This round has no bids yet."
NO_SCORES = "No scoring sheets have been submitted for this round."
NO_CONFLICTS = "Nobody on the panel has declared a link to a bidder."
NO_MEETING = "This round's meeting has not been held, so there is no record yet."
ANONYMOUS = ("Panel members are shown as P1, P2, ... (the same label for a member on every sheet). A "
             "commissioner can export their names instead.")


class Panellists:
    """How a member appears in this export: an anonymous label (P1, P2, ...) or, when asked, their name."""

    def __init__(self, round_: Round, names: bool):
        rows = db.session.execute(
            select(Membership, User.display_name).join(User, Membership.user_id == User.id)
            .where(Membership.round_id == round_.id)
        ).all()
        self.members = {membership.id: membership for membership, _ in rows}
        self.names = {membership.id: name for membership, name in rows}
        self.labels = anonymous_labels(self.members)
        self.seats = {membership.user_id: membership.id for membership in self.members.values()}
        self.show_names = names

    def person(self, user: User | None) -> str:
        """Someone who did something: a panel member as who() shows them (so a label never meets its name),
        anyone else (a commissioner) by name."""
        if user is None:
            return "Someone who has left"
        seat = self.seats.get(user.id)
        return self.who(seat) if seat is not None else user.display_name

    def who(self, membership_id: int) -> str:
        return self.names[membership_id] if self.show_names else self.labels[membership_id]

    def describe(self, membership_id: int) -> tuple[str, str, str]:
        """Label or name, young person or adult, and age band (empty for adults)."""
        member = self.members[membership_id]
        return (self.who(membership_id), member.kind.label, member.age_band.value if member.age_band else "")


def local(moment: datetime | None) -> datetime | None:
    """UK time without a zone: spreadsheets hold no time zones."""
    return moment.astimezone(LONDON).replace(tzinfo=None) if moment is not None else None


def _money(pence: int | None) -> Money | None:
    return Money(pence) if pence is not None else None


def _criteria(round_: Round) -> list[Criterion]:
    return list(db.session.scalars(
        select(Criterion).where(Criterion.round_id == round_.id)
        .order_by(Criterion.position, Criterion.id).options(selectinload(Criterion.levels))))


def _sheets(round_: Round) -> list[Sheet]:
    return list(db.session.scalars(
        select(Sheet).where(Sheet.round_id == round_.id, Sheet.status == SheetStatus.SUBMITTED)
        .options(selectinload(Sheet.scores)).order_by(Sheet.bid_id, Sheet.membership_id)))


def summary_table(panels: list[BidPanel]) -> Table:
    """Every bid: what it asked for, what the panel recommended, the final decision, and where they differ."""
    rows = []
    for panel in panels:
        bid, decision, view = panel.bid, panel.decision, panel.panel
        rows.append((
            bid.reference, bid.organisation, bid.title, Money(bid.amount_pence),
            view.recommendation.label if view.recommendation else "",
            _money(view.amount_pence) if view.recommendation and view.recommendation.funds else None,
            decision.outcome.label if decision else "",
            _money(decision.amount_pence) if decision else None,
            decision.conditions if decision else "", decision.reasons if decision else "",
            yes_no(bool(panel.differences)) if decision else "",
            " ".join(panel.flags), decision.explanation if decision else "",
        ))
    note = "" if any(panel.decision for panel in panels) else (NO_DECISIONS if panels else NO_BIDS)
    return Table(
        "Summary",
        ("Reference", "Organisation", "Title", "Amount requested", "Panel recommendation", "Panel amount",
         "Final decision", "Amount awarded", "Conditions", "Reasons", "Differs from panel", "How it differs",
         "Why it differs"),
        rows, totals=("Amount requested", "Panel amount", "Amount awarded") if rows else (), note=note,
    )


def consensus_table(panels: list[BidPanel], criteria: list[Criterion], sheets: list[Sheet],
                    people: Panellists) -> Table:
    """Per bid and criterion: the score the meeting agreed beside the spread of the individual scores."""
    given: dict[tuple[int, int], list[Given]] = defaultdict(list)
    for sheet in sheets:
        young = people.members[sheet.membership_id].kind is MemberKind.YOUNG
        for score in sheet.scores:
            given[sheet.bid_id, score.criterion_id].append(Given(score.score, young))
    rows = []
    for panel in panels:
        agreed = {score.criterion_id: score.score for score in (panel.item.consensus if panel.item else ())}
        for criterion in criteria:
            summary = summarise(criterion.id, criterion.scale, given.get((panel.bid.id, criterion.id), []))
            rows.append((panel.bid.reference, criterion.title, agreed.get(criterion.id), summary.count,
                         summary.abstained, summary.median, summary.lowest, summary.highest,
                         summary.young_median, summary.adult_median))
    return Table(
        "Consensus",
        ("Reference", "Criterion", "Consensus score", "Individual scores", "Could not judge", "Median", "Lowest",
         "Highest", "Young members' median", "Adult members' median"),
        rows, note="" if rows else NO_BIDS,
    )


def scores_table(panels: list[BidPanel], criteria: list[Criterion], sheets: list[Sheet],
                 people: Panellists) -> Table:
    """Every submitted score, one row per panellist, bid and criterion; anonymous unless names were asked for."""
    references = {panel.bid.id: panel.bid.reference for panel in panels}
    titles = {criterion.id: criterion.title for criterion in criteria}
    order = {criterion.id: index for index, criterion in enumerate(criteria)}
    rows = []
    for sheet in sorted(sheets, key=lambda one: (references.get(one.bid_id, ""), people.labels[one.membership_id])):
        for score in sorted(sheet.scores, key=lambda one: order.get(one.criterion_id, 0)):
            rows.append((references.get(sheet.bid_id, ""), *people.describe(sheet.membership_id),
                         titles.get(score.criterion_id, ""),
                         "Could not judge" if score.abstained else score.score, score.comment,
                         local(sheet.submitted_at)))
    first = "Panel member" if people.show_names else "Panel member (anonymous)"
    note = NO_SCORES if not rows else ("" if people.show_names else ANONYMOUS)
    return Table("Individual scores",
                 ("Reference", first, "Young or adult", "Age band", "Criterion", "Score", "Comment",
                  "Submitted (UK time)"), rows, note=note)


def conflicts_table(round_: Round, people: Panellists) -> Table:
    """Every declared link between a panel member and a bidder."""
    conflicts = db.session.scalars(
        select(Conflict).join(Membership).where(Membership.round_id == round_.id)
        .options(selectinload(Conflict.bid), selectinload(Conflict.recorded_by))
        .order_by(Conflict.recorded_at, Conflict.id))
    rows = [(conflict.bid.reference, conflict.bid.organisation, *people.describe(conflict.membership_id),
             conflict.note, people.person(conflict.recorded_by),
             local(conflict.recorded_at)) for conflict in conflicts]
    first = "Panel member" if people.show_names else "Panel member (anonymous)"
    return Table("Conflicts register",
                 ("Reference", "Organisation", first, "Young or adult", "Age band", "Link to the bidder",
                  "Recorded by", "Recorded (UK time)"), rows, note="" if rows else NO_CONFLICTS)


def record_table(round_: Round) -> Table:
    """The meeting record, oldest first, as the chair reads it on the record page, with exact times."""
    meeting = meeting_of(round_)
    header = ("Time (UK)", "Who", "What", "Bid", "Detail")
    if meeting is None:
        return Table("Meeting record", header, note=NO_MEETING)
    entries = record_entries(load(meeting))
    times = db.session.scalars(
        select(MeetingRecord.at).where(MeetingRecord.meeting_id == meeting.id)
        .order_by(MeetingRecord.sequence, MeetingRecord.id)).all()
    if len(times) != len(entries):  # the record page's own order is the one to keep; its times are words
        times = [entry["at"] for entry in entries]
    rows = [(local(at) if isinstance(at, datetime) else at, entry["actor"], entry["action"], entry["bid"] or "",
             entry["detail"]) for at, entry in zip(times, entries, strict=True)]
    return Table("Meeting record", header, rows, note="" if rows else NO_MEETING)


def settings_table(round_: Round) -> Table:
    """What the round was for, its money and its scope."""
    rows = [
        ("Title", round_.title), ("Status", round_.status.value.replace("_", " ").capitalize()),
        ("Budget", Money(round_.budget_pence)), ("Purpose", round_.purpose),
        ("What the panel decides", round_.in_scope), ("What the panel does not decide", round_.out_of_scope),
        ("Training deadline", round_.training_deadline.isoformat() if round_.training_deadline else ""),
        ("Scoring deadline", round_.scoring_deadline.isoformat() if round_.scoring_deadline else ""),
        ("Meeting date", round_.meeting_date.isoformat() if round_.meeting_date else ""),
    ]
    return Table("Round settings", ("Setting", "Value"), rows)


def criteria_table(criteria: list[Criterion]) -> Table:
    """The scoring sheet's design: each criterion with its weight and scale, one row per score level."""
    rows = []
    for criterion in criteria:
        descriptors = criterion.descriptors()
        for level in range(criterion.scale_min, criterion.scale_max + 1):
            rows.append((criterion.title, criterion.question, criterion.weight, criterion.scale_min,
                         criterion.scale_max, level, descriptors.get(level, "")))
    return Table("Criteria", ("Criterion", "Question", "Weight", "Lowest score", "Highest score", "Score",
                              "What the score means"), rows, note="" if rows else "No criteria yet.")


def decisions_workbook(round_: Round, *, names: bool = False) -> list[Table]:
    """Every sheet of the decisions workbook, in order; names=True puts panel members' names in place of P1, P2."""
    panels = bid_panels(round_)
    criteria = _criteria(round_)
    sheets = _sheets(round_)
    people = Panellists(round_, names)
    return [
        summary_table(panels),
        consensus_table(panels, criteria, sheets, people),
        scores_table(panels, criteria, sheets, people),
        conflicts_table(round_, people),
        record_table(round_),
        settings_table(round_),
        criteria_table(criteria),
    ]
