"""Realistic meeting views, shaped exactly as the view builder hands them to templates/meetings/.

The round is the demo's second one ("Youth voice small grants 2027"): five bids, four criteria scored 1 to 5,
seven young people and three adults, and a chair. Ella has a conflict with YV-05, so she is "out" for it.

    view = sample_views.view("member", "scores")       # one audience, one phase
    you = sample_views.you("joy", hand=True, place=2)   # one person's own bits

`view(audience, phase)` builds the chair's full view, then takes away what the audience may not see, as
panel/meetings/protocol.py does: members get no names in the queue (only the speaker's and the note-taker's)
and no recommendations in the agenda, the screen gets no name at all, and someone who is out gets nothing of
the current bid (and no budget). Phases: waiting, bid, first_view, views, scores, discuss, agree, paused,
closed. The meeting is on YV-03 (bid 3 of 5), except for the "out" audience, whose meeting is on YV-05.
"""

import copy
from statistics import median

ROUND = {"id": 3, "title": "Youth voice small grants 2027"}
COMMAND_URL = "/rounds/3/meeting/command"

# (id, reference, organisation, title, amount, summary)
BIDS = [
    (
        31,
        "YV-01",
        "Easthaven Youth Council",
        "A youth-run podcast studio",
        "£38,000",
        "Young people build and run a small studio in the youth centre, and train others to make podcasts.",
    ),
    (
        32,
        "YV-02",
        "Northfield Skate Crew",
        "Rebuild the Northfield skate park",
        "£95,000",
        "Skaters designed a new park with a builder; the old one is closed because it is unsafe.",
    ),
    (
        33,
        "YV-03",
        "Easthaven Library Service",
        "Homework club with tablets",
        "£42,000",
        "Library staff run an after-school homework club three days a week, with tablets to borrow.",
    ),
    (
        34,
        "YV-04",
        "Code Club Easthaven",
        "Coding club for girls aged 11 to 16",
        "£28,500",
        "Girls who learned to code run weekly sessions for younger girls, with a volunteer developer.",
    ),
    (
        35,
        "YV-05",
        "Harbour Arts CIC",
        "Street art on the seafront",
        "£61,000",
        "Young artists paint large murals on the seafront walls, chosen by a public vote of young people.",
    ),
]

# (member token, name, kind)
PEOPLE = [
    ("m-4c1a90d2", "Aisha", "Young person"),
    ("m-9b7e0f13", "Ben", "Young person"),
    ("m-0d52ac77", "Chloe", "Young person"),
    ("m-e6f3b218", "Dev", "Young person"),
    ("m-71aa5c04", "Ella", "Young person"),
    ("m-3f08d9e1", "Finn", "Young person"),
    ("m-c2b4e6a0", "Grace", "Young person"),
    ("m-58d1f7b3", "Helen Okafor", "Adult"),
    ("m-a90c3e65", "Ian Murray", "Adult"),
    ("m-6e2d4b98", "Joy Campbell", "Adult"),
]
TOKENS = {name.split()[0].lower(): token for token, name, _ in PEOPLE}
NAMES = [name for _, name, _ in PEOPLE]

# (id, title, descriptors for 1..5)
CRITERIA = [
    (
        41,
        "Young people lead it",
        [
            "Adults make all the decisions.",
            "Young people are asked, but adults decide.",
            "Young people decide some things.",
            "Young people decide most things, with adult support.",
            "Young people run it, from the idea to the end.",
        ],
    ),
    (
        42,
        "Makes a difference here",
        [
            "It won't change much for young people here.",
            "It helps a few young people a little.",
            "It helps some young people in a real way.",
            "It helps many young people in a real way.",
            "It makes a big, lasting difference for many young people.",
        ],
    ),
    (
        43,
        "A plan that can work",
        [
            "There is no real plan.",
            "The plan has big gaps.",
            "The plan could work, with some gaps.",
            "A clear plan with the right people.",
            "A clear plan, the right people, and a backup if things go wrong.",
        ],
    ),
    (
        44,
        "Good use of the money",
        [
            "The costs are not explained.",
            "It costs a lot for what young people get.",
            "The cost is about right.",
            "Good value for the money.",
            "Excellent value, and it brings in other money or help too.",
        ],
    ),
]

# YV-03's scores: seven young people and three adults; one young person could not judge criterion 44.
YOUNG_SCORES = {
    41: [1, 2, 1, 1, 2, 1, 3],
    42: [2, 2, 3, 1, 2, 2, 3],
    43: [4, 4, 5, 3, 4, 4, 4],
    44: [3, 4, 3, 3, 2, 3],
}
ADULT_SCORES = {41: [4, 3, 4], 42: [4, 4, 5], 43: [5, 5, 4], 44: [4, 4, 3]}
CONSENSUS = {41: 2, 42: 3, 43: 4, 44: 3}

RECOMMENDATIONS = [
    ["fund", "Fund"],
    ["fund_with_conditions", "Fund with conditions"],
    ["reserve", "Reserve"],
    ["do_not_fund", "Do not fund"],
]
VIEWS = [["fund", "Fund it"], ["not_sure", "Not sure"], ["do_not_fund", "Don't fund it"]]
LABELS = dict(RECOMMENDATIONS)

PHASE_LABELS = {
    "waiting": "Waiting to start",
    "bid": "Looking at the bid",
    "first_view": "First views, in secret",
    "views": "First views shown",
    "scores": "Scores shown",
    "discuss": "Talking it through",
    "agree": "Agreeing",
    "paused": "Paused",
    "closed": "Finished",
}
PHASES = ("waiting", "bid", "first_view", "views", "scores", "discuss", "agree", "paused", "closed")
BID_STEPS = ("bid", "first_view", "views", "scores", "discuss", "agree")

# What the agenda says each bid was given: before YV-03 while the meeting runs, every bid once it has closed.
EARLIER = {31: "fund", 32: "fund_with_conditions"}
AT_THE_END = {31: "fund", 32: "fund_with_conditions", 33: "fund_with_conditions", 34: "fund", 35: "reserve"}

# Words only the current bid (YV-03) or the conflicted one (YV-05) uses: an "out" page must show none of them.
SECRET_WORDS = {
    33: ["Homework club with tablets", "Easthaven Library Service", "after-school homework club"],
    35: ["Street art on the seafront", "Harbour Arts CIC", "murals on the seafront"],
}


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _signed(value: float) -> str:
    text = _number(abs(value))
    return "0" if text == "0" else ("+" if value > 0 else "-") + text


def _criterion_scores(criterion_id: int, title: str, consensus: int | None) -> dict:
    young, adult = YOUNG_SCORES[criterion_id], ADULT_SCORES[criterion_id]
    everyone = young + adult
    dots = [
        {
            "score": level,
            "young": young.count(level),
            "adult": adult.count(level),
            "count": everyone.count(level),
        }
        for level in range(1, 6)
    ]
    middle, young_middle, adult_middle = median(everyone), median(young), median(adult)
    return {
        "id": criterion_id,
        "title": title,
        "low": 1,
        "high": 5,
        "dots": dots,
        "max_count": max(dot["count"] for dot in dots),
        "median": _number(middle),
        "lowest": min(everyone),
        "highest": max(everyone),
        "spread": max(everyone) - min(everyone),
        "young_median": _number(young_middle),
        "adult_median": _number(adult_middle),
        "gap": _number(abs(young_middle - adult_middle)),
        "young_hidden": False,
        "adult_hidden": False,
        "split_hidden": False,
        "abstained": 10 - len(everyone),
        "consensus": consensus,
        "difference": None if consensus is None else _signed(consensus - middle),
    }


def _scores(recorded: bool) -> dict:
    criteria = [
        _criterion_scores(criterion_id, title, CONSENSUS[criterion_id] if recorded else None)
        for criterion_id, title, _ in CRITERIA
    ]
    criteria.sort(key=lambda criterion: -float(criterion["gap"]))  # biggest disagreement first
    return {"sheets": 10, "criteria": criteria}


def _agenda(phase: str, current_position: int, recorded_current: bool) -> list[dict]:
    given = dict(AT_THE_END) if phase == "closed" else dict(EARLIER)
    if recorded_current:
        given[BIDS[current_position - 1][0]] = "fund_with_conditions"
    return [
        {
            "position": position,
            "bid_id": bid_id,
            "reference": reference,
            "title": title,
            "current": position == current_position,
            "recorded": bid_id in given,
            "recommendation": LABELS[given[bid_id]] if bid_id in given else None,
            "out": False,
        }
        for position, (bid_id, reference, _, title, _, _) in enumerate(BIDS, start=1)
    ]


def _budget(phase: str, recorded_current: bool) -> dict:
    recommended, reserve, percent = {"waiting": ("£0", "£0", 0), "closed": ("£178,500", "£61,000", 71)}.get(
        phase, ("£158,000", "£0", 63) if recorded_current else ("£118,000", "£0", 47)
    )
    lefts = {"£0": "£250,000", "£178,500": "£71,500", "£158,000": "£92,000", "£118,000": "£132,000"}
    left = lefts[recommended]
    return {
        "total": "£250,000",
        "recommended": recommended,
        "reserve": reserve,
        "left": left,
        "over": False,
        "percent": percent,
    }


def _bid(position: int) -> dict:
    bid_id, reference, organisation, title, amount, summary = BIDS[position - 1]
    document = {"name": f"{reference} full bid.pdf", "url": f"/rounds/3/bids/{bid_id}/documents/{bid_id}0"}
    return {
        "id": bid_id,
        "reference": reference,
        "organisation": organisation,
        "title": title,
        "summary": summary,
        "amount": amount,
        "documents": [document],
    }


def _first_view(step: str) -> dict | None:
    index = BID_STEPS.index(step)
    if index < 1:  # nobody has been asked yet
        return None
    revealed = index >= 2
    counts = [
        {"view": "fund", "label": "Fund it", "count": 3},
        {"view": "not_sure", "label": "Not sure", "count": 5},
        {"view": "do_not_fund", "label": "Don't fund it", "count": 2},
    ]
    return {
        "open": step == "first_view",
        "given": 7 if step == "first_view" else 10,
        "eligible": 10,
        "revealed": revealed,
        "counts": counts if revealed else None,
        "too_few": False,
        "fewest": 3,
    }


def _discussion(step: str) -> dict | None:
    if step not in ("scores", "discuss", "agree"):  # the queue and the notes open with the scores
        return None
    queue = {"discuss": [0, 9, 3], "agree": [2]}.get(step, [])  # Aisha, Joy Campbell, Dev / Chloe
    spoken = ("Helen Okafor", "Ben", "Dev", "Ian Murray", "Grace")
    notes = (
        "Young people say adults planned it all; adults point to strong evidence.\n\n"
        "Ask the library to let young people choose what the club does."
    )
    return {
        "queue": [{"token": PEOPLE[i][0], "name": PEOPLE[i][1], "kind": PEOPLE[i][2]} for i in queue],
        "speaking": {"token": PEOPLE[7][0], "name": PEOPLE[7][1]} if step == "discuss" else None,
        "turns": {"young": 3, "adult": 2},
        "not_spoken": [name for name in NAMES if name not in spoken],
        "notes": notes,
        "scribe": {"token": PEOPLE[5][0], "name": PEOPLE[5][1]},  # Finn
    }


def _agreement(step: str, recorded: bool) -> dict | None:
    if step != "agree":  # nothing to show before the room agrees (unless it was recorded on an earlier visit)
        return None
    if not recorded:
        return {
            "recommendation": None,
            "recommendation_label": None,
            "amount": "",
            "amount_input": "",
            "conditions": "",
            "reasons": "",
            "recorded": False,
            "revision": 0,
            "consensus": {},
        }
    return {
        "recommendation": "fund_with_conditions",
        "recommendation_label": "Fund with conditions",
        "amount": "£40,000",
        "amount_input": "40000",
        "conditions": "Young people help choose what the club does, from the first term.",
        "reasons": "Strong plan and good value, but young people must shape it. The panel agreed to fund it "
        "if they do.",
        "recorded": True,
        "revision": 1,
        "consensus": dict(CONSENSUS),
    }


def _current(phase: str, recorded: bool) -> dict | None:
    if phase in ("waiting", "closed"):
        return None
    step = "scores" if phase == "paused" else phase
    recorded = recorded and step == "agree"
    return {
        "position": 3,
        "of": len(BIDS),
        "out": False,
        "bid": _bid(3),
        "step": step,
        "step_label": PHASE_LABELS[step],
        "first_view": _first_view(step),
        "scores": _scores(recorded) if BID_STEPS.index(step) >= 3 else None,
        "discussion": _discussion(step),
        "agreement": _agreement(step, recorded),
        "criteria": [
            {
                "id": criterion_id,
                "title": title,
                "low": 1,
                "high": 5,
                "levels": [1, 2, 3, 4, 5],
                "descriptors": dict(enumerate(descriptors, start=1)),
            }
            for criterion_id, title, descriptors in CRITERIA
        ],
    }


def chair_view(phase: str, recorded: bool = True) -> dict:
    """Everything, with names: what the chair's console renders. At "agree" the decision is recorded unless
    recorded=False."""
    assert phase in PHASES, phase
    status = {"waiting": "waiting", "paused": "paused", "closed": "closed"}.get(phase, "running")
    current = _current(phase, recorded)
    recorded_current = phase == "agree" and recorded
    step = current["step"] if current else ""
    present = [{"name": "Jordan Lee", "kind": "Adult", "role": "Chair"}]
    present += [{"name": name, "kind": kind, "role": "Panel member"} for _, name, kind in PEOPLE[:9]]
    return {
        "seq": 40 + PHASES.index(phase),
        "audience": "chair",
        "round": dict(ROUND),
        "status": status,
        "phase": phase,
        "phase_label": PHASE_LABELS[phase],
        "expect": {"bid": current["bid"]["id"] if current else "", "phase": phase},
        "break_until": "14:35" if phase == "paused" else None,
        "break_until_iso": "2026-11-22T14:35:00+00:00" if phase == "paused" else None,
        "agenda": _agenda(phase, 3 if current else 0, recorded_current),
        "budget": _budget(phase, recorded_current),
        "current": current,
        "chair": {
            "present": present,
            "absent": [{"name": "Joy Campbell", "kind": "Adult", "role": "Panel member"}],
            "break_requests": [{"name": "Chloe", "at": "14:02"}] if step in ("discuss", "agree") else [],
            "members": [{"token": token, "name": name, "conflicted": False} for token, name, _ in PEOPLE],
            "recommendations": [list(pair) for pair in RECOMMENDATIONS],
            "minutes": [0, 5, 10, 15, 20, 30],
        },
        "views": [list(pair) for pair in VIEWS],
        "urls": {
            "command": COMMAND_URL,
            "snapshot": "/rounds/3/meeting/snapshot",
            "record": "/rounds/3/meeting/record",
        },
    }


def _without_names(discussion: dict, screen: bool) -> None:
    """Nobody but the chair sees who waits to talk; the projector does not even show who talks."""
    for person in discussion["queue"]:
        person.update(name=None, kind=None)
    if discussion["speaking"] and screen:
        discussion["speaking"]["name"] = None
    if discussion["scribe"] and screen:
        discussion["scribe"]["name"] = None
    discussion["not_spoken"] = None


def view(audience: str, phase: str, recorded: bool = True) -> dict:
    """The view one audience gets in one phase."""
    built = copy.deepcopy(chair_view(phase, recorded))
    built["audience"] = audience
    if audience == "chair":
        return built
    built["chair"] = None
    built["urls"]["record"] = None
    for item in built["agenda"]:
        item["recommendation"] = None  # a member may have a conflict with another bid
    current = built["current"]
    if audience == "out":
        built["budget"] = None
        if current is not None:  # Ella's meeting is on YV-05, the bid she has a conflict with
            built["current"] = {
                "position": 5,
                "of": len(BIDS),
                "out": True,
                "bid": None,
                "step": "",
                "step_label": "",
                "first_view": None,
                "scores": None,
                "discussion": None,
                "agreement": None,
                "criteria": None,
            }
            # Nothing says where the bid is: not the step, and no expect (Ella has no chair's buttons).
            if built["status"] == "running":
                built.update(phase="out", phase_label="You're stepping out")
            built["expect"] = {"bid": "", "phase": ""}
            for item in built["agenda"]:
                item["current"] = item["position"] == 5
                if item["current"]:
                    item.update(bid_id=None, reference=None, title=None, recorded=False, out=True)
        return built
    if current is not None:
        current["criteria"] = None
        if audience == "screen":
            current["bid"]["documents"] = []
        if current["discussion"] is not None:
            _without_names(current["discussion"], screen=audience == "screen")
    return built


def you(
    name: str = "aisha",
    *,
    view_given: str | None = None,
    hand: bool = False,
    place: int | None = None,
    scribe: bool = False,
    out: bool = False,
    break_asked: bool = False,
) -> dict:
    """One person's own bits, as their own snapshot (page load, sync) carries them."""
    return {
        "token": TOKENS[name],
        "view": view_given,
        "hand": hand,
        "place": place,
        "scribe": scribe,
        "out": out,
        "break_asked": break_asked,
    }


def record_entries() -> list[dict]:
    """Lines of the meeting record, as record.html gets them."""
    return [
        {
            "at": "22 Nov 2026, 13:30",
            "actor": "Jordan Lee",
            "action": "Started the meeting",
            "bid": None,
            "detail": "",
        },
        {
            "at": "22 Nov 2026, 13:31",
            "actor": "Jordan Lee",
            "action": "Asked for first views",
            "bid": "YV-01",
            "detail": "",
        },
        {
            "at": "22 Nov 2026, 14:02",
            "actor": "Chloe",
            "action": "Asked for a break",
            "bid": "YV-03",
            "detail": "",
        },
        {
            "at": "22 Nov 2026, 14:20",
            "actor": "Jordan Lee",
            "action": "Recorded the decision",
            "bid": "YV-03",
            "detail": "Fund with conditions, £40,000. Young people help choose what the club does, from the "
            "first term.",
        },
    ]
