"""Once scoring has started the scoring sheet cannot change: pages say so, and posts change nothing."""

import html
import re

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Criterion
from scoring.rounds import RoundStatus

LOCKED = "The scoring sheet can't change once scoring has started"


def text(response) -> str:
    """The page's words as a person reads them: no tags, runs of white space as one space."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True))))
    return re.sub(r" ([:.,?])", r"\1", words)


def sheet(round_) -> list[tuple]:
    return db.session.execute(
        select(Criterion.title, Criterion.position, Criterion.weight, Criterion.scale_max)
        .where(Criterion.round_id == round_.id)
        .order_by(Criterion.id)
    ).all()


@pytest.fixture(params=[RoundStatus.SCORING, RoundStatus.MEETING, RoundStatus.CLOSED])
def locked_round(request, make, login):
    login(make.commissioner())
    round_ = make.round(status=request.param)
    make.criterion(round_, "First")
    make.criterion(round_, "Second")
    return round_


def test_the_sheet_says_it_is_locked_and_offers_no_changes(client, locked_round):
    response = client.get(f"/rounds/{locked_round.id}/criteria")
    page = text(response)
    assert response.status_code == 200
    assert LOCKED in page
    assert "1. First" in page and "2. Second" in page
    for offer in ("Add a criterion", "Move down", "Delete this criterion", "Change First"):
        assert offer not in page
    assert "Preview the scoring sheet" in page


@pytest.mark.parametrize("path", ["/criteria/new", "/criteria/{first}/edit"])
def test_the_forms_send_you_back_to_the_locked_sheet(client, locked_round, path):
    first = locked_round.criteria[0]
    response = client.get(f"/rounds/{locked_round.id}" + path.format(first=first.id), follow_redirects=True)
    assert LOCKED in text(response)
    assert "Save criterion" not in text(response)


def test_posts_change_nothing(client, locked_round):
    first, second = locked_round.criteria
    before = sheet(locked_round)
    form = {
        "title": "Changed",
        "question": "Q?",
        "weight": "99",
        "scale": "0-10",
        "shown_scale": "0-10",
        **{f"descriptor_{level}": "d" for level in range(11)},
    }
    base = f"/rounds/{locked_round.id}/criteria"
    responses = [
        client.post(f"{base}/new", data=form),
        client.post(f"{base}/{first.id}/edit", data=form),
        client.post(f"{base}/{second.id}/move", data={"direction": "up"}),
        client.post(f"{base}/{first.id}/delete"),
    ]
    assert all(response.status_code == 302 for response in responses)
    db.session.expire_all()
    assert sheet(locked_round) == before


def test_the_preview_still_works(client, locked_round):
    response = client.get(f"/rounds/{locked_round.id}/criteria/preview")
    assert response.status_code == 200
    assert "This is a preview" in text(response)
