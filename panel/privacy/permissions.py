"""Who may see and change personal data. Deny by default; pages and templates call these same predicates.

Who may ask for removal, and answer those requests, is in removal/permissions.py."""


def signed_in(user) -> bool:
    """Deny anyone not signed in (the predicates here and in removal/permissions.py start with this)."""
    return bool(getattr(user, "is_authenticated", False))


def can_see_own_data(user) -> bool:
    """Anyone signed in sees (and downloads) what Co-Panel holds about them, and only them."""
    return signed_in(user)


def can_edit_privacy_notice(user) -> bool:
    """Commissioners write this Co-Panel's privacy notice."""
    return signed_in(user) and bool(user.is_commissioner)
