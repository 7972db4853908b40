"""An autosave costs about one write: the person and their session read once, the seat, the rules' facts and the
sheet in one statement, then the conditional write and the score rows it changes. Nothing is read again for
the answer, and the count does not grow with the round's criteria, bids or panel."""

from sqlalchemy import event

from panel.extensions import db
from panel.sheets.models import Sheet, SheetScore
from scoring.rounds import RoundStatus


def _statements(app, send) -> tuple[object, list[str]]:
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        response = send()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return response, seen


def _started_sheet(make, criteria: int, bids: int, others: int):
    round_ = make.round(
        f"Round of {criteria} and {bids}", status=RoundStatus.SCORING, criteria=criteria, bids=bids
    )
    for _ in range(others):
        make.member(round_, trained=True)
    membership = make.member(round_, trained=True)
    bid = round_.bids[0]
    first = round_.criteria[0]
    db.session.add(
        Sheet(
            round_id=round_.id,
            bid_id=bid.id,
            membership_id=membership.id,
            version=1,
            scores=[SheetScore(criterion_id=first.id, score=1)],
        )
    )
    db.session.commit()
    return round_, bid, membership


def test_a_save_reads_twice_and_writes_the_sheet_and_the_score_it_changes(app, client, login, make):
    round_, bid, membership = _started_sheet(make, criteria=3, bids=2, others=1)
    login(membership.user)
    url = f"/rounds/{round_.id}/sheets/{bid.id}/autosave"
    first, second = round_.criteria[0], round_.criteria[1]
    body = {"version": 1, "scores": {str(first.id): 3, str(second.id): 2}, "strengths": "Young people run it"}
    response, seen = _statements(app, lambda: client.post(url, json=body))
    assert response.status_code == 200 and response.get_json()["version"] == 2
    # The session with its person; the seat, rules and sheet; the version claim carrying the text; the score
    # row it changes and the one it adds.
    assert seen[:3] == ["SELECT", "SELECT", "UPDATE"]
    assert sorted(seen[3:]) == ["INSERT", "UPDATE"]
    text_only = {"version": 2, "concerns": "Costs"}
    response, seen = _statements(app, lambda: client.post(url, json=text_only))
    assert response.status_code == 200 and response.get_json()["state"]["label"] == "In progress"
    assert seen == ["SELECT", "SELECT", "UPDATE"]


def test_the_count_does_not_grow_with_the_round(app, client, login, make):
    counts = []
    for criteria, bids, others in ((2, 1, 0), (8, 30, 40)):
        round_, bid, membership = _started_sheet(make, criteria, bids, others)
        login(membership.user)
        url = f"/rounds/{round_.id}/sheets/{bid.id}/autosave"
        body = {"version": 1, "scores": {str(round_.criteria[0].id): 4}}
        response, seen = _statements(app, lambda url=url, body=body: client.post(url, json=body))
        assert response.status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1] == 4  # two reads, the version claim, the changed score
