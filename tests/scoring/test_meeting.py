"""The live meeting's rules: who may give which command when, what each command does, and what never happens.

The first part reads as the command table in docs/meeting.md; the second walks through a meeting the way a
chair and a panel would; the last lets Hypothesis throw random commands from random people at the rules and
checks the promises that hold whatever they press: first views stay secret, reveals stick, a refusal changes
nothing, and a closed meeting stays closed.
"""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from scoring.consensus import Recommendation, View
from scoring.criteria import Scale
from scoring.meeting import (
    CHAIR_COMMANDS,
    CHAIR_STEPPING_OUT,
    CHAIR_WHILE_OUT,
    COMMANDS,
    FINISHED,
    MAX_BREAK_MINUTES,
    MAX_NOTES,
    MOVED_ON,
    NOT_NOW,
    ONLY_CHAIR,
    ONLY_MEMBERS,
    ONLY_SCRIBE,
    STEPPING_OUT,
    STEPS,
    TRANSITIONS,
    UNKNOWN,
    Accepted,
    Actor,
    Agreement,
    Audience,
    Command,
    Item,
    MeetingState,
    Phase,
    Refused,
    Status,
    decide,
)

NOW = datetime(2027, 3, 10, 18, 30)
WAITING, BID, FIRST_VIEW, VIEWS, SCORES, DISCUSS, AGREE, PAUSED, CLOSED = Phase
FUND, WITH_CONDITIONS, RESERVE, DO_NOT_FUND = Recommendation

# The panel: membership id -> is a young person. Dev has a conflict with the youth radio bid.
AMIR, BEA, CAL, DEV = 1, 2, 3, 4
MEMBERS = {AMIR: True, BEA: True, CAL: False, DEV: False}
SCALES = {10: Scale(0, 4), 11: Scale(1, 5)}
SKATE, RADIO, GARDEN = 101, 102, 103
LABELS = {SKATE: "B1 Skate park", RADIO: "B2 Youth radio", GARDEN: "B3 Community garden"}

CHAIR = Actor(member=None, chair=True)  # a commissioner running the meeting
CHAIR_ON_PANEL = Actor(member=CAL, chair=True)  # a chair who also sits on the panel
STRANGER = Actor(member=999)  # someone who is not on this panel
PANEL = {name: Actor(member) for name, member in (("amir", AMIR), ("bea", BEA), ("cal", CAL), ("dev", DEV))}


# building states and sending commands


def agenda() -> tuple[Item, ...]:
    return (
        Item(SKATE, LABELS[SKATE], requested=500_000),
        Item(RADIO, LABELS[RADIO], requested=120_000, conflicted=frozenset({DEV})),
        Item(GARDEN, LABELS[GARDEN], requested=80_000),
    )


def waiting(**changes) -> MeetingState:
    """A meeting nobody has started yet."""
    return replace(MeetingState(items=agenda(), members=MEMBERS, scales=SCALES), **changes)


def position(state: MeetingState, bid: int) -> int:
    return [item.bid for item in state.items].index(bid)


def with_item(state: MeetingState, bid: int, **changes) -> MeetingState:
    """The state with one bid's item changed."""
    items = list(state.items)
    items[position(state, bid)] = replace(items[position(state, bid)], **changes)
    return replace(state, items=tuple(items))


def at(phase: Phase, bid: int = SKATE, **changes) -> MeetingState:
    """A meeting whose phase is `phase`, on `bid` (paused and closed meetings were talking about it)."""
    if phase is WAITING:
        return waiting(**changes)
    step = DISCUSS if phase in (PAUSED, CLOSED) else phase
    state = with_item(waiting(status=Status.RUNNING, cursor=position(waiting(), bid)), bid, step=step)
    if phase is PAUSED:
        state = replace(state, status=Status.PAUSED)
    if phase is CLOSED:
        state = replace(all_agreed(state), status=Status.CLOSED)
    return replace(state, **changes)


def agreed() -> Agreement:
    return Agreement({10: 3, 11: 4}, FUND, 50_000, "", "A clear need")


def all_agreed(state: MeetingState) -> MeetingState:
    """Every bid on the agenda has a recommendation, recorded once."""
    for item in state.items:
        state = with_item(state, item.bid, agreement=agreed(), revision=1, scores_revealed=True)
    return state


def where(state: MeetingState) -> tuple[int | None, Phase]:
    """What an up-to-date chair's screen shows: the current bid and the phase."""
    return (state.current.bid if state.current else None), state.phase


def send(state: MeetingState, name: str, actor: Actor = CHAIR, expect=None, **args) -> Accepted | Refused:
    """Give a command from a screen showing `expect` (by default an up-to-date one)."""
    expect_bid, expect_phase = where(state) if expect is None else expect
    return decide(state, Command(name, args, expect_bid, expect_phase), actor, NOW)


def accept(state: MeetingState, name: str, actor: Actor = CHAIR, **args) -> Accepted:
    decision = send(state, name, actor, **args)
    assert isinstance(decision, Accepted), decision
    return decision


def ok(state: MeetingState, name: str, actor: Actor = CHAIR, **args) -> MeetingState:
    """The state after an accepted command."""
    return accept(state, name, actor, **args).state


def refusal(state: MeetingState, name: str, actor: Actor = CHAIR, **args) -> Refused:
    decision = send(state, name, actor, **args)
    assert isinstance(decision, Refused), decision
    return decision


def reason(state: MeetingState, name: str, actor: Actor = CHAIR, **args) -> str:
    return refusal(state, name, actor, **args).reason


def agreement(revision: int = 0, **changes) -> dict:
    """Arguments for a record the rules accept for the skate park bid (it asked for £5,000)."""
    return {
        "consensus": {10: 3, 11: 4},
        "recommendation": FUND,
        "amount": 400_000,
        "conditions": "",
        "reasons": "Young people asked for it",
        "revision": revision,
        **changes,
    }


# the command table


SAME, OWN_STEP = "stays", "the bid's own step"
TALKING = [SCORES, DISCUSS, AGREE]
ON_A_BID = list(STEPS)
NOT_CLOSED = [WAITING, *STEPS, PAUSED]

# who may give a command: the roles (of the four people below) that may, and what everyone else is told
MAY = {
    "chair": ({"chair"}, ONLY_CHAIR),
    "members": ({"member", "scribe"}, ONLY_MEMBERS),
    "chair or scribe": ({"chair", "scribe"}, ONLY_SCRIBE),
}
ROLES = {"chair": CHAIR, "member": PANEL["cal"], "scribe": PANEL["bea"], "stranger": STRANGER}

# docs/meeting.md, "Commands": the command, who may give it, in which phases, and the phase it leads to
SPEC = [
    ("start", "chair", [WAITING], BID),
    ("first_view", "chair", [BID], FIRST_VIEW),
    ("give_view", "members", [FIRST_VIEW], SAME),
    ("reveal_views", "chair", [FIRST_VIEW], VIEWS),
    ("reveal_scores", "chair", [BID, VIEWS], SCORES),
    ("discuss", "chair", [SCORES], DISCUSS),
    ("raise_hand", "members", TALKING, SAME),
    ("lower_hand", "members", TALKING, SAME),
    ("give_turn", "chair", TALKING, SAME),
    ("end_turn", "chair", TALKING, SAME),
    ("set_scribe", "chair", NOT_CLOSED, SAME),
    ("save_notes", "chair or scribe", [*ON_A_BID, PAUSED], SAME),
    ("agree", "chair", [DISCUSS], AGREE),
    ("record", "chair", [AGREE], SAME),
    ("next", "chair", ON_A_BID, OWN_STEP),
    ("back", "chair", ON_A_BID, OWN_STEP),
    ("go_to", "chair", ON_A_BID, OWN_STEP),
    ("move", "chair", NOT_CLOSED, SAME),
    ("pause", "chair", ON_A_BID, PAUSED),
    ("resume", "chair", [PAUSED], OWN_STEP),
    ("need_break", "members", [*ON_A_BID, PAUSED], SAME),
    ("close", "chair", [*ON_A_BID, PAUSED], CLOSED),
]
IN_THE_TABLE = {(phase, name) for name, _, phases, _ in SPEC for phase in phases}

# arguments each command is accepted with in `ready` (the radio bid asked for £1,200)
GOOD_ARGS = {
    "give_view": {"view": View.FUND},
    "give_turn": {"member": CAL},
    "set_scribe": {"member": CAL},
    "save_notes": {"notes": "The radio kit list was checked."},
    "record": agreement(revision=1, amount=100_000),
    "go_to": {"bid": SKATE},
    "move": {"bid": RADIO, "step": 1},
    "pause": {"minutes": 10},
}


def ready(phase: Phase, name: str = "") -> MeetingState:
    """A meeting at `phase` on the radio bid (in the middle of the agenda) where `name` can succeed.

    Bea takes the notes, Amir has the turn, every bid already has a recommendation (so the meeting can
    close), and the other bids wait at steps of their own: the skate park at "scores", the garden at "bid".
    """
    if phase is WAITING:
        return waiting(scribe=BEA)
    state = all_agreed(at(phase, RADIO, scribe=BEA, speaking=AMIR))
    state = with_item(with_item(state, SKATE, step=SCORES), GARDEN, step=BID)
    if name == "lower_hand":
        state = replace(state, queue=(BEA, CAL))
    return state


@pytest.mark.parametrize(
    ("name", "phase", "role"),
    [(name, phase, role) for name, _, phases, _ in SPEC for phase in phases for role in ROLES],
    ids=lambda value: getattr(value, "value", value),
)
def test_who_may_give_each_command_in_each_phase(name, phase, role):
    who, refused_with = MAY[next(may for command, may, *_ in SPEC if command == name)]
    leads_to = next(to for command, _, _, to in SPEC if command == name)
    state = ready(phase, name)
    decision = send(state, name, ROLES[role], **GOOD_ARGS.get(name, {}))
    if role not in who:
        assert decision == Refused(refused_with)
        return
    assert isinstance(decision, Accepted) and decision.changed, decision
    after = decision.state
    if leads_to == SAME:
        assert after.phase is phase
    elif leads_to == OWN_STEP:
        assert after.phase is next(item.step for item in state.items if item.bid == after.current.bid)
    else:
        assert after.phase is leads_to


def test_the_table_in_the_code_is_the_table_in_the_docs():
    assert set(TRANSITIONS) == IN_THE_TABLE
    assert set(COMMANDS) == {name for name, *_ in SPEC}
    assert CHAIR_COMMANDS == {name for name, may, *_ in SPEC if may != "members"}


@pytest.mark.parametrize(
    ("phase", "name"),
    [(phase, name) for phase in NOT_CLOSED for name in COMMANDS if (phase, name) not in IN_THE_TABLE],
    ids=lambda value: getattr(value, "value", value),
)
def test_a_command_not_in_the_table_for_the_phase_is_not_now(phase, name):
    everyone = Actor(member=BEA, chair=True)  # a chair who sits on the panel and takes the notes
    state = ready(phase, name)
    decision = send(state, name, everyone, **GOOD_ARGS.get(name, {}))
    assert decision == Refused(NOT_NOW.format(phase=phase.label))


@pytest.mark.parametrize("name", sorted(CHAIR_COMMANDS))
@pytest.mark.parametrize("who", ["cal", "dev", "stranger"])
def test_a_panellist_sending_a_chair_command_is_refused_in_every_phase(name, who):
    actor = STRANGER if who == "stranger" else PANEL[who]  # Dev has a conflict with the bid under discussion
    told = ONLY_SCRIBE if name == "save_notes" else ONLY_CHAIR
    for phase in NOT_CLOSED:
        assert send(ready(phase, name), name, actor, **GOOD_ARGS.get(name, {})) == Refused(told), phase


@pytest.mark.parametrize("name", COMMANDS)
def test_after_the_meeting_closes_every_command_is_refused(name):
    state = replace(ready(DISCUSS, name), status=Status.CLOSED)
    for role, actor in ROLES.items():
        assert send(state, name, actor, **GOOD_ARGS.get(name, {})) == Refused(FINISHED), role


@pytest.mark.parametrize("name", ["dance", "", "START", "close "])
def test_a_command_the_meeting_does_not_know_is_refused(name):
    assert send(at(DISCUSS), name) == Refused(UNKNOWN)


# starting and first views


def test_start_opens_the_first_bid_on_the_agenda():
    state = ok(waiting(), "start")
    assert (state.status, state.phase, state.current.bid, state.cursor) == (Status.RUNNING, BID, SKATE, 0)


def test_a_bid_moved_to_the_top_before_the_start_is_the_one_that_opens():
    state = ok(waiting(), "move", bid=RADIO, step=-1)
    assert ok(state, "start").current.bid == RADIO


def _not_for_the_actor_alone(events) -> list:
    return [event for event in events if event.audience is not Audience.ACTOR]


def test_a_members_first_view_is_kept_secret():
    decision = accept(at(FIRST_VIEW), "give_view", PANEL["amir"], view=View.FUND)
    assert dict(decision.state.current.views) == {AMIR: View.FUND}
    assert not decision.state.current.views_revealed
    assert [event.detail["view"] for event in decision.events if event.audience is Audience.ACTOR] == ["fund"]
    assert all("view" not in event.detail for event in _not_for_the_actor_alone(decision.events))


def test_revealing_views_does_not_put_anyones_view_in_the_record():
    state = ok(
        ok(at(FIRST_VIEW), "give_view", PANEL["amir"], view=View.FUND),
        "give_view",
        PANEL["cal"],
        view=View.DO_NOT_FUND,
    )
    decision = accept(state, "reveal_views")
    assert decision.state.current.views_revealed and decision.state.phase is VIEWS
    assert all("view" not in event.detail for event in decision.events)


def test_a_member_can_change_their_view_until_the_views_are_shown():
    state = ok(at(FIRST_VIEW), "give_view", PANEL["amir"], view=View.FUND)
    state = ok(state, "give_view", PANEL["amir"], view=View.NOT_SURE)
    assert dict(state.current.views) == {AMIR: View.NOT_SURE}
    shown = ok(state, "reveal_views")
    assert reason(shown, "give_view", PANEL["amir"], view=View.FUND) == NOT_NOW.format(phase=VIEWS.label)


def test_a_replayed_first_view_changes_nothing():
    state = ok(at(FIRST_VIEW), "give_view", PANEL["amir"], view=View.FUND)
    again = accept(state, "give_view", PANEL["amir"], view=View.FUND)
    assert again.state == state and again.events == () and not again.changed


@pytest.mark.parametrize("view", [None, "fund", "maybe"])
def test_a_first_view_must_be_one_of_the_three(view):
    assert reason(at(FIRST_VIEW), "give_view", PANEL["amir"], view=view) == (
        "Choose fund it, not sure, or don't fund it."
    )


@pytest.mark.parametrize(("name", "phase"), [("give_view", FIRST_VIEW), ("raise_hand", SCORES)])
def test_a_member_with_a_conflict_steps_out_of_that_bid_only(name, phase):
    args = {"view": View.FUND} if name == "give_view" else {}
    assert reason(at(phase, RADIO), name, PANEL["dev"], **args) == STEPPING_OUT
    assert isinstance(send(at(phase, SKATE), name, PANEL["dev"], **args), Accepted)


def test_a_chair_with_a_conflict_can_only_move_the_meeting_on_from_that_bid():
    dev_chairing = Actor(member=DEV, chair=True)
    assert reason(at(BID, RADIO), "reveal_scores", dev_chairing) == CHAIR_STEPPING_OUT
    assert reason(at(DISCUSS, RADIO), "agree", dev_chairing) == CHAIR_STEPPING_OUT
    assert reason(at(BID, RADIO), "save_notes", dev_chairing, notes="x") == CHAIR_STEPPING_OUT
    assert {"next", "back", "pause", "close"} <= CHAIR_WHILE_OUT
    assert ok(at(BID, RADIO), "next", dev_chairing).current.bid == GARDEN
    assert isinstance(send(at(BID, SKATE), "reveal_scores", dev_chairing), Accepted)
    assert isinstance(send(at(BID, RADIO), "reveal_scores", CHAIR), Accepted)


def test_the_chair_cannot_give_the_turn_to_someone_with_a_conflict_or_off_the_panel():
    state = at(DISCUSS, RADIO)
    assert reason(state, "give_turn", member=DEV) == (
        "They have a conflict with this bid, so they're stepping out for this one."
    )
    assert reason(state, "give_turn", member=999) == "Choose someone on the panel."
    assert reason(state, "give_turn", member=None) == "Choose someone on the panel."


# reveals


def test_reveals_stay_shown_after_moving_away_and_back():
    state = ok(ok(at(FIRST_VIEW), "reveal_views"), "reveal_scores")
    state = ok(ok(state, "next"), "back")
    assert state.current.bid == SKATE and state.phase is SCORES
    assert state.current.views_revealed and state.current.scores_revealed


def test_going_straight_to_the_scores_shows_no_first_views():
    state = ok(at(BID), "reveal_scores")
    assert state.phase is SCORES and state.current.scores_revealed and not state.current.views_revealed


def test_a_reveal_belongs_to_its_own_bid():
    state = ok(ok(at(FIRST_VIEW), "reveal_views"), "next")
    assert state.current.bid == RADIO and not state.current.views_revealed


# hands and turns


def test_hands_queue_in_the_order_they_go_up():
    state = at(SCORES)
    for who in ("amir", "cal", "bea"):
        state = ok(state, "raise_hand", PANEL[who])
    assert state.queue == (AMIR, CAL, BEA)
    assert reason(state, "raise_hand", PANEL["amir"]) == (
        "Your hand is already up. The chair will give you a turn."
    )
    state = ok(state, "lower_hand", PANEL["cal"])
    assert state.queue == (AMIR, BEA)
    assert reason(state, "lower_hand", PANEL["cal"]) == "Your hand isn't up."


def test_giving_the_turn_takes_the_hand_down_and_counts_young_and_adult_turns():
    state = replace(at(DISCUSS), queue=(AMIR, CAL, BEA))
    decision = accept(state, "give_turn", member=CAL)
    state = decision.state
    assert (state.queue, state.speaking, state.current.spoken) == ((AMIR, BEA), CAL, {CAL})
    assert (state.turns_young, state.turns_adult) == (0, 1)
    assert [(event.kind, dict(event.detail)) for event in decision.events] == [
        ("give_turn", {"member": CAL, "young": False})
    ]
    state = ok(ok(state, "give_turn", member=AMIR), "give_turn", member=DEV)  # not in the queue: still fine
    assert (state.queue, state.speaking, state.current.spoken) == ((BEA,), DEV, {AMIR, CAL, DEV})
    assert (state.turns_young, state.turns_adult) == (1, 2)


def test_ending_the_turn():
    state = ok(replace(at(SCORES), speaking=AMIR), "end_turn")
    assert state.speaking is None
    assert reason(state, "end_turn") == "Nobody has the turn right now."


# notes


def test_the_note_taker_and_the_chair_can_save_notes_and_nobody_else():
    state = at(DISCUSS, scribe=BEA)
    state = ok(state, "save_notes", PANEL["bea"], notes="  Strong support from young members.  ")
    assert state.current.notes == "Strong support from young members."
    assert reason(state, "save_notes", PANEL["cal"], notes="Mine now") == ONLY_SCRIBE
    assert ok(state, "save_notes", notes="Chair's edit").current.notes == "Chair's edit"


def test_a_new_note_taker_takes_over_and_an_empty_choice_leaves_the_notes_to_the_chair():
    state = ok(at(DISCUSS, scribe=BEA), "set_scribe", member=CAL)
    assert ok(state, "save_notes", PANEL["cal"], notes="Cal's notes").current.notes == "Cal's notes"
    assert reason(state, "save_notes", PANEL["bea"], notes="Bea's notes") == ONLY_SCRIBE
    state = ok(state, "set_scribe", member=None)
    assert reason(state, "save_notes", PANEL["cal"], notes="Cal's notes") == ONLY_SCRIBE
    assert reason(state, "set_scribe", member=999) == "Choose someone on the panel to take notes."


def test_a_note_taker_with_a_conflict_steps_out_of_that_bid():
    assert reason(at(DISCUSS, RADIO, scribe=DEV), "save_notes", PANEL["dev"], notes="x") == STEPPING_OUT


@pytest.mark.parametrize(
    ("notes", "saved"),
    [("x" * MAX_NOTES, True), (" " + "x" * MAX_NOTES + "\n", True), ("x" * (MAX_NOTES + 1), False)],
    ids=["at the limit", "spaces round the edges do not count", "one over"],
)
def test_notes_have_a_length_limit(notes, saved):
    decision = send(at(DISCUSS), "save_notes", notes=notes)
    if saved:
        assert decision.state.current.notes == "x" * MAX_NOTES
    else:
        assert decision == Refused("The notes can be at most 10,000 characters.", {"notes": "Too long"})


def test_saving_the_same_notes_again_changes_nothing():
    state = ok(at(DISCUSS), "save_notes", notes="Same")
    assert accept(state, "save_notes", notes="Same ").events == ()
    assert reason(state, "save_notes", notes=None) == "Write the notes as text."


# recording the agreement

SCORE_0_4, SCORE_1_5 = "Agree a score from 0 to 4", "Agree a score from 1 to 5"
AMOUNT_NEEDED = "Enter an amount above £0 and no more than the £5,000 the bid asked for"
NO_RECOMMENDATION, NO_REASONS = "Choose what the panel recommends", "Write down the reasons the panel agreed"
NO_CONDITIONS = "Write down the conditions the bid must meet"


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"consensus": {10: 3}}, {"consensus-11": SCORE_1_5}),
        ({"consensus": {10: 5, 11: 4}}, {"consensus-10": SCORE_0_4}),
        ({"consensus": {10: True, 11: 0}}, {"consensus-10": SCORE_0_4, "consensus-11": SCORE_1_5}),
        ({"consensus": {}}, {"consensus-10": SCORE_0_4, "consensus-11": SCORE_1_5}),
        ({"recommendation": None}, {"recommendation": NO_RECOMMENDATION}),
        ({"reasons": "   "}, {"reasons": NO_REASONS}),
        ({"amount": 500_001}, {"amount": AMOUNT_NEEDED}),
        ({"amount": None}, {"amount": AMOUNT_NEEDED}),
        ({"recommendation": WITH_CONDITIONS}, {"conditions": NO_CONDITIONS}),
        (
            {"recommendation": WITH_CONDITIONS, "amount": 600_000, "conditions": " "},
            {"amount": AMOUNT_NEEDED, "conditions": NO_CONDITIONS},
        ),
        (
            {"recommendation": DO_NOT_FUND, "amount": 100},
            {"amount": "Leave the amount empty when the panel does not fund the bid"},
        ),
        (
            {"amount": None, "unreadable": {"amount": "Enter an amount in pounds using numbers only"}},
            {"amount": "Enter an amount in pounds using numbers only"},
        ),
        (
            {"consensus": {10: 9}, "recommendation": None, "amount": None, "reasons": ""},
            {
                "consensus-10": SCORE_0_4,
                "consensus-11": SCORE_1_5,
                "recommendation": NO_RECOMMENDATION,
                "reasons": NO_REASONS,
            },
        ),
    ],
    ids=[
        "a missing score",
        "a score off the scale",
        "a yes is not a score",
        "no scores",
        "no recommendation",
        "no reasons",
        "more than the bid asked for",
        "no amount",
        "no conditions",
        "two problems with conditional funding",
        "an amount for a bid not funded",
        "an unreadable amount",
        "everything at once",
    ],
)
def test_a_record_with_problems_lists_them_all_and_changes_nothing(changes, problems):
    assert send(at(AGREE), "record", **agreement(**changes)) == Refused(
        "Some of the agreement is missing or needs a change.", problems
    )


@pytest.mark.parametrize("revision", [1, -1, None, "0"])
def test_a_record_from_a_stale_screen_is_refused(revision):
    assert reason(at(AGREE), "record", **agreement(revision=revision)) == MOVED_ON


def test_recording_keeps_the_agreement_and_counts_the_revision():
    decision = accept(at(AGREE), "record", **agreement())
    item = decision.state.current
    assert item.agreement == Agreement({10: 3, 11: 4}, FUND, 400_000, "", "Young people asked for it")
    assert item.revision == 1 and decision.state.phase is AGREE
    assert [(event.kind, dict(event.detail)) for event in decision.events] == [
        (
            "record",
            {
                "recommendation": "fund",
                "amount": 400_000,
                "consensus": {"10": 3, "11": 4},
                "conditions": "",
                "reasons": "Young people asked for it",
            },
        )
    ]
    again = ok(decision.state, "record", **agreement(revision=1, recommendation=RESERVE, reasons="Reserve"))
    assert again.current.revision == 2 and again.current.agreement.recommendation is RESERVE
    assert reason(again, "record", **agreement(revision=1)) == MOVED_ON


@pytest.mark.parametrize("amount", [None, 0])
def test_a_bid_not_funded_is_recorded_with_no_amount(amount):
    state = ok(at(AGREE), "record", **agreement(recommendation=DO_NOT_FUND, amount=amount))
    assert state.current.agreement.amount is None


# moving through the agenda


def spread_out(cursor: int = 0) -> MeetingState:
    """The skate park agreed and at "agree", the radio bid at "views", the garden not opened yet."""
    state = with_item(with_item(at(AGREE), RADIO, step=VIEWS, views_revealed=True), GARDEN, step=BID)
    return replace(state, cursor=cursor, queue=(AMIR, CAL), speaking=BEA)


@pytest.mark.parametrize(
    ("cursor", "name", "args", "bid", "phase"),
    [
        (0, "next", {}, RADIO, VIEWS),
        (1, "next", {}, GARDEN, BID),
        (2, "back", {}, RADIO, VIEWS),
        (1, "back", {}, SKATE, AGREE),
        (0, "go_to", {"bid": GARDEN}, GARDEN, BID),
        (2, "go_to", {"bid": SKATE}, SKATE, AGREE),
    ],
)
def test_moving_lands_on_each_bids_own_step_and_clears_the_hands(cursor, name, args, bid, phase):
    state = ok(spread_out(cursor), name, **args)
    assert (state.current.bid, state.phase) == (bid, phase)
    assert (state.queue, state.speaking) == ((), None)


@pytest.mark.parametrize(
    ("cursor", "name", "args", "told"),
    [
        (2, "next", {}, "This is the last bid. When every bid has a recommendation, close the meeting."),
        (0, "back", {}, "This is the first bid."),
        (1, "go_to", {"bid": RADIO}, "The meeting is already on that bid."),
        (1, "go_to", {"bid": 999}, "That bid is not on the agenda."),
        (1, "go_to", {"bid": None}, "That bid is not on the agenda."),
    ],
)
def test_moving_off_the_agenda_is_refused(cursor, name, args, told):
    assert reason(spread_out(cursor), name, **args) == told


def _order(state: MeetingState) -> list[int]:
    return [item.bid for item in state.items]


@pytest.mark.parametrize(
    ("bid", "step", "order", "to"),
    [
        (GARDEN, -1, [SKATE, GARDEN, RADIO], 2),
        (RADIO, 1, [SKATE, GARDEN, RADIO], 3),
        (RADIO, -1, [RADIO, SKATE, GARDEN], 1),
        (SKATE, 1, [RADIO, SKATE, GARDEN], 2),
    ],
)
def test_moving_a_bid_reorders_the_agenda_and_the_meeting_stays_on_its_bid(bid, step, order, to):
    decision = accept(at(DISCUSS, RADIO), "move", bid=bid, step=step)
    assert _order(decision.state) == order
    assert (decision.state.current.bid, decision.state.phase) == (RADIO, DISCUSS)
    assert [(event.kind, event.bid, dict(event.detail)) for event in decision.events] == [
        ("move", bid, {"to": to})
    ]


@pytest.mark.parametrize(
    ("bid", "step", "told"),
    [
        (SKATE, -1, "That bid is already first."),
        (GARDEN, 1, "That bid is already last."),
        (RADIO, 2, "Move a bid one place earlier or later."),
        (RADIO, 0, "Move a bid one place earlier or later."),
        (RADIO, None, "Move a bid one place earlier or later."),
        (999, 1, "That bid is not on the agenda."),
    ],
)
def test_a_move_off_the_ends_or_by_more_than_one_place_is_refused(bid, step, told):
    assert reason(at(DISCUSS, RADIO), "move", bid=bid, step=step) == told


# breaks


def test_a_timed_break_and_back_to_the_same_step():
    state = replace(at(SCORES), break_requests=(CAL,))
    paused = ok(state, "pause", minutes=15)
    assert (paused.status, paused.phase) == (Status.PAUSED, PAUSED)
    assert paused.break_until == datetime(2027, 3, 10, 18, 45)
    assert paused.break_requests == ()
    resumed = ok(paused, "resume")
    assert (resumed.status, resumed.phase, resumed.current.bid, resumed.break_until) == (
        Status.RUNNING,
        SCORES,
        SKATE,
        None,
    )


@pytest.mark.parametrize("minutes", [0, MAX_BREAK_MINUTES])
def test_a_break_can_have_no_timer_or_the_longest_one(minutes):
    paused = ok(at(DISCUSS), "pause", minutes=minutes)
    assert paused.break_until == (NOW + timedelta(minutes=minutes) if minutes else None)


@pytest.mark.parametrize("minutes", [-1, MAX_BREAK_MINUTES + 1, True, None, "10", 2.5])
def test_a_break_out_of_range_is_refused(minutes):
    assert reason(at(DISCUSS), "pause", minutes=minutes) == "Choose a break of 0 to 60 minutes."


def test_asking_for_a_break_tells_the_chair_once():
    first = accept(at(DISCUSS), "need_break", PANEL["cal"])
    assert first.state.break_requests == (CAL,)
    assert [(event.kind, event.audience, dict(event.detail)) for event in first.events] == [
        ("need_break", Audience.CHAIR, {"member": CAL})
    ]
    second = accept(first.state, "need_break", PANEL["cal"])
    assert second.events == () and second.state == first.state


# closing


def test_the_meeting_cannot_close_until_every_bid_has_a_recommendation():
    state = with_item(at(DISCUSS), SKATE, agreement=agreed())
    assert reason(state, "close") == (
        "Agree a recommendation for every bid before closing. "
        "Still to do: B2 Youth radio, B3 Community garden."
    )


@pytest.mark.parametrize("phase", [AGREE, PAUSED])
def test_a_meeting_with_every_bid_agreed_closes_for_good(phase):
    state = replace(all_agreed(at(phase)), queue=(AMIR,), speaking=CAL, break_requests=(BEA,))
    closed = ok(state, "close")
    assert (closed.status, closed.phase, closed.current) == (Status.CLOSED, CLOSED, None)
    assert (closed.queue, closed.speaking, closed.break_requests) == ((), None, ())
    assert reason(closed, "start") == FINISHED


# two chair screens and replays


def test_two_chair_devices_pressing_next_at_once_move_the_meeting_one_bid():
    state = at(DISCUSS)
    seen = where(state)  # both devices show the skate park, talking it through
    first = send(state, "next", expect=seen)
    second = send(first.state, "next", expect=seen)
    assert isinstance(first, Accepted) and second == Refused(MOVED_ON)
    assert first.state.current.bid == RADIO


@pytest.mark.parametrize(
    ("state", "name", "args"),
    [
        (waiting(), "start", {}),
        (at(BID), "first_view", {}),
        (at(FIRST_VIEW), "reveal_views", {}),
        (at(BID), "reveal_scores", {}),
        (at(SCORES), "discuss", {}),
        (at(DISCUSS), "agree", {}),
        (at(AGREE), "record", agreement()),
        (at(DISCUSS, RADIO), "back", {}),
        (at(DISCUSS), "go_to", {"bid": GARDEN}),
        (at(DISCUSS), "pause", {"minutes": 5}),
        (at(PAUSED), "resume", {}),
        (all_agreed(at(AGREE)), "close", {}),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_chair_command_pressed_twice_is_refused_the_second_time_as_moved_on(state, name, args):
    seen = where(state)
    first = send(state, name, expect=seen, **args)
    assert isinstance(first, Accepted) and first.changed
    assert send(first.state, name, expect=seen, **args) == Refused(FINISHED if name == "close" else MOVED_ON)


@pytest.mark.parametrize(
    ("expect", "accepted"),
    [
        ((SKATE, DISCUSS), True),
        ((None, DISCUSS), True),
        ((SKATE, None), True),
        ((RADIO, DISCUSS), False),
        ((SKATE, SCORES), False),
        ((999, AGREE), False),
        ((SKATE, PAUSED), False),
    ],
    ids=["right", "no bid", "no phase", "another bid", "another phase", "neither", "paused"],
)
def test_a_chair_command_from_a_screen_showing_somewhere_else_is_refused(expect, accepted):
    decision = send(at(DISCUSS), "agree", expect=expect)
    assert isinstance(decision, Accepted) if accepted else decision == Refused(MOVED_ON)


def test_a_chair_screen_still_showing_a_bid_cannot_start_a_waiting_meeting():
    assert send(waiting(), "start", expect=(SKATE, WAITING)) == Refused(MOVED_ON)


def test_a_members_command_does_not_depend_on_their_screen():
    decision = send(at(SCORES), "raise_hand", PANEL["amir"], expect=(GARDEN, BID))
    assert isinstance(decision, Accepted) and decision.state.queue == (AMIR,)


def test_a_replayed_next_moves_the_meeting_only_once():
    state = at(DISCUSS)
    command = Command("next", {}, *where(state))
    moved = decide(state, command, CHAIR, NOW)
    assert decide(moved.state, command, CHAIR, NOW) == Refused(MOVED_ON)


# random commands from random people


MACHINE_ACTORS = [
    CHAIR,
    CHAIR_ON_PANEL,
    *PANEL.values(),
    STRANGER,
    Actor(member=None),  # signed in, but neither chair nor member
]
LONG_NOTES = "x" * (MAX_NOTES + 1)
BIDS = [SKATE, RADIO, GARDEN]

# arguments a screen could never send: wrong words, wrong numbers, people and bids that are not there
JUNK_VALUES = [None, "", "fund", "3", 0, 1, -1, 2, 61, 999, True, View.FUND, Recommendation.FUND, LONG_NOTES]
JUNK_ARGS = st.dictionaries(
    st.sampled_from(
        [
            "view",
            "member",
            "notes",
            "bid",
            "step",
            "minutes",
            "recommendation",
            "amount",
            "conditions",
            "reasons",
            "revision",
        ]
    ),
    st.sampled_from(JUNK_VALUES),
    max_size=4,
) | st.fixed_dictionaries(
    {
        "consensus": st.dictionaries(st.sampled_from([10, 11, 12]), st.integers(-1, 6)),
        "revision": st.sampled_from([0, 1, None]),
    }
)


def good_args(name: str, state: MeetingState, choice: int) -> dict:
    """Arguments a chair's or member's screen would send for this command right now; `choice` picks them."""

    def pick(options):  # each argument takes the next digit of `choice`, counting in base len(options)
        nonlocal choice
        choice, index = divmod(choice, len(options))
        return options[index]

    if name == "give_view":
        return {"view": pick(list(View))}
    if name == "give_turn":
        return {"member": pick(list(MEMBERS))}
    if name == "set_scribe":
        return {"member": pick([*MEMBERS, None])}
    if name == "save_notes":
        return {"notes": pick(["Plan agreed", "", "  Plan agreed  ", "Budget checked"])}
    if name in ("go_to", "move"):
        return {"bid": pick(BIDS), "step": pick([-1, 1])}
    if name == "pause":
        return {"minutes": pick(range(MAX_BREAK_MINUTES + 1))}
    if name == "record" and state.current is not None:
        item, recommendation = state.current, pick(list(Recommendation))
        amount = None if recommendation is DO_NOT_FUND else pick(range(1, item.requested + 1))
        return {
            "consensus": {10: pick(range(5)), 11: pick(range(1, 6))},
            "recommendation": recommendation,
            "amount": amount,
            "conditions": "Report back",
            "reasons": "The panel agreed",
            "revision": item.revision,
        }
    return {}


SCREENS = st.one_of(
    st.just("up to date"), st.tuples(st.sampled_from([None, *BIDS, 999]), st.sampled_from([None, *Phase]))
)


def seen(state: MeetingState, screen) -> tuple[int | None, Phase | None]:
    """Where the screen said it was: where the meeting is, or anywhere at all (nowhere included)."""
    return where(state) if screen == "up to date" else screen


def matches(state: MeetingState, expect: tuple[int | None, Phase | None]) -> bool:
    """Whether a screen showing `expect` is up to date (an empty part of it matches anything)."""
    bid, phase = expect
    on_that_bid = state.current is not None and state.current.bid == bid
    return (phase is None or phase is state.phase) and (bid is None or on_that_bid)


# the chair's buttons that move the meeting (or the talk) on, or stop it for a while: pressed more often
ONWARDS = {
    "start",
    "first_view",
    "reveal_views",
    "reveal_scores",
    "discuss",
    "agree",
    "record",
    "next",
    "resume",
    "close",
    "end_turn",
    "pause",
}


def allowed_now(state: MeetingState, chair: bool) -> tuple[str, ...]:
    """The buttons a chair's (or a member's) screen offers in this phase."""
    return tuple(
        name for name in COMMANDS if (state.phase, name) in TRANSITIONS and (name in CHAIR_COMMANDS) == chair
    )


class MeetingUnderRandomCommands(RuleBasedStateMachine):
    """A meeting with a chair, four members (two young, two adult, one conflicted) and a stranger pressing
    buttons, mostly the ones their screens offer, sometimes anything at all, from up-to-date or stale screens.

    The model keeps what the rules promise: which bids had their views and scores shown while they were
    current, how many turns were given, which bids have an agreement, and whether the meeting has closed.
    """

    def __init__(self):
        super().__init__()
        self.state = waiting()
        self.views_shown: set[int] = set()
        self.scores_shown: set[int] = set()
        self.agreed: set[int] = set()
        self.turns = 0
        self.closed = False

    @initialize(already_agreed=st.just(frozenset()) | st.sets(st.sampled_from(BIDS), min_size=1))
    def perhaps_picked_up_part_way_through(self, already_agreed):
        """A fresh meeting, or one already running with some bids agreed (so that closing comes in reach)."""
        if already_agreed:
            self.state = replace(self.state, status=Status.RUNNING)
        for bid in already_agreed:
            self.state = with_item(
                self.state, bid, step=AGREE, scores_revealed=True, agreement=agreed(), revision=1
            )
        self.scores_shown |= already_agreed
        self.agreed |= already_agreed

    def give(self, actor: Actor, name: str, args: dict, expect: tuple) -> None:
        before = self.state
        untouched = repr(before)
        decision = decide(before, Command(name, args, *expect), actor, NOW)
        assert repr(before) == untouched, "decide changed the state it was given"
        if self.closed:
            assert decision == Refused(UNKNOWN if name not in COMMANDS else FINISHED)
        if actor.chair and name in CHAIR_COMMANDS and not self.closed and not matches(before, expect):
            assert decision == Refused(MOVED_ON)
        if isinstance(decision, Refused):
            assert decision.reason
            assert decide(before, Command(name, args, *expect), actor, NOW) == decision
            return  # (g) the state kept is the one from before: a refusal has no state to keep
        assert decision.changed == (decision.state != before), "events without a change, or a change without"
        for event in decision.events:
            assert event.audience is Audience.ACTOR or "view" not in event.detail, event
        if name == "reveal_views":
            self.views_shown.add(before.current.bid)
        elif name == "reveal_scores":
            self.scores_shown.add(before.current.bid)
        elif name == "give_turn":
            self.turns += 1
        elif name == "record":
            self.agreed.add(before.current.bid)
        elif name == "close":
            self.closed = True
        self.state = decision.state

    @rule(
        who=st.sampled_from(["chair", "member", "anyone"]),
        pick=st.integers(0, 99),
        onwards=st.booleans(),
        choice=st.integers(0, 2**48),
        junk=st.none() | JUNK_ARGS,
        screen=SCREENS,
    )
    def someone_presses_a_button(self, who, pick, onwards, choice, junk, screen):
        """Usually a button the person's screen offers right now; sometimes anything at all, from anywhere.

        `pick` chooses the button and the person, `choice` the arguments (or `junk` replaces them), and
        `onwards` makes the chair favour the buttons that move the meeting on.
        """
        state = self.state
        offered = allowed_now(state, chair=who == "chair")
        if who == "anyone" or not offered:
            name = [*COMMANDS, "dance"][pick % (len(COMMANDS) + 1)]
            actor = MACHINE_ACTORS[pick % len(MACHINE_ACTORS)]
            args = good_args(name, state, choice) if junk is None else junk
            self.give(actor, name, args, seen(state, screen))
            return
        if who == "chair":
            choices = [name for name in offered if name in ONWARDS] if onwards else []
            name = (choices or offered)[pick % len(choices or offered)]
            actor = CHAIR if pick % 2 else CHAIR_ON_PANEL
        else:
            name, actor = offered[pick % len(offered)], list(PANEL.values())[pick // 7 % len(PANEL)]
        self.give(actor, name, good_args(name, state, choice), where(state))

    @invariant()
    def reveals_are_exactly_the_accepted_ones(self):
        assert {item.bid for item in self.state.items if item.views_revealed} == self.views_shown
        assert {item.bid for item in self.state.items if item.scores_revealed} == self.scores_shown

    @invariant()
    def the_agenda_keeps_its_bids_and_their_agreements(self):
        assert sorted(_order(self.state)) == BIDS
        assert {item.bid for item in self.state.items if item.agreement is not None} == self.agreed

    @invariant()
    def the_cursor_is_on_the_agenda(self):
        assert 0 <= self.state.cursor < len(self.state.items)

    @invariant()
    def a_closed_meeting_stays_closed(self):
        assert (self.state.status is Status.CLOSED) == self.closed

    @invariant()
    def the_queue_holds_panel_members_with_no_conflict_once_each(self):
        queue, current = self.state.queue, self.state.current
        assert len(set(queue)) == len(queue)
        assert set(queue) <= set(MEMBERS)
        assert current is not None or not queue
        assert current is None or not set(queue) & current.conflicted

    @invariant()
    def every_turn_given_is_counted_once(self):
        assert self.state.turns_young + self.state.turns_adult == self.turns

    @invariant()
    def the_phase_is_the_current_bids_step_while_running(self):
        state = self.state
        assert state.phase in Phase
        if state.status is Status.RUNNING:
            assert state.phase is state.items[state.cursor].step and state.phase in STEPS
        else:
            assert state.phase.value == state.status.value


TestMeetingUnderRandomCommands = MeetingUnderRandomCommands.TestCase
TestMeetingUnderRandomCommands.settings = settings(max_examples=100, stateful_step_count=40, deadline=None)
