"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_url

from panel.accounts import bp, sessions
from panel.accounts.forms import CardCodeForm, LoginForm, NewPasswordForm
from panel.accounts.models import SignInCode, User
from panel.accounts.operations import (
    ACCOUNT_TRIES,
    ADDRESS_TRIES,
    CodeUnavailable,
    SignInAttempt,
    Slowed,
    find_card,
    stand_in_hash,
    try_to_sign_in,
    use_sign_in_code,
)
from panel.accounts.tries import client_address
from panel.core.models import utcnow
from panel.core.numbers import read_id
from panel.extensions import db, login_manager

SIGNED_OUT_SAVE = (
    "You were signed out, so this is not saved yet. Your changes are kept on this device. "
    "Sign in again, then open this page again."
)
NO_MATCH = "That username and password don't match. Check them and try again."
ASK = "If you forgot your password, ask the person who runs your panel."


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The person this browser signed in as, if that session has not ended (signed out here or everywhere,
    a new password, idle too long): the key in the cookie must match a live SignIn row."""
    known = read_id(user_id)
    user = sessions.live_sign_in(known, sessions.current_key()) if known is not None else None
    # Removing someone's details ends every session they still had open.
    return user if user is not None and user.pseudonymised_at is None else None


@login_manager.unauthorized_handler
def unauthorized():
    """A page sends someone signed out to sign in; a save made in the background (autosave) is told plainly,
    so the page keeps their changes instead of taking the sign-in page for an answer."""
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return jsonify(message=SIGNED_OUT_SAVE), 401
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, request.url))


@bp.before_app_request
def _check_the_session_first() -> None:
    """Whether this browser's session goes on is settled before any page starts its own work (checking it may
    note the session's use, or end an idle one, and commit)."""
    current_user._get_current_object()


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
            sessions.sign_in(attempt.user)
            db.session.commit()
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
    # Ending the session tells later areas to close what it opened (a live meeting's connections, in
    # panel/meetings/presence.py), on every server process.
    sessions.sign_out()
    db.session.commit()
    flash("You have signed out.", "success")
    return redirect(url_for("core.home"))


# A one-time sign-in code, printed on a card by the person who runs the panel (panel/rounds/panel/routes.py).
USING_CODE = "sign_in_code_id"
CODE_PROBLEMS = {
    "expired": "This card has run out. Cards work for a week, to keep everyone safe.",
    "used": "This card has already been used. Sign in with the password you chose.",
    "revoked": "A newer card has replaced this one. Use the newest card you were given.",
    "unknown": "We can't find that code. Check you typed it just like on your card.",
}
ASK_FOR_A_CARD = "Ask the person who runs your panel for a new card."


def _code_problem(problem: str, status: int):
    form = CardCodeForm(formdata=None)
    form.code.errors = [f"{CODE_PROBLEMS[problem]} {ASK_FOR_A_CARD}"]
    return render_template("accounts/sign_in_code.html", form=form), status


def _slowed_code(form: CardCodeForm, minutes: int):
    form.code.errors = [_slowed_words(Slowed("address", minutes))]
    return render_template("accounts/sign_in_code.html", form=form), 429


def _start_using(code: SignInCode | None):
    if code is None:
        ADDRESS_TRIES.fail(client_address())  # a wrong code is a wrong try, as a wrong password is
        return _code_problem("unknown", 404 if request.method == "GET" else 400)
    state = code.state(utcnow())
    if state != "open":
        return _code_problem(state, 410)
    session[USING_CODE] = code.id
    return redirect(url_for("accounts.new_password"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
def sign_in_code():
    """Type the code from a sign-in code card."""
    form = CardCodeForm()
    if form.validate_on_submit():
        if (minutes := ADDRESS_TRIES.wait(client_address())) is not None:
            return _slowed_code(form, minutes)
        return _start_using(find_card(SignInCode, code=form.code.data))
    return render_template("accounts/sign_in_code.html", form=form), 400 if form.errors else 200


@bp.get("/sign-in/code/<code_token>")
def sign_in_link(code_token: str):
    """The link (and QR code) on a sign-in code card."""
    if (minutes := ADDRESS_TRIES.wait(client_address())) is not None:
        return _slowed_code(CardCodeForm(), minutes)
    return _start_using(find_card(SignInCode, token=code_token))


@bp.route("/sign-in/new-password", methods=["GET", "POST"])
def new_password():
    """Choose a new password with the card's code; then this browser is signed in, and every other one out."""
    code_id = session.get(USING_CODE)
    code = db.session.get(SignInCode, code_id) if isinstance(code_id, int) else None
    if code is None:
        return redirect(url_for("accounts.sign_in_code"))
    if (state := code.state(utcnow())) != "open":
        session.pop(USING_CODE, None)
        return _code_problem(state, 410)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = use_sign_in_code(code, form.password.data, utcnow())
        except CodeUnavailable:
            db.session.rollback()
            session.pop(USING_CODE, None)
            return _code_problem("used", 410)
        sessions.sign_in(user)
        db.session.commit()
        flash("Your new password is saved, and you are signed in.", "success")
        return redirect(url_for("core.home"))
    status = 400 if form.errors else 200
    return render_template("accounts/new_password.html", form=form, user=code.user), status
