"""Making invitations in tests the way the invite page does, keeping the plain token and code it returns."""

from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.panel.operations import IssuedCard, invite_member
from scoring.people import AgeBand, MemberKind, MemberRole
from tests import factories


def issue(
    round_,
    *,
    display_name: str = "Sam",
    role: MemberRole = MemberRole.PANELLIST,
    kind: MemberKind = MemberKind.YOUNG,
    age_band: AgeBand | None = AgeBand.B14_16,
    email: str | None = None,
    by=None,
    now=None,
) -> IssuedCard:
    """An open invitation to the round's panel, committed, with its first card."""
    if kind is MemberKind.ADULT:
        age_band = None
    card = invite_member(
        round_,
        by or factories.commissioner(),
        display_name=display_name,
        role=role,
        kind=kind,
        age_band=age_band,
        email=email,
        now=now or utcnow(),
    )
    db.session.commit()
    return card
