"""No N+1: the member's list and a sheet page run the same number of SQL statements for 5 bids as for 50."""

import pytest
from sqlalchemy import event

from panel.extensions import db
from panel.sheets.models import Sheet, SheetScore, SheetStatus
from scoring.rounds import RoundStatus


def _statements(app, client, path) -> int:
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _round_with(make, bids: int):
    round_ = make.round(f"Round of {bids}", status=RoundStatus.SCORING, criteria=3, bids=bids)
    membership = make.member(round_, trained=True)
    for index, bid in enumerate(round_.bids):
        if index % 2:
            status = SheetStatus.SUBMITTED if index % 4 == 1 else SheetStatus.IN_PROGRESS
            scores = [SheetScore(criterion_id=c.id, score=2) for c in round_.criteria]
            db.session.add(
                Sheet(
                    round_id=round_.id,
                    bid_id=bid.id,
                    membership_id=membership.id,
                    status=status,
                    scores=scores,
                )
            )
        if index % 7 == 3:
            make.conflict(membership, bid)
    db.session.commit()
    return round_, membership


@pytest.mark.parametrize("page", ["index", "show"])
def test_statement_count_does_not_grow_with_the_bids(app, client, login, make, page):
    counts = []
    for size in (5, 50):
        round_, membership = _round_with(make, size)
        login(membership.user)
        bid = round_.bids[1]
        path = f"/rounds/{round_.id}/sheets/" + ("" if page == "index" else str(bid.id))
        _statements(app, client, path)  # warm caches (first request of a session loads more)
        counts.append(_statements(app, client, path))
    assert counts[0] == counts[1]
