"""The commissioner's final decisions: every bid beside the panel's recommendation, one bid's decision, the
summary for young people (with its reading level), and publishing to the panel."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from panel.bids.models import Bid
from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.core.reading_level import measured, reading_level
from panel.decisions import bp
from panel.decisions.forms import MAX_SUMMARY, DecisionForm, SummaryForm
from panel.decisions.operations import (
    InvalidDecision,
    bid_panel,
    bid_panels,
    feedback_of,
    locked_reason,
    record_decision,
    save_feedback_text,
    totals,
)
from panel.decisions.permissions import can_decide
from panel.extensions import db
from panel.rounds.forms import MoveForm
from panel.rounds.models import Round
from panel.rounds.operations import move_round, round_facts
from scoring.disclosure import Viewer, names_sight, scores_are_out
from scoring.rounds import RoundStatus, blockers

COMMISSIONERS_ONLY = (
    "Only commissioners record and publish the final decisions. Panel members hear what was "
    "decided once it is published."
)
SAVED_BY_SOMEONE_ELSE = (
    "Someone else saved a decision on this bid at the same moment. Check it and save again."
)


def decided_round(round_id: int) -> Round:
    """The round in the URL, if the signed-in person may record its decisions (404, or 403 otherwise)."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_decide(current_user, round_), COMMISSIONERS_ONLY)
    return round_


def bid_of(round_: Round, bid_id: int) -> Bid:
    """The bid in the URL, only if it belongs to the round in the URL."""
    bid = get_or_404(Bid, bid_id)
    if bid.round_id != round_.id:
        abort(404)
    return bid


def _index(round_: Round, refused: list[str] | None = None):
    panels = bid_panels(round_)
    publishing = (
        blockers(round_.status, RoundStatus.PUBLISHED, round_facts(round_))
        if round_.status is RoundStatus.DECIDED
        else []
    )
    return render_template(
        "decisions/index.html",
        round=round_,
        panels=panels,
        totals=totals(round_, panels),
        feedback=feedback_of(round_),
        locked=locked_reason(round_),
        publishing=publishing,
        refused=refused or [],
        move_form=MoveForm(formdata=None, to=RoundStatus.PUBLISHED.value),
        # What the downloads hold now, by the rule the exports follow (scoring/disclosure.py).
        names_allowed=names_sight(Viewer.COMMISSIONER, round_.status),
        every_score_out=scores_are_out(round_.status, revealed=False),
    )


@bp.get("")
@login_required
def index(round_id: int):
    """Every bid: what the panel recommended, the final decision, and where they differ; then publishing."""
    return _index(decided_round(round_id))


@bp.route("/<int:bid_id>", methods=["GET", "POST"])
@login_required
def decide(round_id: int, bid_id: int):
    """One bid's panel recommendation beside the commissioner's final decision on it."""
    round_ = decided_round(round_id)
    panel = bid_panel(round_, bid_of(round_, bid_id))
    if request.method == "GET":  # opening the page; a save that fails comes back to what was just opened
        record_access(current_user, "decision_viewed", round_=round_, subject=panel.bid.reference)
        db.session.commit()
    form = DecisionForm.for_decision(panel.panel, panel.decision, panel.suggestions())
    refused = locked_reason(round_) if form.is_submitted() else None
    if form.is_submitted() and not refused and form.validate():
        try:
            record_decision(current_user, round_, panel.bid, form.entered(), utcnow())
            db.session.commit()
            flash(f"Decision saved: {panel.bid.reference}, {panel.bid.title}.", "success")
            return redirect(url_for("decisions.index", round_id=round_.id) + f"#bid-{panel.bid.id}")
        except InvalidDecision as invalid:  # defence in depth: the form checks the same rules
            for name, message in invalid.problems.items():
                getattr(form, name).errors.append(message)
        except IntegrityError:
            db.session.rollback()
            refused = SAVED_BY_SOMEONE_ELSE
    status = 409 if refused else 400 if form.errors else 200
    return render_template(
        "decisions/decide.html",
        round=round_,
        panel=panel,
        form=form,
        locked=locked_reason(round_),
        refused=refused,
    ), status


def _levels(form: SummaryForm) -> dict:
    return {name: reading_level(getattr(form, name).data or "") for name in ("summary", "next_steps")}


@bp.route("/summary", methods=["GET", "POST"])
@login_required
def summary(round_id: int):
    """The plain-words summary for young people and what happens next, with how easy each is to read."""
    round_ = decided_round(round_id)
    feedback = feedback_of(round_)
    form = SummaryForm(obj=feedback) if request.method == "GET" else SummaryForm()
    refused = locked_reason(round_) if form.is_submitted() else None
    if form.is_submitted() and not refused and form.validate():
        save_feedback_text(
            current_user, round_, form.summary.data or "", form.next_steps.data or "", utcnow()
        )
        db.session.commit()
        level = reading_level(form.summary.data or "")
        flash(f"The summary for young people is saved. {level.message}", "success")
        return redirect(url_for("decisions.summary", round_id=round_.id))
    status = 409 if refused else 400 if form.errors else 200
    return render_template(
        "decisions/summary.html",
        round=round_,
        form=form,
        feedback=feedback,
        levels=_levels(form),
        locked=locked_reason(round_),
        refused=refused,
    ), status


@bp.post("/reading-level")
@login_required
def reading_level_json(round_id: int):
    """How easy a text is to read, for the hint that updates as the commissioner types (JSON in and out)."""
    decided_round(round_id)
    answer, status = measured(request.get_json(silent=True), MAX_SUMMARY * 2)
    return jsonify(answer), status


@bp.post("/publish")
@login_required
def publish(round_id: int):
    """Publish the decisions to the panel: the round moves on to published and every member is told."""
    round_ = decided_round(round_id)
    if round_.status is not RoundStatus.DECIDED:
        return _index(round_, [locked_reason(round_) or "The decisions are already published."]), 409
    problems = move_round(current_user, round_, RoundStatus.PUBLISHED)
    if problems:
        return _index(round_, problems), 409
    db.session.commit()
    flash("The decisions are published. Every panel member has a message telling them.", "success")
    return redirect(url_for("decisions.index", round_id=round_.id))


# The decisions' other pages live in their own modules, registered on the same blueprint.
