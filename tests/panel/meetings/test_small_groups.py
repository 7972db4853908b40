"""Small groups never give people away in the meeting: the panel fixture has three young scorers and one adult
(Ella), so once the chair shows the scores no screen may show the adults' middle score, nor which dot is hers
(scoring/disclosure.py). Ella gave 1 on "Meets young people's needs" where every young person gave 4."""

import re
from html import unescape

import pytest

from panel.meetings.presence import mark_here
from scoring.people import MemberKind

SCREENS = {
    "member": "/rounds/{id}/meeting",
    "chair": "/rounds/{id}/meeting/chair",
    "screen": "/rounds/{id}/meeting/screen",
}


def _run(client, login, panel, *steps):
    """The chair starts the meeting and takes the first bid through `steps` (as plain form posts)."""
    login(panel.chair.user)
    url = f"/rounds/{panel.round.id}/meeting/command"
    client.post(url, data={"name": "start", "expect_bid": "", "expect_phase": "waiting"})
    first, phase = panel.bids[0].id, "bid"
    for step, after in steps:
        assert (
            client.post(url, data={"name": step, "expect_bid": first, "expect_phase": phase}).status_code
            == 302
        )
        phase = after


def _words(html: str) -> str:
    """What a page says, tags taken out and runs of spaces as one."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _opened(client, login, who, panel, path) -> str:
    login(panel.aisha.user if who == "member" else panel.chair.user)
    return client.get(path.format(id=panel.round.id)).get_data(as_text=True)


def _criterion(html: str, criterion_id: int) -> str:
    """One criterion's block of the scores: its dot plot and its facts (up to the next criterion's block)."""
    start = html.index(f'id="cp-scores-{criterion_id}"')
    following = re.search(r'id="cp-scores-\d+"', html[start + 1 :])
    return html[start : start + 1 + following.start()] if following else html[start:]


# What each screen says of the question the lone adult scored: the phone and the console in full, the
# projector in its short words (it says once, above the questions, why the dots are all alike).
SAYS = {
    "member": [
        "Young people's middle score 4",
        "Adults' middle score Too few adults scored to show it on its own",
        "Too few adults scored this to show who is young and who is an adult. Each dot is one person.",
        "Score 1 1 : 1 person",
        "Score 4 3 : 3 people",
    ],
    "screen": ["Young 4", "Adults too few", "1 person gave score 1", "3 people gave score 4"],
}
SAYS["chair"] = SAYS["member"]
NEVER = {"member": "Adults' middle score 1", "chair": "Adults' middle score 1", "screen": "Adults 1"}


@pytest.mark.parametrize("who", list(SCREENS))
def test_one_adult_scorers_middle_score_and_dot_are_not_shown(client, login, panel, who):
    _run(client, login, panel, ("reveal_scores", "scores"))
    html = _opened(client, login, who, panel, SCREENS[who])
    needs = _words(_criterion(html, panel.criteria[0].id))
    for words in SAYS[who]:  # three young people: their middle score is shown
        assert words in needs
    assert NEVER[who] not in needs
    if who == "screen":
        assert "Too few adults scored to show who is who: each dot is one person." in _words(html)
    plots = re.findall(r'<ul class="cp-dotplot[ "].*?</ul>', html, flags=re.DOTALL)
    assert len(plots) == 2  # both criteria
    for plot in plots:
        assert "cp-dot--adult" not in plot and "cp-dot--young" not in plot
        assert "adult" not in _words(plot).lower()
    assert "see this differently" not in _words(html) and "adults differ" not in _words(html)


def test_agreeing_shows_the_middle_score_but_not_the_lone_adults(client, login, panel):
    _run(client, login, panel, ("reveal_scores", "scores"), ("discuss", "discuss"), ("agree", "agree"))
    words = _words(_opened(client, login, "chair", panel, SCREENS["chair"]))
    assert "Middle score from the sheets: 4" in words
    assert "adults 1" not in words


def test_three_adults_are_shown_apart(client, login, panel, make):
    """Two more adults score the first bid: now each group is big enough, and the dots and medians split."""
    needs, plan = panel.criteria
    for name in ("Ian Adult", "Joy Adult"):
        person = make.user(name.split()[0].lower(), name)
        adult = make.member(panel.round, person, kind=MemberKind.ADULT, trained=True)
        make.sheet(adult, panel.bids[0], {needs: 1, plan: 2})
    _run(client, login, panel, ("reveal_scores", "scores"))
    html = _opened(client, login, "member", panel, SCREENS["member"])
    block = _words(_criterion(html, needs.id))
    assert "Adults' middle score 1" in block and "Young people's middle score 4" in block
    assert "Score 1 3 : 3 adults" in block and "Score 4 3 : 3 young people" in block
    assert "cp-dot--adult" in _criterion(html, needs.id)
    assert "Too few" not in _words(html)
    assert "Young people and adults see this differently" in _words(html)


# First views: Aisha (young) and Ella (adult) give theirs; shown to the room, two would tell each what the other
# picked, so no screen counts them (split_shown in scoring/disclosure.py). A third (Ben) makes them countable.
TOO_FEW_VIEWS = {
    "member": "Too few people answered to show what they picked. This keeps everyone's answer secret.",
    "chair": "Only 2 people gave a first view, so the answers stay hidden. "
    "With fewer than 3, people could work out what someone else picked.",
    "screen": "Too few people answered to show what they picked. This keeps everyone's answer secret.",
}


def _views_given(client, login, panel, views: dict) -> None:
    """The chair asks for first views on the first bid, each member in `views` gives theirs, the chair shows them."""
    _run(client, login, panel, ("first_view", "first_view"))
    url = f"/rounds/{panel.round.id}/meeting/command"
    for membership, view in views.items():
        login(membership.user)
        assert client.post(url, data={"name": "give_view", "view": view}).status_code == 302
    login(panel.chair.user)
    shown = {"name": "reveal_views", "expect_bid": panel.bids[0].id, "expect_phase": "first_view"}
    assert client.post(url, data=shown).status_code == 302


@pytest.mark.parametrize("who", list(SCREENS))
def test_two_first_views_shown_to_the_room_are_counted_on_no_screen(client, login, panel, who):
    _views_given(client, login, panel, {panel.aisha: "fund", panel.ella: "do_not_fund"})
    html = _opened(client, login, who, panel, SCREENS[who])
    words = _words(html)
    assert TOO_FEW_VIEWS[who] in words
    assert "cp-bars" not in html and "data-cp-view=" not in html
    for choice in ("Don't fund it", "1 person", "thought at first"):
        assert choice not in words, choice
    if who == "member":  # Aisha still sees her own
        assert "You picked: Fund it" in words
        assert "Too few people answered to show the first views." in words
    if who == "chair":
        assert "The first views are hidden: too few people gave one." in words


def test_three_first_views_are_counted(client, login, panel):
    _views_given(client, login, panel, {panel.aisha: "fund", panel.ben: "fund", panel.ella: "do_not_fund"})
    html = _opened(client, login, "member", panel, SCREENS["member"])
    words = _words(html)
    assert "What 3 people thought at first, before anyone talked:" in words
    assert re.findall(r'data-cp-view="(\w+)"', html) == ["fund", "not_sure", "do_not_fund"]
    assert "Too few" not in words


def test_the_first_views_count_only_members_who_are_here_not_the_chair(client, login, panel):
    """Of the five on the panel, the chair gives no first view, and Dev and Ella have not opened the meeting: of 2.
    Ella answers without a meeting connection (a plain form): she counts, of 3."""
    for seat in (panel.chair, panel.aisha, panel.ben):
        mark_here(f"sid-{seat.id}", panel.meeting.id, seat.user.id, False, membership_id=seat.id)
    _run(client, login, panel, ("first_view", "first_view"))
    for who, path in SCREENS.items():
        assert "0 of 2" in _words(_opened(client, login, who, panel, path)), who
    login(panel.ella.user)
    client.post(f"/rounds/{panel.round.id}/meeting/command", data={"name": "give_view", "view": "fund"})
    chair = _words(_opened(client, login, "chair", panel, SCREENS["chair"]))
    assert "1 of 3 people have given their first view." in chair
    assert "If fewer than 3 people answer, the answers stay hidden when you show them" in chair


def test_the_meeting_record_keeps_two_first_views_secret_and_names_three(client, login, panel):
    _views_given(client, login, panel, {panel.aisha: "fund", panel.ella: "do_not_fund"})
    record = _words(_opened(client, login, "chair", panel, "/rounds/{id}/meeting/record"))
    assert "Aisha: kept secret, as too few gave one to show them" in record
    assert "Aisha: Fund it" not in record and "Ella Adult: Don't fund it" not in record


def test_the_meeting_record_names_three_first_views_once_shown(client, login, panel):
    _views_given(client, login, panel, {panel.aisha: "fund", panel.ben: "fund", panel.ella: "do_not_fund"})
    record = _words(_opened(client, login, "chair", panel, "/rounds/{id}/meeting/record"))
    assert "Aisha: Fund it" in record and "Ella Adult: Don't fund it" in record
