"""A round's panel: who is on it, inviting people, printing invitation cards and cancelling invitations."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from panel.accounts import sessions
from panel.accounts.invitations import qr_svg
from panel.accounts.models import Invitation
from panel.accounts.operations import issue_sign_in_code
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
    invite_member,
    reprint_cards,
)
from panel.rounds.permissions import can_help_sign_in
from panel.rounds.routes import managed_round

_STATE_WORDS = {"open": "waiting", "expired": "expired"}
MANAGERS_ONLY = "Only the people who run this round can build its panel."


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


def _render_cards(round_: Round, cards: list[IssuedCard], *, just_invited: bool = False):
    printable = [_printable(card) for card in cards]
    return render_template("rounds/cards.html", round=round_, cards=printable, just_invited=just_invited)


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
    """Invite one person; their card is shown straight away, because its code cannot be shown again."""
    round_ = managed_round(round_id, MANAGERS_ONLY)
    form = InviteForm()
    if form.validate_on_submit():
        card = invite_member(
            round_,
            current_user,
            display_name=form.display_name.data,
            role=form.role.data,
            kind=form.kind.data,
            age_band=form.age_band.data,
            email=form.email.data,
            now=utcnow(),
        )
        db.session.commit()
        return _render_cards(round_, [card], just_invited=True)
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
    issued = reprint_cards(chosen, current_user, utcnow())
    db.session.commit()
    return _render_cards(round_, issued)


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
    issued = issue_sign_in_code(membership.user, current_user, utcnow())
    record_access(current_user, "sign_in_code_made", round_=round_, subject=f"member {membership.id}")
    db.session.commit()
    url = url_for("accounts.sign_in_link", code_token=issued.token, _external=True)
    return render_template(
        "rounds/sign_in_card.html",
        round=round_,
        membership=membership,
        issued=issued,
        url=url,
        qr=qr_svg(url, "QR code: scan it to choose a new password"),
    )
