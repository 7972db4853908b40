"""Home and accessibility pages."""

from flask import render_template
from flask_login import current_user

from panel.core import bp


@bp.get("/")
def home():
    """Signed out: how to sign in or join. Signed in: the panels you sit on (listed by the rounds area, which
    registers `my_panels` for this page's template)."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    return render_template("core/home.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")
