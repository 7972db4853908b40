"""Blind scoring on every page and in every form's answer: every route that reads (every GET in the URL map,
keyed by its URL rule, every sheet of the decisions workbook as a CSV) and every route that answers a form with
a page or JSON, asked by every kind of person at every stage of a round (tests/panel/disclosure_world.py),
against the one rule in scoring/disclosure.py.

Text leaks: each scorer's comments carry a marker of their own; a page may show a marker only to its author or to
someone the rule lets see that bid's individual scores. Number leaks (medians, splits, totals carry no marker):
every page is read again after the scores of a bid are changed, and any difference on the pages of someone the
rule hides that bid's scores from is a leak. A new route whose arguments the walk cannot fill, or a new form
route in neither list below, fails a test, so nothing new escapes the walk."""

import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from panel.exports.operations import decisions_workbook
from panel.exports.routes import sheet_slug
from tests import factories
from tests.panel.disclosure_world import (
    STAGES,
    WHO,
    World,
    build_world,
    hidden_from,
    leaks,
    over_http,
    reach,
    shift_scores,
)

# Routes that take a form and answer with a page or JSON (a form sent back with what is wrong, a refusal that
# shows the page again, a JSON answer): the walk sends each of them, as everyone at every stage, what a browser
# sends when nothing is filled in, or the form named here, which each refuses or which changes nothing, and reads
# the answer like a page.
NOTHING_FILLED_IN = {"csrf_token": "walk"}  # a browser always sends the token (it is not checked in tests)
POST_FORMS = {
    endpoint: NOTHING_FILLED_IN
    for endpoint in (
        "join.code",
        "join.setup",
        "accounts.login",
        "accounts.sign_in_code",
        "accounts.new_password",
        "accounts.password",
        "privacy.edit_notice",
        "privacy.decide_removal",
        "bids.document_upload",
        "bids.edit",
        "bids.import_upload",
        "bids.import_map",
        "bids.create",
        "bids.conflicts",
        "bids.conflict_record",
        "rounds.create",
        "rounds.edit",
        "rounds.criterion_edit",
        "rounds.criterion_new",
        "rounds.invite",
        "rounds.cards",
        "rounds.member_sign_in_code",  # a new code each time: see CHANGED_BY_READING
        "training.pass_mark",
        "training.practice_edit",
        "training.step_edit",
        "training.step_new",
        "training.question_edit",
        "training.question_new",
        "training.record_in_person",
        "training.practice",
        "training.quiz",
        "sheets.submit",  # every sheet in the world is sent: a locked one, or one with nothing in it
        "sheets.assign",
        "sheets.extend",
        "decisions.decide",
        "decisions.summary",
        "decisions.publish",
        "decisions.remind",
        "feedback.reply",
        "feedback.updates",
        "safeguarding.worried",
        "safeguarding.handle",
        "safeguarding.leads",
        "safeguarding.choose",
    )
}
POST_FORMS |= {
    "sheets.save": {"version": "stale"},  # the sheet again, saying to reload it
    "rounds.move": {"to": "draft"},  # no round goes back to draft: the round's page again, saying why not
}
POST_JSON = {
    "sheets.autosave": {"version": 999_999},  # someone else's save: the member's own saved sheet comes back
    "decisions.reading_level_json": {"text": "We chose three bids. They start in May."},
    "bids.reading_level_json": {"text": "A safe place to play football on Friday nights."},
}
# Routes that take a form and answer only with a redirect (or a refusal): what they lead to is a page walked
# above, and what they change is not read here.
REDIRECTS_ONLY = {
    "accounts.logout": "signs out, then home",
    "accounts.sign_out_everywhere": "signs out on every device, then the sign-in page",
    "rounds.member_sign_out": "signs a member out on every device, then their sign-in help page",
    "privacy.ask_removal": "asks for removal (the form has nothing else to fill in), then My data",
    "privacy.withdraw_removal": "takes back one's own request, then My data",
    "bids.document_delete": "removes a document, then the bid's page",
    "bids.import_confirm": "adds the checked rows, then the bids (a failed save shows the uploaded file's rows)",
    "bids.conflict_remove": "removes a conflict, then the register",
    "rounds.criterion_delete": "removes a criterion, then the sheet's design",
    "rounds.criterion_move": "moves a criterion, then the sheet's design",
    "rounds.invitation_cancel": "cancels an invitation, then the panel",
    "sheets.reopen": "reopens a sheet, then the sheet or the chair's progress page",
    "sheets.remind": "sends reminders, then the progress page",
    "training.step": "marks a step read, then the next page (a refused token shows the step, its GET)",
    "training.step_delete": "removes a step, then the training pack",
    "training.step_move": "moves a step, then the training pack",
    "training.question_delete": "removes a question, then its step",
    "training.undo_in_person": "takes back training done in person, then the progress page",
    "safeguarding.remove_lead": "takes the role away, then the list of leads",
    # What a command changes reaches everyone as the meeting's broadcasts: tests/panel/test_disclosure_sockets.py.
    "meetings.command": "gives a meeting command (a refusal is a message on the meeting page), then that page",
}


def _post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def test_every_form_route_is_walked_or_answers_only_with_a_redirect(app):
    posted = {rule.endpoint for rule in _post_rules(app)}
    walked = set(POST_FORMS) | set(POST_JSON)
    assert sorted(posted - walked - set(REDIRECTS_ONLY)) == [], (
        "add these form routes to the disclosure matrix: to POST_FORMS with a form they refuse, or to "
        "REDIRECTS_ONLY if they only ever answer with a redirect"
    )
    assert sorted((walked | set(REDIRECTS_ONLY)) - posted) == [], "routes listed here that take no form now"
    assert sorted(walked & set(REDIRECTS_ONLY)) == []


def _choices(rule, world: World):
    """The rule's arguments filled: both bids where a bid is asked for, every sheet the workbook has."""
    choices = [dict(world.ids)]
    if "bid_id" in rule.arguments:
        choices = [{**world.ids, "bid_id": bid.id} for bid in world.bids.values()]
    if "sheet" in rule.arguments:
        # Every sheet the workbook has, as the export page lists them: a new sheet is walked too.
        sheets = [sheet_slug(table) for table in decisions_workbook(world.round)]
        choices = [{**choice, "sheet": sheet} for choice in choices for sheet in sheets]
    for values in choices:
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.rule}: the disclosure walk cannot fill {sorted(missing)}; add them here"
        yield rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]


def _requests(app, world: World):
    """(what to call it, method, path, what to send): every reading route with its arguments filled, and every
    form route with the form it is sent."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint == "static":
            continue
        if "GET" in rule.methods:
            for path in _choices(rule, world):
                yield rule.rule, "GET", path, {}
                if rule.endpoint.startswith("exports."):
                    yield rule.rule, "GET", f"{path}?names=1", {}
        if rule.endpoint in POST_FORMS:
            for path in _choices(rule, world):
                yield rule.rule, "POST", path, {"data": POST_FORMS[rule.endpoint]}
        if rule.endpoint in POST_JSON:
            for path in _choices(rule, world):
                yield rule.rule, "POST", path, {"json": POST_JSON[rule.endpoint]}


REFUSED = (401, 403, 404, 405)
# When a PDF was made, to the second, and the file identifier made from it.
PDF_STAMPS = re.compile(r"/CreationDate \(D:\d+Z?\)|/ID \[<[0-9A-F]+><[0-9A-F]+>\]")


def _read(client, method: str, path: str, body: dict) -> tuple[bool, str]:
    """(whether the answer has content of its own, its text). A form's answer that leads on is read where it
    leads (its message with it); a page that leads on is a refusal or a link, and its message is dropped, so
    what one reading shows never depends on what was read before it."""
    response = client.open(path, method=method, follow_redirects=method == "POST", **body)
    if 300 <= response.status_code < 400:
        with client.session_transaction() as session:
            session.pop("_flashes", None)
        return False, response.get_data(as_text=True)
    if response.status_code in REFUSED:
        return False, response.get_data(as_text=True)
    if response.mimetype.endswith("sheet"):  # the workbook: read its cells
        book = load_workbook(BytesIO(response.data))
        return True, "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    if response.mimetype == "application/pdf":  # uncompressed: its words are there to read
        return True, PDF_STAMPS.sub("", response.data.decode("latin-1"))
    if response.is_json:  # as a browser's script reads it: unicode escapes undone
        return True, json.dumps(response.get_json(), ensure_ascii=False, sort_keys=True)
    return True, response.get_data(as_text=True)


# What differs between two readings of the same page anyway: the script nonce and the signed CSRF token (it
# carries the time).
NONCE = re.compile(r'nonce="[^"]*"|"?[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"?')

# Pages that change as the walk itself goes on, never with a score: the access logs list every reading; My data
# shows a person only their own data (tests/panel/privacy/test_my_data.py) with the record of who looked at it;
# a worry shows whether the safeguarding lead has read it, which the lead's part of the walk does; a sign-in code
# card has a new code each time it is printed, and the one before stops working.
READ_LOGS = ("/audit", "/rounds/{round_id}/audit")
CHANGED_BY_READING = (
    "/my-data",
    "/worry/",
    "/safeguarding",
    "/sign-in/",
    "/rounds/{round_id}/panel/members/{membership_id}/sign-in-code",
)

Readings = dict[tuple[str, str], tuple[bool, str]]  # (who, "METHOD path") -> (has content, text)


def _read_all(app, client, login, world: World, only: set[tuple[str, str]] | None = None) -> Readings:
    """Every person's reading of every page and form answer (or only those named)."""
    pages: Readings = {}
    for who in WHO:
        if only is not None and not any(key[0] == who for key in only):
            continue
        login(world.people[who])
        for _, method, path, body in _requests(app, world):
            key = (who, f"{method} {path}")
            if only is None or key in only:
                content, text = _read(client, method, path, body)
                pages[key] = (content, NONCE.sub("", text))
    return pages


def _may_change(world: World, who: str, request: str) -> bool:
    """A reading that changes for a reason other than someone else's scores: the pages that list readings or
    change as the walk goes on, a member's own sheet (their own scores) and My data (only one's own)."""
    path = request.split(" ", 1)[1]
    own_sheet = who in world.seats and path.startswith(f"/rounds/{world.round.id}/sheets/")
    listed = tuple(page.format(**world.ids) for page in (*READ_LOGS, *CHANGED_BY_READING))
    return own_sheet or path.startswith(listed)


def _number_checks(world: World) -> list[list[int]]:
    """The bids whose scores are changed for each reading again: before the meeting shows any, all at once;
    after that, each bid still hidden from someone on the panel, or from the commissioner, on its own."""
    bids = [bid.id for bid in world.bids.values()]
    if not world.revealed:
        return [bids]
    return [[bid] for bid in bids if any(hidden_from(world, who, [bid]) for who in _ROUND_READERS)]


# Who can open anything of a round at all; everyone else is refused every page of it (tests/panel/test_access.py)
# and is walked for markers only.
_ROUND_READERS = ("young", "adult", "conflicted", "chair", "commissioner")


@pytest.fixture
def login(client):
    """Signs the client in as a person, in one session per person for the whole walk: each reading by the same
    person is the same browser, so the pages that list where someone is signed in (Your account, a
    commissioner's page for helping a member sign in) read the same every time."""
    kept: dict[int, dict] = {}

    def sign_in(user):
        if user.id not in kept:
            kept[user.id] = factories.signed_in(user)
        with client.session_transaction() as session:
            session.clear()
            session.update(kept[user.id])
        return user

    return sign_in


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.mark.parametrize("stage", STAGES)
def test_no_page_or_form_answer_shows_what_the_rule_hides(app, client, login, world, stage):
    """Every person's every page and form answer: no marker they may not see. Then the scores of the bids
    hidden from someone are changed, their pages read again, and any that changed read once more with the
    scores as they were: a page that changes with the scores is a leak, and one that changes on its own could
    hide one (only those that list readings may)."""
    reach(world, stage, over_http(app, world))
    before = _read_all(app, client, login, world)
    found = [
        leak for (who, request), (_, text) in before.items() for leak in leaks(world, who, request, text)
    ]
    assert found == [], "\n".join(found)
    for bids in _number_checks(world):
        readers = [who for who in _ROUND_READERS if hidden_from(world, who, bids)]
        answered = {
            key
            for key, (content, _) in before.items()
            if key[0] in readers and content and not _may_change(world, *key)
        }
        shift_scores(world, bids)
        after = _read_all(app, client, login, world, answered)
        shift_scores(world, bids, steps=-1)
        changed = {key for key in answered if after[key] != before[key]}
        control = _read_all(app, client, login, world, changed)
        problems = [
            f"{who} at {stage}: {request} "
            + (
                "changes with scores hidden from them"
                if control[who, request] == before[who, request]
                else "changes on its own, which could hide a leak"
            )
            for who, request in sorted(changed)
        ]
        assert problems == [], "\n".join(problems)
