"""A round's page: the commissioner's overview, the panel member's view, and moving the round on."""

import html
import re
from datetime import date, timedelta

import pytest

from panel.accounts.models import Invitation
from panel.core.models import utcnow
from panel.extensions import db
from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus


def markup(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def text(response) -> str:
    """The page's words as a person reads them: no tags, runs of white space as one space."""
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup(response))).replace(" .", ".").replace(" ,", ",")
    )


def ready_round(make, **fields):
    """A draft round with everything it needs to start scoring."""
    round_ = make.round(criteria=2, bids=3, **fields)
    make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT)
    make.member(round_)
    return round_


def invitation(round_, *, expires_in_days=7, used=False, number=1) -> Invitation:
    invite = Invitation(
        round=round_,
        display_name=f"Guest {number}",
        role=MemberRole.PANELLIST,
        kind=MemberKind.ADULT,
        token_hash=f"t{number}".ljust(64, "0"),
        code_hash=f"c{number}".ljust(64, "0"),
        expires_at=utcnow() + timedelta(days=expires_in_days),
        used_at=utcnow() if used else None,
    )
    db.session.add(invite)
    db.session.commit()
    return invite


def test_the_commissioner_sees_the_rounds_details(client, make, login):
    round_ = make.round(
        meeting_date=date(2027, 3, 20),
        in_scope="Which bids get money.",
        out_of_scope="The council's own services.",
    )
    login(make.commissioner())
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "Young people's wellbeing 2027" in page
    assert "£1,400,000" in page
    assert "20 March 2027" in page
    assert "Which bids get money." in page and "The council's own services." in page
    assert "Draft" in page


def test_the_overview_counts_what_the_round_holds(client, make, login):
    round_ = make.round(criteria=2, budget_pence=40_000_000)
    for _ in range(3):
        make.bid(round_, amount_pence=15_000_000)
    make.member(round_)
    invitation(round_, number=1)
    invitation(round_, number=2)
    invitation(round_, number=3, expires_in_days=-1)
    invitation(round_, number=4, used=True)
    login(make.commissioner())
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "2 criteria" in page
    assert "3 bids asking for £450,000, against a budget of £400,000" in page
    assert "£50,000 more than the budget" in page
    assert "1 member has joined, 2 invitations waiting" in page


def test_the_overview_links_to_every_part_of_the_round(client, make, login):
    round_ = make.round()
    login(make.commissioner())
    page = markup(client.get(f"/rounds/{round_.id}"))
    for path in ("edit", "criteria", "bids/", "panel", "conflicts/register"):
        assert f'href="/rounds/{round_.id}/{path}"' in page


def test_a_round_that_is_not_ready_lists_what_stands_in_the_way(client, make, login):
    round_ = make.round(criteria=1)
    login(make.commissioner())
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "Before it can move on to training and scoring" in page
    assert "Add at least one bid" in page
    assert "The panel needs a chair who has joined" in page
    assert "Add at least one criterion" not in page
    assert "Move on to" not in page


def test_criteria_without_every_level_described_hold_the_round_back(client, make, login):
    round_ = ready_round(make)
    make.criterion(round_, "Value for money", descriptors=False)
    login(make.commissioner())
    assert "Describe every score level of every criterion" in text(client.get(f"/rounds/{round_.id}"))


def test_a_ready_round_offers_the_next_stage(client, make, login):
    round_ = ready_round(make)
    login(make.commissioner())
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "Move on to training and scoring" in page
    assert re.search(r'<input[^>]*name="to"[^>]*value="scoring"', markup(client.get(f"/rounds/{round_.id}")))
    assert "Once scoring starts, it can't change" in page


def test_moving_a_ready_round_on(client, make, login):
    round_ = ready_round(make)
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/status", data={"to": "scoring"})
    assert response.status_code == 302
    db.session.refresh(round_)
    assert round_.status is RoundStatus.SCORING
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "The round is now at this stage: Training and scoring" in page


def test_a_double_click_moves_the_round_only_once(client, make, login):
    round_ = ready_round(make)
    login(make.commissioner())
    client.post(f"/rounds/{round_.id}/status", data={"to": "scoring"})
    client.post(f"/rounds/{round_.id}/status", data={"to": "scoring"})
    db.session.refresh(round_)
    assert round_.status is RoundStatus.SCORING


def test_a_round_with_blockers_does_not_move_and_says_why(client, make, login):
    round_ = make.round(criteria=1)
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/status", data={"to": "scoring"})
    page = text(response)
    assert response.status_code == 409
    assert "The round can't move on yet" in page
    assert "Add at least one bid" in page
    db.session.refresh(round_)
    assert round_.status is RoundStatus.DRAFT


def test_a_round_cannot_skip_a_stage(client, make, login):
    round_ = ready_round(make)
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/status", data={"to": "meeting"})
    assert response.status_code == 409
    assert "A round cannot move from draft to meeting" in text(response)
    db.session.refresh(round_)
    assert round_.status is RoundStatus.DRAFT


def test_scoring_cannot_end_before_any_sheet_is_submitted(client, make, login):
    round_ = ready_round(make, status=RoundStatus.SCORING)
    login(make.commissioner())
    assert "No scoring sheet has been submitted yet" in text(client.get(f"/rounds/{round_.id}"))
    assert client.post(f"/rounds/{round_.id}/status", data={"to": "meeting"}).status_code == 409
    db.session.refresh(round_)
    assert round_.status is RoundStatus.SCORING


def test_a_closed_round_has_nowhere_to_go(client, make, login):
    round_ = make.round(status=RoundStatus.CLOSED)
    login(make.commissioner())
    assert "This is the last stage" in text(client.get(f"/rounds/{round_.id}"))


@pytest.mark.parametrize("target", ["", "finished", "DRAFT"])
def test_moving_to_a_status_that_does_not_exist_is_a_bad_request(client, make, login, target):
    round_ = ready_round(make)
    login(make.commissioner())
    assert client.post(f"/rounds/{round_.id}/status", data={"to": target}).status_code == 400
    db.session.refresh(round_)
    assert round_.status is RoundStatus.DRAFT


def test_panel_members_cannot_move_a_round(client, make, login):
    round_ = ready_round(make)
    login(make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT).user)
    assert client.post(f"/rounds/{round_.id}/status", data={"to": "scoring"}).status_code == 403
    db.session.refresh(round_)
    assert round_.status is RoundStatus.DRAFT


def test_a_panel_member_sees_what_is_and_is_not_in_their_hands(client, make, login):
    round_ = make.round(
        in_scope="Which bids get money.",
        out_of_scope="The council's own services.",
        scoring_deadline=date(2027, 3, 14),
    )
    login(make.member(round_).user)
    response = client.get(f"/rounds/{round_.id}")
    page = text(response)
    assert response.status_code == 200
    assert "What this panel decides" in page and "Which bids get money." in page
    assert "What this panel doesn't decide" in page and "The council's own services." in page
    assert "Score every bid by 14 March 2027" in page
    assert "You are a member of this panel" in page
    assert f'href="/rounds/{round_.id}/edit"' not in markup(response)
    assert "Move on to" not in page


def test_a_member_is_asked_about_conflicts_until_they_have_answered(client, make, login):
    round_ = make.round()
    membership = make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT)
    login(membership.user)
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "You are the chair of this panel" in page
    assert "Tell us about any conflicts of interest" in page
    links = markup(client.get(f"/rounds/{round_.id}"))
    assert f'href="/rounds/{round_.id}/conflicts"' in links
    assert f'href="/rounds/{round_.id}/bids/"' in links
    assert "Not done yet" in page

    membership.conflicts_reviewed_at = utcnow()
    db.session.commit()
    page = text(client.get(f"/rounds/{round_.id}"))
    assert "Not done yet" not in page and "Done" in page


def test_people_outside_the_panel_are_refused_politely(client, make, login):
    round_ = make.round()
    other = make.round("Another round")
    login(make.member(other).user)
    response = client.get(f"/rounds/{round_.id}")
    assert response.status_code == 403
    assert "belongs to a panel you are not on" in text(response)


def test_signed_out_people_are_sent_to_sign_in(client, make):
    round_ = make.round()
    response = client.get(f"/rounds/{round_.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_an_unknown_round_is_not_found(client, make, login):
    login(make.commissioner())
    assert client.get("/rounds/12345").status_code == 404
    assert client.post("/rounds/12345/status", data={"to": "scoring"}).status_code == 404
