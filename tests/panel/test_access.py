"""Every route, asked by every kind of person: who gets in, who is sent to sign in, who is refused.

A new route fails the first test until it is given its audience here, so nothing ships unguarded.
"""

import pytest

from scoring.people import MemberKind
from tests.panel.route_ids import route_ids

PUBLIC = {
    "core.home",
    "privacy.notice",
    "core.accessibility",
    "accounts.login",
    "join.code",
    "join.link",
    "join.setup",
    # A one-time sign-in code card: see tests/panel/accounts/test_sessions.py.
    "accounts.sign_in_code",
    "accounts.sign_in_link",
    "accounts.new_password",
    "core.health",  # for a proxy or a monitor, no session: see tests/panel/core/test_health.py
}
SIGNED_IN = {"accounts.logout", "core.notifications", "safeguarding.mine"}
# Your account: a new password, where you are signed in: see tests/panel/accounts/test_sessions.py.
SIGNED_IN |= {"accounts.account", "accounts.password", "accounts.sign_out_everywhere"}
# Your own data, and asking for it to be removed: see tests/panel/privacy/test_my_data.py and test_removal.py.
SIGNED_IN |= {
    "privacy.my_data",
    "privacy.my_data_json",
    "privacy.ask_removal",
    "privacy.withdraw_removal",
}
# Pages the round's own panel may open (a conflicted member is refused the bid pages: tested below).
MEMBERS = {
    "rounds.show",
    "bids.conflicts",
    "bids.index",
    "bids.show",
    "bids.document",
    "training.glossary",
    "training.start",
    "training.step",
    "training.quiz",
    "training.practice",
    "training.practice_feedback",
    "sheets.index",
    "sheets.show",
    "sheets.save",
    "sheets.autosave",
    "sheets.submit",
    "sheets.reopen",
}
# The meeting's pages, once the round has reached its meeting: tested in tests/panel/meetings/test_pages.py.
MEETING_MEMBERS = {"meetings.member", "meetings.snapshot", "meetings.command"}
MEETING_CHAIRS = {"meetings.chair", "meetings.screen", "meetings.record"}
# A member's own feedback pages, once decisions are shared: see tests/panel/feedback/test_feedback_page.py
FEEDBACK_MEMBERS = {"feedback.show", "feedback.reply", "feedback.contribution", "feedback.certificate"}
# Worries: raised by members, read by the round's safeguarding lead alone; see tests/panel/safeguarding/.
SAFEGUARDING = {
    "safeguarding.worried",
    "safeguarding.sent",
    "safeguarding.index",
    "safeguarding.show",
    "safeguarding.handle",
    "safeguarding.remove_lead",
}
COMMISSIONERS = {
    "rounds.index",
    "rounds.create",
    "rounds.edit",
    "rounds.move",
    "rounds.criteria",
    "rounds.criterion_new",
    "rounds.criterion_edit",
    "rounds.criterion_move",
    "rounds.criterion_delete",
    "rounds.sheet_preview",
    "rounds.panel",
    "rounds.invite",
    "rounds.cards",
    "rounds.cards_made",
    "rounds.invitation_cancel",
    # Helping a member sign in (never a commissioner or a safeguarding lead): tests/panel/accounts/test_sessions.py.
    "rounds.member_sign_in",
    "rounds.member_sign_out",
    "rounds.member_sign_in_code",
    "rounds.sign_in_card",
    "bids.conflict_register",
    "bids.conflict_record",
    "bids.conflict_remove",
    "bids.create",
    "bids.edit",
    "bids.reading_level_json",
    "bids.document_upload",
    "bids.document_delete",
    "bids.import_upload",
    "bids.import_map",
    "bids.import_preview",
    "bids.import_confirm",
    "training.manage",
    "training.pass_mark",
    "training.step_new",
    "training.step_edit",
    "training.step_move",
    "training.step_delete",
    "training.question_new",
    "training.question_edit",
    "training.question_delete",
    "training.practice_edit",
    "training.progress",
    "training.record_in_person",
    "training.undo_in_person",
    "sheets.assign",
    # Chairs may also use these: tested in tests/panel/sheets/test_progress.py.
    "sheets.progress",
    "sheets.remind",
    "sheets.extend",
    # The final decisions, at every stage of the round: tested in tests/panel/decisions/test_decisions_*.py.
    "decisions.index",
    "decisions.decide",
    "decisions.summary",
    "decisions.reading_level_json",
    "decisions.publish",
    "decisions.receipts",
    "decisions.remind",
    "decisions.letter",
    "decisions.letter_download",
    "feedback.replies",
    "feedback.updates",
    # The decisions workbook, its sheets as CSVs and the monitoring evidence, at every stage of the round: tested
    # in tests/panel/exports/.
    "exports.decisions",
    "exports.index",
    "exports.sheet_csv",
    "exports.monitoring",
    # Who reads worries, and the access log: tested in tests/panel/safeguarding/ and
    # tests/panel/privacy/test_audit.py.
    "safeguarding.leads",
    "safeguarding.choose",
    "privacy.access_log",
    "privacy.round_access_log",
    # The privacy notice and requests to remove data: tested in tests/panel/privacy/test_privacy_notice.py and
    # tests/panel/privacy/test_removal.py.
    "privacy.edit_notice",
    "privacy.removal_requests",
    "privacy.decide_removal",
}


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_has_a_declared_audience(app):
    declared = (
        PUBLIC
        | SIGNED_IN
        | MEMBERS
        | COMMISSIONERS
        | MEETING_MEMBERS
        | MEETING_CHAIRS
        | FEEDBACK_MEMBERS
        | SAFEGUARDING
    )
    undeclared = sorted({rule.endpoint for rule in _rules(app)} - declared)
    assert undeclared == [], "give these routes an audience in tests/panel/test_access.py"
    assert not (declared - {rule.endpoint for rule in _rules(app)}), "routes listed here that no longer exist"


@pytest.fixture
def world(make):
    """A round with everything in it, a member, a conflicted member, an outsider and a second round."""
    round_ = make.round(criteria=1)
    bid = make.bid(round_, "R1")
    other_round = make.round("Another round", criteria=1)
    other_bid = make.bid(other_round, "X1")
    member = make.member(round_, kind=MemberKind.ADULT, trained=True)
    conflicted = make.member(round_)
    conflict = make.conflict(conflicted, bid)
    card = make.invitation(round_)
    make.decision(round_, bid)  # so the bid has a letter to download
    return {
        "round": round_,
        "bid": bid,
        "other_round": other_round,
        "other_bid": other_bid,
        "member": member.user,
        "conflicted": conflicted.user,
        "outsider": make.user(),
        "commissioner": make.commissioner(),
        "ids": route_ids(
            make, round_, bid, seat=member, conflict=conflict, requester=conflicted.user, card=card
        ),
    }


def _requests(app, ids, audience):
    for rule in _rules(app):
        if rule.endpoint not in audience:
            continue
        path = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, path


def _call(client, method, path):
    return client.open(path, method=method, data={})


def test_people_who_are_not_signed_in_are_sent_to_sign_in(app, client, world):
    everyone_signed_in = (
        SIGNED_IN
        | MEMBERS
        | COMMISSIONERS
        | MEETING_MEMBERS
        | MEETING_CHAIRS
        | FEEDBACK_MEMBERS
        | SAFEGUARDING
    )
    for endpoint, method, path in _requests(app, world["ids"], everyone_signed_in):
        response = _call(client, method, path)
        if endpoint == "accounts.logout":
            assert response.status_code in (302, 401), (endpoint, method)
            continue
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/login"), (endpoint, method)


def test_public_pages_open_for_everyone(app, client, world):
    for endpoint, method, path in _requests(app, world["ids"], PUBLIC):
        if method == "GET":
            assert _call(client, method, path).status_code < 400, endpoint


@pytest.mark.parametrize("who", ["outsider", "member", "conflicted"])
def test_commissioner_pages_refuse_panel_members_and_outsiders(app, client, login, world, who):
    login(world[who])
    for endpoint, method, path in _requests(app, world["ids"], COMMISSIONERS):
        assert _call(client, method, path).status_code == 403, (who, endpoint, method)


def test_round_pages_refuse_people_from_outside_the_round(app, client, login, world):
    login(world["outsider"])
    for endpoint, method, path in _requests(app, world["ids"], MEMBERS):
        assert _call(client, method, path).status_code in (403, 404), (endpoint, method)


def test_round_pages_open_for_the_rounds_own_members(app, client, login, world):
    login(world["member"])
    for endpoint, method, path in _requests(app, world["ids"], MEMBERS):
        if method == "GET":
            assert _call(client, method, path).status_code == 200, endpoint


def test_a_conflicted_member_cannot_open_that_bid_or_its_documents(app, client, login, world):
    login(world["conflicted"])
    ids = world["ids"]
    assert client.get(f"/rounds/{ids['round_id']}/bids/{ids['bid_id']}").status_code == 403
    document = f"/rounds/{ids['round_id']}/bids/{ids['bid_id']}/documents/{ids['document_id']}"
    assert client.get(document).status_code == 403
    listing = client.get(f"/rounds/{ids['round_id']}/bids/").get_data(as_text=True)
    assert world["bid"].title not in listing


def test_commissioners_can_open_every_page(app, client, login, world):
    login(world["commissioner"])
    for endpoint, method, path in _requests(app, world["ids"], MEMBERS | COMMISSIONERS):
        if method == "GET":
            status = _call(client, method, path).status_code
            assert status in (200, 302), (endpoint, status)


def test_objects_of_another_round_are_not_found_through_this_one(app, client, login, world):
    """A bid, criterion, document, invitation or conflict id only works under its own round's URL."""
    login(world["commissioner"])
    ids = {**world["ids"], "round_id": world["other_round"].id}
    for endpoint, method, path in _requests(app, ids, MEMBERS | COMMISSIONERS):
        rule_args = next(r for r in _rules(app) if r.endpoint == endpoint).arguments
        # Only a round's own pages (a sheet is named by its title: it belongs to no round).
        if "round_id" in rule_args and rule_args - {"round_id", "sheet"}:
            assert _call(client, method, path).status_code == 404, (endpoint, method)
