"""Reading a meeting command from a form or a socket.

Whatever arrives is turned into a `Command` the rules can judge, or refused in plain words. Nothing that
arrives can crash it or pass for something it is not (a yes/no for a number, a membership id for a token).
"""

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.consensus import Recommendation, View
from scoring.criteria import Scale
from scoring.meeting import (
    COMMANDS,
    MAX_NOTES,
    MOVED_ON,
    UNKNOWN,
    Accepted,
    Actor,
    Command,
    Item,
    MeetingState,
    Phase,
    Refused,
    Status,
    decide,
)
from scoring.meeting_input import MAX_TEXT, UNREADABLE, read_command, read_expect

AMIR, CAL = 1, 3
TOKENS = {"tok-amir": AMIR, "tok-cal": CAL}  # what the pages give out instead of membership ids
NOT_ON_THE_PANEL = "Choose someone on the panel."
NUMBERS_ONLY = "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"
NOT_POUNDS = "Enter an amount in pounds, like 25000"


def read(name, args=None, expect=None):
    return read_command(name, args, expect, TOKENS)


def read_args(name, args):
    """The arguments as `decide` will see them (the read must succeed)."""
    command = read(name, args)
    assert isinstance(command, Command), command
    return dict(command.args)


# names, argument shapes and where the screen was


@pytest.mark.parametrize(
    "name",
    [None, 5, True, "", "dance", "START", " start", "next ", ["start"], {"name": "start"}, b"start"],
)
def test_a_name_the_meeting_does_not_know_is_refused(name):
    assert read(name) == Refused(UNKNOWN)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_known_name_reads(name):
    command = read(name, {"member": "tok-cal"})
    assert isinstance(command, Command) and command.name == name


@pytest.mark.parametrize(
    "args",
    [["view", "fund"], "view=fund", 5, True, ("fund",), b"{}"],
    ids=["a list", "a string", "a number", "a yes", "a tuple", "bytes"],
)
def test_arguments_that_are_not_a_mapping_are_unreadable(args):
    assert read("give_view", args) == Refused(UNREADABLE)


def test_no_arguments_at_all_read_as_empty_ones():
    assert read("give_view", None) == Command("give_view", {"view": None})
    assert read("start", None) == Command("start", {})


def test_arguments_a_command_does_not_take_are_dropped():
    assert read("start", {"view": "fund", "member": "tok-cal", "__class__": "x"}) == Command("start", {})


@pytest.mark.parametrize(
    ("expect", "where"),
    [
        (None, (None, None)),
        ({}, (None, None)),
        ({"bid": "", "phase": ""}, (None, None)),
        ({"bid": None, "phase": None}, (None, None)),
        ({"bid": "12", "phase": "discuss"}, (12, Phase.DISCUSS)),
        ({"bid": 12}, (12, None)),
        ({"bid": " 12 "}, (12, None)),
        ({"phase": "waiting"}, (None, Phase.WAITING)),
        ({"bid": "x"}, None),
        ({"bid": "1e9"}, None),
        ({"bid": "1.5"}, None),
        ({"bid": 1.0}, None),
        ({"bid": "--5"}, None),
        ({"bid": "²"}, None),
        ({"bid": "٣"}, None),
        ({"bid": "99999999999999999999"}, None),
        ({"bid": 2**40}, None),
        ({"bid": True}, None),
        ({"bid": False}, None),
        ({"bid": [12]}, None),
        ({"bid": {"$gt": 0}}, None),
        ({"phase": "nowhere"}, None),
        ({"phase": "DISCUSS"}, None),
        ({"phase": 3}, None),
        ({"phase": ["discuss"]}, None),
        ("somewhere", None),
        (["12", "discuss"], None),
        (12, None),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_where_the_chairs_screen_was(expect, where):
    assert read_expect(expect) == where
    command = read("next", {}, expect)
    if where is None:
        assert command == Refused(UNREADABLE)
    else:
        assert (command.expect_bid, command.expect_phase) == where


# member tokens


@pytest.mark.parametrize(
    ("name", "token", "member"),
    [
        ("give_turn", "tok-cal", CAL),
        ("set_scribe", "tok-amir", AMIR),
        ("set_scribe", "", None),
        ("set_scribe", None, None),
    ],
)
def test_a_member_is_named_by_their_token(name, token, member):
    assert read_args(name, {"member": token}) == {"member": member}


def test_choosing_no_note_taker_leaves_the_notes_to_the_chair():
    assert read_args("set_scribe", {}) == {"member": None}


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("give_turn", "tok-nobody"),
        ("give_turn", ""),
        ("give_turn", None),
        ("give_turn", CAL),
        ("give_turn", "3"),
        ("give_turn", "TOK-CAL"),
        ("give_turn", ["tok-cal"]),
        ("give_turn", {"$ne": 1}),
        ("give_turn", True),
        ("set_scribe", "tok-nobody"),
        ("set_scribe", CAL),
        ("set_scribe", ["tok-cal"]),
    ],
    ids=lambda value: repr(value),
)
def test_anything_but_a_known_token_is_not_someone_on_the_panel(name, token):
    assert read(name, {"member": token}) == Refused(NOT_ON_THE_PANEL)


def test_a_command_without_a_member_asks_for_one():
    assert read("give_turn", {}) == Refused(NOT_ON_THE_PANEL)


# first views, notes, bids, breaks


@pytest.mark.parametrize(
    ("view", "read_as"),
    [
        ("fund", View.FUND),
        ("not_sure", View.NOT_SURE),
        ("do_not_fund", View.DO_NOT_FUND),
        ("FUND", None),
        ("yes", None),
        ("", None),
        (None, None),
        (1, None),
        (["fund"], None),
        (True, None),
    ],
)
def test_a_first_view_is_one_of_three_words(view, read_as):
    assert read_args("give_view", {"view": view}) == {"view": read_as}


@pytest.mark.parametrize(
    ("notes", "read_as"),
    [
        ("Strong support", "Strong support"),
        (None, ""),
        ("x" * (MAX_NOTES + 1), "x" * (MAX_NOTES + 1)),
        ("x" * (MAX_TEXT + 500), "x" * (MAX_TEXT + 1)),
        (5, None),
        (["notes"], None),
        ({"text": "notes"}, None),
        ("Strong\x00 support\x00", "Strong support"),
    ],
    ids=[
        "text",
        "nothing",
        "over the limit, passed on",
        "far over, cut short but still too long",
        "a number",
        "a list",
        "a mapping",
        "NUL characters, which the database cannot store, left out",
    ],
)
def test_notes_are_passed_on_for_the_rules_to_judge(notes, read_as):
    assert read_args("save_notes", {"notes": notes}) == {"notes": read_as}


@pytest.mark.parametrize(
    ("args", "read_as"),
    [
        ({"bid": "102"}, {"bid": 102}),
        ({"bid": 102}, {"bid": 102}),
        ({"bid": "B2"}, {"bid": None}),
        ({"bid": "١٠٢"}, {"bid": None}),
        ({"bid": str(2**31)}, {"bid": None}),
        ({"bid": 2**63}, {"bid": None}),
        ({"bid": True}, {"bid": None}),
        ({"bid": 102.0}, {"bid": None}),
        ({}, {"bid": None}),
    ],
)
def test_go_to_reads_a_bid_id(args, read_as):
    assert read_args("go_to", args) == read_as


@pytest.mark.parametrize(
    ("step", "read_as"),
    [
        ("1", 1),
        ("-1", -1),
        (-1, -1),
        (" -1 ", -1),
        ("+1", None),
        ("--1", None),
        ("up", None),
        (True, None),
        (None, None),
        (1.0, None),
    ],
)
def test_move_reads_a_step(step, read_as):
    assert read_args("move", {"bid": "101", "step": step}) == {"bid": 101, "step": read_as}


@pytest.mark.parametrize(
    ("minutes", "read_as"),
    [
        ("", 0),
        (None, 0),
        ("15", 15),
        (" 15 ", 15),
        (15, 15),
        ("-5", -5),
        ("90", 90),
        ("fifteen", None),
        ("1.5", None),
        (1.5, None),
        (True, None),
        (False, None),
        ([15], None),
        # Only ASCII digits, as everywhere else (scoring.numbers): int() would read an Arabic three as 3.
        ("٣", None),
        ("²", None),
    ],
)
def test_pause_reads_minutes_with_empty_meaning_no_timer(minutes, read_as):
    assert read_args("pause", {"minutes": minutes}) == {"minutes": read_as}
    assert read_args("pause", {}) == {"minutes": 0}


@pytest.mark.parametrize("yes_or_no", [True, False])
def test_a_yes_or_no_is_never_read_as_a_number(yes_or_no):
    assert read_args("go_to", {"bid": yes_or_no}) == {"bid": None}
    assert read_args("move", {"bid": yes_or_no, "step": yes_or_no}) == {"bid": None, "step": None}
    assert read_args("pause", {"minutes": yes_or_no}) == {"minutes": None}
    record = read_args("record", {"consensus": {"10": yes_or_no}, "amount": yes_or_no, "revision": yes_or_no})
    assert (record["consensus"], record["amount"], record["revision"]) == ({}, None, None)
    assert set(record["unreadable"]) == {"consensus-10", "amount"}
    assert read("next", {}, {"bid": yes_or_no}) == Refused(UNREADABLE)
    assert read("give_turn", {"member": yes_or_no}) == Refused(NOT_ON_THE_PANEL)


# recording the agreement


@pytest.mark.parametrize(
    ("consensus", "scores", "unreadable"),
    [
        ({"10": "3", "11": " 4 "}, {10: 3, 11: 4}, {}),
        ({10: 3}, {10: 3}, {}),
        ({"x": "3", "10": "2"}, {10: 2}, {}),
        ({"1e3": "3", "1.0": "2", True: "1", "": "4"}, {}, {}),
        ({"10": "three"}, {}, {"consensus-10": "Choose a score"}),
        ({"10": "2.5", "11": "4"}, {11: 4}, {"consensus-10": "Choose a score"}),
        ({"10": 2.0}, {}, {"consensus-10": "Choose a score"}),
        ({"10": True, "11": False}, {}, {"consensus-10": "Choose a score", "consensus-11": "Choose a score"}),
        ({"10": [3]}, {}, {"consensus-10": "Choose a score"}),
        ({"10": ""}, {}, {}),
        ({"10": None}, {}, {}),
        ({"10": "-1", "-2": "3"}, {10: -1, -2: 3}, {}),
        (["3", "4"], {}, {}),
        ("10=3", {}, {}),
        (None, {}, {}),
    ],
    ids=[
        "text",
        "numbers",
        "a key that is not a criterion is ignored",
        "keys that are not whole numbers",
        "a word",
        "a half",
        "a decimal number",
        "yes and no",
        "a list",
        "empty",
        "nothing",
        "negative numbers are passed on for the rules to judge",
        "not a mapping: a list",
        "not a mapping: text",
        "not a mapping: nothing",
    ],
)
def test_record_reads_the_agreed_scores(consensus, scores, unreadable):
    args = read_args("record", {"consensus": consensus})
    assert (args["consensus"], args["unreadable"]) == (scores, unreadable)


@pytest.mark.parametrize(
    ("amount", "pence", "unreadable"),
    [
        ("£1,200.50", 120_050, {}),
        ("1200", 120_000, {}),
        (" £15,000 ", 1_500_000, {}),
        (1200, 120_000, {}),
        (12.5, 1_250, {}),
        ("", None, {}),
        (None, None, {}),
        ("lots", None, {"amount": NUMBERS_ONLY}),
        ("£1.2k", None, {"amount": NUMBERS_ONLY}),
        ("[1]", None, {"amount": NUMBERS_ONLY}),
        ([1200], None, {"amount": NUMBERS_ONLY}),
        ("-5", None, {"amount": NUMBERS_ONLY}),
        (-5, None, {"amount": "The amount must be zero or more"}),
        ("12.345", None, {"amount": NUMBERS_ONLY}),
        (12.345, None, {"amount": NUMBERS_ONLY}),
        (True, None, {"amount": NOT_POUNDS}),
        (False, None, {"amount": NOT_POUNDS}),
        (float("nan"), None, {"amount": NUMBERS_ONLY}),
    ],
    ids=lambda value: repr(value)[:20],
)
def test_record_reads_the_amount_in_pence_and_says_what_it_could_not_read(amount, pence, unreadable):
    args = read_args("record", {"amount": amount})
    assert (args["amount"], args["unreadable"]) == (pence, unreadable)


@pytest.mark.parametrize(
    ("args", "read_as"),
    [
        ({"recommendation": "fund_with_conditions"}, {"recommendation": Recommendation.FUND_WITH_CONDITIONS}),
        ({"recommendation": "Fund"}, {"recommendation": None}),
        ({"recommendation": ["fund"]}, {"recommendation": None}),
        ({"revision": "2"}, {"revision": 2}),
        ({"revision": True}, {"revision": None}),
        ({"revision": ""}, {"revision": None}),
        ({"conditions": None, "reasons": 5}, {"conditions": "", "reasons": ""}),
        ({"reasons": "y" * (MAX_TEXT + 9)}, {"reasons": "y" * (MAX_TEXT + 1)}),
        ({"conditions": "\x00", "reasons": "Fair\x00"}, {"conditions": "", "reasons": "Fair"}),
    ],
    ids=[
        "a recommendation",
        "in the wrong case",
        "in a list",
        "a revision",
        "a yes for a revision",
        "no revision",
        "text that is not text",
        "text cut short",
        "NUL characters left out",
    ],
)
def test_record_reads_the_rest_of_the_agreement(args, read_as):
    read_as_all = read_args("record", args)
    assert {key: read_as_all[key] for key in read_as} == read_as


# what the rules make of it


def meeting_agreeing_on_one_bid() -> MeetingState:
    return MeetingState(
        items=(
            Item(101, "B1 Skate park", requested=500_000, step=Phase.AGREE),
            Item(102, "B2 Youth radio", requested=120_000),
        ),
        members={AMIR: True, CAL: False},
        scales={10: Scale(0, 4), 11: Scale(1, 5)},
        status=Status.RUNNING,
    )


CHAIR = Actor(member=None, chair=True)
NOW = datetime(2027, 3, 10, 18, 30)
FORM = {
    "consensus": {"10": "3", "11": "4"},
    "recommendation": "fund",
    "amount": "£4,000",
    "conditions": "",
    "reasons": "Young people asked for it",
    "revision": "0",
}


def judged(args, expect=None) -> Accepted | Refused:
    command = read("record", args, expect)
    assert isinstance(command, Command)
    return decide(meeting_agreeing_on_one_bid(), command, CHAIR, NOW)


def test_a_record_read_from_a_form_is_accepted():
    decision = judged(FORM, {"bid": "101", "phase": "agree"})
    assert isinstance(decision, Accepted)
    agreement = decision.state.current.agreement
    assert (agreement.consensus, agreement.recommendation, agreement.amount) == (
        {10: 3, 11: 4},
        Recommendation.FUND,
        400_000,
    )


def test_what_could_not_be_read_is_reported_with_everything_else_that_is_wrong():
    decision = judged({**FORM, "amount": "lots", "consensus": {"10": "three"}, "reasons": ""})
    assert decision == Refused(
        "Some of the agreement is missing or needs a change.",
        {
            "amount": NUMBERS_ONLY,
            "consensus-10": "Choose a score",
            "consensus-11": "Agree a score from 1 to 5",
            "reasons": "Write down the reasons the panel agreed",
        },
    )


def test_a_record_without_its_revision_is_taken_as_stale():
    assert judged({key: value for key, value in FORM.items() if key != "revision"}) == Refused(MOVED_ON)


def test_notes_over_the_limit_are_refused_by_the_rules():
    state = replace(meeting_agreeing_on_one_bid(), scribe=AMIR)
    command = read("save_notes", {"notes": "x" * (MAX_NOTES + 1)})
    assert decide(state, command, Actor(AMIR), NOW) == Refused(
        "The notes can be at most 10,000 characters.", {"notes": "Too long"}
    )


# whatever arrives


TRICKY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "--1",
        "-",
        "1e9",
        "1.5",
        "£1,200.50",
        "٣",
        "²",
        "0x10",
        "tok-cal",
        "fund",
        "discuss",
        "101",
        " 101 ",
        "-1",
        "x" * (MAX_TEXT + 2),
        "null",
        "\x00",
    ]
) | st.text(max_size=8)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.floats() | TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY_TEXT, inner, max_size=3),
    max_leaves=8,
)
KEYS = st.sampled_from(
    [
        "view",
        "member",
        "notes",
        "bid",
        "step",
        "minutes",
        "consensus",
        "recommendation",
        "amount",
        "conditions",
        "reasons",
        "revision",
        "phase",
        "10",
    ]
)
ARGS = st.dictionaries(KEYS, JSON, max_size=6) | JSON
EXPECT = st.fixed_dictionaries({}, optional={"bid": JSON, "phase": JSON}) | JSON
STATES = st.sampled_from(
    [
        replace(meeting_agreeing_on_one_bid(), status=Status.WAITING),
        meeting_agreeing_on_one_bid(),
        replace(meeting_agreeing_on_one_bid(), status=Status.PAUSED),
        replace(meeting_agreeing_on_one_bid(), cursor=1),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([*COMMANDS, "dance"]) | JSON,
    ARGS,
    EXPECT,
    STATES,
    st.sampled_from([CHAIR, Actor(AMIR), Actor(CAL, chair=True), Actor(999)]),
)
def test_whatever_arrives_the_meeting_answers_in_words_and_never_crashes(name, args, expect, state, actor):
    command = read_command(name, args, expect, TOKENS)
    if isinstance(command, Refused):
        assert command.reason
        return
    decision = decide(state, command, actor, NOW)
    assert isinstance(decision, Accepted) or decision.reason
