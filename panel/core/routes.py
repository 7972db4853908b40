"""Home, privacy and accessibility pages."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from panel.privacy.permissions import can_edit_privacy_notice
from panel.core import bp
from panel.core.access import deny_unless
from panel.core.models import utcnow
from panel.privacy.notice.operations import Notice, current_notice, save_notice
from panel.privacy.notice.forms import PrivacyNoticeForm
from panel.core.reading_level import reading_grade
from panel.extensions import db
from panel.rounds.models import Membership, Round
from scoring.plain_words import ReadingLevel


@bp.get("/")
def home():
    """Signed out: how to sign in or join. Signed in: the panels you sit on (and rounds you run)."""
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == current_user.id)
        .join(Membership.round)
        .order_by(Round.created_at.desc())
    ).all()
    return render_template("core/home.html", memberships=memberships)


@bp.app_template_global("privacy_notice")
def privacy_notice() -> Notice:
    """The privacy notice as it stands (for the joining pages, which show its plain version)."""
    return current_notice()


@bp.get("/privacy")
def privacy():
    """The plain version for young people, then the full notice."""
    return render_template(
        "core/privacy.html", notice=current_notice(), can_edit=can_edit_privacy_notice(current_user)
    )


@bp.route("/privacy/edit", methods=["GET", "POST"])
@login_required
def privacy_edit():
    """Commissioners change this Co-Panel's privacy notice."""
    deny_unless(can_edit_privacy_notice(current_user), "Only commissioners can change the privacy notice.")
    notice = current_notice()
    form = PrivacyNoticeForm()
    if not form.is_submitted():
        form.young_text.data, form.full_text.data = notice.young_text, notice.full_text
    if form.validate_on_submit():
        save_notice(current_user, form.full_text.data, form.young_text.data, utcnow())
        db.session.commit()
        flash("The privacy notice is saved. Everyone sees the new version now.", "success")
        return redirect(url_for("core.privacy"))
    young_level = ReadingLevel(reading_grade(form.young_text.data or ""))
    return render_template("core/privacy_edit.html", form=form, notice=notice, young_level=young_level), (
        400 if form.errors else 200
    )


@bp.get("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")
