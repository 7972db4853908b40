"""The rows of the decisions workbook, gathered from the round: one Table per sheet, plain values only, so the
same tables make the .xlsx, the CSVs and the tests."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, exists, select
from sqlalchemy.orm import selectinload

from panel.accounts.models import User
from panel.bids.models import Bid
from panel.bids.operations import in_reference_order
from panel.core.time import LONDON
from panel.decisions.models import Decision
from panel.decisions.operations import BidPanel, bid_panels
from panel.exports.monitoring import monitoring_table
from panel.extensions import db
from panel.meetings.models import ConsensusScore, Meeting, MeetingItem, MeetingRecord
from panel.meetings.record import record_lines, revealed_views
from panel.meetings.store import meeting_of
from panel.rounds.models import Conflict, Criterion, Membership, Round
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.consensus import Given, summarise
from scoring.disclosure import TOO_FEW, Sight, Viewer, names_sight, score_sight, split_shown
from scoring.export import Money, Row, Rows, Table, anonymous_labels, yes_no
from scoring.monitoring import age_groups
from scoring.people import MemberKind

NO_DECISIONS = (
    "No final decisions have been recorded for this round yet. The decisions are recorded once the "
    "meeting has ended and the round has moved on to the decided stage."
)
NO_BIDS = "This round has no bids yet."
NO_SCORES = "No scoring sheets have been submitted for this round."
NO_CONFLICTS = "Nobody on the panel has declared a link to a bidder."
NO_MEETING = "This round's meeting has not been held, so there is no record yet."
ANONYMOUS = (
    "Panel members are shown as P1, P2, ... (the same label for a member on every sheet). A "
    "commissioner can export their names instead."
)
NAMES_NOT_YET = (
    "Panel members' names can be added once the meeting has ended. Until then they are P1, P2, ... in "
    "every download."
)
# The big sheets are gathered this many bids at a time while they are written, so the memory an export needs
# stays flat however many bids, panel members and criteria the round has.
BIDS_PER_PAGE = 20
STREAMED = {"yield_per": 1000}

Page = list[tuple[int, str]]  # (bid id, reference), in reference order


class Panellists:
    """How a member appears in this export: an anonymous label (P1, P2, ...) or, when asked, their name."""

    def __init__(self, round_: Round, names: bool):
        rows = db.session.execute(
            select(Membership, User.display_name)
            .join(User, Membership.user_id == User.id)
            .where(Membership.round_id == round_.id)
        ).all()
        self.members = {membership.id: membership for membership, _ in rows}
        self.names = {membership.id: name for membership, name in rows}
        self.labels = anonymous_labels(self.members)
        self.seats = {membership.user_id: membership.id for membership in self.members.values()}
        self.show_names = names
        # Without names, a row may not say more than the panel's groups allow (scoring/disclosure.py): "Adult"
        # beside P7 on a panel with one adult would be that adult's name, and so would a lone age band.
        kinds = Counter(membership.kind for membership in self.members.values())
        self.kinds_shown = names or all(split_shown(count) for count in kinds.values())
        bands = Counter(
            membership.age_band
            for membership in self.members.values()
            if membership.kind is MemberKind.YOUNG and membership.age_band is not None
        )
        self.band_labels = {
            band: group.label for group in age_groups(dict(bands)) if group.count for band in group.bands
        }

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
        """Label or name, young person or adult, and age band (empty for adults). Without names, young or adult
        only when each group on the panel has three or more people, and a young member's age band as the merged
        group it falls in (a band of its own only when three or more young members share it)."""
        member = self.members[membership_id]
        if self.show_names:
            return (
                self.who(membership_id),
                member.kind.label,
                member.age_band.value if member.age_band else "",
            )
        if not self.kinds_shown:
            return (self.who(membership_id), TOO_FEW, TOO_FEW)
        band = self.band_labels.get(member.age_band, TOO_FEW) if member.age_band is not None else ""
        return (self.who(membership_id), member.kind.label, band)


def local(moment: datetime | None) -> datetime | None:
    """UK time without a zone: spreadsheets hold no time zones."""
    return moment.astimezone(LONDON).replace(tzinfo=None) if moment is not None else None


def _money(pence: int | None) -> Money | None:
    return Money(pence) if pence is not None else None


def _criteria(round_: Round) -> list[Criterion]:
    return list(
        db.session.scalars(
            select(Criterion)
            .where(Criterion.round_id == round_.id)
            .order_by(Criterion.position, Criterion.id)
            .options(selectinload(Criterion.levels))
        )
    )


def _bid_pages(round_: Round) -> list[Page]:
    """The round's bids in reference order, BIDS_PER_PAGE at a time."""
    found = db.session.execute(select(Bid.id, Bid.reference).where(Bid.round_id == round_.id))
    bids = [(bid.id, bid.reference) for bid in sorted(found, key=in_reference_order)]
    return [bids[start : start + BIDS_PER_PAGE] for start in range(0, len(bids), BIDS_PER_PAGE)]


class NamesNotYet(Exception):
    """Names beside scores were asked for before the meeting ended."""


def withheld_note(references: list[str]) -> str:
    """Why some bids' scores are not in the file (blind scoring: scoring/disclosure.py)."""
    bids = ", ".join(references[:10]) + (f" and {len(references) - 10} more" if len(references) > 10 else "")
    return (
        f"Scores for {bids} are not in this file yet, because the panel meeting has not shown them. Each "
        "bid's scores appear here once the meeting shows them to the room, or once the meeting ends."
    )


def _revealed(round_: Round) -> set[int]:
    """The bids whose scores the meeting has shown to the room."""
    return set(
        db.session.scalars(
            select(MeetingItem.bid_id)
            .join(Meeting, MeetingItem.meeting_id == Meeting.id)
            .where(Meeting.round_id == round_.id, MeetingItem.scores_revealed_at.is_not(None))
        )
    )


def _scores_shown(round_: Round, pages: list[Page], before_reveal: bool) -> tuple[list[Page], list[str]]:
    """The pages of bids whose scores a commissioner may see now, and the references of the others."""
    revealed = _revealed(round_)
    shown: list[Page] = []
    withheld: list[str] = []
    for page in pages:
        kept: Page = []
        for bid_id, reference in page:
            sight = score_sight(Viewer.COMMISSIONER, round_.status, bid_id in revealed)
            if before_reveal or sight >= Sight.ANONYMISED:
                kept.append((bid_id, reference))
            else:
                withheld.append(reference)
        if kept:
            shown.append(kept)
    return shown, withheld


def _summary_row(panel: BidPanel) -> Row:
    bid, decision, view = panel.bid, panel.decision, panel.panel
    return (
        bid.reference,
        bid.organisation,
        bid.title,
        Money(bid.amount_pence),
        view.recommendation.label if view.recommendation else "",
        _money(view.amount_pence) if view.recommendation and view.recommendation.funds else None,
        decision.outcome.label if decision else "",
        _money(decision.amount_pence) if decision else None,
        decision.conditions if decision else "",
        decision.reasons if decision else "",
        yes_no(bool(panel.differences)) if decision else "",
        " ".join(panel.flags),
        decision.explanation if decision else "",
    )


def summary_table(round_: Round, pages: list[Page]) -> Table:
    """Every bid: what it asked for, what the panel recommended, the final decision, and where they differ."""

    def rows():
        for page in pages:
            bids = db.session.scalars(select(Bid).where(Bid.id.in_([bid_id for bid_id, _ in page]))).all()
            yield from (_summary_row(panel) for panel in bid_panels(round_, bids))

    decided = db.session.scalar(select(exists().where(Decision.round_id == round_.id)))
    return Table(
        "Summary",
        (
            "Reference",
            "Organisation",
            "Title",
            "Amount requested",
            "Panel recommendation",
            "Panel amount",
            "Final decision",
            "Amount awarded",
            "Conditions",
            "Reasons",
            "Differs from panel",
            "How it differs",
            "Why it differs",
        ),
        Rows(rows),
        totals=("Amount requested", "Panel amount", "Amount awarded") if pages else (),
        note="" if decided else (NO_DECISIONS if pages else NO_BIDS),
    )


def _given(page: Page, people: Panellists) -> dict[tuple[int, int], list[Given]]:
    """Every submitted score on the page's bids, by bid and criterion, and whether a young member gave it."""
    given: dict[tuple[int, int], list[Given]] = defaultdict(list)
    scores = db.session.execute(
        select(Sheet.bid_id, Sheet.membership_id, SheetScore.criterion_id, SheetScore.score)
        .join(SheetScore.sheet)
        .where(Sheet.bid_id.in_([bid_id for bid_id, _ in page]), Sheet.status == SheetStatus.SUBMITTED)
        .execution_options(**STREAMED)
    )
    for bid_id, membership_id, criterion_id, score in scores:
        young = people.members[membership_id].kind is MemberKind.YOUNG
        given[bid_id, criterion_id].append(Given(score, young))
    return given


def consensus_table(
    pages: list[Page], criteria: list[Criterion], people: Panellists, withheld: Sequence[str] = ()
) -> Table:
    """Per bid and criterion: the score the meeting agreed beside the spread of the individual scores."""

    def rows():
        for page in pages:
            given = _given(page, people)
            agreed = {
                (bid_id, criterion_id): score
                for bid_id, criterion_id, score in db.session.execute(
                    select(MeetingItem.bid_id, ConsensusScore.criterion_id, ConsensusScore.score)
                    .join(ConsensusScore.item)
                    .where(MeetingItem.bid_id.in_([bid_id for bid_id, _ in page]))
                )
            }
            for bid_id, reference in page:
                for criterion in criteria:
                    summary = summarise(criterion.id, criterion.scale, given.get((bid_id, criterion.id), []))
                    yield (
                        reference,
                        criterion.title,
                        agreed.get((bid_id, criterion.id)),
                        summary.count,
                        summary.abstained,
                        summary.median,
                        summary.lowest,
                        summary.highest,
                        TOO_FEW if summary.young_hidden else summary.young_median,
                        TOO_FEW if summary.adult_hidden else summary.adult_median,
                    )

    return Table(
        "Consensus",
        (
            "Reference",
            "Criterion",
            "Consensus score",
            "Individual scores",
            "Could not judge",
            "Median",
            "Lowest",
            "Highest",
            "Young members' median",
            "Adult members' median",
        ),
        Rows(rows),
        note=withheld_note(list(withheld)) if withheld else ("" if pages and criteria else NO_BIDS),
    )


def _scores_rows(pages: list[Page], people: Panellists):
    for page in pages:
        references = dict(page)
        in_order = case({bid_id: place for place, (bid_id, _) in enumerate(page)}, value=Sheet.bid_id)
        scores = db.session.execute(
            select(
                Sheet.bid_id,
                Sheet.membership_id,
                Criterion.title,
                SheetScore.score,
                SheetScore.abstained,
                SheetScore.comment,
                Sheet.submitted_at,
            )
            .select_from(SheetScore)
            .join(SheetScore.sheet)
            .join(Criterion, SheetScore.criterion_id == Criterion.id)
            .where(Sheet.bid_id.in_(references), Sheet.status == SheetStatus.SUBMITTED)
            .order_by(in_order, Sheet.membership_id, Criterion.position, Criterion.id)
            .execution_options(**STREAMED)
        )
        # A sheet's rows come together: its member and time are worked out once for all of them.
        sheet: tuple[int, int] | None = None
        member: tuple[str, ...] = ()
        when = None
        for bid_id, membership_id, criterion, score, abstained, comment, submitted in scores:
            if (bid_id, membership_id) != sheet:
                sheet, member, when = (
                    (bid_id, membership_id),
                    people.describe(membership_id),
                    local(submitted),
                )
            yield (
                references[bid_id],
                *member,
                criterion,
                "Could not judge" if abstained else score,
                comment,
                when,
            )


def scores_table(round_: Round, pages: list[Page], people: Panellists, withheld: Sequence[str] = ()) -> Table:
    """Every submitted score, one row per panellist, bid and criterion; anonymous unless names were asked for."""
    scored = db.session.scalar(
        select(
            exists().where(
                SheetScore.sheet_id == Sheet.id,
                Sheet.round_id == round_.id,
                Sheet.status == SheetStatus.SUBMITTED,
            )
        )
    )
    first = "Panel member" if people.show_names else "Panel member (anonymous)"
    note = NO_SCORES if not scored else ("" if people.show_names else ANONYMOUS)
    if scored and withheld:
        note = f"{withheld_note(list(withheld))} {note}".strip()
    return Table(
        "Individual scores",
        (
            "Reference",
            first,
            "Young or adult",
            "Age band",
            "Criterion",
            "Score",
            "Comment",
            "Submitted (UK time)",
        ),
        Rows(lambda: _scores_rows(pages, people)),
        note=note,
    )


def conflicts_table(round_: Round, people: Panellists) -> Table:
    """Every declared link between a panel member and a bidder."""
    conflicts = db.session.scalars(
        select(Conflict)
        .join(Membership)
        .where(Membership.round_id == round_.id)
        .options(selectinload(Conflict.bid), selectinload(Conflict.recorded_by))
        .order_by(Conflict.recorded_at, Conflict.id)
    )
    rows = [
        (
            conflict.bid.reference,
            conflict.bid.organisation,
            *people.describe(conflict.membership_id),
            conflict.note,
            people.person(conflict.recorded_by),
            local(conflict.recorded_at),
        )
        for conflict in conflicts
    ]
    first = "Panel member" if people.show_names else "Panel member (anonymous)"
    return Table(
        "Conflicts register",
        (
            "Reference",
            "Organisation",
            first,
            "Young or adult",
            "Age band",
            "Link to the bidder",
            "Recorded by",
            "Recorded (UK time)",
        ),
        rows,
        note="" if rows else NO_CONFLICTS,
    )


def record_table(round_: Round, people: Panellists) -> Table:
    """The meeting record, oldest first, as the chair reads it on the record page, with exact times; read a
    few hundred lines at a time as the sheet is written, so a long meeting's record is never held whole."""
    meeting = meeting_of(round_)
    header = ("Time (UK)", "Who", "What", "Bid", "Detail")
    if meeting is None:
        return Table("Meeting record", header, note=NO_MEETING)
    meeting_id = meeting.id

    def rows():
        for at, line in record_lines(meeting_id, revealed_views(meeting_id), people.person):
            yield (local(at), line["actor"], line["action"], line["bid"] or "", line["detail"])

    held = db.session.scalar(select(exists().where(MeetingRecord.meeting_id == meeting_id)))
    return Table("Meeting record", header, Rows(rows), note="" if held else NO_MEETING)


def settings_table(round_: Round) -> Table:
    """What the round was for, its money and its scope."""
    rows: list[Row] = [
        ("Title", round_.title),
        ("Status", round_.status.value.replace("_", " ").capitalize()),
        ("Budget", Money(round_.budget_pence)),
        ("Purpose", round_.purpose),
        ("What the panel decides", round_.in_scope),
        ("What the panel does not decide", round_.out_of_scope),
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
            rows.append(
                (
                    criterion.title,
                    criterion.question,
                    criterion.weight,
                    criterion.scale_min,
                    criterion.scale_max,
                    level,
                    descriptors.get(level, ""),
                )
            )
    return Table(
        "Criteria",
        ("Criterion", "Question", "Weight", "Lowest score", "Highest score", "Score", "What the score means"),
        rows,
        note="" if rows else "No criteria yet.",
    )


def decisions_workbook(round_: Round, *, names: bool = False, before_reveal: bool = False) -> list[Table]:
    """Every sheet of the decisions workbook, in order; names=True puts panel members' names in place of P1, P2.
    The scores of a bid are in it once the meeting has shown them (scoring/disclosure.py), and names only once
    the meeting has ended (NamesNotYet before); before_reveal, for an operator at the command line, lifts both.
    The big sheets' rows are made as they are written (see Rows), a page of bids at a time."""
    if names and not before_reveal and not names_sight(Viewer.COMMISSIONER, round_.status):
        raise NamesNotYet(NAMES_NOT_YET)
    pages = _bid_pages(round_)
    shown, withheld = _scores_shown(round_, pages, before_reveal)
    criteria = _criteria(round_)
    people = Panellists(round_, names)
    return [
        summary_table(round_, pages),
        consensus_table(shown, criteria, people, withheld),
        scores_table(round_, shown, people, withheld),
        conflicts_table(round_, people),
        record_table(round_, people),
        settings_table(round_),
        criteria_table(criteria),
        monitoring_table(round_),
    ]
