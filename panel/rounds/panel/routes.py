"""A round's panel: who is on it, inviting people, printing invitation cards and cancelling invitations.

Making cards (an invitation, new cards, a sign-in code) is a POST that makes new codes, so it answers with a
redirect to a page showing them (Post/Redirect/Get): a reload or printing again must never make new codes and
silently cancel the cards just printed. Only hashes of the codes are stored, so what that page needs to show
them is kept in the signed session cookie of the browser that made them, for SHOWN_FOR: the seed the batch was
made from (panel/rounds/panel/operations.py), or the one sign-in card's link and code. After that, or in another
browser, the page says the cards can't be shown again and how to make new ones on purpose.
"""

from datetime import datetime, timedelta

from flask import abort, flash, make_response, redirect, render_template, session, url_for
from flask_login import current_user, login_required, user_logged_out
from sqlalchemy import select
from wtforms import SelectChoice

from panel.accounts import sessions
from panel.accounts.invitations import qr_svg
from panel.accounts.models import Invitation, SignInCode
from panel.accounts.operations import find_card, issue_sign_in_code
from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds import bp
from panel.rounds.models import Membership, Round
from panel.rounds.panel.forms import CardsForm, HelpForm, InviteForm
from panel.rounds.panel.operations import (
    IssuedCard,
    can_reprint,
    cancel_invitation,
    cards_again,
    invite_member,
    new_card_seed,
    reprint_cards,
)
from panel.rounds.permissions import can_help_sign_in
from panel.rounds.routes import managed_round

_STATE_WORDS = {"open": "waiting", "expired": "expired"}
MANAGERS_ONLY = "Only the people who run this round can build its panel."
SHOWN_FOR = timedelta(minutes=30)  # how long the browser that made cards can show them again
CARDS_MADE = "cards_made"  # session: the seed of the newest batch of invitation cards, and whose they are
SIGN_IN_CARD = "sign_in_card_made"  # session: the newest sign-in code card's link token and code


def _invitations(round_: Round) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.round_id == round_.id)
            .order_by(Invitation.created_at, Invitation.id)
        )
    )


def _cards_form(invitations: list[Invitation]) -> CardsForm:
    form = CardsForm()
    now = utcnow()
    form.invitations.choices = [
        SelectChoice(str(invitation.id), f"{invitation.display_name} ({_STATE_WORDS[invitation.state(now)]})")
        for invitation in invitations
        if can_reprint(invitation)
    ]
    return form


def _render_panel(round_: Round, cards_form: CardsForm | None = None, status: int = 200):
    invitations = _invitations(round_)
    members = db.session.scalars(
        select(Membership)
        .where(Membership.round_id == round_.id)
        .order_by(Membership.joined_at, Membership.id)
    ).all()
    return render_template(
        "rounds/panel.html",
        round=round_,
        members=members,
        helpable={member.id for member in members if can_help_sign_in(current_user, round_, member)},
        invitations=invitations,
        form=cards_form or _cards_form(invitations),
        now=utcnow(),
    ), status


def _printable(card: IssuedCard) -> dict:
    url = url_for("join.link", token=card.token, _external=True)
    return {"card": card, "url": url, "qr": qr_svg(url)}


def _not_stored(page: str, status: int = 200):
    """A page showing codes (or saying they are gone) is never kept by the browser's cache."""
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _remember(key: str, round_: Round, now: datetime, **card) -> None:
    """What the cards page needs to show these cards again, in this browser only, for SHOWN_FOR."""
    session[key] = {"round": round_.id, "by": current_user.id, "at": int(now.timestamp()), **card}


def _showable(made, now: datetime) -> bool:
    """Whether cards kept in the session may still be shown: made by whoever is signed in, within SHOWN_FOR."""
    if not isinstance(made, dict) or not current_user.is_authenticated or made.get("by") != current_user.id:
        return False
    return now - SHOWN_FOR <= datetime.fromtimestamp(made.get("at", 0), now.tzinfo) <= now


def _remembered(key: str, round_: Round, now: datetime) -> dict | None:
    """The cards this person made for this round in this browser, while they may still be shown."""
    made = session.get(key)
    return (
        made if isinstance(made, dict) and _showable(made, now) and made.get("round") == round_.id else None
    )


def _forget_cards(*_args, **_kwargs) -> None:
    for key in (CARDS_MADE, SIGN_IN_CARD):
        session.pop(key, None)


# What could make the cards again leaves the cookie as soon as they may no longer be shown: on signing out, and
# on the first request after SHOWN_FOR (or once someone else is signed in on this browser).
user_logged_out.connect(_forget_cards)


@bp.before_app_request
def _forget_old_cards() -> None:
    now = utcnow()
    for key in (CARDS_MADE, SIGN_IN_CARD):
        if key in session and not _showable(session[key], now):
            session.pop(key)


def _cards_made(round_: Round, cards: list[IssuedCard], seed: bytes, *, just_invited: bool = False):
    _remember(CARDS_MADE, round_, utcnow(), seed=seed.hex(), count=len(cards), invited=just_invited)
    return redirect(url_for("rounds.cards_made", round_id=round_.id))


@bp.get("/<int:round_id>/panel")
@login_required
def panel(round_id: int):
    """The members of the round's panel and the invitations still out."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    record_access(current_user, "panel_viewed", round_=round_)
    db.session.commit()
    return _render_panel(round_)


@bp.route("/<int:round_id>/panel/invite", methods=["GET", "POST"])
@login_required
def invite(round_id: int):
    """Invite one person; their card is shown next (its code is never stored, so this is the time to print it)."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    form = InviteForm()
    if form.validate_on_submit():
        seed = new_card_seed()
        card = invite_member(
            round_,
            current_user,
            display_name=form.display_name.data,
            role=form.role.data,
            kind=form.kind.data,
            age_band=form.age_band.data,
            email=form.email.data,
            now=utcnow(),
            seed=seed,
        )
        db.session.commit()
        return _cards_made(round_, [card], seed, just_invited=True)
    return render_template("rounds/invite.html", round=round_, form=form), 400 if form.errors else 200


@bp.post("/<int:round_id>/panel/cards")
@login_required
def cards(round_id: int):
    """A printable sheet of new cards for the chosen invitations (which makes new codes)."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    invitations = _invitations(round_)
    form = _cards_form(invitations)
    if not form.validate_on_submit():
        return _render_panel(round_, form, status=400)
    chosen = _chosen(form, invitations)
    if not chosen:
        flash("Nobody is waiting for a card. Invite someone first.", "info")
        return redirect(url_for("rounds.panel", round_id=round_.id))
    seed = new_card_seed()
    issued = reprint_cards(chosen, current_user, utcnow(), seed)
    db.session.commit()
    return _cards_made(round_, issued, seed)


@bp.get("/<int:round_id>/panel/cards")
@login_required
def cards_made(round_id: int):
    """The cards just made, to print: shown again on a reload, in the browser that made them, for SHOWN_FOR."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    now = utcnow()
    made = _remembered(CARDS_MADE, round_, now)
    cards = cards_again(round_, bytes.fromhex(made["seed"]), made["count"], now) if made else []
    if not made or not cards:
        page = render_template(
            "rounds/cards_gone.html",
            round=round_,
            title="These cards can't be shown again",
            again_href=url_for("rounds.panel", round_id=round_.id, _anchor="print-cards"),
            again_text="Make new cards on the panel page",
            minutes=SHOWN_FOR // timedelta(minutes=1),
        )
        return _not_stored(page)
    page = render_template(
        "rounds/cards.html",
        round=round_,
        cards=[_printable(card) for card in cards],
        just_invited=made["invited"],
        left_out=made["count"] - len(cards),
        shown_until=datetime.fromtimestamp(made["at"], now.tzinfo) + SHOWN_FOR,
    )
    return _not_stored(page)


def _chosen(form: CardsForm, invitations: list[Invitation]) -> list[Invitation]:
    if form.print_all_waiting.data:
        now = utcnow()
        return [invitation for invitation in invitations if invitation.state(now) == "open"]
    wanted = set(form.invitations.data)
    return [invitation for invitation in invitations if invitation.id in wanted and can_reprint(invitation)]


@bp.post("/<int:round_id>/panel/invitations/<int:invitation_id>/cancel")
@login_required
def invitation_cancel(round_id: int, invitation_id: int):
    """Stop an invitation working, for example when a card was lost or given to the wrong person."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    invitation = get_or_404(Invitation, invitation_id)
    if invitation.round_id != round_.id:
        abort(404)
    if cancel_invitation(invitation, current_user, utcnow()):
        db.session.commit()
        flash(
            f"The invitation for {invitation.display_name} is cancelled. Its card no longer works.", "success"
        )
    else:
        flash(f"The invitation for {invitation.display_name} was already used or cancelled.", "info")
    return redirect(url_for("rounds.panel", round_id=round_.id))


HELP_REFUSED = (
    "You can't do this for this person. A commissioner or a safeguarding lead resets their own password on the "
    "server's command line (copanel sign-in-code)."
)


def _member_to_help(round_: Round, membership_id: int) -> Membership:
    membership = get_or_404(Membership, membership_id)
    if membership.round_id != round_.id:
        abort(404)
    deny_unless(can_help_sign_in(current_user, round_, membership), HELP_REFUSED)
    return membership


@bp.get("/<int:round_id>/panel/members/<int:membership_id>/sign-in")
@login_required
def member_sign_in(round_id: int, membership_id: int):
    """Help one member with signing in: where they are signed in, sign them out everywhere, or print them a
    one-time sign-in code."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    membership = _member_to_help(round_, membership_id)
    return render_template(
        "rounds/member_sign_in.html",
        round=round_,
        membership=membership,
        signed_in=sessions.sign_ins_of(membership.user_id),
        form=HelpForm(),
    )


@bp.post("/<int:round_id>/panel/members/<int:membership_id>/sign-out")
@login_required
def member_sign_out(round_id: int, membership_id: int):
    """Sign a member out on every device (a lost or shared phone)."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    membership = _member_to_help(round_, membership_id)
    if not HelpForm().validate_on_submit():
        abort(400)
    ended = sessions.end_everywhere(membership.user_id, sessions.Ended.HELPED)
    record_access(current_user, "member_signed_out", round_=round_, subject=f"member {membership.id}")
    db.session.commit()
    devices = "1 device" if ended == 1 else f"{ended} devices"
    flash(f"{membership.user.display_name} is signed out on {devices}.", "success")
    return redirect(url_for("rounds.member_sign_in", round_id=round_.id, membership_id=membership.id))


@bp.post("/<int:round_id>/panel/members/<int:membership_id>/sign-in-code")
@login_required
def member_sign_in_code(round_id: int, membership_id: int):
    """A printable card with a one-time sign-in code; any earlier code for them stops working."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    membership = _member_to_help(round_, membership_id)
    if not HelpForm().validate_on_submit():
        abort(400)
    now = utcnow()
    issued = issue_sign_in_code(membership.user, current_user, now)
    record_access(current_user, "sign_in_code_made", round_=round_, subject=f"member {membership.id}")
    db.session.commit()
    _remember(SIGN_IN_CARD, round_, now, member=membership.id, token=issued.token, code=issued.printed_code)
    return redirect(url_for("rounds.sign_in_card", round_id=round_.id, membership_id=membership.id))


@bp.get("/<int:round_id>/panel/members/<int:membership_id>/sign-in-code")
@login_required
def sign_in_card(round_id: int, membership_id: int):
    """The sign-in code card just made, to print: shown again on a reload, in the browser that made it, for
    SHOWN_FOR, while it still works."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    membership = _member_to_help(round_, membership_id)
    now = utcnow()
    made = _remembered(SIGN_IN_CARD, round_, now)
    code = (
        find_card(SignInCode, token=made["token"]) if made and made.get("member") == membership.id else None
    )
    if made is None or code is None or code.user_id != membership.user_id or code.state(now) != "open":
        page = render_template(
            "rounds/cards_gone.html",
            round=round_,
            title="This sign-in card can't be shown again",
            again_href=url_for("rounds.member_sign_in", round_id=round_.id, membership_id=membership.id),
            again_text=f"Print a new sign-in card for {membership.user.display_name}",
            minutes=SHOWN_FOR // timedelta(minutes=1),
        )
        return _not_stored(page)
    url = url_for("accounts.sign_in_link", code_token=made["token"], _external=True)
    page = render_template(
        "rounds/sign_in_card.html",
        round=round_,
        membership=membership,
        code=code,
        printed_code=made["code"],
        url=url,
        qr=qr_svg(url, "QR code: scan it to choose a new password"),
        shown_until=datetime.fromtimestamp(made["at"], now.tzinfo) + SHOWN_FOR,
    )
    return _not_stored(page)
