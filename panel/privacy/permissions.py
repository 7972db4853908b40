"""Who may see and change personal data. Deny by default; pages and templates call these same predicates."""

from panel.accounts.models import RemovalRequest


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_see_own_data(user) -> bool:
    """Anyone signed in sees (and downloads) what Co-Panel holds about them, and only them."""
    return _signed_in(user)


def can_ask_for_removal(user) -> bool:
    """Panel members ask here; a commissioner's name stays on the decisions they made."""
    return _signed_in(user) and not user.is_commissioner and user.pseudonymised_at is None


def can_withdraw(user, request: RemovalRequest) -> bool:
    """Only the person who asked can take their request back."""
    return _signed_in(user) and request.user_id == user.id


def can_decide_removals(user) -> bool:
    """Commissioners confirm or decline removal requests."""
    return _signed_in(user) and bool(user.is_commissioner)


def can_edit_privacy_notice(user) -> bool:
    """Commissioners write this Co-Panel's privacy notice."""
    return _signed_in(user) and bool(user.is_commissioner)
