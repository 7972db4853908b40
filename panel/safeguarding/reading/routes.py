"""The reader's side: the worries addressed to them, one worry (opening it marks it read), dealing with it."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.core.models import utcnow
from panel.extensions import db
from panel.rounds.permissions import membership_of
from panel.safeguarding import bp
from panel.safeguarding.forms import HandleForm
from panel.safeguarding.models import Worry, WorryStatus
from panel.safeguarding.operations import READ_WITHIN, handle_worry, open_worry, worries_for
from panel.safeguarding.permissions import can_grant_safeguarding_role, can_open_safeguarding, can_read_worry

READERS_ONLY = "Only safeguarding leads and commissioners can see worries."
NOT_FOR_YOU = "This worry is for its round's safeguarding lead. Only they can read it."


def _readable(worry_id: int) -> Worry:
    worry = get_or_404(Worry, worry_id)
    deny_unless(can_read_worry(current_user, worry), NOT_FOR_YOU)
    return worry


@bp.get("/safeguarding")
@login_required
def index():
    """The worries this person reads, newest first, new ones marked. Each look is logged: the list says who
    raised a worry on which round, and when."""
    deny_unless(can_open_safeguarding(current_user), READERS_ONLY)
    worries = worries_for(current_user)
    record_access(current_user, "worries_listed", subject=_how_many(len(worries)))
    db.session.commit()
    return render_template(
        "safeguarding/index.html",
        worries=worries,
        manager=can_grant_safeguarding_role(current_user),
    )


def _how_many(count: int) -> str:
    return "1 worry" if count == 1 else f"{count} worries"


def _page(worry: Worry, form: HandleForm):
    member = membership_of(worry.raised_by, worry.round) if worry.raised_by else None
    return render_template(
        "safeguarding/show.html",
        worry=worry,
        member=member,
        form=form,
        handled=worry.status is WorryStatus.HANDLED,
        read_within=READ_WITHIN,
    )


@bp.get("/safeguarding/<int:worry_id>")
@login_required
def show(worry_id: int):
    """One worry in full; the first opening marks it read, and every opening is logged."""
    worry = _readable(worry_id)
    open_worry(current_user, worry, utcnow())
    db.session.commit()
    return _page(worry, HandleForm())


@bp.post("/safeguarding/<int:worry_id>/handle")
@login_required
def handle(worry_id: int):
    """Mark the worry dealt with, with a note of what was done."""
    worry = _readable(worry_id)
    form = HandleForm()
    if not form.validate_on_submit():
        return _page(worry, form), 400
    handle_worry(current_user, worry, form.note.data, utcnow())
    db.session.commit()
    flash("Marked as dealt with.", "success")
    return redirect(url_for("safeguarding.show", worry_id=worry.id))
