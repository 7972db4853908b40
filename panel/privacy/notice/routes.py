"""The privacy notice: read by everyone, changed by commissioners."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless
from panel.core.models import utcnow
from panel.core.reading_level import reading_grade
from panel.extensions import db
from panel.privacy import bp
from panel.privacy.notice.forms import PrivacyNoticeForm
from panel.privacy.notice.operations import Notice, current_notice, save_notice
from panel.privacy.permissions import can_edit_privacy_notice
from scoring.plain_words import ReadingLevel


@bp.app_template_global("privacy_notice")
def privacy_notice() -> Notice:
    """The privacy notice as it stands (for the joining pages, which show its plain version)."""
    return current_notice()


@bp.get("/privacy")
def notice():
    """The plain version for young people, then the full notice."""
    return render_template(
        "privacy/privacy.html", notice=current_notice(), can_edit=can_edit_privacy_notice(current_user)
    )


@bp.route("/privacy/edit", methods=["GET", "POST"])
@login_required
def edit_notice():
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
        return redirect(url_for("privacy.notice"))
    young_level = ReadingLevel(reading_grade(form.young_text.data or ""))
    return render_template("privacy/privacy_edit.html", form=form, notice=notice, young_level=young_level), (
        400 if form.errors else 200
    )
