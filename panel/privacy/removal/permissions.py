"""Who may ask for their details to be removed, take the request back, and answer requests. Deny by default."""

from panel.privacy.permissions import signed_in
from panel.privacy.removal.models import RemovalRequest


def can_ask_for_removal(user) -> bool:
    """Panel members ask here; a commissioner's name stays on the decisions they made."""
    return signed_in(user) and not user.is_commissioner and user.pseudonymised_at is None


def can_withdraw(user, request: RemovalRequest) -> bool:
    """Only the person who asked can take their request back."""
    return signed_in(user) and request.user_id == user.id


def can_decide_removals(user) -> bool:
    """Commissioners confirm or decline removal requests."""
    return signed_in(user) and bool(user.is_commissioner)
