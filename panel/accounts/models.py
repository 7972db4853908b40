"""People who can sign in, where each is signed in, and the cards that let young people join (or get back in)
without an email address."""

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from panel.core.models import UTCDateTime, enum_type, utcnow
from panel.extensions import Model
from scoring.people import AgeBand, MemberKind, MemberRole

if TYPE_CHECKING:  # the other side of a relationship, named for the type checker only
    from panel.rounds.models import Membership, Round


class CardColumns:
    """What every printed card that works once keeps (an invitation, a sign-in code): keyed hashes of its link
    token and code (panel/accounts/invitations.py), when it runs out, who made it and when, and when it was used
    or cancelled. Found and used up through panel/accounts/operations.py (find_card, claim_card)."""

    # What the card's hashes are keyed for (panel/accounts/invitations.py), so a code of one kind of card
    # never matches another kind.
    hashed_as: ClassVar[str]

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    def state(self, now: datetime) -> str:
        """Where the card stands: 'used', 'revoked', 'expired' or 'open'."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "open"


class User(UserMixin, Model):
    """A person with a login. Holds as little as the job needs: no date of birth, no address."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254))
    is_commissioner: Mapped[bool] = mapped_column(default=False)
    # May read the worries panel members raise (granted by a commissioner; never a young member).
    is_safeguarding_lead: Mapped[bool] = mapped_column(default=False)
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the person's name and contact details were removed (panel/privacy/removal/operations.py); no sign-in after.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class Invitation(CardColumns, Model):
    """A single-use, expiring way into one round's panel. Only hashes of its link token and code are kept."""

    __tablename__ = "invitation"
    __table_args__ = (
        CheckConstraint("(kind = 'young') = (age_band IS NOT NULL)", name="age_band_for_young_only"),
    )
    hashed_as = "invitation"

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole, "member_role"))
    kind: Mapped[MemberKind] = mapped_column(enum_type(MemberKind, "member_kind"))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_type(AgeBand, "age_band"))
    email: Mapped[str | None] = mapped_column(String(254))
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    round: Mapped["Round"] = relationship(back_populates="invitations")
    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])


class SignIn(Model):
    """One signed-in browser: the key in its session cookie is checked against this row on every page and every
    meeting event, so ending the row ends that session wherever its cookie has been copied. Only a hash of the
    key is kept. Rows go when the session ends (signing out, signing out everywhere, a new password, or idle
    time); nothing about the device is kept."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SignInCode(CardColumns, Model):
    """A one-time way back in for someone who forgot their password or lost their phone: a commissioner prints
    it as a card, the person types its code (or opens its link) and chooses a new password. Only keyed hashes
    of its link token and code are kept, as for invitations; a newer code for the same person cancels it."""

    __tablename__ = "sign_in_code"
    hashed_as = "sign-in"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
