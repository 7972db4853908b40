"""Every page of the app, read from its URL map, with who looks at it and how to fill in its URL.

A new GET route is checked automatically, as the commissioner unless VIEWERS says otherwise. If it needs an id
this file does not know, is a file rather than a page, or needs earlier steps, its test says what to add here.
"""

import re
import tempfile
from dataclasses import dataclass

from panel import create_app

ANONYMOUS, COMMISSIONER, YOUNG_MEMBER, CHAIR = None, "commissioner", "aisha", "chair"
FEEDBACK_READER = "dev"
SAFEGUARDING_LEAD = "safeguarding"

# Who looks at each page; a page not named here is a commissioner's page.
VIEWERS: dict[str, tuple[str | None, ...]] = {
    "core.home": (ANONYMOUS, YOUNG_MEMBER, COMMISSIONER),
    "privacy.notice": (ANONYMOUS,),
    "core.accessibility": (ANONYMOUS,),
    "accounts.login": (ANONYMOUS,),
    "accounts.sign_in_code": (ANONYMOUS,),
    "accounts.new_password": (ANONYMOUS,),
    "accounts.account": (YOUNG_MEMBER, COMMISSIONER),
    "join.code": (ANONYMOUS,),
    # Signed out it asks for a new login; the commissioner joins with theirs; Aisha is on the panel already.
    "join.setup": (ANONYMOUS, COMMISSIONER, YOUNG_MEMBER),
    "rounds.show": (YOUNG_MEMBER, COMMISSIONER),
    "bids.conflicts": (YOUNG_MEMBER,),
    "bids.index": (YOUNG_MEMBER, COMMISSIONER),
    "bids.show": (YOUNG_MEMBER, COMMISSIONER),
    "training.start": (YOUNG_MEMBER,),
    "training.step": (YOUNG_MEMBER,),
    "training.quiz": (YOUNG_MEMBER,),
    "training.practice": (YOUNG_MEMBER,),
    "training.practice_feedback": (YOUNG_MEMBER,),
    "training.glossary": (YOUNG_MEMBER, COMMISSIONER),
    "sheets.index": (YOUNG_MEMBER,),
    "sheets.show": (YOUNG_MEMBER,),
    # The meeting pages are for the demo's second round (see ROUND_OF); the chair's own is the console.
    "meetings.member": (YOUNG_MEMBER,),
    "meetings.chair": (CHAIR, COMMISSIONER),
    "meetings.screen": (COMMISSIONER,),
    "meetings.record": (COMMISSIONER,),
    # The feedback pages are for the demo's third round, decided and published (see ROUND_OF), read by Dev: he
    # has opened his already in the demo, so Aisha's stays unopened for the commissioner's receipts page.
    "feedback.show": (FEEDBACK_READER,),
    "feedback.reply": (FEEDBACK_READER,),
    "feedback.contribution": (FEEDBACK_READER,),
    # Aisha raised the demo's worry (see Demo.worry_id); the round's safeguarding lead reads it.
    "safeguarding.worried": (YOUNG_MEMBER,),
    "safeguarding.sent": (YOUNG_MEMBER,),
    "safeguarding.mine": (YOUNG_MEMBER,),
    "safeguarding.index": (SAFEGUARDING_LEAD, COMMISSIONER),
    "safeguarding.show": (SAFEGUARDING_LEAD,),
    # Everyone's own data; asking for removal is for panel members (tests/browser/test_my_data.py asks).
    "privacy.my_data": (YOUNG_MEMBER, COMMISSIONER),
    "privacy.ask_removal": (YOUNG_MEMBER,),
}

# Files (downloads, exports) and routes that only send you on to another page.
NOT_PAGES = {
    "static": "files",
    "bids.document": "a bid's document, sent as a file",
    "join.link": "sends you on to join.setup, which is checked by opening this link",
    "accounts.sign_in_link": "sends you on to accounts.new_password, which is checked by opening this link",
    "meetings.snapshot": "the meeting as JSON, for a browser that missed an update",
    "feedback.certificate": "a member's certificate, sent as a PDF",
    "decisions.letter_download": "the letter to a bidder, sent as a plain-text file",
    "exports.decisions": "the decisions workbook, sent as an .xlsx file",
    "exports.sheet_csv": "one sheet of the decisions workbook, sent as a CSV file",
    "privacy.my_data_json": "a person's own data, sent as a JSON file",
    "core.health": "whether the database and Redis answer, as JSON, for a proxy or a monitor",
}

_ARGUMENT = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")

# URL arguments, filled from the demo round (see Demo in conftest.py).
ARGUMENTS = {
    "round_id": "round_id",
    "bid_id": "bid_id",
    "criterion_id": "criterion_id",
    "document_id": "document_id",
    "doc_id": "document_id",
    "membership_id": "membership_id",
    "member_id": "membership_id",
    "conflict_id": "conflict_id",
    "invitation_id": "invitation_id",
    "token": "invitation_token",
    "code_token": "sign_in_code_token",
    "step_id": "step_id",
    "question_id": "question_id",
    "worry_id": "worry_id",
}

# Pages of the demo's second round (the first has no meeting) or third (decided and published), by endpoint
# prefix: URL argument -> Demo field.
ROUND_OF = {"meetings.": {"round_id": "meeting_round_id"}, "feedback.": {"round_id": "published_round_id"}}
# The commissioner's decisions pages, read-only once published, for the same third round and one of its bids
# (tests/browser/test_decisions.py checks them editable, with errors, in a decided round of its own).
ROUND_OF["decisions."] = {"round_id": "published_round_id", "bid_id": "published_bid_id"}
# The downloads and the monitoring evidence, for the same third round: everything in it has happened.
ROUND_OF["exports."] = {"round_id": "published_round_id"}


def _arguments(endpoint: str) -> dict[str, str]:
    for prefix, overrides in ROUND_OF.items():
        if endpoint.startswith(prefix):
            return {**ARGUMENTS, **overrides}
    return ARGUMENTS


def _fill(rule: str, demo, arguments: dict[str, str] = ARGUMENTS) -> str:
    def value(match) -> str:
        found = getattr(demo, arguments[match[1]])
        if found is None:
            raise LookupError(f"the demo data has nothing to put in <{match[1]}> of {rule}")
        return str(found)

    return _ARGUMENT.sub(value, rule)


def _submit(visit):
    """Press the form's main button and wait for the page it leads to."""
    with visit.page.expect_navigation() as navigation:
        visit.page.click("main form[method=post] button[type=submit]")
    return navigation.value


BIDS_CSV = 'Reference,Organisation,Title,Summary,Amount\nEH-20,Northside Arts,Art club,Weekly,"£12,500"\n'


def _upload_bids_spreadsheet(visit, demo):
    visit.goto(f"/rounds/{demo.round_id}/bids/import")
    visit.page.set_input_files(
        "input[type=file]", files=[{"name": "bids.csv", "mimeType": "text/csv", "buffer": BIDS_CSV.encode()}]
    )
    return _submit(visit)


def _check_imported_bids(visit, demo):
    _upload_bids_spreadsheet(visit, demo)
    return _submit(visit)


def invite_someone(visit, demo):
    """The commissioner invites a young person: the invite form sent leads on to the page showing their card
    (which a new visit in another session would find gone: see rounds/cards_gone.html)."""
    visit.goto(f"/rounds/{demo.round_id}/panel/invite")
    visit.page.fill("#display_name", "Robin")
    visit.page.check("input[name=role][value=panellist]")
    visit.page.check("input[name=kind][value=young]")
    visit.page.select_option("#age_band", "14-16")
    return _submit(visit)


# Pages that need earlier steps in the same session, and how a person reaches them.
# rounds.sign_in_card is opened as it is, so it says its card can't be shown again: printing one for a member
# would cancel the demo's sign-in card that accounts.new_password opens. Its card is the invitation card's macro.
REACHED_BY = {
    "join.setup": lambda visit, demo: visit.goto(f"/join/{demo.invitation_token}"),
    "accounts.new_password": lambda visit, demo: visit.goto(f"/sign-in/code/{demo.sign_in_code_token}"),
    "bids.import_map": _upload_bids_spreadsheet,
    "bids.import_preview": _check_imported_bids,
    "rounds.cards_made": invite_someone,
}


@dataclass(frozen=True)
class PageCheck:
    """One page, looked at by one person."""

    endpoint: str
    rule: str
    arguments: tuple[str, ...]
    viewer: str | None

    @property
    def id(self) -> str:
        return f"{self.endpoint}-as-{self.viewer or 'anonymous'}"

    @property
    def needs_own_session(self) -> bool:
        """True if reaching the page changes the session (so it gets a fresh browser context)."""
        return self.endpoint in REACHED_BY

    def path(self, demo) -> str:
        """The rule with its arguments filled from the demo."""
        missing = [argument for argument in self.arguments if argument not in ARGUMENTS]
        if missing:
            raise LookupError(f"{self.endpoint} ({self.rule}) needs <{missing[0]}>: add it to ARGUMENTS")
        return _fill(self.rule, demo, _arguments(self.endpoint))

    def open(self, visit, demo):
        """Open the page the way a person reaches it; return the response that showed it."""
        if self.endpoint in REACHED_BY:
            return REACHED_BY[self.endpoint](visit, demo)
        return visit.goto(self.path(demo))


def url_rules() -> list[tuple[str, str, tuple[str, ...]]]:
    """(endpoint, rule, arguments) for every GET route, from an app built only to read its URL map."""
    with tempfile.TemporaryDirectory() as instance:
        config = {"SECRET_KEY": "pages", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
        app = create_app(config, instance_path=instance)
        rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
        return sorted((rule.endpoint, rule.rule, tuple(sorted(rule.arguments))) for rule in rules)


def page_checks() -> list[PageCheck]:
    """One check per page and per person who looks at it."""
    return [
        PageCheck(endpoint, rule, arguments, viewer)
        for endpoint, rule, arguments in url_rules()
        if endpoint not in NOT_PAGES
        for viewer in VIEWERS.get(endpoint, (COMMISSIONER,))
    ]
