"""Letters to bidders: a printable page and a plain-text download per bid, naming no panellist."""

from flask import Response, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from panel.accounts.models import User
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.core.time import LONDON
from panel.decisions import bp
from panel.decisions.letters.operations import letter_filename, letter_for, letter_text, names_mentioned
from panel.decisions.operations import bid_panel, feedback_of
from panel.decisions.routes import bid_of, decided_round
from panel.extensions import db
from panel.rounds.models import Membership


def _panel_names(round_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(User.display_name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.round_id == round_id)
        )
    )


def _letter(round_id: int, bid_id: int):
    round_ = decided_round(round_id)
    panel = bid_panel(round_, bid_of(round_, bid_id))
    return round_, panel, letter_for(round_, panel, utcnow().astimezone(LONDON).date())


@bp.get("/<int:bid_id>/letter")
@login_required
def letter(round_id: int, bid_id: int):
    """The letter to one bidder, to print or copy; it warns if a panel member's name is in it."""
    round_, panel, made = _letter(round_id, bid_id)
    record_access(current_user, "letter_viewed", round_=round_, subject=panel.bid.reference)
    db.session.commit()
    feedback = feedback_of(round_)
    return render_template(
        "decisions/letter.html",
        round=round_,
        panel=panel,
        letter=made,
        published=bool(feedback and feedback.published_at),
        named=names_mentioned(made, _panel_names(round_.id)) if made else [],
    )


@bp.get("/<int:bid_id>/letter.txt")
@login_required
def letter_download(round_id: int, bid_id: int):
    """The same letter as a plain-text file."""
    round_, panel, made = _letter(round_id, bid_id)
    if made is None:
        abort(404)
    record_access(current_user, "letter_downloaded", round_=round_, subject=panel.bid.reference)
    db.session.commit()
    return Response(
        letter_text(made),
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{letter_filename(made)}"'},
    )
