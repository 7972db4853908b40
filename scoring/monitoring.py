"""The monitoring evidence of co-production a funder asks for (the HeadStart toolkit's Appendix B): who took
part, who finished training, who came to the meeting and spoke, how young people's views shaped the outcomes.

Everything here is a count over the whole panel or one of its groups, never a row about one person. A group
too small to show on its own (fewer than three: scoring/disclosure.py) is never shown apart: age bands holding
one or two young people are merged with a neighbouring band, so nobody's age can be read off them, and young or
adult members' middle score and which way young members leaned are shown only when three or more gave them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from scoring.consensus import Recommendation, View, median
from scoring.decisions import Difference, Outcome, young_lean_from_scores, young_lean_from_views
from scoring.disclosure import TOO_FEW, split_shown
from scoring.people import AgeBand


@dataclass(frozen=True)
class Split:
    """A count of young people and of adults. A group too small to show on its own (scoring/disclosure.py) has
    no figure (None), and then the total has none either: the total less the other group's figure would show
    it."""

    young: int | None = 0
    adult: int | None = 0

    @property
    def total(self) -> int | None:
        if self.young is None or self.adult is None:
            return None
        return self.young + self.adult

    @property
    def hidden(self) -> bool:
        """Whether a group's figure is left out because that group is too small to show."""
        return self.young is None or self.adult is None


def split_count(young: int, adult: int, young_members: int, adult_members: int) -> Split:
    """What young and adult members did, counted out of groups of young_members and adult_members people: the
    figure of a group too small to show on its own is left out (one adult's "0 turns" is what that adult did)."""
    return Split(young if split_shown(young_members) else None, adult if split_shown(adult_members) else None)


@dataclass(frozen=True)
class Member:
    """One panel member as the monitoring counts them: no name, no id, only what is counted."""

    young: bool
    age_band: AgeBand | None = None
    chair: bool = False
    trained_online: bool = False
    trained_in_person: bool = False
    more_time: bool = False
    attended: bool = False
    spoke: bool = False


@dataclass(frozen=True)
class AgeGroup:
    """Young people in one age band, or in several neighbouring bands merged so nobody stands alone."""

    bands: tuple[AgeBand, ...]
    count: int

    @property
    def merged(self) -> bool:
        return len(self.bands) > 1

    @property
    def label(self) -> str:
        """'14 to 16', or '14 to 19' for merged bands."""
        return f"{self.bands[0].value.split('-')[0]} to {self.bands[-1].value.split('-')[1]}"


@dataclass(frozen=True)
class Participation:
    """Who took part, trained, came to the meeting and spoke, young and adult, counted."""

    members: Split
    chairs: Split
    age_groups: tuple[AgeGroup, ...]
    trained_online: Split
    trained_in_person: Split
    not_trained: Split
    more_time: Split
    attended: Split
    spoke: Split


def _count(members: Sequence[Member], test: Callable[[Member], bool]) -> Split:
    young = [member for member in members if member.young]
    adult = [member for member in members if not member.young]
    return split_count(
        sum(1 for member in young if test(member)),
        sum(1 for member in adult if test(member)),
        len(young),
        len(adult),
    )


def age_groups(counts: dict[AgeBand, int]) -> tuple[AgeGroup, ...]:
    """Young people per age band, youngest first, every band shown (empty ones with 0). A band holding too few
    people to show on its own (fewer than three, but some: scoring/disclosure.py) is merged with its smaller
    neighbouring group (the younger on a tie), again and again, until no group is that small or only one is
    left (which, if still too small, then spans every band); the empty bands in between are merged too, since a
    group is always a run of neighbouring bands."""
    order = list(AgeBand)
    # Each group: [first band's position, last band's position, people], for the bands holding anyone.
    groups = [[at, at, counts[band]] for at, band in enumerate(order) if counts.get(band, 0) > 0]
    while len(groups) > 1:
        small = [index for index, group in enumerate(groups) if not split_shown(group[2])]
        if not small:
            break
        index = min(small, key=lambda at: (groups[at][2], at))
        neighbours = [at for at in (index - 1, index + 1) if 0 <= at < len(groups)]
        other = min(neighbours, key=lambda at: (groups[at][2], at))
        first, second = sorted((index, other))
        merged = [groups[first][0], groups[second][1], groups[first][2] + groups[second][2]]
        groups[first : second + 1] = [merged]
    if len(groups) == 1 and not split_shown(groups[0][2]):
        # One or two young people in all: any band of theirs would say their age.
        groups = [[0, len(order) - 1, groups[0][2]]]
    shown, at = [], 0
    for low, high, count in groups:
        shown += [AgeGroup((band,), 0) for band in order[at:low]]
        shown.append(AgeGroup(tuple(order[low : high + 1]), count))
        at = high + 1
    shown += [AgeGroup((band,), 0) for band in order[at:]]
    return tuple(shown)


def participation(members: Iterable[Member]) -> Participation:
    """The panel counted. Training done in person counts there even if the member also finished it online. How
    many young people and adults are on the panel, and who chaired, always show; what a group too small to show
    on its own did (trained, came, spoke, was given more time) does not."""
    members = list(members)
    bands: dict[AgeBand, int] = {}
    for member in members:
        if member.young and member.age_band is not None:
            bands[member.age_band] = bands.get(member.age_band, 0) + 1
    return Participation(
        members=Split(sum(member.young for member in members), sum(not member.young for member in members)),
        chairs=Split(
            sum(member.young and member.chair for member in members),
            sum(not member.young and member.chair for member in members),
        ),
        age_groups=age_groups(bands),
        trained_online=_count(members, lambda member: member.trained_online and not member.trained_in_person),
        trained_in_person=_count(members, lambda member: member.trained_in_person),
        not_trained=_count(members, lambda member: not (member.trained_online or member.trained_in_person)),
        more_time=_count(members, lambda member: member.more_time),
        attended=_count(members, lambda member: member.attended),
        spoke=_count(members, lambda member: member.spoke),
    )


# How young people's views shaped the outcomes


@dataclass(frozen=True)
class BidViews:
    """What the caller gathered about one bid. Shares are each member's overall score for the bid on their
    scoring sheet, 0 (bottom of the scale) to 1 (top): see scoring.decisions.sheet_share."""

    reference: str
    title: str
    young_shares: tuple[float, ...] = ()
    adult_shares: tuple[float, ...] = ()
    young_views: tuple[View, ...] = ()
    recommendation: Recommendation | None = None
    outcome: Outcome | None = None
    differences: tuple[Difference, ...] = ()
    flags: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class Influence:
    """One bid: young and adult members' middle overall scores out of 100, which way most young members
    leaned, what the panel recommended and what was decided. A middle score or a lean from a group too small to
    show on its own is None; the counts say how many sent a sheet or gave a first view, so a page can tell
    "too few to show" from "nobody"."""

    reference: str
    title: str
    young_score: int | None
    adult_score: int | None
    young_lean: bool | None
    recommendation: Recommendation | None
    outcome: Outcome | None
    differences: tuple[Difference, ...]
    flags: tuple[str, ...]
    explanation: str
    young_scorers: int = 0
    adult_scorers: int = 0
    young_viewers: int = 0

    @property
    def young_score_hidden(self) -> bool:
        """Young members sent sheets, but too few to show their middle score on its own."""
        return not split_shown(self.young_scorers)

    @property
    def adult_score_hidden(self) -> bool:
        """Adults sent sheets, but too few to show their middle score on its own."""
        return not split_shown(self.adult_scorers)

    @property
    def lean_hidden(self) -> bool:
        """Which way young members leaned is not shown because too few gave a first view or sent a sheet (not
        because they were split)."""
        usable = any(count and split_shown(count) for count in (self.young_viewers, self.young_scorers))
        return self.young_lean is None and not usable and bool(self.young_viewers or self.young_scorers)

    @property
    def gap(self) -> int | None:
        """How far apart the young and adult middle scores are (out of 100); None unless both scored."""
        if self.young_score is None or self.adult_score is None:
            return None
        return abs(self.young_score - self.adult_score)

    @property
    def went_young_way(self) -> bool | None:
        """Whether the final decision went the way most young members leaned; None if undecided or unclear."""
        if self.outcome is None or self.young_lean is None:
            return None
        return self.outcome.funds == self.young_lean

    @property
    def lean_words(self) -> str:
        return TOO_FEW if self.lean_hidden else lean_in_words(self.young_lean)

    @property
    def went_words(self) -> str:
        return went_in_words(self.went_young_way)

    @property
    def differs_from_panel(self) -> bool:
        return Difference.RECOMMENDATION in self.differences or Difference.AMOUNT in self.differences


def out_of_100(shares: Iterable[float]) -> int | None:
    """A group's middle share as a whole score out of 100 (halves round up); None when nobody scored, or too
    few did to show it on their own."""
    shares = list(shares)
    middle = median(shares) if split_shown(len(shares)) else None
    return None if middle is None else int(middle * 100 + 0.5)


def young_lean(views: Iterable[View], shares: Iterable[float]) -> bool | None:
    """Fund it (True) or not (False), as most young members leaned: from their first views and from their
    scores. When the two point different ways, or neither is clear, it is unclear (None)."""
    from_views, from_scores = young_lean_from_views(views), young_lean_from_scores(shares)
    if from_views is not None and from_scores is not None and from_views != from_scores:
        return None
    return from_views if from_views is not None else from_scores


def influence(bid: BidViews) -> Influence:
    """One bid's young and adult views beside the recommendation and the decision."""
    return Influence(
        reference=bid.reference,
        title=bid.title,
        young_score=out_of_100(bid.young_shares),
        adult_score=out_of_100(bid.adult_shares),
        young_lean=young_lean(bid.young_views, bid.young_shares),
        recommendation=bid.recommendation,
        outcome=bid.outcome,
        differences=bid.differences,
        flags=bid.flags,
        explanation=bid.explanation,
        young_scorers=len(bid.young_shares),
        adult_scorers=len(bid.adult_shares),
        young_viewers=len(bid.young_views),
    )


@dataclass(frozen=True)
class InfluenceSummary:
    """The bids counted: decided, decided the way most young members leaned or against it, and decided
    differently from the panel's recommendation (with how many of those say why)."""

    bids: int
    decided: int
    young_way: int
    against_young: int
    unclear: int
    differed: int
    differed_explained: int
    widest_gap: Influence | None


def summarise_influence(influences: Iterable[Influence]) -> InfluenceSummary:
    """Counts over the bids, and the bid where young and adult members' middle scores were furthest apart
    (the first in the order given on a tie; None if no bid was scored by both)."""
    influences = list(influences)
    decided = [one for one in influences if one.outcome is not None]
    differed = [one for one in decided if one.differs_from_panel]
    gaps = [(one.gap, one) for one in influences if one.gap is not None]
    widest = max(gaps, key=lambda pair: pair[0], default=None)
    return InfluenceSummary(
        bids=len(influences),
        decided=len(decided),
        young_way=sum(1 for one in decided if one.went_young_way is True),
        against_young=sum(1 for one in decided if one.went_young_way is False),
        unclear=sum(1 for one in decided if one.went_young_way is None),
        differed=len(differed),
        differed_explained=sum(1 for one in differed if one.explanation.strip()),
        widest_gap=None if widest is None else widest[1],
    )


def lean_in_words(lean: bool | None) -> str:
    return {True: "Fund it", False: "Don't fund it", None: "Not clear"}[lean]


def went_in_words(went: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not clear"}[went]


# Charts


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its figure, and how much of the track it fills (0 to 100, in fives)."""

    label: str
    value: int | None
    width: int


def bar_width(value: int | None, largest: int) -> int:
    """A bar's width as a percentage in steps of 5; a figure above 0 always shows at least a sliver (5)."""
    if not value or largest <= 0:
        return 0
    return max(5, int(min(value / largest, 1.0) * 20 + 0.5) * 5)


def bars(pairs: Iterable[tuple[str, int | None]], largest: int | None = None) -> tuple[Bar, ...]:
    """Bars for (label, figure) pairs, scaled to `largest` (the biggest figure if not given)."""
    pairs = list(pairs)
    top = largest if largest is not None else max((value or 0 for _, value in pairs), default=0)
    return tuple(Bar(label, value, bar_width(value, top)) for label, value in pairs)
