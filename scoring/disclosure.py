"""What of a bid's scores a person may see, and when: blind scoring, as one rule.

Nobody sees anyone else's scores of a bid until the meeting shows them to the room, or the round has moved past
its meeting: not the chair, not the commissioner. Before then the chair and the commissioner see who has
finished, never what they gave. A member conflicted on a bid never sees its scores. Names beside scores are for
commissioners only, and only once the meeting has ended (each such download is in the access log).

Small groups never give people away. A split of the panel (young members apart from adults, or one age band of
young people) covering fewer than SMALLEST_SPLIT people is not shown on its own: with one adult scorer "the
adults' middle score" is that adult's score, and "most young members' first view was fund it" from two young
members says what each of them said. So a group's middle score, which way it leaned, its share of the dots on a
scale, what it did (trained, came, spoke) and its age band are shown only when split_shown says so. Otherwise a
page says the group is too few to show (TOO_FEW in a table, never a blank or a 0 that reads as a figure), the
dots say only how many people gave each score, a total that less the other group would give the small group
away is left out too, and age bands are merged (scoring/monitoring.py). An empty group gives nobody away.
Figures of the whole panel (everyone's middle score and range, how many young people and adults are on it) are
not splits, and show as before. The rule is asked where each split is worked out (scoring/consensus.py,
scoring/decisions.py, scoring/monitoring.py), never page by page."""

from enum import IntEnum, StrEnum

from scoring.rounds import RoundStatus


class Sight(IntEnum):
    """How much of other people's scores may be seen, from nothing to everything; each level includes the ones
    below it."""

    NOTHING = 0
    STATUSES = 1  # who has finished scoring, never what they gave
    AGGREGATES = 2  # medians, spreads, young and adult middles
    ANONYMISED = 3  # each score, its giver shown as P1, P2, ...
    NAMED = 4  # each score with its giver's name


class Viewer(StrEnum):
    """Who is asking, as far as scores go."""

    OUTSIDER = "outsider"  # signed in, not on this round's panel, not a commissioner
    CONFLICTED = "conflicted"  # on the panel, with a link to this bid's organisation
    MEMBER = "member"
    CHAIR = "chair"
    COMMISSIONER = "commissioner"


PAST_THE_MEETING = frozenset({RoundStatus.DECIDED, RoundStatus.PUBLISHED, RoundStatus.CLOSED})


SMALLEST_SPLIT = 3  # the fewest people a split of the panel may show on its own
TOO_FEW = "Too few to show"  # what a table says in place of a split it does not show


def split_shown(count: int) -> bool:
    """Whether a group of `count` people (or of their scores or first views) may be shown on its own: none at
    all gives nobody away, and SMALLEST_SPLIT or more gives no one person away."""
    return count == 0 or count >= SMALLEST_SPLIT


def scores_are_out(status: RoundStatus, revealed: bool) -> bool:
    """A bid's scores are out once the meeting has shown them to the room, or the meeting is over."""
    return revealed or status in PAST_THE_MEETING


def score_sight(viewer: Viewer, status: RoundStatus, revealed: bool) -> Sight:
    """What `viewer` may see of the scores of one bid, in a round at `status` whose meeting has (or has not)
    shown that bid's scores."""
    if viewer in (Viewer.OUTSIDER, Viewer.CONFLICTED):
        return Sight.NOTHING
    if not scores_are_out(status, revealed):
        return Sight.STATUSES if viewer in (Viewer.CHAIR, Viewer.COMMISSIONER) else Sight.NOTHING
    if viewer is Viewer.COMMISSIONER and status in PAST_THE_MEETING:
        return Sight.NAMED
    return Sight.ANONYMISED


def names_sight(viewer: Viewer, status: RoundStatus) -> bool:
    """Whether `viewer` may ever see names beside scores in this round now (every bid's scores are out by
    then)."""
    return score_sight(viewer, status, revealed=True) is Sight.NAMED
