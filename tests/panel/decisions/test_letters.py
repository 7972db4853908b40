"""Letters to bidders: the outcome, reasons, conditions, strengths and concerns and the agreed scores, as a page to
print and a plain-text file, never naming a panel member."""

import pytest

from panel.extensions import db
from tests.panel.training.journey_helpers import markup, text

PANEL_NAMES = ("Aisha", "Ben", "Chloe", "Adam")


@pytest.fixture
def letters(decided, make, login):
    make.decision(
        decided.round,
        decided.club,
        conditions="Send us a report every term.",
        reasons="A clear plan that young people asked for.",
    )
    decision = make.decision(
        decided.round,
        decided.app,
        "not_funded",
        reasons="It costs too much for what it does.",
        explanation="Young people liked it, but the money ran out.",
    )
    decision.strengths, decision.concerns = "A friendly design.", "The running costs are high."
    decided.camp_decision = make.decision(decided.round, decided.camp, "not_funded")
    login(decided.commissioner)
    return decided


def _letter(client, world, bid, suffix=""):
    return client.get(f"/rounds/{world.round.id}/decisions/{bid.id}/letter{suffix}")


def test_a_funded_letter_has_the_outcome_amount_conditions_reasons_and_scores(client, letters):
    page = text(_letter(client, letters, letters.club))
    assert "Letter to Skate Group" in page and "A-01: Skate club" in page
    assert "Outcome: Funded" in page
    assert "We will give you £25,000 (you asked for £25,000)." in page
    assert "Send us a report every term." in page and "A clear plan that young people asked for." in page
    assert "Young people want it: 4 out of 4" in page and "A good plan: 2 out of 5" in page
    assert "This is a draft" in page


def test_a_letter_that_says_no_has_the_strengths_and_concerns_but_no_internal_explanation(client, letters):
    page = text(_letter(client, letters, letters.app))
    assert "Outcome: Not funded" in page and "has not been funded this time" in page
    assert "What the panel saw as strengths A friendly design." in page
    assert "What the panel was concerned about The running costs are high." in page
    assert "the money ran out" not in page  # the explanation is for the panel's young people, not the bidder
    assert "Conditions" not in page


def test_letters_name_no_panel_member(client, letters):
    for bid in (letters.club, letters.app, letters.camp):
        for body in (
            text(_letter(client, letters, bid)),
            _letter(client, letters, bid, ".txt").get_data(as_text=True),
        ):
            assert not [name for name in PANEL_NAMES if name in body]


def test_the_plain_text_letter_downloads_as_a_file(client, letters):
    response = _letter(client, letters, letters.app, ".txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"] == 'attachment; filename="letter-A-02-App-Makers.txt"'
    body = response.get_data(as_text=True)
    assert "Dear App Makers," in body and "Outcome: Not funded" in body
    assert "Why we made this decision\n-------------------------\nIt costs too much for what it does." in body
    assert "- Young people want it: 1 out of 4" in body
    assert "<" not in body


def test_the_letter_warns_when_a_panel_members_name_was_typed_into_it(client, letters):
    letters.camp_decision.reasons = "Aisha Khan said it was too far away."
    db.session.commit()
    page = text(_letter(client, letters, letters.camp))
    assert "This letter mentions Aisha Khan, who is on the panel." in page


def test_a_bid_without_a_decision_has_no_letter_yet(client, decided, login):
    login(decided.commissioner)
    assert "There is no final decision on this bid yet" in text(_letter(client, decided, decided.club))
    assert _letter(client, decided, decided.club, ".txt").status_code == 404


def test_the_decisions_page_links_to_each_letter(client, letters):
    page = markup(client.get(f"/rounds/{letters.round.id}/decisions"))
    for bid in (letters.club, letters.app, letters.camp):
        assert f"/rounds/{letters.round.id}/decisions/{bid.id}/letter" in page
