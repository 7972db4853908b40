"""The panellist's side of the decisions reads at Flesch-Kincaid grade 6 or below, like every page a young
person reads (see tests/panel/test_reading_level_pages.py). The round's own words are kept plain, so what is
measured is ours."""

import pytest

from panel.extensions import db
from panel.feedback.models import BidUpdate
from scoring.rounds import RoundStatus
from tests.reading import grade, page_text

MAX_GRADE = 6.0


@pytest.mark.parametrize(
    "path", ["/rounds/{id}/feedback", "/rounds/{id}/feedback/reply", "/rounds/{id}/feedback/contribution"]
)
def test_a_young_members_feedback_pages_read_at_grade_six_or_below(client, login, make, world, path):
    make.published(world.round, "We chose two bids. Thank you.", next_steps="The club starts in May.")
    db.session.add(BidUpdate(round_id=world.round.id, bid_id=world.club.id, body="The club is open now."))
    db.session.commit()
    login(world.aisha.user)
    response = client.get(path.format(id=world.round.id))
    assert response.status_code == 200
    text = page_text(response.get_data(as_text=True))
    assert grade(text) <= MAX_GRADE, text


@pytest.mark.parametrize("status", [RoundStatus.DECIDED, RoundStatus.SCORING])
def test_the_not_ready_yet_page_reads_at_grade_six_or_below(client, login, world, status):
    world.round.status = status
    db.session.commit()
    login(world.aisha.user)
    response = client.get(f"/rounds/{world.round.id}/feedback")
    text = page_text(response.get_data(as_text=True))
    assert "Not ready yet" in text
    assert grade(text) <= MAX_GRADE, text
