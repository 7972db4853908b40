"""Bad numbers (and other odd text) sent to every page and every meeting event: a plain refusal, never a server
error and never a stack trace in the log.

Every route is asked by someone not signed in, a panel member (who chairs) and a commissioner, with a bad
value in each part of its address, in each query string argument its module reads and in each field of the
forms that send to it. The fields and their good values are read from the pages themselves (and from the
forms the view's module uses), so a new page or field is covered without being named here. Hypothesis mixes
good and bad values; it is derandomized, so a failure comes back on the next run.
"""

import inspect
import logging
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from wtforms.fields.core import UnboundField

from panel.extensions import socketio
from panel.meetings.protocol import NAMESPACE
from scoring.meeting import COMMANDS
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests import factories
from tests.panel.route_ids import route_ids

# Where a number belongs: digits that are not ASCII (a superscript two, an Arabic three), numbers past the
# database's integers (PostgreSQL's INTEGER ends at 2**31-1, SQLite's at 2**63-1, and Python's int() reads
# at most 4,300 digits), a sign, an exponent, a point, a space, nothing, too much, a NUL character.
BREAKING = ["²", "99999999999999999999", "2147483648", "9" * 5_000, "\x00"]
MALFORMED = [*BREAKING, "٣", "-1", "0", "1e3", "1.5", " 1", "", "a" * 10_000]
ABSENT = object()
FEW = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class _Forms(HTMLParser):
    """The forms on a page: where each sends to, how, and the values each field offers."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name", "")
        if tag == "form":
            self._fields = {}
            method = attributes.get("method", "get").upper()
            self.forms.append((attributes.get("action", ""), method, self._fields))
        elif self._fields is None:
            return
        elif tag == "option" and self._select:
            self._fields[self._select].append(attributes.get("value", ""))
        elif not name:
            return
        elif tag == "input" and attributes.get("type") not in ("submit", "button", "file"):
            self._fields.setdefault(name, []).append(attributes.get("value", "on"))
        elif tag == "select":
            self._select = name
            self._fields.setdefault(name, [])
        elif tag in ("textarea", "button"):
            self._fields.setdefault(name, []).append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


@pytest.fixture
def world(make):
    """A round at every stage, each with all its parts. One member chairs them all, is halfway through a
    sheet and raised a worry on each; another member sent their sheet and has a conflict."""
    commissioner = make.commissioner()
    member = make.user("mo", "Mo Member")
    someone = make.user("sky", "Sky Someone")
    rounds = []
    for status in RoundStatus:
        round_ = make.round(f"Round {status.value}", criteria=2, status=status)
        bid, conflicted = make.bid(round_), make.bid(round_)
        seat = make.member(round_, member, role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True)
        other = make.member(round_, make.user(), trained=True)
        conflict = make.conflict(other, conflicted)
        make.sheet(seat, bid, dict.fromkeys(round_.criteria, 2), submitted=False)
        make.sheet(other, bid, dict.fromkeys(round_.criteria, 3))
        card = make.invitation(round_, by=commissioner)
        if status is RoundStatus.MEETING:
            make.meeting(round_)
        if status in (RoundStatus.DECIDED, RoundStatus.PUBLISHED, RoundStatus.CLOSED):
            make.recommendation(round_, bid, consensus=dict.fromkeys(round_.criteria, 2))
            make.decision(round_, bid)
        if status in (RoundStatus.PUBLISHED, RoundStatus.CLOSED):
            make.published(round_, status=status)
        rounds.append(
            {
                **route_ids(
                    make, round_, bid, seat=other, conflict=conflict, requester=make.user(), card=card
                ),
                "user_id": someone.id,
                "status": status,
                "bids": [bid.id, conflicted.id],
                "criteria": [criterion.id for criterion in round_.criteria],
            }
        )
    return {"rounds": rounds, "member": member, "commissioner": commissioner, "outsider": None}


def _rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
        key=lambda rule: (rule.rule, rule.endpoint),
    )


def _path(rule, values: dict) -> str:
    """The address with these values in its parts, quoted as a browser would (a bad value goes in as it is)."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda part: quote(str(values[part[1]]), safe=""), rule.rule)


def _view_module(app, endpoint: str):
    return inspect.getmodule(app.view_functions[endpoint])


def _query_names(app, endpoint: str) -> list[str]:
    """The query string arguments the module of the endpoint's view reads."""
    source = inspect.getsource(_view_module(app, endpoint))
    return sorted(set(re.findall(r"request\.args\.get\(\s*\"([^\"]+)\"", source)))


def _declared_fields(app, endpoint: str) -> list[str]:
    """The fields of every form the module of the endpoint's view uses (some are sent by scripts, not pages)."""
    forms = [
        value
        for value in vars(_view_module(app, endpoint)).values()
        if isinstance(value, type) and issubclass(value, FlaskForm)
    ]
    return sorted(
        {name for form in forms for name in dir(form) if isinstance(getattr(form, name), UnboundField)}
    )


def _forms_by_endpoint(app, client, world) -> dict[tuple[str, str], list[tuple[dict, dict]]]:
    """(endpoint, method) -> (the round's ids, the fields) of each form on a page of that round sending there."""
    found: dict[tuple[str, str], dict[str, tuple[dict, dict]]] = {}
    adapter = app.url_map.bind("localhost")
    for ids in world["rounds"]:
        for rule in _rules(app):
            if "GET" not in rule.methods:
                continue
            address = _path(rule, ids)
            page = client.get(address)
            if not page.content_type.startswith("text/html"):
                continue
            parser = _Forms()
            parser.feed(page.get_data(as_text=True))
            for action, method, fields in parser.forms:
                try:
                    endpoint, _ = adapter.match(urlsplit(action).path or address, method=method)
                except (HTTPException, RequestRedirect):
                    continue
                key = repr((ids["round_id"], sorted(fields.items())))
                found.setdefault((endpoint, method), {})[key] = (ids, fields)
    return {where: list(forms.values()) for where, forms in found.items()}


def _good_forms(app, rule, method, world, forms) -> list[tuple[dict, dict]]:
    """The forms on the pages that send here, plus the fields the view's forms declare but no page shows."""
    declared: dict[str, list[str]] = {name: [] for name in _declared_fields(app, rule.endpoint)}
    shown = forms.get((rule.endpoint, method)) or [(ids, {}) for ids in world["rounds"]]
    return [(ids, {**declared, **fields}) for ids, fields in shown]


def _requests(rule, query_names, good_forms):
    """A request to this route: its address good or bad in one part, and each query argument and form field
    good, bad or left out."""

    def around(chosen):
        ids, fields = chosen
        address = st.just(ids)
        if rule.arguments:
            one_bad = st.tuples(st.sampled_from(sorted(rule.arguments)), st.sampled_from(MALFORMED))
            address |= one_bad.map(lambda bad: {**ids, bad[0]: bad[1]})
        query = st.fixed_dictionaries({}, optional={name: st.sampled_from(MALFORMED) for name in query_names})
        form = st.fixed_dictionaries(
            {
                name: st.sampled_from([*dict.fromkeys(values), *MALFORMED, ABSENT])
                for name, values in sorted(fields.items())
            }
        )
        return st.tuples(address, query, form)

    return st.sampled_from(good_forms).flatmap(around)


def _errors_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("who", ["outsider", "member", "commissioner"])
def test_no_page_answers_bad_numbers_with_a_server_error(app, client, login, world, who, caplog):
    person = world[who]

    def send(rule, method, address, query, form):
        client.delete_cookie(app.config["SESSION_COOKIE_NAME"])  # signing out, or a claimed card, is undone
        if person is not None:
            login(person)
        caplog.clear()
        data = {name: value for name, value in form.items() if value is not ABSENT}
        response = client.open(_path(rule, address), method=method, query_string=query, data=data)
        assert response.status_code < 500 and _errors_logged(caplog) == [], (
            rule.endpoint,
            method,
            {name: str(address[name])[:30] for name in rule.arguments},
            {name: value[:30] for name, value in query.items()},
            {name: value[:30] for name, value in data.items()},
        )

    def checks(rule, method, query_names, good_forms):
        @FEW
        @given(_requests(rule, query_names, good_forms))
        def check(request):
            send(rule, method, *request)

        return check

    if person is not None:
        login(person)
    forms = _forms_by_endpoint(app, client, world)
    caplog.set_level(logging.ERROR)
    failures = []
    for rule in _rules(app):
        query_names = _query_names(app, rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            good_forms = _good_forms(app, rule, method, world, forms)
            try:
                # Each value that once broke a page, in every query argument and field at once...
                for number, value in enumerate(BREAKING):
                    ids, fields = good_forms[number % len(good_forms)]
                    send(rule, method, ids, dict.fromkeys(query_names, value), dict.fromkeys(fields, value))
                # ...then Hypothesis's mixtures.
                checks(rule, method, query_names, good_forms)()
            except AssertionError as failed:
                failures.append(str(failed).splitlines()[0][:400])
    assert failures == []


# The meeting's live events.

ANYTHING_LIKE_A_NUMBER = (
    st.sampled_from(MALFORMED)
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.booleans()
    | st.none()
    | st.lists(st.integers(), max_size=2)
)
ARGUMENTS = [
    "bid",
    "step",
    "minutes",
    "revision",
    "consensus",
    "member",
    "view",
    "amount",
    "notes",
    "reasons",
]


def _payloads(ids):
    """What a browser (or a script pretending to be one) might send with an event."""
    bid = st.sampled_from(ids["bids"]) | ANYTHING_LIKE_A_NUMBER
    consensus = st.dictionaries(
        st.sampled_from([str(criterion) for criterion in ids["criteria"]]) | st.sampled_from(MALFORMED),
        ANYTHING_LIKE_A_NUMBER,
        max_size=3,
    )
    args = st.fixed_dictionaries(
        {}, optional={name: consensus if name == "consensus" else bid for name in ARGUMENTS}
    )
    command = st.fixed_dictionaries(
        {"name": st.sampled_from(sorted(COMMANDS)) | ANYTHING_LIKE_A_NUMBER},
        optional={
            "args": args | ANYTHING_LIKE_A_NUMBER,
            "expect": st.fixed_dictionaries({}, optional={"bid": bid, "phase": ANYTHING_LIKE_A_NUMBER}),
        },
    )
    auth = st.fixed_dictionaries({"round": st.just(ids["round_id"]) | ANYTHING_LIKE_A_NUMBER})
    return st.lists(command | auth | ANYTHING_LIKE_A_NUMBER, max_size=3)


def _open(app, user, round_id):
    """A Socket.IO connection for a signed-in person, following this round's meeting."""
    http = app.test_client()
    with http.session_transaction() as session:
        session.update(factories.signed_in(user))
    return socketio.test_client(app, namespace=NAMESPACE, auth={"round": round_id}, flask_test_client=http)


def _start_the_meeting(client) -> None:
    """The first bid on screen, so commands about bids and scores reach the database, not just the rules."""
    html = client.emit("sync", {}, namespace=NAMESPACE, callback=True)["html"]
    expect = {name: re.search(f'name="expect_{name}" value="([^"]*)"', html)[1] for name in ("bid", "phase")}
    answer = client.emit("command", {"name": "start", "expect": expect}, namespace=NAMESPACE, callback=True)
    assert answer["ok"], answer


@pytest.mark.parametrize("who", ["member", "commissioner"])
def test_no_meeting_event_answers_bad_numbers_with_a_stack_trace(app, world, who, caplog):
    """Every event the meeting listens for, the connection's own events sent as messages ('connect',
    'disconnect'), and names it does not know, each with bad numbers in every place a number goes."""
    ids = next(ids for ids in world["rounds"] if ids["status"] is RoundStatus.MEETING)
    names = sorted(
        {*socketio.server.handlers[NAMESPACE], "connect", "disconnect", "message", "json", "dance"}
    )
    caplog.set_level(logging.ERROR)
    clients = [_open(app, world[who], ids["round_id"])]

    @settings(FEW, max_examples=60)
    @given(st.sampled_from(names), _payloads(ids))
    def check(name, payloads):
        if not clients[-1].is_connected(NAMESPACE):
            clients.append(_open(app, world[who], ids["round_id"]))
        caplog.clear()
        clients[-1].emit(name, *payloads, namespace=NAMESPACE, callback=True)
        assert _errors_logged(caplog) == [], (name, payloads)

    try:
        assert clients[0].is_connected(NAMESPACE)
        _start_the_meeting(clients[0])
        check()
    finally:
        for client in clients:
            if client.is_connected(NAMESPACE):
                client.disconnect(namespace=NAMESPACE)


def test_a_connection_naming_a_bad_round_is_refused_without_a_stack_trace(app, world, caplog):
    caplog.set_level(logging.ERROR)
    for round_number in [*MALFORMED, 2**31, 2**63, -(2**63), 1.0, True, None, [1], {"id": 1}]:
        assert not _open(app, world["member"], round_number).is_connected(NAMESPACE), repr(round_number)[:20]
    assert _errors_logged(caplog) == []
