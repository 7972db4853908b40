"""Joining a panel with an invitation card: by its link, or by typing its code, then choosing a login."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from panel.accounts import sessions
from panel.accounts.forms import CardCodeForm
from panel.accounts.models import Invitation, User
from panel.accounts.operations import find_card
from panel.accounts.tries import client_address
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.join import bp
from panel.rounds.join.forms import JoinAsForm, JoinSetupForm
from panel.rounds.join.operations import (
    JOIN_TRIES,
    InvitationUnavailable,
    accept_invitation,
    join_with_new_account,
)
from panel.rounds.permissions import membership_of

JOINING = "join_invitation_id"
ASK_FOR_A_NEW_CARD = "Ask the person who runs your panel for a new card."
ASK_IF_STUCK = "If it still does not work, ask the person who runs your panel for help."
CARD_PROBLEMS = {
    "expired": ("This card has run out", "Cards only work for a few weeks, to keep everyone safe."),
    "used": (
        "This card has already been used",
        "Each card works once. If you joined with it, sign in with the username and password you chose.",
    ),
    "revoked": ("This card has been cancelled", "The person who runs your panel has stopped it working."),
    "unknown_link": (
        "This link doesn't work",
        (
            "It may not have been copied in full, or a newer card has replaced it. "
            "You can also type the code from your card."
        ),
    ),
}


def _slowed_words(minutes: int) -> str:
    wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return (
        f"Too many wrong codes were typed on this network in a short time. Wait {wait}, then try again. "
        "Check the code is just like on your card."
    )


def _card_problem(problem: str, status: int = 410):
    heading, message = CARD_PROBLEMS[problem]
    return render_template(
        "join/join_problem.html",
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
    return redirect(url_for("join.setup"))


@bp.route("/join", methods=["GET", "POST"])
def code():
    """Type the code from an invitation card. Only codes that match no card count toward the network's limit,
    so a whole class can join from one school network while guessing codes is slowed."""
    form = CardCodeForm()
    if form.validate_on_submit():
        if (minutes := JOIN_TRIES.wait(client_address())) is not None:
            form.code.errors.append(f"{_slowed_words(minutes)} {ASK_IF_STUCK}")
            return render_template("join/join.html", form=form), 429
        invitation = find_card(Invitation, code=form.code.data)
        if invitation is not None:
            return _start_joining(invitation)
        JOIN_TRIES.fail(client_address())
        form.code.errors.append(
            "We can't find that code. Check you typed it just like on your card. " + ASK_FOR_A_NEW_CARD
        )
    return render_template("join/join.html", form=form), 400 if form.errors else 200


@bp.get("/join/<token>")
def link(token: str):
    """The link (and QR code) on an invitation card; links that match no card count as codes do."""
    if (minutes := JOIN_TRIES.wait(client_address())) is not None:
        return render_template(
            "join/join_problem.html",
            heading="Too many tries",
            message=_slowed_words(minutes),
            ask=ASK_IF_STUCK,
            problem="slowed",
        ), 429
    invitation = find_card(Invitation, token=token)
    if invitation is None:
        JOIN_TRIES.fail(client_address())
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
    return redirect(url_for("bids.conflicts", round_id=invitation.round_id))


def _invitation_gone(invitation: Invitation):
    db.session.rollback()
    session.pop(JOINING, None)
    state = invitation.state(utcnow())
    return _card_problem("used" if state == "open" else state)


@bp.route("/join/setup", methods=["GET", "POST"])
def setup():
    """Choose a username and password, and agree to keep the panel's work private."""
    invitation = _joining_invitation()
    if invitation is None:
        return redirect(url_for("join.code"))
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
    return render_template("join/join_setup.html", form=form, invitation=invitation), status


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
    sessions.sign_in(user)
    db.session.commit()
    return _welcome(invitation, user)


def _join_as(invitation: Invitation, user: User):
    """Someone already signed in joins this panel with the account they have."""
    if membership_of(user, invitation.round) is not None:
        session.pop(JOINING, None)
        return render_template("join/join_already.html", invitation=invitation)
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
            return render_template("join/join_already.html", invitation=invitation)
        return _welcome(invitation, user)
    status = 400 if form.errors else 200
    return render_template("join/join_as.html", form=form, invitation=invitation), status
