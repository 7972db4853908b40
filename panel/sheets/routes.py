"""Scoring sheet pages: the member's list, one bid's sheet, saving it (with or without JavaScript)."""

from dataclasses import dataclass

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from panel.bids.models import Bid
from panel.bids.permissions import can_view_bid
from panel.core.access import FriendlyForbidden, deny_unless, get_or_404
from panel.core.models import utcnow
from panel.core.numbers import read_id
from panel.extensions import db
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import can_manage_round, membership_of
from panel.sheets import bp
from panel.sheets.forms import ActionForm, SheetForm, read_autosave
from panel.sheets.gate import NOT_YOUR_PANEL, require_training
from panel.sheets.models import Sheet, SheetStatus
from panel.sheets.operations import (
    STALE,
    IncompleteSheet,
    InvalidScores,
    SaveSeat,
    SheetLocked,
    StaleSheet,
    read_save_seat,
    reopen_sheet,
    save_read_sheet,
    save_sheet,
    sheet_of,
    submit_sheet,
)
from panel.sheets.permissions import can_score_bid, may_score, scorable_bids
from panel.sheets.views import autosave_reply, sheet_json, sheet_page, sheet_state, stale_page
from panel.training.permissions import can_score, can_train
from scoring.people import MemberRole

NOT_YOURS_TO_SCORE = (
    "This bid is not on your list to score: you told us you have a link to it, or it was given to other "
    "members. Go back to your scoring sheets."
)
COMMISSIONERS_DONT_SCORE = "Commissioners don't score bids. The panel's members do, on their own sheets."


@dataclass(frozen=True)
class NextStep:
    """Where a panel member goes once a page is done: a button's words, its address, and one line on why."""

    text: str
    href: str
    why: str


@bp.app_template_global("next_step")
def next_step(round_: Round) -> NextStep | None:
    """A member's next step in a round (shown once they have said who they have links to): their scoring sheets
    once they may score, else their training. It asks the permissions the sheets and training pages ask."""
    if can_score(current_user, round_):
        return NextStep(
            "Go to your scoring sheets",
            url_for("sheets.index", round_id=round_.id),
            "Your training is done, so your scoring sheets are open.",
        )
    if can_train(current_user, round_):
        return NextStep(
            "Go to your training",
            url_for("training.start", round_id=round_.id),
            "Your scoring sheets open when your training is done.",
        )
    return None


@dataclass(frozen=True)
class SheetsSoFar:
    """How far a member is with their scoring sheets, for the step on their round's page."""

    to_score: int
    started: int
    sent: int

    @property
    def status(self) -> dict:
        """The step's status in govukTaskList's shape: done once every sheet is sent."""
        if self.to_score and self.sent == self.to_score:
            return {"text": "Done"}
        if self.started:
            return {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
        return {"tag": {"text": "Open", "classes": "govuk-tag--green"}}

    @property
    def hint(self) -> str:
        if not self.to_score:
            return "There are no bids for you to score yet."
        if self.sent == self.to_score:
            return "You have sent your scores for every bid. You can reopen a sheet before the deadline."
        if self.started:
            return f"You have sent {self.sent} of {self.to_score} sheets."
        return "Score each bid on your own sheet."


@bp.app_template_global("my_sheets")
def my_sheets(membership: Membership | None) -> SheetsSoFar | None:
    """A member's sheets so far (bids to score, sheets started, sheets sent), so their round's page says where
    they are rather than a bare "Open". Counts only the bids they may score (scorable_bids)."""
    if membership is None:
        return None
    bid_ids = [bid.id for bid in scorable_bids(membership)]
    statuses = list(
        db.session.scalars(
            select(Sheet.status).where(Sheet.membership_id == membership.id, Sheet.bid_id.in_(bid_ids))
        )
    )
    sent = sum(status is SheetStatus.SUBMITTED for status in statuses)
    return SheetsSoFar(len(bid_ids), len(statuses), sent)


def _bid_in(round_id: int, bid_id: int) -> tuple[Round, Bid]:
    round_ = get_or_404(Round, round_id)
    bid = get_or_404(Bid, bid_id)
    if bid.round_id != round_.id:
        abort(404)
    return round_, bid


def _scorer(round_id: int, bid_id: int) -> tuple[Round, Bid, Membership]:
    """The bid in the URL and the signed-in member's seat, once they may score it."""
    round_, bid = _bid_in(round_id, bid_id)
    deny_unless(
        not can_manage_round(current_user, round_) or membership_of(current_user, round_) is not None,
        COMMISSIONERS_DONT_SCORE,
    )
    membership = require_training(round_)
    deny_unless(can_score_bid(current_user, bid), NOT_YOURS_TO_SCORE)
    return round_, bid, membership


@bp.get("/")
@login_required
def index(round_id: int):
    """The bids a trained member will score, each with the state of their own sheet (as the sheet shows it)."""
    round_ = get_or_404(Round, round_id)
    if can_manage_round(current_user, round_) and membership_of(current_user, round_) is None:
        return redirect(url_for("rounds.show", round_id=round_.id))
    membership = require_training(round_)
    bids = scorable_bids(membership)
    sheets = {
        sheet.bid_id: sheet
        for sheet in db.session.scalars(
            select(Sheet).where(Sheet.membership_id == membership.id).options(selectinload(Sheet.scores))
        )
    }
    rows = [(bid, sheet_state(round_.criteria, sheets.get(bid.id))) for bid in bids]
    return render_template("sheets/index.html", round=round_, rows=rows, bids=bids)


@bp.get("/<int:bid_id>")
@login_required
def show(round_id: int, bid_id: int):
    """The bid beside the member's own sheet. Commissioners read the bid instead: sheets are private."""
    round_, bid = _bid_in(round_id, bid_id)
    if can_manage_round(current_user, round_) and membership_of(current_user, round_) is None:
        return redirect(url_for("bids.show", round_id=round_.id, bid_id=bid.id))
    round_, bid, membership = _scorer(round_id, bid_id)
    sheet = sheet_of(membership, bid)
    return sheet_page(round_, bid, membership, sheet, SheetForm(obj=sheet, version=_version(sheet)))


def _version(sheet: Sheet | None) -> int:
    return sheet.version if sheet is not None else 0


@bp.post("/<int:bid_id>")
@login_required
def save(round_id: int, bid_id: int):
    """The Save button, for when JavaScript is off: saves, then back to the sheet."""
    round_, bid, membership = _scorer(round_id, bid_id)
    form = SheetForm()
    if not form.validate_on_submit():
        return sheet_page(round_, bid, membership, sheet_of(membership, bid), form)
    try:
        save_sheet(membership, bid, form.changes(round_.criteria), form.expected_version(), utcnow())
        db.session.commit()
    except (StaleSheet, IntegrityError):
        db.session.rollback()
        return stale_page(round_, bid, sheet_of(membership, bid), form)
    except SheetLocked as locked:
        flash(str(locked))
    except InvalidScores as invalid:
        return sheet_page(round_, bid, membership, sheet_of(membership, bid), form, problems=invalid.problems)
    else:
        flash("Saved.", "success")
    return redirect(url_for("sheets.show", round_id=round_.id, bid_id=bid.id))


@bp.post("/<int:bid_id>/autosave")
@login_required
def autosave(round_id: int, bid_id: int):
    """Save part of a sheet as the member types (JSON in and out; see the autosave contract in the docs).

    The person and their session are read once (load_user); the seat, the rule's facts and the sheet in one
    statement (read_save_seat); then one conditional write, and the answer is made from what was written."""
    seat = _json_scorer(round_id, bid_id)
    round_, bid, membership = seat.round, seat.bid, seat.membership
    assert membership is not None  # _json_scorer refuses anyone without a seat
    try:
        version, changes = read_autosave(request.get_json(silent=True))
        sheet = save_read_sheet(membership, bid, seat.sheet, changes, version, utcnow())
        reply = autosave_reply(round_.criteria, sheet)
        db.session.commit()
    except (StaleSheet, IntegrityError):
        db.session.rollback()
        sheet = sheet_of(membership, bid)
        return jsonify(
            {
                "error": "stale",
                "message": STALE,
                "version": _version(sheet),
                "sheet": sheet_json(round_.criteria, sheet),
                "state": sheet_state(round_.criteria, sheet).as_json(),
            }
        ), 409
    except SheetLocked as locked:  # raised before anything is written
        state = sheet_state(round_.criteria, seat.sheet).as_json()
        return jsonify({"error": "locked", "message": str(locked), "state": state}), 423
    except InvalidScores as invalid:
        return jsonify({"error": "invalid", "errors": invalid.problems}), 422
    return jsonify(reply)


def _json_scorer(round_id: int, bid_id: int) -> SaveSeat:
    """As _scorer, but a refusal is JSON the page's script can show; asks may_score, can_score_bid's rule."""
    seat = read_save_seat(current_user.id, round_id, bid_id)
    if seat is None:
        abort(_refusal(404, "not-found", "This sheet does not exist. Go back to your list."))
    membership = seat.membership
    if not may_score(current_user, membership, conflict=seat.conflict, assigned=seat.assigned):
        message = (
            NOT_YOURS_TO_SCORE
            if membership
            else (COMMISSIONERS_DONT_SCORE if can_manage_round(current_user, seat.round) else NOT_YOUR_PANEL)
        )
        abort(_refusal(403, "forbidden", message))
    return seat


def _refusal(status: int, error: str, message: str):
    response = jsonify({"error": error, "message": message})
    response.status_code = status
    return response


@bp.post("/<int:bid_id>/submit")
@login_required
def submit(round_id: int, bid_id: int):
    """Send a complete sheet; an incomplete one comes back listing what is still to do."""
    round_, bid, membership = _scorer(round_id, bid_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        submit_sheet(membership, bid, utcnow())
        db.session.commit()
    except IncompleteSheet as incomplete:
        sheet = sheet_of(membership, bid)
        problems = {
            f"criterion-{c.id}-score": 'Choose a score, or choose "I can\'t judge this"'
            for c in incomplete.missing
        }
        return sheet_page(
            round_,
            bid,
            membership,
            sheet,
            SheetForm(obj=sheet, version=_version(sheet)),
            problems=problems,
            summary=str(incomplete),
        )
    except SheetLocked as locked:
        flash(str(locked))
        return redirect(url_for("sheets.show", round_id=round_.id, bid_id=bid.id))
    flash(f"Sent: your scores for {bid.reference} are in. Thank you.", "success")
    return redirect(url_for("sheets.index", round_id=round_.id))


@bp.post("/<int:bid_id>/reopen")
@login_required
def reopen(round_id: int, bid_id: int):
    """Open a sent sheet again: the member's own until the deadline; the chair opens a member's after it."""
    round_, bid = _bid_in(round_id, bid_id)
    actor = membership_of(current_user, round_)
    if actor is None:
        raise FriendlyForbidden(NOT_YOUR_PANEL)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    owner = _sheet_owner(round_, actor, form.membership_id.data)
    deny_unless(
        can_score_bid(current_user, bid) if owner.id == actor.id else can_view_bid(current_user, bid),
        NOT_YOURS_TO_SCORE,
    )
    sheet = sheet_of(owner, bid)
    if sheet is None:
        abort(404)
    try:
        reopen_sheet(sheet, actor, utcnow())
        db.session.commit()
    except SheetLocked as locked:
        flash(str(locked))
    else:
        flash("Reopened: the sheet can be changed again.", "success")
    if owner.id == actor.id:
        return redirect(url_for("sheets.show", round_id=round_.id, bid_id=bid.id))
    return redirect(_back_for_chair(round_))


def _sheet_owner(round_: Round, actor: Membership, membership_id: str | None) -> Membership:
    """Whose sheet: the actor's own, or (for the chair) the member named in the form, of this round only."""
    named = (membership_id or "").strip()
    if not named:
        return actor
    owner_id = read_id(named)
    owner = db.session.get(Membership, owner_id) if owner_id is not None else None
    if owner is None or owner.round_id != round_.id:
        abort(404)
    if owner.id != actor.id and not _is_chair(actor):
        raise FriendlyForbidden("Only the chair can reopen another member's sheet.")
    return owner


def _is_chair(membership: Membership) -> bool:
    return membership.role is MemberRole.CHAIR


def _back_for_chair(round_: Round) -> str:
    endpoint = "sheets.progress" if "sheets.progress" in current_app.view_functions else "rounds.show"
    return url_for(endpoint, round_id=round_.id)
