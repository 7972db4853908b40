"""Sign in and sign out, and join a panel with an invitation card."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from panel.accounts import bp
from panel.accounts.forms import JoinAsForm, JoinCodeForm, JoinSetupForm, LoginForm
from panel.accounts.models import Invitation, User
from panel.accounts.operations import (
    InvitationUnavailable,
    accept_invitation,
    authenticate,
    find_invitation_by_code,
    find_invitation_by_token,
    join_with_new_account,
)
from panel.core.models import utcnow
from panel.extensions import db, limiter, login_manager
from panel.rounds.permissions import membership_of


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
    from panel.meetings.presence import end_connections

    # A live meeting connection keeps the cookie it opened with: close it too.
    end_connections(current_user.id)
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("core.home"))


# Joining a panel with an invitation card: by its link, or by typing its code, then choosing a login.

JOINING = "join_invitation_id"
ASK_FOR_A_NEW_CARD = "Ask the person who runs your panel for a new card."
CARD_PROBLEMS = {
    "expired": ("This card has run out", "Cards only work for a few weeks, to keep everyone safe."),
    "used": (
        "This card has already been used",
        "Each card works once. If you joined with it, sign in with the username and password you chose.",
    ),
    "revoked": ("This card has been cancelled", "The person who runs your panel has stopped it working."),
    "unknown_link": (
        "This link doesn't work",
        "It may not have been copied in full, or a newer card has replaced it. "
        "You can also type the code from your card.",
    ),
}


def _failed(response) -> bool:
    """Only failed tries count toward the limit, so a whole class can join from one school network."""
    return response.status_code >= 400


def _card_problem(problem: str, status: int = 410):
    heading, message = CARD_PROBLEMS[problem]
    return render_template(
        "accounts/join_problem.html",
        heading=heading,
        message=message,
        ask=ASK_FOR_A_NEW_CARD,
        problem=problem,
    ), status


def _start_joining(invitation: Invitation):
    state = invitation.state(utcnow())
    if state != "open":
        return _card_problem(state)
    session[JOINING] = invitation.id
    return redirect(url_for("accounts.join_setup"))


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"], deduct_when=_failed)
def join():
    """Type the code from an invitation card."""
    form = JoinCodeForm()
    if form.validate_on_submit():
        invitation = find_invitation_by_code(form.code.data)
        if invitation is not None:
            return _start_joining(invitation)
        form.code.errors.append(
            "We can't find that code. Check you typed it just like on your card. " + ASK_FOR_A_NEW_CARD
        )
    return render_template("accounts/join.html", form=form), 400 if form.errors else 200


@bp.get("/join/<token>")
@limiter.limit("10 per minute;50 per hour", deduct_when=_failed)
def join_link(token: str):
    """The link (and QR code) on an invitation card."""
    invitation = find_invitation_by_token(token)
    if invitation is None:
        return _card_problem("unknown_link", 404)
    return _start_joining(invitation)


def _joining_invitation() -> Invitation | None:
    invitation_id = session.get(JOINING)
    return db.session.get(Invitation, invitation_id) if isinstance(invitation_id, int) else None


def _welcome(invitation: Invitation, user: User):
    session.pop(JOINING, None)
    flash(
        f"Welcome to the panel, {user.display_name}! First, tell us if you have a link to any of the groups "
        "that asked for money.",
        "success",
    )
    return redirect(url_for("rounds.conflicts", round_id=invitation.round_id))


def _invitation_gone(invitation: Invitation):
    db.session.rollback()
    session.pop(JOINING, None)
    state = invitation.state(utcnow())
    return _card_problem("used" if state == "open" else state)


@bp.route("/join/setup", methods=["GET", "POST"])
def join_setup():
    """Choose a username and password, and agree to keep the panel's work private."""
    invitation = _joining_invitation()
    if invitation is None:
        return redirect(url_for("accounts.join"))
    if invitation.state(utcnow()) != "open":
        return _invitation_gone(invitation)
    if current_user.is_authenticated:
        return _join_as(invitation, current_user._get_current_object())
    form = JoinSetupForm()
    if request.method == "GET" and invitation.email:
        form.email.data = invitation.email
    if form.validate_on_submit():
        return _create_account(invitation, form)
    return _render_setup(invitation, form)


def _render_setup(invitation: Invitation, form: JoinSetupForm):
    status = 400 if form.errors else 200
    return render_template("accounts/join_setup.html", form=form, invitation=invitation), status


def _create_account(invitation: Invitation, form: JoinSetupForm):
    """The account, its seat on the panel and the used invitation: all saved together, or none of them."""
    try:
        user = join_with_new_account(
            invitation,
            username=form.username.data,
            password=form.password.data,
            email=form.email.data,
            now=utcnow(),
        )
        db.session.commit()
    except InvitationUnavailable:
        return _invitation_gone(invitation)
    except IntegrityError:
        db.session.rollback()
        form.username.errors.append("Somebody has just taken that username. Try another one.")
        return _render_setup(invitation, form)
    login_user(user)
    return _welcome(invitation, user)


def _join_as(invitation: Invitation, user: User):
    """Someone already signed in joins this panel with the account they have."""
    if membership_of(user, invitation.round) is not None:
        session.pop(JOINING, None)
        return render_template("accounts/join_already.html", invitation=invitation)
    form = JoinAsForm()
    if user.privacy_accepted_at is not None:
        del form.privacy
    if form.validate_on_submit():
        try:
            accept_invitation(invitation, user, utcnow())
            db.session.commit()
        except InvitationUnavailable:
            return _invitation_gone(invitation)
        except IntegrityError:
            db.session.rollback()
            return render_template("accounts/join_already.html", invitation=invitation)
        return _welcome(invitation, user)
    status = 400 if form.errors else 200
    return render_template("accounts/join_as.html", form=form, invitation=invitation), status
