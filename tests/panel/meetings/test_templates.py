"""The live meeting's templates, rendered from the view dicts the server builds (sample_views.py here): what
each audience can see and do, in every phase.

Checked the way a person would notice: a member never sees who is waiting to talk, the projector never shows
a name, someone stepping out learns nothing about that bid, the chair is offered only the commands the meeting
can take now (scoring.meeting's table), and every form the script sends over the socket works as a plain form.
"""

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from flask import g, render_template
from textstat.backend.counts import _count_syllables

from scoring.meeting import TRANSITIONS
from tests.panel.meetings import sample_views as samples
from tests.reading import grade, page_text, use_offline_dictionary

AUDIENCES = ("chair", "member", "out", "screen")
PAGES = {"chair": "chair", "member": "member", "out": "member", "screen": "screen"}
INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
EVERY_CASE = [(audience, phase) for audience in AUDIENCES for phase in samples.PHASES]


# --- a small DOM, enough to ask questions about forms, labels and text --------------------------------------


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def has(self, name):
        return name in self.attrs

    def get(self, name, default=None):
        value = self.attrs.get(name, default)
        return "" if value is None and name in self.attrs else value

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag=None, **attrs):
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and all(
                node.get(key.replace("_", "-")) == value
                if value is not True
                else node.has(key.replace("_", "-"))
                for key, value in attrs.items()
            )
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def _raw(self):
        return "".join(
            child if isinstance(child, str) else child._raw() if child.tag in INLINE else f" {child._raw()} "
            for child in self.children
        )

    def text(self):
        """The words inside, as a reader gets them: inline elements run on, blocks are apart."""
        return " ".join(self._raw().split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def commands(dom: Node) -> list[tuple[str, dict]]:
    """(command name, {field: value}) for every command form."""
    found = []
    for form in dom.find_all("form", data_cp_command=True):
        fields = {
            field.get("name"): field.get("value") for field in form.find_all("input") if field.get("name")
        }
        found.append((fields.get("name"), fields))
    return found


def command_names(dom: Node) -> set[str]:
    return {name for name, _ in commands(dom)}


def hand_forms(dom: Node) -> list[str]:
    return [form.get("data-cp-hand") for form in dom.find_all("form") if form.has("data-cp-hand")]


def shown(node: Node) -> bool:
    """Not hidden, nor inside anything hidden (the script shows and hides parts with the attribute)."""
    return not node.has("hidden") and not any(parent.has("hidden") for parent in node.ancestors())


def shown_text(node: Node) -> str:
    """The words a person sees inside: hidden parts left out."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif not child.has("hidden"):
            parts.append(shown_text(child) if child.tag in INLINE else f" {shown_text(child)} ")
    return " ".join("".join(parts).split())


def names_in(html: str) -> set[str]:
    """The panel's people named anywhere in the markup (attributes included)."""
    return {name for name in samples.NAMES + ["Jordan Lee"] if re.search(rf"\b{re.escape(name)}\b", html)}


# --- rendering ----------------------------------------------------------------------------------------------


@pytest.fixture
def render(app):
    def _render(template, **context):
        with app.test_request_context("/rounds/3/meeting"):
            g.csp_nonce = "test-nonce"
            return render_template(template, **context)

    return _render


@pytest.fixture
def live(render):
    def _live(audience, phase, you=None, **changes):
        view = samples.view(audience, phase)
        view.update(changes)
        return render("meetings/_live.html", view=view, you=you)

    return _live


@pytest.fixture(scope="module")
def _dictionary():
    original = _count_syllables.get_cmudict
    use_offline_dictionary()
    yield
    _count_syllables.get_cmudict = original


def _you_for(audience):
    return {"member": samples.you("aisha"), "out": samples.you("ella", out=True)}.get(audience)


# --- every audience, every phase ----------------------------------------------------------------------------


@pytest.mark.parametrize(("audience", "phase"), EVERY_CASE)
def test_every_audience_renders_every_phase_alone_and_in_its_page(live, render, audience, phase):
    fragment = live(audience, phase)
    view = samples.view(audience, phase)
    page = render(f"meetings/{PAGES[audience]}.html", view=view, you=_you_for(audience))
    for html in (fragment, page):
        dom = parse(html)
        ids = [node.get("id") for node in dom.walk() if node.get("id")]
        assert len(ids) == len(set(ids)), f"repeated ids: {sorted({i for i in ids if ids.count(i) > 1})}"
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), "the CSP allows no inline styles or handlers"
        state = dom.find(data_cp_state=True)
        assert state.get("data-phase") == view["phase"] and state.get("data-seq") == str(view["seq"])
        if audience == "out" and phase in samples.BID_STEPS:
            assert view["phase"] == "out"  # never the step of the bid they step out for
        assert state.get("data-cp-announce")
        for form in dom.find_all("form", data_cp_command=True):
            assert form.get("method") == "post" and form.get("action") == samples.COMMAND_URL
            assert form.get("id"), "the script puts focus back by id"
            assert form.find("input", name="csrf_token") is not None
            assert form.find("button", type="submit") is not None
    main = parse(page).find("main")
    headings = [int(node.tag[1]) for node in main.walk() if re.fullmatch(r"h[1-6]", node.tag)]
    assert headings.count(1) == 1 and headings[0] == 1, headings
    assert all(later - earlier <= 1 for earlier, later in pairwise(headings)), headings


@pytest.mark.parametrize(("audience", "phase"), EVERY_CASE)
def test_every_command_offered_is_one_the_meeting_takes_now(live, audience, phase):
    for name, _ in commands(parse(live(audience, phase))):
        assert (phase, name) in TRANSITIONS, f"{audience} is offered {name} at {phase}"


# --- who sees which names -----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", samples.PHASES)
def test_a_member_sees_no_name_but_the_speakers_and_the_note_takers(live, phase):
    html = live("member", phase, you=samples.you("aisha"))
    assert names_in(html) <= {"Helen Okafor", "Finn"}
    assert "Aisha" not in html and "Joy Campbell" not in html and "Dev" not in html  # waiting to talk


def test_a_member_sees_who_is_speaking_and_how_many_wait_but_not_who(live):
    dom = parse(live("member", "discuss"))
    queue = [item.text() for item in dom.find_all("li", data_cp_queue_item=True)]
    assert queue == ["Someone on the panel"] * 3
    assert "It's Helen Okafor's turn to talk." in dom.find(data_cp_speaking=True).text()
    assert dom.find(id="cp-presence") is None and dom.find(id="cp-break-requests") is None
    assert "Finn is taking the notes." in dom.find(id="cp-notes").text()


def test_a_queue_that_says_young_or_adult_says_it_in_words(live):
    view = samples.view("member", "discuss")
    for person, kind in zip(
        view["current"]["discussion"]["queue"], ("Young person", "Adult", None), strict=True
    ):
        person["kind"] = kind
    dom = parse(live("member", "discuss", current=view["current"]))
    queue = [item.text() for item in dom.find_all("li", data_cp_queue_item=True)]
    assert queue == ["A young person", "An adult", "Someone on the panel"]


@pytest.mark.parametrize("phase", samples.PHASES)
def test_the_screen_never_shows_a_name_or_a_form(render, phase):
    html = render("meetings/screen.html", view=samples.view("screen", phase), screen=True)
    assert names_in(html) == set()
    main = parse(html).find("main")
    assert main.find_all("form") == [] and main.find_all("input") == [] and main.find_all("button") == []


def test_the_screen_shows_the_bid_the_scores_and_how_many_wait_to_talk(live):
    text = parse(live("screen", "discuss")).text()
    assert "Homework club with tablets" in text and "£42,000" in text
    assert "Young people lead it" in text and "Middle 2 Young 1 Adults 4" in text
    assert "3 people are waiting to talk." in text
    assert "Someone on the panel has the turn." in text


def test_the_chair_sees_names_presence_breaks_and_who_has_not_spoken(live):
    dom = parse(live("chair", "discuss"))
    queue = [item.text() for item in dom.find_all("li", data_cp_queue_item=True)]
    assert [entry.split(" (")[0] for entry in queue] == ["Aisha", "Joy Campbell", "Dev"]
    assert "Helen Okafor has the turn." in dom.find(data_cp_speaking=True).text()
    presence = dom.find(data_cp_presence=True).text()
    assert "10 here, 1 not here." in presence and "Joy Campbell" in presence
    assert "Chloe at 14:02" in dom.find(id="cp-break-requests").text()
    not_spoken = dom.find(id="cp-talk").text()
    assert "Not spoken yet on this bid" in not_spoken and "Aisha" in not_spoken
    assert "Young people: 3. Adults: 2." in not_spoken


# --- stepping out -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [phase for phase in samples.PHASES if phase not in ("waiting", "closed")])
def test_someone_stepping_out_learns_nothing_about_that_bid(render, phase):
    view = samples.view("out", phase)
    html = render("meetings/member.html", view=view, you=samples.you("ella", out=True))
    dom = parse(html)
    for secret in samples.SECRET_WORDS[35]:
        assert secret not in html
    text = dom.find("main").text()
    assert "You're stepping out for this one" in text
    assert "You told us you have a link to this bid." in text
    assert "You'll be back for the next bid." in text
    assert dom.find("a", href="/rounds/3/conflicts") is not None
    for part in ("cp-bid", "cp-first-views", "cp-scores", "cp-talk", "cp-notes", "cp-agree", "cp-budget"):
        assert dom.find(id=part) is None, part
    assert command_names(dom) <= {"need_break"}
    assert dom.find(id="cp-agenda-35") is None and "YV-05" not in html
    agenda = dom.find(id="cp-agenda-out").text()
    assert "A bid you have a link to" in agenda and "You're stepping out" in agenda


# --- the chair's commands -----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", samples.PHASES)
def test_every_chair_form_says_where_the_chairs_screen_was(live, phase):
    view = samples.view("chair", phase)
    for name, fields in commands(parse(live("chair", phase))):
        assert fields.get("expect_bid") == str(view["expect"]["bid"]), name
        assert fields.get("expect_phase") == view["expect"]["phase"], name


CHAIR_COMMANDS = {
    "waiting": {"start", "move", "set_scribe"},
    "bid": {"first_view", "reveal_scores", "back", "next", "go_to", "move", "pause", "set_scribe"},
    "first_view": {"reveal_views", "back", "next", "go_to", "move", "pause", "set_scribe"},
    "views": {"reveal_scores", "back", "next", "go_to", "move", "pause", "set_scribe"},
    "scores": {"discuss", "back", "next", "go_to", "move", "pause", "set_scribe", "save_notes"},
    "discuss": {
        "agree",
        "give_turn",
        "end_turn",
        "back",
        "next",
        "go_to",
        "move",
        "pause",
        "set_scribe",
        "save_notes",
    },
    "agree": {"record", "give_turn", "back", "next", "go_to", "move", "pause", "set_scribe", "save_notes"},
    "paused": {"resume", "move", "set_scribe", "save_notes"},
    "closed": set(),
}


@pytest.mark.parametrize("phase", samples.PHASES)
def test_the_chair_is_offered_exactly_what_makes_sense_now(live, phase):
    assert command_names(parse(live("chair", phase))) == CHAIR_COMMANDS[phase]


def test_the_chair_can_give_a_turn_to_each_person_in_the_queue(live):
    dom = parse(live("chair", "discuss"))
    turns = [fields["member"] for name, fields in commands(dom) if name == "give_turn"]
    assert turns == [samples.TOKENS["aisha"], samples.TOKENS["joy"], samples.TOKENS["dev"]]


def test_the_agenda_offers_go_to_and_moves_that_stay_inside_it(live):
    dom = parse(live("chair", "scores"))
    go_to = [fields["bid"] for name, fields in commands(dom) if name == "go_to"]
    assert go_to == ["31", "32", "34", "35"]  # not the current bid
    moves = [(fields["bid"], fields["step"]) for name, fields in commands(dom) if name == "move"]
    assert ("31", "-1") not in moves and ("35", "1") not in moves
    assert ("31", "1") in moves and ("35", "-1") in moves
    labels = [button.text() for button in dom.find(id="cp-agenda").find_all("button")]
    assert "Move up YV-03" in labels and "Go to YV-01" in labels


def test_close_is_offered_only_when_every_bid_has_a_decision(live):
    assert "close" not in command_names(parse(live("chair", "agree")))
    view = samples.view("chair", "agree")
    agenda = [
        {**item, "recorded": True, "recommendation": item["recommendation"] or "Fund"}
        for item in view["agenda"]
    ]
    dom = parse(live("chair", "agree", agenda=agenda))
    assert "close" in command_names(dom)
    assert "Close the meeting" in dom.find(id="cp-close").text()
    assert "close" in command_names(parse(live("chair", "paused", agenda=agenda)))


def test_the_record_form_has_a_labelled_score_per_criterion_with_the_middle_score_beside_it(live):
    dom = parse(live("chair", "agree"))
    form = dom.find("form", id="cp-record-33")
    assert form.has("data-cp-keep")
    fields = {field.get("name"): field for field in form.find_all("input") if field.get("type") == "hidden"}
    assert fields["revision"].get("value") == "1"
    for criterion_id, title, _descriptors in samples.CRITERIA:
        radios = form.find_all("input", name=f"consensus-{criterion_id}")
        assert [radio.get("value") for radio in radios] == ["1", "2", "3", "4", "5"]
        for radio in radios:
            label = form.find("label", **{"for": radio.get("id")})
            assert label is not None and label.text().startswith(radio.get("value"))
        fieldset = next(node for node in radios[0].ancestors() if node.tag == "fieldset")
        assert title in fieldset.find("legend").text()
        hint = dom.find(id=fieldset.get("aria-describedby").split()[0]).text()
        assert "Middle score from the sheets" in hint
        checked = [radio.get("value") for radio in radios if radio.has("checked")]
        assert checked == [str(samples.CONSENSUS[criterion_id])]
    for name in ("recommendation",):
        radios = form.find_all("input", name=name)
        assert [radio.get("value") for radio in radios] == [value for value, _ in samples.RECOMMENDATIONS]
        assert [radio.get("value") for radio in radios if radio.has("checked")] == ["fund_with_conditions"]
    for name in ("amount", "conditions", "reasons"):
        field = form.find(name=name)
        assert form.find("label", **{"for": field.get("id")}) is not None, name
    assert form.find("input", name="amount").get("value") == "40000"


def test_refused_fields_show_their_message_beside_them(live):
    problems = {
        "consensus-41": "Agree a score from 1 to 5",
        "reasons": "Write down the reasons the panel agreed",
    }
    dom = parse(live("chair", "agree", problems=problems))
    messages = [node.text() for node in dom.find_all("p", **{"class": "govuk-error-message"})]
    assert "Error: Agree a score from 1 to 5" in messages
    assert "Error: Write down the reasons the panel agreed" in messages


def test_the_notes_and_the_pickers_keep_what_the_chair_types(live):
    dom = parse(live("chair", "discuss"))
    for form_id in ("cp-notes-33", "cp-scribe-form", "cp-pause"):
        assert dom.find("form", id=form_id).has("data-cp-keep"), form_id
    notes = dom.find("form", id="cp-notes-33")
    assert notes.find("label", **{"for": "cp-notes-33-notes"}) is not None
    scribe = dom.find("select", name="member")
    assert scribe.find_all("option")[0].get("value") == ""
    assert dom.find("option", value=samples.TOKENS["finn"]).has("selected")
    minutes = [option.get("value") for option in dom.find("select", name="minutes").find_all("option")]
    assert minutes == ["0", "5", "10", "15", "20", "30"]


# --- a member's own controls --------------------------------------------------------------------------------


def test_a_broadcast_carries_both_hand_forms_for_the_script_to_choose(live):
    dom = parse(live("member", "discuss"))
    hands = {
        form.get("data-cp-hand"): form
        for form in dom.find_all("form", data_cp_command=True)
        if form.has("data-cp-hand")
    }
    assert set(hands) == {"raise", "lower"}
    assert hands["lower"].has("hidden") and not hands["raise"].has("hidden")
    assert dom.find(data_cp_state=True).get("data-cp-my-view") is None  # nobody's own view in a broadcast


def _shown_hand_forms(dom: Node) -> list[str]:
    return [
        form.get("data-cp-hand")
        for form in dom.find_all("form", data_cp_command=True)
        if form.has("data-cp-hand") and shown(form)
    ]


def test_a_members_own_snapshot_shows_only_their_hand_form_and_their_place(live):
    dom = parse(live("member", "discuss", you=samples.you("joy", hand=True, place=2)))
    assert _shown_hand_forms(dom) == ["lower"]
    assert shown_text(dom.find(id="cp-now")) == (
        "You're number 2 in the queue The chair will give you a turn. Put my hand down"
    )
    mine = [item for item in dom.find_all("li", data_cp_queue_item=True) if item.has("data-cp-you")]
    assert len(mine) == 1 and mine[0].text() == "Someone on the panel (you)"
    dom = parse(live("member", "discuss", you=samples.you("ben")))
    assert _shown_hand_forms(dom) == ["raise"]
    assert shown_text(dom.find(id="cp-now")) == "Want to say something? Put my hand up"


def test_the_speaker_is_told_it_is_their_turn_and_nothing_else(live):
    dom = parse(live("member", "discuss", you=samples.you("helen")))
    assert shown_text(dom.find(id="cp-now")) == "It's your turn to talk! Say what you think. Take your time."
    assert _shown_hand_forms(dom) == []
    assert dom.find(data_cp_speaking=True).text() == "It's your turn to talk!"


def test_a_break_request_is_confirmed_until_the_break_starts(live):
    asked = samples.you("ben", break_asked=True)
    dom = parse(live("member", "discuss", you=asked))
    assert shown_text(dom.find(id="cp-break")) == (
        "Need a break? Your break request was sent to the chair. Only the chair sees this."
    )
    assert not shown(dom.find("form", id="cp-need-break"))
    dom = parse(live("member", "discuss", you=samples.you("ben")))
    assert shown_text(dom.find(id="cp-break")) == "Need a break? I need a break Only the chair sees this."
    assert dom.find(data_cp_state=True).get("data-cp-break-asked") == ""


def test_first_views_are_three_big_buttons_then_counts_with_the_members_own_pick(live):
    dom = parse(live("member", "first_view", you=samples.you("aisha", view_given="fund")))
    views = [fields["view"] for name, fields in commands(dom) if name == "give_view"]
    assert views == ["fund", "not_sure", "do_not_fund"]
    assert [button.text() for button in dom.find(id="cp-now").find_all("button")] == [
        "Fund it",
        "Not sure",
        "Don't fund it",
    ]
    assert "You picked: Fund it." in dom.find(data_cp_my_view_text=True).text()
    assert "7 of 10 people have answered." in dom.find(data_cp_state=True).text()
    assert dom.find(data_cp_state=True).get("data-cp-my-view") == "fund"
    dom = parse(live("member", "views", you=samples.you("aisha", view_given="not_sure")))
    counts = [row.text() for row in dom.find(id="cp-first-views").find_all("li")]
    assert counts == ["Fund it 3 people", "Not sure 5 people", "Don't fund it 2 people"]
    assert "You picked: Not sure." in dom.find(id="cp-first-views").find(data_cp_my_view_text=True).text()
    assert "give_view" not in command_names(dom)


def test_scores_have_words_for_every_dot(live):
    dom = parse(live("member", "scores"))
    plot = dom.find(id="cp-scores-41")
    rows = [row.text() for row in plot.find_all("li")]
    assert rows == [
        "Score 1 4: 4 young people",
        "Score 2 2: 2 young people",
        "Score 3 2: 1 young person and 1 adult",
        "Score 4 2: 2 adults",
        "Score 5 : nobody",
    ]
    for dots in plot.find_all(**{"class": "cp-dotplot__dots"}):
        assert dots.get("aria-hidden") == "true"
    facts = plot.find("dl").text()
    assert "Middle score 2" in facts and "Lowest to highest 1 to 4" in facts
    assert "Young people's middle score 1" in facts and "Adults' middle score 4" in facts
    assert "Young people and adults see this differently" in plot.text()
    assert "Couldn't judge 1 person" in dom.find(id="cp-scores-44").text()
    agreed = parse(live("member", "agree")).find(id="cp-scores-41").text()
    assert "The panel agreed 2 (the same as the middle score)" in agreed


def test_a_member_can_ask_for_a_break_and_is_told_only_the_chair_sees_it(live):
    dom = parse(live("member", "discuss"))
    assert "need_break" in command_names(dom)
    assert "Only the chair sees this." in dom.find(id="cp-break").text()
    assert "need_break" not in command_names(parse(live("member", "paused")))


def test_the_note_taker_gets_the_notes_form(live):
    assert "save_notes" not in command_names(parse(live("member", "discuss", you=samples.you("aisha"))))
    dom = parse(live("member", "discuss", you=samples.you("finn", scribe=True)))
    assert "save_notes" in command_names(dom)
    assert "You're taking the notes." in dom.find(id="cp-notes").text()
    broadcast = parse(live("member", "discuss"))
    form = broadcast.find("form", data_cp_scribe_form=True)
    assert form.has("hidden") and form.get("data-token") == samples.TOKENS["finn"]


def test_the_recorded_decision_is_shown_to_members(live):
    text = parse(live("member", "agree")).find(id="cp-agree").text()
    assert "The panel recommends Fund with conditions" in text
    assert "Amount £40,000" in text and "Why Strong plan and good value" in text


# --- waiting, paused, closed --------------------------------------------------------------------------------


def test_waiting_says_what_will_happen_and_the_chair_can_start(live):
    assert "The meeting will start soon" in parse(live("member", "waiting")).text()
    assert command_names(parse(live("member", "waiting"))) == set()
    assert "start" in command_names(parse(live("chair", "waiting")))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_break_says_when_we_are_back_with_a_countdown(live, audience):
    dom = parse(live(audience, "paused"))
    assert "Break time" in dom.find("h1").text()
    assert "We'll start again at 14:35." in dom.find(id="cp-pause").text()
    countdown = dom.find(data_cp_break_until=True)
    assert countdown.get("data-cp-break-until") == "2026-11-22T14:35:00+00:00"
    assert ("resume" in command_names(dom)) == (audience == "chair")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_end_thanks_everyone_and_leads_back_to_the_round(live, audience):
    dom = parse(live(audience, "closed"))
    assert "The meeting is over" in dom.find("h1").text()
    assert (dom.find("a", href="/rounds/3") is not None) == (audience != "screen")
    assert command_names(dom) == set()
    agenda = dom.find(id="cp-agenda").text()
    assert "What the panel decided" in agenda
    # Only the chair's agenda says what each bid was given: a member may have a conflict with one of them.
    assert ("Fund with conditions" in agenda) == (audience == "chair")


# --- the pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "audience", "screen"),
    [("member", "member", "0"), ("member", "out", "0"), ("chair", "chair", "0"), ("screen", "screen", "1")],
)
def test_pages_carry_what_the_script_needs(render, template, audience, screen):
    view = samples.view(audience, "discuss")
    you = _you_for(audience)
    html = render(f"meetings/{template}.html", view=view, you=you, screen=screen == "1")
    dom = parse(html)
    meeting = dom.find(data_cp_meeting=True)
    assert meeting.get("data-round") == "3" and meeting.get("data-audience") == audience
    assert meeting.get("data-seq") == str(view["seq"]) and meeting.get("data-screen") == screen
    assert meeting.get("data-token") == (you["token"] if you else "")
    assert meeting.find("div", id="cp-live").has("data-cp-live")
    assert meeting.find(data_cp_announcer=True).get("aria-live") == "polite"
    assert meeting.find(data_cp_status=True) is not None
    scripts = [script.get("src") for script in dom.find_all("script") if script.get("src")]
    # Under fingerprinted names (panel/core/static_files.py), so a phone keeps them until they change.
    assert [re.sub(r"\.[0-9a-f]{12}\.js$", ".js", src) for src in scripts[-2:]] == [
        "/static/vendor/socket.io/socket.io.min.js",
        "/static/js/meeting.js",
    ]
    assert all(script.has("nonce") for script in dom.find_all("script"))
    assert ("cp-projector" in dom.find("html").get("class")) == (template == "screen")


def test_a_broadcast_carries_no_csrf_token_and_the_page_hands_its_own_to_the_script(render):
    view = samples.view("member", "discuss")
    broadcast = parse(render("meetings/_live.html", view=view, csrf=""))
    assert {field.get("value") for field in broadcast.find_all("input", name="csrf_token")} == {""}
    page = parse(render("meetings/member.html", view=view, you=samples.you("aisha"), csrf="page-token"))
    assert page.find(data_cp_meeting=True).get("data-csrf") == "page-token"
    assert {
        field.get("value")
        for field in page.find_all("input", name="csrf_token")
        if field.parent.has("data-cp-command")
    } == {"page-token"}


@pytest.mark.usefixtures("_dictionary")
@pytest.mark.parametrize("phase", samples.PHASES)
def test_a_members_page_reads_at_grade_six_or_below(render, phase):
    for audience, you in (("member", samples.you("aisha")), ("out", samples.you("ella", out=True))):
        text = page_text(render("meetings/member.html", view=samples.view(audience, phase), you=you))
        assert grade(text) <= 6.0, text


def test_the_meeting_record_is_a_table_that_scrolls_on_its_own(render):
    round_ = type("Round", (), {"id": 3, "title": samples.ROUND["title"]})()
    dom = parse(render("meetings/record.html", round_=round_, entries=samples.record_entries()))
    wrap = dom.find(**{"class": "cp-table-wrap"})
    assert wrap.get("tabindex") == "0" and wrap.get("role") == "region" and wrap.get("aria-labelledby")
    headers = [cell.text() for cell in wrap.find_all("th")]
    assert headers == ["When", "Who", "What", "Bid", "Details"]
    rows = [[cell.text() for cell in row.find_all("td")] for row in wrap.find("tbody").find_all("tr")]
    assert rows[2] == ["22 Nov 2026, 14:02", "Chloe", "Asked for a break", "YV-03", ""]
    empty = parse(render("meetings/record.html", round_=round_, entries=[]))
    assert "Nothing has happened in the meeting yet." in empty.find("main").text()
