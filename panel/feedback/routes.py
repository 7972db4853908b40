"""The panellist's side of the decisions: "You said - we did", their reply, their record and certificate; and
for commissioners, the replies and news about funded bids."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import FriendlyForbidden, deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.core.time import LONDON
from panel.extensions import db
from panel.feedback import bp
from panel.feedback.contribution import certificate_pdf, contribution_of
from panel.feedback.forms import ReplyForm, UpdateForm
from panel.feedback.operations import (
    bid_feedback,
    feedback_of,
    funded_decisions,
    is_published,
    mark_messages_read,
    post_update,
    record_opening,
    reply_of,
    reply_summary,
    save_reply,
    updates_by_bid,
)
from panel.feedback.permissions import (
    can_post_news,
    can_read_feedback,
    can_read_replies,
    can_see_contribution,
)
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import membership_of
from scoring.recognition import ESTIMATES, time_in_words, what_they_did

NOT_YOUR_PANEL = (
    "This page is for the members of this round's panel, and each member sees only their own. "
    "If you think you should see it, ask the person who runs the panel."
)
MANAGERS_ONLY = "Only the people who run this round can see this page."
NOT_PUBLISHED = "Share the decisions with the panel first. Then you can send them news about the funded bids."


@bp.app_template_global("feedback_ready")
def feedback_ready(round_: Round) -> bool:
    """For the member's round page: whether their "You said - we did" page is open."""
    return is_published(round_)


def _member(round_id: int) -> tuple[Round, Membership]:
    round_ = get_or_404(Round, round_id)
    membership = membership_of(current_user, round_)
    if membership is None:
        raise FriendlyForbidden(NOT_YOUR_PANEL)
    return round_, membership


def _not_yet(round_: Round):
    return render_template("feedback/not_yet.html", round=round_), 403


@bp.get("")
@login_required
def show(round_id: int):
    """What happened to each bid, why, and how it compares with what the member and the panel said."""
    round_, membership = _member(round_id)
    if not can_read_feedback(membership, round_):
        return _not_yet(round_)
    now = utcnow()
    record_opening(membership, now)
    mark_messages_read(membership, url_for("feedback.show", round_id=round_.id), now)
    db.session.commit()
    return render_template(
        "feedback/show.html",
        round=round_,
        membership=membership,
        feedback=feedback_of(round_),
        bids=bid_feedback(round_, membership),
        reply=reply_of(membership),
    )


@bp.route("/reply", methods=["GET", "POST"])
@login_required
def reply(round_id: int):
    """The member's say on how it went: anonymous unless they tick the box; one reply, which they can
    change."""
    round_, membership = _member(round_id)
    if not can_read_feedback(membership, round_):
        return _not_yet(round_)
    existing = reply_of(membership)
    form = ReplyForm() if request.method == "POST" else ReplyForm.for_reply(existing)
    if form.validate_on_submit():
        save_reply(
            membership,
            form.answer("felt_heard"),
            form.answer("training_useful"),
            form.change.data or "",
            bool(form.share_name.data),
            utcnow(),
        )
        db.session.commit()
        flash(
            "Thank you for telling us how it went. The people who run the panel read every answer.", "success"
        )
        return redirect(url_for("feedback.show", round_id=round_.id, _anchor="your-say"))
    return render_template("feedback/reply.html", round=round_, form=form, existing=existing)


@bp.get("/contribution")
@login_required
def contribution(round_id: int):
    """The member's record: what they did, roles, time given, and their certificate."""
    round_, membership = _member(round_id)
    if not can_see_contribution(membership, round_):
        return _not_yet(round_)
    record = contribution_of(membership)
    return render_template(
        "feedback/contribution.html",
        round=round_,
        membership=membership,
        record=record,
        lines=what_they_did(record),
        estimates=ESTIMATES,
        time_in_words=time_in_words,
        organisation=current_app.config.get("ORGANISATION", ""),
        today=utcnow().astimezone(LONDON).date(),
    )


@bp.get("/certificate.pdf")
@login_required
def certificate(round_id: int):
    """The member's own certificate, as a PDF to keep or print."""
    round_, membership = _member(round_id)
    if not can_see_contribution(membership, round_):
        return _not_yet(round_)
    pdf = certificate_pdf(
        current_user.display_name,
        round_.title,
        current_app.config.get("ORGANISATION", ""),
        contribution_of(membership),
        utcnow().astimezone(LONDON).date(),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="co-panel-certificate-{round_.id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/replies")
@login_required
def replies(round_id: int):
    """What the panel said about the process: counts per answer, comments, names only where shared."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_read_replies(current_user, round_), MANAGERS_ONLY)
    record_access(current_user, "replies_viewed", round_=round_)
    db.session.commit()
    return render_template(
        "feedback/replies.html", round=round_, summary=reply_summary(round_), published=is_published(round_)
    )


@bp.route("/updates", methods=["GET", "POST"])
@login_required
def updates(round_id: int):
    """News about funded bids after the decision: it reaches every panellist's messages and feedback page."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_post_news(current_user, round_), MANAGERS_ONLY)
    decisions, published = funded_decisions(round_), is_published(round_)
    form = UpdateForm().offer(decisions)
    if request.method == "POST" and not published:
        return _updates_page(round_, decisions, published, form, refused=NOT_PUBLISHED), 409
    if form.validate_on_submit():
        chosen = next(d for d in decisions if str(d.bid_id) == form.bid.data)
        link = url_for("feedback.show", round_id=round_.id, _anchor=f"bid-{chosen.bid_id}")
        _, told = post_update(current_user, round_, chosen.bid, form.body.data, link, utcnow())
        db.session.commit()
        flash(
            f"Your news about {chosen.bid.reference} went to {told} "
            f"{'person' if told == 1 else 'people'} on the panel.",
            "success",
        )
        return redirect(url_for("feedback.updates", round_id=round_.id))
    return _updates_page(round_, decisions, published, form)


def _updates_page(round_: Round, decisions, published: bool, form: UpdateForm, refused: str | None = None):
    return render_template(
        "feedback/updates.html",
        round=round_,
        decisions=decisions,
        published=published,
        form=form,
        news=updates_by_bid(round_),
        refused=refused,
    )
