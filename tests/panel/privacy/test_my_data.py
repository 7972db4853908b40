"""My data: a signed-in person sees everything Co-Panel holds about them in plain words, and downloads the
same as JSON; never anything about anyone else."""

import html
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from textstat.backend.counts import _count_syllables

from panel.core.audit import AccessRecord
from panel.core.models import utcnow
from panel.core.notifications.models import Notification
from panel.decisions.models import FeedbackReceipt
from panel.extensions import db
from panel.feedback.models import Answer, ProcessReply
from panel.meetings.models import MeetingRecord
from panel.training.models import QuizAnswer, StepCompletion
from scoring.people import MemberKind
from scoring.rounds import RoundStatus
from tests.reading import grade, page_text, use_offline_dictionary

# Things only the other member typed, was told or is called: none may reach Sky's page or download.
OTHERS = [
    "Olu Other",
    "olu_other_77",
    "olu@example.org",
    "OLU-COMMENT",
    "OLU-STRENGTH",
    "OLU-CONFLICT",
    "OLU-REPLY",
    "OLU-MESSAGE",
]


@pytest.fixture
def world(make):
    round_ = make.round("Youth fund", status=RoundStatus.PUBLISHED, criteria=2)
    club = make.bid(round_, "A-01", title="Skate club", organisation="Skate Group")
    camp = make.bid(round_, "A-02", title="Summer camp", organisation="Camp People")
    step = make.training_step(round_, "Being fair")
    sky = make.member(round_, make.user("sky", "Sky Walker", email="sky@example.org"), trained=True)
    olu = make.member(
        round_,
        make.user("olu_other_77", "Olu Other", email="olu@example.org"),
        kind=MemberKind.ADULT,
        trained=True,
    )
    for seat, secret in ((sky, "SKY"), (olu, "OLU")):
        _took_part(make, seat, secret, step, club, camp)
    return {"round": round_, "sky": sky.user, "olu": olu.user}


def _took_part(make, seat, secret, step, club, camp):
    """A member who trained, scored, went to the meeting and replied, each thing marked with their secret."""
    criteria = seat.round.criteria
    sheet = make.sheet(seat, club, {criteria[0]: 3, criteria[1]: None}, strengths=f"{secret}-STRENGTH")
    sheet.scores[0].comment = f"{secret}-COMMENT"
    make.conflict(seat, camp, f"{secret}-CONFLICT")
    make.first_view(seat, club, "fund" if secret == "SKY" else "do_not_fund")
    make.attendance(seat, utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1))
    question = step.questions[0]
    db.session.add_all(
        [
            StepCompletion(membership_id=seat.id, step_id=step.id),
            QuizAnswer(
                membership_id=seat.id, question_id=question.id, option_id=question.options[0].id, correct=True
            ),
            ProcessReply(
                round_id=seat.round_id, membership_id=seat.id, felt_heard=Answer.YES, change=f"{secret}-REPLY"
            ),
            FeedbackReceipt(round_id=seat.round_id, membership_id=seat.id, opened_at=utcnow()),
            Notification(
                user_id=seat.user_id, kind="reminder", message=f"{secret}-MESSAGE about your sheets"
            ),
        ]
    )
    db.session.commit()


def _record(world, make):
    """Meeting record lines: Sky raised her hand; Olu raised his."""
    from panel.meetings.store import open_meeting

    meeting = open_meeting(world["round"])
    for sequence, user in enumerate((world["sky"], world["olu"]), start=1):
        db.session.add(
            MeetingRecord(
                meeting_id=meeting.id,
                sequence=sequence,
                actor_id=user.id,
                command="raise_hand",
                member_id=user.memberships[0].id,
            )
        )
    db.session.commit()


class _Rows:
    """The (label, value) pairs, headings and paragraphs a person reads on the page."""

    def __init__(self, page: str):
        main = re.search(r"<main.*?</main>", page, re.DOTALL).group(0)
        pairs = re.findall(
            r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
            r'<dd class="govuk-summary-list__value">(.*?)</dd>',
            main,
            re.DOTALL,
        )
        self.rows = {(_words(key), _words(value)) for key, value in pairs}
        self.text = _words(main)


def _words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _json_rows(data: dict) -> set[tuple[str, str]]:
    return {
        (" ".join(row["label"].split()), " ".join(row["value"].split()))
        for section in data["sections"]
        for group in section["groups"]
        for row in group["rows"]
    }


def test_the_page_groups_what_we_hold_and_says_why_and_for_how_long(client, login, world):
    login(world["sky"])
    page = _Rows(client.get("/my-data").get_data(as_text=True))
    for heading in (
        "Your account",
        "Panels you are on",
        "Your training",
        "Your scores",
        "The meeting",
        "What you told us afterwards",
        "Messages we sent you",
        "Worries you sent",
        "Where you are signed in",
    ):
        assert heading in page.text
    assert page.text.count("Why we keep it:") == page.text.count("How long we keep it:") == 10
    assert ("Your name", "Sky Walker") in page.rows and ("Your email address", "sky@example.org") in page.rows
    assert ("Your age group", "14 to 16") in page.rows
    assert ("Criterion 1", "3 (on a scale from 0 to 4)") in page.rows
    assert ("Criterion 2", "I can't judge this") in page.rows
    assert ("Your comment on Criterion 1", "SKY-COMMENT") in page.rows
    assert ("Your first view of A-01", "Fund it") in page.rows
    assert ("What should we change next time?", "SKY-REPLY") in page.rows
    assert any("SKY-CONFLICT" in value for _, value in page.rows)
    assert "365 days after it closes" in page.text
    assert "A phone or computer you are signed in on" in page.text  # this very browser


def test_my_data_lists_where_you_are_signed_in_and_your_sign_in_cards_never_their_codes(
    app, client, login, make
):
    sky = make.user("sky", "Sky")
    login(sky)
    card = make.sign_in_code(sky)
    page = _Rows(client.get("/my-data").get_data(as_text=True))
    assert page.text.count("A phone or computer you are signed in on") == 1
    assert "A card with a sign-in code" in page.text and ("Used", "Not yet") in page.rows
    download = client.get("/my-data.json").get_data(as_text=True)
    assert card.printed_code not in download and card.token not in download
    assert card.printed_code not in page.text


def test_the_download_holds_everything_the_page_shows(client, login, world, make):
    _record(world, make)
    login(world["sky"])
    page = _Rows(client.get("/my-data").get_data(as_text=True))
    response = client.get("/my-data.json")
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert _json_rows(data) == page.rows
    assert any(value.startswith("You: Raised a hand") for _, value in page.rows)
    for section in data["sections"]:
        for words in (section["title"], section["why"], section["kept"]):
            assert " ".join(words.split()) in page.text
        for group in section["groups"]:
            assert group["title"] in page.text


def test_nothing_about_anyone_else_is_shown_or_downloaded(client, login, world, make):
    _record(world, make)
    login(world["sky"])
    page = client.get("/my-data").get_data(as_text=True)
    download = client.get("/my-data.json").get_data(as_text=True)
    for secret in OTHERS:
        assert secret not in html.unescape(page).replace("Sky Walker", ""), secret
        assert secret not in download, secret
    assert "SKY-COMMENT" in download and "SKY-MESSAGE" in download
    afterwards = json.loads(download)["sections"][5]
    assert afterwards["groups"][0]["rows"][0]["label"] == "You first read what was decided"
    assert download.count("Raised a hand") == 1


def test_nobody_can_ask_for_someone_elses_data(client, login, world):
    login(world["sky"])
    olu = world["olu"].id
    for path in (f"/my-data?user_id={olu}", f"/my-data.json?user_id={olu}&user={olu}"):
        body = client.get(path).get_data(as_text=True)
        assert "Sky Walker" in body and "Olu Other" not in body


def test_signed_out_people_are_sent_to_sign_in(client):
    for path in ("/my-data", "/my-data.json"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_new_account_with_nothing_yet_says_so(client, login, make):
    login(make.user("new", "Nia New"))
    page = _Rows(client.get("/my-data").get_data(as_text=True))
    assert "You are not on any panel." in page.text and "You have not scored any bids." in page.text
    assert ("Your email address", "You didn't give us one") in page.rows


def test_looking_and_downloading_are_written_in_the_access_log(client, login, world):
    login(world["sky"])
    client.get("/my-data")
    client.get("/my-data.json")
    actions = db.session.scalars(select(AccessRecord.action).where(AccessRecord.actor_id == world["sky"].id))
    assert sorted(actions) == ["own_data_downloaded", "own_data_viewed"]


def test_every_page_links_to_my_data_once_signed_in(client, login, world):
    assert 'href="/my-data"' not in client.get("/privacy").get_data(as_text=True)
    login(world["sky"])
    for path in ("/", "/privacy", f"/rounds/{world['round'].id}"):
        assert 'href="/my-data"' in client.get(path).get_data(as_text=True), path


@pytest.fixture
def _offline_dictionary():
    original = _count_syllables.get_cmudict
    use_offline_dictionary()
    yield
    _count_syllables.get_cmudict = original


@pytest.mark.usefixtures("_offline_dictionary")
@pytest.mark.parametrize("path", ["/my-data", "/my-data/remove"])
def test_a_young_member_reads_it_at_grade_six_or_below(client, login, make, path):
    round_ = make.round("Youth fund", purpose="Help young people feel good.", criteria=1, bids=1)
    login(make.member(round_).user)
    text = page_text(client.get(path).get_data(as_text=True))
    assert grade(text) <= 6.0, text
