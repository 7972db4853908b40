"""The progress table costs the same number of SQL statements with 5 bids as with 50."""

from contextlib import contextmanager

from sqlalchemy import event

from panel.extensions import db
from panel.sheets.models import Sheet, SheetStatus
from scoring.people import MemberKind, MemberRole


@contextmanager
def counted(engine):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _statements_for(app, client, make, login, bids: int) -> int:
    round_ = make.round(criteria=2, bids=bids)
    chair = make.member(round_, role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True)
    members = [make.member(round_, trained=True), make.member(round_, kind=MemberKind.ADULT, trained=True)]
    make.conflict(members[0], round_.bids[0])
    for index, bid in enumerate(round_.bids):
        status = SheetStatus.SUBMITTED if index % 2 else SheetStatus.IN_PROGRESS
        db.session.add(Sheet(round_id=round_.id, bid_id=bid.id, membership_id=members[1].id, status=status))
    db.session.commit()
    login(chair.user)
    with app.app_context():
        engine = db.engine
    with counted(engine) as statements:
        response = client.get(f"/rounds/{round_.id}/sheets/progress")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("Submitted") >= bids // 2
    return len(statements)


def test_the_progress_table_does_not_query_per_bid_or_per_member(app, client, make, login):
    few = _statements_for(app, client, make, login, 5)
    many = _statements_for(app, client, make, login, 50)
    assert few > 3, "the listener saw the page's queries"
    assert few == many
