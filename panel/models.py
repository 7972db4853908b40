"""Every model, imported in one place so that the metadata (and so Alembic) sees the whole schema."""

from panel.accounts.models import Invitation, User
from panel.bids.models import Bid, Document
from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round

__all__ = ["Bid", "Conflict", "Criterion", "CriterionLevel", "Document", "Invitation", "Membership", "Round", "User"]
