"""The monitoring evidence of co-production: the figures counted from a round, the Monitoring sheet, and the
page a commissioner shows a funder. Counts only: nobody is named but a member who shared their name with a
comment."""

from datetime import timedelta
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook

from panel.core.models import utcnow
from panel.exports.monitoring import monitoring_figures, monitoring_table
from panel.exports.operations import decisions_workbook
from panel.exports.writer import write_xlsx
from panel.extensions import db
from panel.feedback.models import Answer, ProcessReply
from panel.meetings.models import MeetingItem, MeetingRecord
from scoring.decisions import Difference, Outcome
from scoring.monitoring import Split
from scoring.people import MemberKind
from scoring.rounds import RoundStatus

HIDDEN_NAMES = ("Chloe Chair", "Ben Bright", "Adam Adult", "Cara Cole", "Ada Adeyemi", "chloe", "adam")


def url(round_id: int) -> str:
    return f"/rounds/{round_id}/export/monitoring"


def opened(client, round_id: int) -> str:
    """The page's HTML with its character references read (&#39; as ') and runs of spaces as one."""
    response = client.get(url(round_id))
    assert response.status_code == 200
    return " ".join(unescape(response.get_data(as_text=True)).split())


@pytest.fixture
def world(decided, make):
    """The decided round, taken on, with three young members (Cara joins) and four adults (Ada and Abe join),
    so no group is too small to show on its own (scoring/disclosure.py): Ben trained online and Adam not at
    all; Aisha, Cara and the chair came to the meeting, where young members took 3 turns and adults 1, Aisha
    asked for a break and the chair paused once; the skate club funded for less than the panel said
    (explained), the app not funded though all three young members' first views said fund it (explained);
    Aisha and Ben said how it went, only Aisha with her name."""
    now = utcnow()
    ben, adam = decided.ben, decided.adult
    needs, plan = decided.criteria
    cara = make.member(decided.round, make.user("cara", "Cara Cole"), trained=True)
    ada = make.member(decided.round, make.user("ada", "Ada Adeyemi"), kind=MemberKind.ADULT, trained=True)
    abe = make.member(decided.round, make.user("abe", "Abe Adams"), kind=MemberKind.ADULT, trained=True)
    for member, club_scores, app_scores in (
        (cara, {needs: 4, plan: 4}, {needs: 1, plan: 2}),
        (ada, {needs: 0, plan: 1}, {needs: 0, plan: 1}),
        (abe, {needs: 1, plan: 2}, {needs: 1, plan: 1}),
    ):
        make.sheet(member, decided.club, club_scores)
        make.sheet(member, decided.app, app_scores)
    make.first_view(cara, decided.app, "fund")
    ben.trained_in_person_at, ben.training_completed_at = None, now
    adam.trained_in_person_at = None
    meeting = make.meeting(decided.round)
    meeting.started_at, meeting.turns_young, meeting.turns_adult = now, 3, 1
    club = db.session.scalar(
        db.select(MeetingItem).where(
            MeetingItem.meeting_id == meeting.id, MeetingItem.bid_id == decided.club.id
        )
    )
    club.spoken = [decided.aisha.id, decided.chair.id]
    for sequence, command in enumerate(("need_break", "pause"), start=1):
        db.session.add(
            MeetingRecord(
                meeting_id=meeting.id, sequence=sequence, command=command, actor_id=decided.chair.user_id
            )
        )
    decided.round.status = RoundStatus.DECIDED  # make.meeting opened it again; the meeting is over
    db.session.commit()
    for member in (decided.aisha, cara, decided.chair):
        make.attendance(member, now, now + timedelta(hours=1))
    make.decision(decided.round, decided.club, amount_pence=2_000_000, explanation="We had less money.")
    make.decision(
        decided.round,
        decided.app,
        "not_funded",
        reasons="Too costly.",
        explanation="It would cost too much to run.",
    )
    db.session.add_all(
        [
            ProcessReply(
                round_id=decided.round.id,
                membership_id=decided.aisha.id,
                felt_heard=Answer.YES,
                training_useful=Answer.PARTLY,
                change="More snacks please",
                share_name=True,
            ),
            ProcessReply(
                round_id=decided.round.id,
                membership_id=ben.id,
                felt_heard=Answer.NO,
                change="Shorter meetings",
                share_name=False,
            ),
        ]
    )
    db.session.commit()
    return decided


def test_who_took_part_trained_and_came_is_counted(world):
    people = monitoring_figures(world.round).people
    assert people.members == Split(3, 4) and people.chairs == Split(0, 1)
    assert [(group.label, group.count) for group in people.age_groups if group.count] == [("14 to 16", 3)]
    assert people.trained_online == Split(1, 0)
    assert people.trained_in_person == Split(2, 3)
    assert people.not_trained == Split(0, 1)
    assert people.attended == Split(2, 1) and people.spoke == Split(1, 1)


def test_the_meeting_is_counted_from_its_record(world):
    meeting = monitoring_figures(world.round).meeting
    assert meeting.started and meeting.turns == Split(3, 1)
    assert (meeting.breaks_asked, meeting.breaks_taken) == (1, 1)


def test_young_and_adult_views_are_set_beside_each_decision(world):
    figures = monitoring_figures(world.round)
    club, app, camp = figures.influences
    # Young members' sheets for the skate club sit at 100%, 87.5% and 75% of the scale, adults' at 0% to 25%.
    assert (club.reference, club.young_score, club.adult_score) == ("A-01", 88, 13)
    assert club.young_lean is True and club.went_young_way is True
    assert club.differences == (Difference.AMOUNT,) and club.explanation == "We had less money."
    # All three young members' first views said fund the app, but their scores were low: not clear which way.
    assert (app.young_score, app.adult_score, app.young_lean) == (25, 0, None)
    assert app.outcome is Outcome.NOT_FUNDED
    assert app.differences == (Difference.YOUNG_VIEWS,)
    assert (camp.young_score, camp.outcome) == (None, None)
    summary = figures.influence
    assert (summary.decided, summary.young_way, summary.against_young, summary.unclear) == (2, 1, 0, 1)
    assert (summary.differed, summary.differed_explained) == (1, 1)
    assert summary.widest_gap is club
    assert [one.reference for one in figures.differed] == ["A-01", "A-02"]


def _sheet(table) -> dict[str, tuple]:
    return {row[1]: row for row in table.rows}


def test_the_monitoring_sheet_holds_the_same_figures(world):
    table = monitoring_table(world.round)
    assert table.title == "Monitoring"
    assert table.header == ("Topic", "Measure", "Young people", "Adults", "Everyone", "Detail")
    rows = _sheet(table)
    assert rows["Panel members"][2:5] == (3, 4, 7)
    assert rows["Young people aged 14 to 16"][2] == 3
    assert rows["Finished the training online"][2:5] == (1, 0, 1)
    assert rows["Came to the meeting"][2:5] == (2, 1, 3)
    assert rows["Turns taken in the discussion"][2:5] == (3, 1, 4)
    assert rows["Breaks asked for by members"][4] == 1
    club = rows["A-01 Skate club: middle overall score out of 100"]
    assert club[2:4] == (88, 13) and "Final decision: Funded" in club[5]
    assert rows["Final decisions that went the way most young members leaned"][4] == 1
    assert "We had less money." in _sheet(table)["A-01 Skate club"][5]
    assert rows["What the panel decides"][5] == "Which bids get money, and how much."
    assert rows["Felt listened to: Yes"][4] == 1 and rows["Felt listened to: No"][4] == 1
    comments = [row[5] for row in table.rows if row[1] == "What should we change next time?"]
    assert comments == ["More snacks please (Aisha Khan)", "Shorter meetings"]


def test_no_names_on_the_sheet_but_a_shared_one_even_when_the_workbook_names_members(world):
    tables = {table.title: table for table in decisions_workbook(world.round, names=True)}
    out = BytesIO()
    write_xlsx([tables["Monitoring"]], out)
    sheet = load_workbook(BytesIO(out.getvalue()))["Monitoring"]
    text = str([[cell.value for cell in row] for row in sheet.iter_rows()])
    assert "Aisha Khan" in text and "Individual scores" in tables  # the named workbook does name its members
    for name in HIDDEN_NAMES:
        assert name not in text


def test_the_page_shows_the_charts_with_their_figures_in_words(client, login, world):
    login(world.commissioner)
    page = opened(client, world.round.id)
    assert page.count('<figure class="cp-chart">') >= 6
    for words in (
        "3 young people and 4 adults. The chair was an adult.",
        "Aged 10 to 13: 0; 14 to 16: 3; 17 to 19: 0; 20 to 25: 0; 26 to 30: 0.",
        "Out of 3: 1 finished it online, 2 trained in person, 0 not finished.",
        "Out of 4: 0 finished it online, 3 trained in person, 1 not finished.",
        "2 of 3 young people and 1 of 4 adults came.",
        "Young people took 3 turns, adults 1. 1 young person and 1 adult had at least one turn.",
        "Yes: 1; A bit: 0; No: 1; Didn't answer: 0.",
    ):
        assert words in page, words
    assert (
        "1 of 2</strong> final decisions went the way most young members leaned. 0 went against it, and "
        "for 1 it was not clear"
    ) in page
    assert "1 decision was different from the panel's recommendation, and 1 of 1 says why." in page
    assert "furthest apart on A-01, Skate club" in page
    assert "It would cost too much to run." in page and "More snacks please" in page and "Aisha Khan" in page
    for name in HIDDEN_NAMES:
        assert name not in page


def test_an_empty_round_says_so_plainly(client, login, make):
    round_ = make.round("Nothing yet")
    login(make.commissioner())
    page = opened(client, round_.id)
    for words in (
        "Nobody has joined this round's panel yet.",
        "meeting has not been held yet",
        "This round has no bids yet.",
        "Nobody on the panel has said how the process went yet.",
    ):
        assert words in page, words
    assert "cp-chart" not in page
    rows = _sheet(monitoring_table(round_))
    assert "Nobody has joined" in rows["Panel members"][5] and "not been held" in rows["Held"][5]
    assert rows["Bids"][5] == "This round has no bids yet." and rows["Replies"][4] == 0


def test_a_round_scored_but_not_yet_met_or_decided_says_what_is_missing(client, login, decided):
    login(decided.commissioner)
    page = opened(client, decided.round.id)
    assert "meeting has not started yet" in page  # the meeting exists (it holds the recommendations)
    assert "No final decisions have been recorded yet." in page
    assert "Young people's views and the decision on each bid" in page
    assert "Not decided yet" in page
    rows = _sheet(monitoring_table(decided.round))
    assert rows["Final decisions"][5] == "No final decisions have been recorded yet."


@pytest.mark.parametrize("who", ["aisha", "chair"])
def test_panel_members_and_the_chair_are_refused(client, login, decided, who):
    login(getattr(decided, who).user)
    assert client.get(url(decided.round.id)).status_code == 403


def test_outsiders_are_refused_and_signed_out_people_sent_to_sign_in(client, login, decided):
    response = client.get(url(decided.round.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    login(decided.outsider)
    assert client.get(url(decided.round.id)).status_code == 403


def test_a_missing_round_is_not_found(client, login, decided):
    login(decided.commissioner)
    assert client.get(url(999_999)).status_code == 404


def test_the_round_page_links_to_the_evidence_and_the_downloads(client, login, decided):
    login(decided.commissioner)
    page = client.get(f"/rounds/{decided.round.id}").get_data(as_text=True)
    assert url(decided.round.id) in page
    assert f"/rounds/{decided.round.id}/export/" in page
