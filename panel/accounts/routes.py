"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from panel.accounts import bp
from panel.accounts.forms import LoginForm
from panel.accounts.models import User
from panel.accounts.operations import ACCOUNT_TRIES, SignInAttempt, Slowed, stand_in_hash, try_to_sign_in
from panel.accounts.tries import client_address
from panel.core.numbers import read_id
from panel.extensions import db, login_manager

NO_MATCH = "That username and password don't match. Check them and try again."
ASK = "If you forgot your password, ask the person who runs your panel."


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    known = read_id(user_id)
    user = db.session.get(User, known) if known is not None else None
    # Removing someone's details ends every session they still had open.
    return user if user is not None and user.pseudonymised_at is None else None


login_manager.login_view = "accounts.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


def _make_the_stand_in_hash(state) -> None:
    """Made while the app starts, so the first sign-in with an unknown username does not take longer."""
    stand_in_hash()


bp.record_once(_make_the_stand_in_hash)


def _minutes(count: int) -> str:
    return "1 minute" if count == 1 else f"{count} minutes"


def _slowed_words(slowed: Slowed) -> str:
    if slowed.by == "account":
        return (
            "There have been too many wrong tries for this username. To keep it safe, wait "
            f"{_minutes(slowed.minutes)}, then try again. {ASK}"
        )
    return (
        "There have been too many wrong tries from this network in a short time. Wait "
        f"{_minutes(slowed.minutes)}, then try again. If this keeps happening, ask the person who runs your panel."
    )


def _wrong_password_words(attempt: SignInAttempt) -> str:
    if attempt.slowed is not None:
        return f"{NO_MATCH} {_slowed_words(attempt.slowed)}"
    if attempt.tries_left is not None and attempt.tries_left <= 2:
        times = "1 more time" if attempt.tries_left == 1 else f"{attempt.tries_left} more times"
        wait = _minutes(ACCOUNT_TRIES.minutes)
        return f"{NO_MATCH} You can try {times}. After that, you will need to wait {wait}. {ASK}"
    return NO_MATCH


def _safe_next(target: str | None) -> str:
    """Only follow a ?next= that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("core.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = try_to_sign_in(form.username.data, form.password.data, client_address())
        if attempt.user is not None:
            login_user(attempt.user)
            return redirect(_safe_next(request.args.get("next")))
        if attempt.slowed is not None and not attempt.checked:
            form.username.errors.append(_slowed_words(attempt.slowed))
        else:
            form.password.errors.append(_wrong_password_words(attempt))
        if attempt.slowed is not None:
            return render_template("accounts/login.html", form=form), 429
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # Flask-Login's user_logged_out signal lets later areas end what the session opened (a live meeting's
    # connections, in panel/meetings/presence.py).
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("core.home"))
