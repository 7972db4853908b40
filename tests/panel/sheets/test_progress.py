"""Scoring progress: the commissioner and the chair see who has submitted what, never a score or comment."""

import re
from datetime import date

import pytest

from panel.extensions import db
from panel.sheets.models import Assignment, Sheet, SheetScore, SheetStatus
from scoring.people import MemberKind, MemberRole
from tests.panel.training.journey_helpers import markup, text

SECRET_WORDS = ("Zanzibar-comment", "Quokka-strength", "Narwhal-concern", "Pangolin-question")


def sheet(membership, bid, status=SheetStatus.IN_PROGRESS, score=3):
    """A sheet with a distinctive score and distinctive words in every text box."""
    made = Sheet(
        round_id=bid.round_id,
        bid_id=bid.id,
        membership_id=membership.id,
        status=status,
        strengths=SECRET_WORDS[1],
        concerns=SECRET_WORDS[2],
        questions=SECRET_WORDS[3],
        scores=[
            SheetScore(criterion_id=criterion.id, score=score, comment=SECRET_WORDS[0])
            for criterion in bid.round.criteria
        ],
    )
    db.session.add(made)
    db.session.commit()
    return made


@pytest.fixture
def panel(make):
    """Three bids; a young member who submitted one, started one and has a conflict with the third;
    an adult who submitted two; a chair who has not started."""
    round_ = make.round(criteria=2, bids=3, scoring_deadline=date(2027, 3, 14))
    first, second, third = round_.bids
    young = make.member(round_, make.user(display_name="Ava Young"), trained=True)
    adult = make.member(round_, make.user(display_name="Ben Adult"), kind=MemberKind.ADULT, trained=True)
    chair = make.member(
        round_,
        make.user(display_name="Cleo Chair"),
        role=MemberRole.CHAIR,
        kind=MemberKind.ADULT,
        trained=True,
    )
    make.conflict(young, third)
    sheet(young, first, SheetStatus.SUBMITTED, score=4)
    sheet(young, second)
    sheet(adult, first, SheetStatus.SUBMITTED, score=1)
    sheet(adult, second, SheetStatus.SUBMITTED, score=0)
    return {"round": round_, "young": young, "adult": adult, "chair": chair, "bids": round_.bids}


def _row(page: str, name: str) -> str:
    """The table row headed by this name."""
    start = page.index(f'<th scope="row" class="govuk-table__header">{name}')
    return page[start : page.index("</tr>", start)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cells(response, name):
    row = _row(markup(response), name)
    tags = re.findall(r'<strong class="govuk-tag[^"]*">(.*?)</strong>', row)
    return [text_of(cell).strip() for cell in tags]


@pytest.mark.parametrize("who", ["commissioner", "chair"])
def test_the_commissioner_and_chair_see_each_members_status_on_each_bid(client, make, login, panel, who):
    login(make.commissioner() if who == "commissioner" else panel["chair"].user)
    response = client.get(f"/rounds/{panel['round'].id}/sheets/progress")
    assert response.status_code == 200
    wrap = 'class="cp-table-wrap" role="region" aria-label="Scoring progress" tabindex="0"'
    assert wrap in markup(response)
    assert _cells(response, "Ava Young") == ["Submitted", "In progress", "Conflict"]
    assert _cells(response, "Ben Adult") == ["Submitted", "Submitted", "Not started"]
    assert _cells(response, "Cleo Chair") == ["Not started", "Not started", "Not started"]
    assert "Young person" in _row(markup(response), "Ava Young")
    assert "Adult" in _row(markup(response), "Ben Adult")


def test_each_bid_counts_young_and_adult_sheets_submitted(client, make, login, panel):
    login(make.commissioner())
    response = client.get(f"/rounds/{panel['round'].id}/sheets/progress")
    first, second, third = panel["bids"]
    # Young people, then adults: "submitted of expected" (the conflicted young member is not expected on B03).
    assert "1 of 1 1 of 2" in text_of(_row(markup(response), f"{first.reference}: {first.title}"))
    assert "0 of 1 1 of 2" in text_of(_row(markup(response), f"{second.reference}: {second.title}"))
    assert "0 of 0 0 of 2" in text_of(_row(markup(response), f"{third.reference}: {third.title}"))


def test_no_score_or_comment_ever_reaches_the_progress_page(client, make, login, panel):
    login(panel["chair"].user)
    page = markup(client.get(f"/rounds/{panel['round'].id}/sheets/progress"))
    for word in SECRET_WORDS:
        assert word not in page


def test_each_member_sees_their_own_deadline_or_extension(client, make, login, panel):
    panel["adult"].scoring_extended_to = date(2027, 3, 28)
    db.session.commit()
    login(make.commissioner())
    response = client.get(f"/rounds/{panel['round'].id}/sheets/progress")
    assert "14 March 2027" in text_of(_row(markup(response), "Ava Young"))
    assert "28 March 2027 (extended)" in text_of(_row(markup(response), "Ben Adult"))


def test_bids_not_assigned_to_a_member_say_so(client, make, login, panel):
    first, second, _ = panel["bids"]
    for membership in (panel["young"], panel["adult"], panel["chair"]):
        db.session.add(Assignment(round_id=panel["round"].id, bid_id=first.id, membership_id=membership.id))
    db.session.add(Assignment(round_id=panel["round"].id, bid_id=second.id, membership_id=panel["adult"].id))
    db.session.commit()
    login(make.commissioner())
    response = client.get(f"/rounds/{panel['round'].id}/sheets/progress")
    assert _cells(response, "Cleo Chair") == ["Not started", "Not assigned", "Not assigned"]
    assert _cells(response, "Ava Young") == ["Submitted", "Not assigned", "Conflict"]


@pytest.mark.parametrize("who", ["young", "adult"])
def test_panel_members_who_do_not_chair_are_refused(client, login, panel, who):
    login(panel[who].user)
    response = client.get(f"/rounds/{panel['round'].id}/sheets/progress")
    assert response.status_code == 403
    assert "Only the commissioner and the panel's chair" in text(response)


def test_the_chair_of_another_round_is_refused(client, make, login, panel):
    other = make.round("Another round")
    login(make.member(other, role=MemberRole.CHAIR, kind=MemberKind.ADULT).user)
    assert client.get(f"/rounds/{panel['round'].id}/sheets/progress").status_code == 403
    assert client.post(f"/rounds/{panel['round'].id}/sheets/progress/remind").status_code == 403


def test_outsiders_are_refused(client, make, login, panel):
    login(make.user())
    assert client.get(f"/rounds/{panel['round'].id}/sheets/progress").status_code == 403


def test_a_round_nobody_has_joined_says_so(client, make, login):
    round_ = make.round(bids=2)
    login(make.commissioner())
    assert "Nobody has joined the panel yet" in text(client.get(f"/rounds/{round_.id}/sheets/progress"))
