"""The commissioner's decisions: the panel's recommendation beside the final decision, the explanation a
different decision needs, the flags, the money rules, and the stages at which decisions can change."""

import re

import pytest
from sqlalchemy import select

from panel.decisions.models import Decision
from panel.extensions import db
from scoring.decisions import (
    AMOUNT_NEEDED,
    EXPLANATION_NEEDED,
    NO_AMOUNT,
    OUTCOME_NEEDED,
    REASONS_NEEDED,
    Outcome,
)
from scoring.rounds import RoundStatus
from tests.panel.decisions.decisions_world import decision_form, third_young_member
from tests.panel.training.journey_helpers import markup, text


def _decide(client, world, bid, **fields):
    return client.post(f"/rounds/{world.round.id}/decisions/{bid.id}", data=decision_form(**fields))


def _saved(bid) -> Decision | None:
    db.session.expire_all()
    return db.session.scalar(select(Decision).where(Decision.bid_id == bid.id))


@pytest.fixture
def commissioner(decided, login):
    return login(decided.commissioner)


def test_the_decisions_page_shows_every_bid_with_the_panels_recommendation(client, decided, commissioner):
    page = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "Final decisions" in page
    assert "A-01: Skate club" in page and "A-02: Chat app" in page and "A-03: Summer camp" in page
    assert "The panel recommended Fund, £25,000" in page
    assert "The panel recommended Do not fund" in page
    assert "The panel recommended Reserve, £10,000" in page
    assert page.count("Not decided yet") == 3
    assert "Record a decision for every bid first (3 still to do)" in page
    assert "Write the summary for young people first" in page


def test_one_bid_shows_what_the_panel_thought_beside_the_form(client, decided, commissioner, make):
    third_young_member(make, decided)
    page = text(client.get(f"/rounds/{decided.round.id}/decisions/{decided.app.id}"))
    assert "What the panel thought" in page and "Your final decision" in page
    assert "Recommended Do not fund" in page
    assert "Reasons agreed in the meeting Too costly." in page
    assert "Young people want it: 1 out of 4" in page and "Level 1 meaning" in page
    assert "Young members' first views 3 fund it, 0 not sure, 0 don't fund it" in page
    assert "3 young members sent a sheet" in page and "(bottom half)" in page
    assert "The panel's views point different ways, so any decision on this bid needs an explanation." in page
    # No names: what young members thought is counted, never attributed.
    assert "Aisha" not in page and "Ben" not in page and "Cara" not in page


def test_two_young_members_first_views_and_scores_are_not_shown_on_their_own(client, decided, commissioner):
    """Two young members both said fund the chat app and scored it low: shown, that would say what each of
    them thought, so the page says there are too few, and not funding it needs no explanation."""
    page = text(client.get(f"/rounds/{decided.round.id}/decisions/{decided.app.id}"))
    assert (
        "Young members' first views Too few young members gave a first view to show them on their own" in page
    )
    assert "2 fund it" not in page
    assert "2 young members sent a sheet. Too few to show their middle score on its own." in page
    assert "(bottom half)" not in page and "of the way up the scale" not in page
    assert "An explanation is needed if you decide to fund it." in page
    response = _decide(client, decided, decided.app, outcome="not_funded", amount="")
    assert response.status_code == 302
    assert "Most young members' first view" not in text(client.get(f"/rounds/{decided.round.id}/decisions"))


def test_a_decision_that_agrees_with_the_panel_is_saved_without_an_explanation(client, decided, commissioner):
    response = _decide(client, decided, decided.club, amount="£25,000", conditions="Report every term.")
    assert response.status_code == 302
    saved = _saved(decided.club)
    assert saved.outcome is Outcome.FUNDED and saved.amount_pence == 2_500_000
    assert saved.conditions == "Report every term." and saved.explanation == ""
    assert saved.decided_by_id == decided.commissioner.id
    page = text(client.get(response.headers["Location"], follow_redirects=True))
    assert "Decision saved: A-01, Skate club." in page
    assert "Final decision Funded, £25,000" in page
    assert "Different from the panel" not in page


def test_a_different_decision_is_refused_without_an_explanation_and_keeps_what_was_typed(
    client, decided, commissioner, make
):
    third_young_member(make, decided)
    response = _decide(
        client,
        decided,
        decided.club,
        outcome="not_funded",
        amount="",
        reasons="We chose other bids this time.",
        strengths="Keen staff",
    )
    assert response.status_code == 400
    page = text(response)
    assert page.startswith("Error:") or "Error:" in markup(response).split("</title>")[0]
    assert "There is a problem" in page and EXPLANATION_NEEDED in page
    assert "This decision is different from the panel: The panel recommended: fund." in page
    assert "Young members' middle score was in the top half of the scale." in page
    assert "We chose other bids this time." in markup(response) and "Keen staff" in markup(response)
    assert _saved(decided.club) is None


def test_a_different_decision_is_saved_with_an_explanation_and_flagged(client, decided, commissioner):
    response = _decide(
        client,
        decided,
        decided.club,
        outcome="not_funded",
        amount="",
        reasons="We chose other bids.",
        explanation="The council is funding skate parks already.",
    )
    assert response.status_code == 302
    assert _saved(decided.club).explanation == "The council is funding skate parks already."
    page = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "Final decision Not funded" in page
    assert "Different, explained" in page
    assert "The panel recommended: fund." in page


def test_a_different_amount_needs_an_explanation(client, decided, commissioner):
    assert EXPLANATION_NEEDED in text(_decide(client, decided, decided.club, amount="20000"))
    assert (
        _decide(
            client, decided, decided.club, amount="20000", explanation="Half the staff cost is covered."
        ).status_code
        == 302
    )
    assert _saved(decided.club).amount_pence == 2_000_000
    assert "The panel recommended £25,000." in text(client.get(f"/rounds/{decided.round.id}/decisions"))


def test_going_against_most_young_members_first_views_needs_an_explanation(
    client, decided, commissioner, make
):
    """The panel said don't fund the app, as decided, but all three young members' first views said fund it."""
    third_young_member(make, decided)
    response = _decide(client, decided, decided.app, outcome="not_funded", amount="")
    assert EXPLANATION_NEEDED in text(response)
    assert "Most young members' first view was: fund it." in text(response)


def test_a_reserve_bid_can_go_either_way_without_an_explanation(client, decided, commissioner):
    assert _decide(client, decided, decided.camp, amount="10000").status_code == 302
    assert _decide(client, decided, decided.camp, outcome="not_funded", amount="").status_code == 302
    assert _saved(decided.camp).outcome is Outcome.NOT_FUNDED


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"outcome": ""}, "outcome", OUTCOME_NEEDED),
        ({"outcome": "maybe"}, "outcome", OUTCOME_NEEDED),
        ({"amount": ""}, "amount", AMOUNT_NEEDED),
        ({"amount": "0"}, "amount", AMOUNT_NEEDED),
        (
            {"amount": "lots"},
            "amount",
            "Enter an amount in pounds using numbers only, like 25000 or £25,000.50",
        ),
        (
            {"amount": "-5"},
            "amount",
            "Enter an amount in pounds using numbers only, like 25000 or £25,000.50",
        ),
        ({"amount": "1" * 30}, "amount", "The amount is too large"),
        ({"amount": "1" * 41}, "amount", "Enter an amount in pounds, like 25000"),
        ({"outcome": "not_funded", "amount": "500", "explanation": "x"}, "amount", NO_AMOUNT),
        (
            {"outcome": "not_funded", "amount": "", "conditions": "Report", "explanation": "x"},
            "conditions",
            "Leave the conditions empty for a bid that is not funded",
        ),
        ({"reasons": "   "}, "reasons", REASONS_NEEDED),
        ({"reasons": "x" * 5001}, "reasons", "Reasons for the decision must be 5,000 characters or fewer"),
        (
            {"strengths": "x" * 100_000},
            "strengths",
            "Strengths, for the letter to the bidder must be 5,000 characters or fewer",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, decided, commissioner, fields, field, message):
    response = _decide(client, decided, decided.club, **fields)
    assert response.status_code == 400
    assert message in text(response)
    assert f'href="#{field}' in markup(response)
    assert _saved(decided.club) is None


def test_a_post_with_nothing_in_it_is_refused_not_a_server_error(client, decided, commissioner):
    response = client.post(f"/rounds/{decided.round.id}/decisions/{decided.club.id}", data={})
    assert response.status_code == 400
    assert OUTCOME_NEEDED in text(response) and REASONS_NEEDED in text(response)


def test_a_new_decision_starts_with_strengths_and_concerns_from_the_agreed_scores(
    client, decided, commissioner
):
    page = markup(client.get(f"/rounds/{decided.round.id}/decisions/{decided.club.id}"))
    assert "- Young people want it (4 out of 4): Level 4 meaning" in page
    assert "- A good plan (2 out of 5): Level 2 meaning" in page


def test_a_saved_decision_is_shown_in_the_form_to_change(client, decided, commissioner, make):
    make.decision(decided.round, decided.club, amount_pence=2_500_050, reasons="Saved reasons")
    page = markup(client.get(f"/rounds/{decided.round.id}/decisions/{decided.club.id}"))
    assert 'value="25,000.50"' in page and "Saved reasons" in page
    assert 'value="funded" checked' in page


def test_changing_a_decision_updates_the_same_row(client, decided, commissioner):
    _decide(client, decided, decided.camp, amount="10000")
    _decide(client, decided, decided.camp, outcome="not_funded", amount="", reasons="Changed our mind.")
    assert db.session.scalar(select(db.func.count(Decision.id))) == 1
    assert _saved(decided.camp).reasons == "Changed our mind." and _saved(decided.camp).amount_pence is None


def test_the_money_adds_up_against_the_budget(client, decided, commissioner):
    _decide(client, decided, decided.club, amount="25000")
    _decide(client, decided, decided.camp, amount="30000")
    page = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "Budget £50,000" in page and "The panel recommended £25,000" in page
    assert "£55,000 on 2 of 3 bids decided" in page and "£5,000 more than the budget" in page


def test_a_decision_left_unexplained_after_the_panel_changed_its_mind_is_flagged(
    client, decided, commissioner, make
):
    make.decision(decided.round, decided.camp, "not_funded")
    for young in (decided.aisha, decided.ben, third_young_member(make, decided)):
        make.first_view(young, decided.camp, "fund")
    page = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "Needs an explanation" in page
    assert "Explain why 1 decision differs from what the panel thought first" in page


@pytest.mark.parametrize("status", [RoundStatus.MEETING, RoundStatus.PUBLISHED, RoundStatus.CLOSED])
def test_decisions_can_only_change_at_the_decided_stage(client, decided, commissioner, make, status):
    make.decision(decided.round, decided.club, reasons="Saved reasons")
    decided.round.status = status
    db.session.commit()
    page = text(client.get(f"/rounds/{decided.round.id}/decisions/{decided.club.id}"))
    expected = "once the meeting has ended" if status is RoundStatus.MEETING else "can't change now"
    assert expected in page and "Saved reasons" in page
    assert "Save the decision" not in page
    response = _decide(client, decided, decided.club, reasons="New reasons")
    assert response.status_code == 409 and expected in text(response)
    assert _saved(decided.club).reasons == "Saved reasons"
    assert expected in text(client.get(f"/rounds/{decided.round.id}/decisions"))


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.SCORING])
def test_before_the_meeting_the_pages_say_there_is_nothing_to_decide_yet(
    client, decided, commissioner, status
):
    decided.round.status = status
    db.session.commit()
    page = text(client.get(f"/rounds/{decided.round.id}/decisions"))
    assert "once the meeting has ended" in page and "Publish the decisions" not in page


def test_the_round_page_links_to_the_decisions_once_decided(client, decided, commissioner):
    assert f"/rounds/{decided.round.id}/decisions" in markup(client.get(f"/rounds/{decided.round.id}"))
    decided.round.status = RoundStatus.MEETING
    db.session.commit()
    assert f'/rounds/{decided.round.id}/decisions"' not in markup(client.get(f"/rounds/{decided.round.id}"))


def _links(response) -> dict[str, str]:
    """Each link on the page: its words -> its address."""
    found = re.findall(r'<a class="govuk-link" href="([^"]+)"[^>]*>([^<]+)</a>', markup(response))
    return {words.strip(): href for href, words in found}


def test_the_decisions_page_leads_to_the_workbook_and_the_csvs(client, decided, commissioner):
    response = client.get(f"/rounds/{decided.round.id}/decisions")
    links = _links(response)
    export = f"/rounds/{decided.round.id}/export"
    assert links["Download the decisions workbook (.xlsx)"] == f"{export}/decisions.xlsx"
    assert links["Download it with panel members' names (.xlsx)"] == f"{export}/decisions.xlsx?names=1"
    assert links["Download one sheet at a time (CSV)"] == f"{export}/"
    assert links["See the evidence of co-production for funders"] == f"{export}/monitoring"
    assert "Every bid's scores are in the files" in text(response)
    workbook = client.get(links["Download the decisions workbook (.xlsx)"])
    assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet")
    csvs = client.get(links["Download one sheet at a time (CSV)"])
    assert csvs.status_code == 200 and f"{export}/summary.csv" in markup(csvs)


def test_before_the_meeting_ends_the_decisions_page_says_what_the_downloads_hold_back(
    client, decided, commissioner
):
    decided.round.status = RoundStatus.MEETING
    db.session.commit()
    response = client.get(f"/rounds/{decided.round.id}/decisions")
    links = _links(response)
    assert (
        "Download the decisions workbook (.xlsx)" in links and "Download one sheet at a time (CSV)" in links
    )
    assert "Download it with panel members' names (.xlsx)" not in links  # names only after the meeting
    page = text(response)
    assert "Their names can be added once the meeting has ended." in page
    assert (
        "a bid's scores are held back from the files until the panel meeting shows them to the room" in page
    )
    assert client.get(f"/rounds/{decided.round.id}/export/decisions.xlsx?names=1").status_code == 403
