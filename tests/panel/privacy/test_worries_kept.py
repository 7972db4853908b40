"""Worries and privacy: the sender sees their own worries on My data (never the lead's notes, never anyone
else's worry), the notices say what is kept and for how long, and removal and retention do what they say."""

import html
import json
import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.core.templating import long_date
from panel.extensions import db
from panel.privacy.removal.operations import REMOVED_NOTE, pseudonymise
from panel.safeguarding.models import Worry, WorryStatus
from panel.safeguarding.operations import handle_worry, open_worry, raise_worry
from scoring.rounds import RoundStatus

SKY_WORRY = "SKY-WORRY: someone at the bus stop keeps following me."
SKY_CONTACT = "Text me on 07700 900123 after school"
OLU_WORRY = "OLU-WORRY: I think Sky Walker is being bullied."
LEAD_NOTE = "LEAD-NOTE: spoke to the youth worker and to Sky's mum."


def _words(page: str) -> str:
    return _plain(re.search(r"<main.*?</main>", page, re.DOTALL).group(0))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _rows(page: str) -> set[tuple[str, str]]:
    main = re.search(r"<main.*?</main>", page, re.DOTALL).group(0)
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
        main,
        re.DOTALL,
    )
    return {(_plain(key), _plain(value)) for key, value in pairs}


@pytest.fixture
def worries(make):
    """Sky sent a worry that the lead read and dealt with; Olu sent one about Sky that nobody has read yet."""
    round_ = make.round("Youth fund", status=RoundStatus.PUBLISHED)
    lead = make.user("sam", "Sam Lead")
    lead.is_safeguarding_lead = True
    round_.safeguarding_lead_id = lead.id
    sky = make.member(round_, make.user("sky", "Sky Walker"))
    olu = make.member(round_, make.user("olu", "Olu Other"))
    now = utcnow()
    with current_app.test_request_context():  # the lead's message links to the worry
        sent = raise_worry(sky.user, round_, SKY_WORRY, SKY_CONTACT, now - timedelta(days=3))
        about_sky = raise_worry(olu.user, round_, OLU_WORRY, "", now - timedelta(days=1))
        open_worry(lead, sent, now - timedelta(days=2))
        handle_worry(lead, sent, LEAD_NOTE, now - timedelta(days=2))
    db.session.commit()
    return {
        "round": round_,
        "lead": lead,
        "sky": sky.user,
        "olu": olu.user,
        "sent": sent,
        "about_sky": about_sky,
    }


def close(round_, days_ago: int) -> None:
    round_.status, round_.closed_at = RoundStatus.CLOSED, utcnow() - timedelta(days=days_ago)
    db.session.commit()


def retention(app, *args) -> list[str]:
    result = app.test_cli_runner().invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output.splitlines()


# --- My data -------------------------------------------------------------------------------------------------


def test_my_data_shows_the_worries_i_sent_and_the_download_says_the_same(client, login, worries):
    login(worries["sky"])
    page = client.get("/my-data").get_data(as_text=True)
    rows = _rows(page)
    sent = worries["sent"]
    for row in (
        ("Which panel", "Youth fund"),
        ("What you wrote", SKY_WORRY),
        ("How you asked to hear back", SKY_CONTACT),
        ("Has it been read?", f"Yes, on {long_date(sent.read_at)}"),
        ("Has it been dealt with?", f"Yes, on {long_date(sent.handled_at)}"),
        ("We keep it until", "365 days after the panel closes"),
    ):
        assert row in rows, row
    words = _words(page)
    assert f"You sent a worry on {long_date(sent.created_at)}" in words
    assert "Worries you sent" in words and "we still keep what you wrote for the safeguarding lead" in words
    download = json.loads(client.get("/my-data.json").get_data(as_text=True))
    section = next(section for section in download["sections"] if section["key"] == "worries")
    assert {(row["label"], row["value"]) for group in section["groups"] for row in group["rows"]} <= rows
    assert len(section["groups"]) == 1


def test_my_data_never_shows_the_leads_notes_who_read_it_or_a_worry_someone_else_sent(client, login, worries):
    login(worries["sky"])
    for path in ("/my-data", "/my-data.json"):
        body = html.unescape(client.get(path).get_data(as_text=True))
        assert SKY_WORRY in body
        for secret in (LEAD_NOTE, "Sam Lead", OLU_WORRY):
            assert secret not in body, (path, secret)


def test_reading_and_dealing_with_worries_puts_none_in_the_leads_my_data(client, login, worries):
    login(worries["lead"])
    words = _words(client.get("/my-data").get_data(as_text=True))
    assert "You have not sent any worries." in words
    assert SKY_WORRY not in words and OLU_WORRY not in words and LEAD_NOTE not in words


def test_a_worry_not_yet_dealt_with_says_so_and_that_it_waits_for_the_lead(client, login, worries):
    close(worries["round"], days_ago=10)
    login(worries["olu"])
    rows = _rows(client.get("/my-data").get_data(as_text=True))
    until = long_date(worries["round"].closed_at + timedelta(days=365))
    assert ("Has it been read?", "Not yet") in rows and ("Has it been dealt with?", "Not yet") in rows
    assert ("How you asked to hear back", "You didn't say") in rows
    assert ("We keep it until", f"{until}. If it is not dealt with by then, we keep it until it is") in rows


# --- the notices ---------------------------------------------------------------------------------------------


def test_both_privacy_notices_say_worries_are_kept_who_reads_them_and_for_how_long(client):
    words = _words(client.get("/privacy").get_data(as_text=True))
    # The plain version
    assert "Any worry you send us, and how you want us to get back to you." in words
    assert "Only the safeguarding lead for your panel reads a worry you send." in words
    assert "We keep a worry you send for the same time, then delete it." in words
    assert "If you ask us to remove your data, we still keep what you wrote for the lead." in words
    # The full version
    assert "A worry is a safeguarding record." in words
    assert "then delete it with the lead's notes" in words
    assert "But your name and how you asked to hear back are removed." in words


# --- removal -------------------------------------------------------------------------------------------------


def test_removal_keeps_the_worry_for_the_lead_without_the_senders_name_or_contact(client, login, worries):
    sky, sent = worries["sky"], worries["sent"]
    pseudonymise(sky, utcnow())
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Worry, sent.id)
    assert kept.text == SKY_WORRY and kept.handling_note == LEAD_NOTE and kept.status is WorryStatus.HANDLED
    assert kept.contact == REMOVED_NOTE
    login(worries["lead"])
    page = _words(client.get(f"/safeguarding/{sent.id}").get_data(as_text=True))
    assert SKY_WORRY in page and f"Former panel member {sky.id}" in page
    assert "Sky Walker" not in page.replace(LEAD_NOTE.removeprefix("LEAD-NOTE: "), "")
    assert SKY_CONTACT not in page and "07700" not in page
    # Olu's worry (about Sky, not from her) is untouched.
    assert db.session.get(Worry, worries["about_sky"].id).text == OLU_WORRY


def test_the_confirm_step_says_what_happens_to_worries(client, login, worries):
    login(worries["olu"])
    words = _words(client.get("/my-data/remove").get_data(as_text=True))
    assert "How you asked us to get back to you about a worry." in words
    assert "What you wrote in a worry, with no name on it. The safeguarding lead keeps it" in words


# --- retention -----------------------------------------------------------------------------------------------


def _worry_messages() -> int:
    return len(db.session.scalars(select(Notification).where(Notification.kind == "worry")).all())


def test_retention_deletes_worries_dealt_with_and_keeps_the_others_until_they_are(app, worries):
    close(worries["round"], days_ago=400)
    round_id, sent_id = worries["round"].id, worries["sent"].id
    assert _worry_messages() == 2
    lines = retention(app)
    assert lines[0] == f"Deleted 1 worry that had been dealt with (round {round_id})"
    assert lines[1] == (
        f"Kept 1 worry not dealt with yet (round {round_id}): each goes once the safeguarding lead marks it "
        "dealt with"
    )
    assert db.session.get(Worry, sent_id) is None
    assert _worry_messages() == 1  # the lead's message about the deleted worry went with it
    waiting = db.session.get(Worry, worries["about_sky"].id)
    assert waiting.text == OLU_WORRY
    # Names went at the same time; the worry waiting for the lead stays, under its sender's new name.
    assert waiting.raised_by.display_name == f"Former panel member {worries['olu'].id}"

    waiting.status, waiting.handled_at = WorryStatus.HANDLED, utcnow()
    db.session.commit()
    assert retention(app) == [f"Deleted 1 worry that had been dealt with (round {round_id})"]
    assert db.session.scalars(select(Worry)).all() == []
    assert retention(app) == ["Nothing to remove"]


def test_worries_stay_while_the_round_is_open_or_within_its_period(app, worries):
    assert retention(app) == ["Nothing to remove"]
    close(worries["round"], days_ago=30)
    assert retention(app) == ["Nothing to remove"]
    assert len(db.session.scalars(select(Worry)).all()) == 2


def test_a_dry_run_says_which_worries_would_go_and_deletes_none(app, worries):
    close(worries["round"], days_ago=400)
    lines = retention(app, "--dry-run")
    assert lines[0] == f"Would delete 1 worry that had been dealt with (round {worries['round'].id})"
    assert len(db.session.scalars(select(Worry)).all()) == 2 and _worry_messages() == 2
