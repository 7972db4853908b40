"""Reading a sheet back as the database holds it, to check what a save kept."""

from sqlalchemy import select

from panel.extensions import db
from panel.sheets.models import Sheet


def stored_sheet(membership, bid):
    """The sheet as the database holds it now, read fresh."""
    db.session.expire_all()
    return db.session.scalar(
        select(Sheet).where(Sheet.membership_id == membership.id, Sheet.bid_id == bid.id)
    )


def snapshot(membership, bid):
    """Everything stored for one sheet, to compare before and after a refused save."""
    sheet = stored_sheet(membership, bid)
    if sheet is None:
        return None
    return (
        sheet.version,
        sheet.status,
        sheet.strengths,
        sheet.concerns,
        sheet.questions,
        sorted((row.criterion_id, row.score, row.abstained, row.comment) for row in sheet.scores),
    )
