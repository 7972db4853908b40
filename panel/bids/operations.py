"""Changes to bids and their documents. Each takes the person acting and flushes; the caller commits."""

import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from panel.bids import documents
from panel.bids.importing import BidRow, reference_key
from panel.bids.models import Bid, Document
from panel.extensions import db
from panel.rounds import hooks
from panel.rounds.models import Round


def taken_references(round_: Round, except_bid: Bid | None = None) -> set[str]:
    """reference_key() of every bid already in the round (but the one being changed)."""
    query = select(Bid.reference).where(Bid.round_id == round_.id)
    if except_bid is not None:
        query = query.where(Bid.id != except_bid.id)
    return {reference_key(reference) for reference in db.session.scalars(query)}


@dataclass(frozen=True)
class BidDetails:
    """What a commissioner types about a bid (or an imported row holds: it has no summary for young readers)."""

    reference: str
    organisation: str
    title: str
    summary: str
    amount_pence: int
    plain_summary: str = ""


def _apply(bid: Bid, details: BidDetails) -> None:
    bid.reference = details.reference
    bid.organisation = details.organisation
    bid.title = details.title
    bid.summary = details.summary or ""
    bid.plain_summary = details.plain_summary or ""
    bid.amount_pence = details.amount_pence


def create_bid(round_: Round, actor, details: BidDetails) -> Bid:
    """Add one bid to the round."""
    bid = Bid(round=round_)
    _apply(bid, details)
    db.session.add(bid)
    db.session.flush()
    return bid


def update_bid(bid: Bid, actor, details: BidDetails) -> Bid:
    """Change a bid's details."""
    _apply(bid, details)
    db.session.flush()
    return bid


def import_bids(round_: Round, actor, rows: list[BidRow]) -> list[Bid]:
    """Add every checked row as a bid; the caller's single commit makes it all or nothing."""
    bids = []
    for row in rows:
        bid = Bid(round=round_)
        _apply(bid, BidDetails(row.reference, row.organisation, row.title, row.summary, row.amount_pence))
        bids.append(bid)
    db.session.add_all(bids)
    db.session.flush()
    return bids


def add_document(bid: Bid, actor, upload: FileStorage, folder: str, max_bytes: int) -> Document:
    """Check an uploaded file and keep it with the bid; a refused file raises DocumentError saying why."""
    filename = documents.display_name(upload.filename)
    data = upload.read()
    kind = documents.check_document(filename, data, max_bytes)
    stored_name = documents.store(folder, data)
    document = Document(
        bid=bid,
        filename=filename,
        stored_name=stored_name,
        content_type=kind.content_type,
        size_bytes=len(data),
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    try:
        db.session.flush()
    except Exception:
        documents.remove(folder, stored_name)
        raise
    return document


def delete_document(document: Document, actor) -> str:
    """Remove a document's row; returns its stored name, for the caller to delete the file once committed."""
    db.session.delete(document)
    db.session.flush()
    return document.stored_name


class HasReference(Protocol):
    """A bid, or a row holding a bid's reference."""

    @property
    def reference(self) -> str: ...


def in_reference_order(bid: HasReference) -> tuple[int | str, ...]:
    """A sort key that puts B2 before B10, as people read references."""
    # Split on ASCII digits only: int() refuses '²' (which str.isdigit() takes) and reads '٣' as 3.
    parts = re.split(r"([0-9]+)", bid.reference)
    return tuple(int(part) if index % 2 else part.casefold() for index, part in enumerate(parts))


@hooks.counts
def _bid_counts(round_: Round) -> hooks.Counts:
    """How many bids the round has and what they ask for, in pence (for its status guards and overview)."""
    bids, requested = db.session.execute(
        select(func.count(Bid.id), func.coalesce(func.sum(Bid.amount_pence), 0)).where(
            Bid.round_id == round_.id
        )
    ).one()
    return {"bids": bids, "requested_pence": int(requested)}
