"""Reading a meeting command as it arrives from a form or a socket, trusting nothing about its shape."""

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

from scoring import numbers
from scoring.consensus import Recommendation, View
from scoring.meeting import COMMANDS, Command, Phase, Refused
from scoring.money import MoneyError, parse_pounds

_EnumT = TypeVar("_EnumT", bound=Enum)

UNREADABLE = "That message could not be read. Refresh the page and try again."
MAX_TEXT = 20_000


def whole_number(value: object) -> int | None:
    """A whole number sent as a number or as ASCII digits, within the database's integer; None for anything
    else (booleans included). The one rule for numbers from outside, in scoring.numbers."""
    return numbers.whole_number(value)


def _text(value: object) -> str | None:
    """Text as sent, less any NUL characters (nobody types one, and the database cannot store one)."""
    if value is None:
        return ""
    return value.replace("\x00", "")[: MAX_TEXT + 1] if isinstance(value, str) else None


def _enum(kind: type[_EnumT], value: object) -> _EnumT | None:
    try:
        return kind(value)
    except ValueError:
        return None


def read_expect(expect: object) -> tuple[int | None, Phase | None] | None:
    """Where the chair's screen was: (bid id, phase); None when it cannot be read."""
    if expect is None:
        return None, None
    if not isinstance(expect, Mapping):
        return None
    bid_text, phase_text = expect.get("bid"), expect.get("phase")
    bid = None if bid_text in (None, "") else whole_number(bid_text)
    phase = None if phase_text in (None, "") else _enum(Phase, phase_text)
    if (bid_text not in (None, "") and bid is None) or (phase_text not in (None, "") and phase is None):
        return None
    return bid, phase


def _consensus(raw: object) -> tuple[dict[int, int], dict[str, str]]:
    if not isinstance(raw, Mapping):
        return {}, {}
    consensus, problems = {}, {}
    for key, value in list(raw.items())[:100]:
        criterion = whole_number(key)
        if criterion is None:
            continue
        score = whole_number(value)
        if score is None:
            if value not in (None, ""):
                problems[f"consensus-{criterion}"] = "Choose a score"
            continue
        consensus[criterion] = score
    return consensus, problems


def _record_args(args: Mapping[str, object]) -> dict[str, object]:
    consensus, unreadable = _consensus(args.get("consensus"))
    recommendation = _enum(Recommendation, args.get("recommendation"))
    amount_text = args.get("amount")
    amount = None
    if amount_text not in (None, ""):
        try:
            amount = parse_pounds(amount_text if isinstance(amount_text, (str, int)) else str(amount_text))
        except MoneyError as error:
            unreadable["amount"] = str(error)
    return {
        "consensus": consensus,
        "recommendation": recommendation,
        "amount": amount,
        "conditions": _text(args.get("conditions")) or "",
        "reasons": _text(args.get("reasons")) or "",
        "revision": whole_number(args.get("revision")),
        "unreadable": unreadable,
    }


def read_command(
    name: object, args: object, expect: object, members_by_token: Mapping[str, int]
) -> Command | Refused:
    """The command named, with its arguments turned into the types `decide` expects."""
    if not isinstance(name, str) or name not in COMMANDS:
        return Refused("That is not something the meeting can do.")
    args = {} if args is None else args
    where = read_expect(expect)
    if not isinstance(args, Mapping) or where is None:
        return Refused(UNREADABLE)
    read: dict[str, object] = {}
    if name == "give_view":
        read["view"] = _enum(View, args.get("view"))
    elif name in ("give_turn", "set_scribe"):
        token = args.get("member")
        if name == "set_scribe" and token in (None, ""):
            read["member"] = None
        else:
            read["member"] = members_by_token.get(token) if isinstance(token, str) else None
            if read["member"] is None:
                return Refused("Choose someone on the panel.")
    elif name == "save_notes":
        read["notes"] = _text(args.get("notes"))
    elif name == "record":
        read = _record_args(args)
    elif name in ("go_to", "move"):
        read["bid"] = whole_number(args.get("bid"))
        if name == "move":
            read["step"] = whole_number(args.get("step"))
    elif name == "pause":
        minutes = args.get("minutes")
        read["minutes"] = 0 if minutes in (None, "") else whole_number(minutes)
    return Command(name, read, expect_bid=where[0], expect_phase=where[1])
