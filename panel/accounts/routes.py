"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from panel.accounts import bp
from panel.accounts.forms import LoginForm
from panel.accounts.models import User
from panel.accounts.operations import authenticate
from panel.extensions import db, limiter, login_manager


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    # Removing someone's details ends every session they still had open.
    return user if user is not None and user.pseudonymised_at is None else None


login_manager.login_view = "accounts.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


def _safe_next(target: str | None) -> str:
    """Only follow a ?next= that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("core.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That username and password don't match. Check them and try again.")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # Flask-Login's user_logged_out signal lets later areas end what the session opened (a live meeting's
    # connections, in panel/meetings/presence.py).
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("core.home"))
