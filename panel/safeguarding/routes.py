"""The member's side: "I'm worried about something", what happens next, and the worries they have sent."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.models import utcnow
from panel.core.numbers import read_id
from panel.extensions import db
from panel.safeguarding import bp
from panel.safeguarding.forms import WorryForm
from panel.safeguarding.models import Worry
from panel.safeguarding.operations import (
    READ_WITHIN,
    email_readers,
    own_worries,
    raise_worry,
    readers_of,
    rounds_of,
    too_many_recently,
)
from panel.safeguarding.permissions import can_raise_worry, can_see_own_worry, lead_of

MEMBERS_ONLY = (
    "This is for people on a panel. If something is worrying you, talk to an adult you trust, or call "
    "Childline free on 0800 1111. If you are in danger right now, call 999."
)
NOT_YOURS = "You can only see worries you sent yourself."
TOO_MANY = (
    "You have sent a lot of worries in a short time, so this one has not been sent yet. Your words are "
    "still here. Please wait a few minutes, then press the button again. If you are in danger right now, "
    "call 999."
)


@bp.app_template_global("can_raise_worry")
def can_raise_worry_here() -> bool:
    """For the page header: whether to show "I'm worried about something"."""
    return can_raise_worry(current_user)


def _came_from() -> int | None:
    return read_id(request.args.get("round_id"))


@bp.route("/worry", methods=["GET", "POST"])
@login_required
def worried():
    """A short form that reaches the round's safeguarding lead privately."""
    deny_unless(can_raise_worry(current_user), MEMBERS_ONLY)
    rounds = rounds_of(current_user)
    form = WorryForm().offer(rounds, _came_from())
    readers = {round_.id: _reader_words(round_) for round_ in rounds}
    if form.validate_on_submit():
        if too_many_recently(current_user, utcnow()):
            form.text.errors.append(TOO_MANY)
            return render_template("safeguarding/raise.html", form=form, rounds=rounds, readers=readers), 429
        round_ = next(round_ for round_ in rounds if str(round_.id) == form.round.data)
        worry = raise_worry(current_user, round_, form.text.data, form.contact.data or "", utcnow())
        db.session.commit()
        email_readers(worry)
        return redirect(url_for("safeguarding.sent", worry_id=worry.id))
    return render_template("safeguarding/raise.html", form=form, rounds=rounds, readers=readers)


def _reader_words(round_) -> str:
    """Who reads this round's worries, in words for a young person."""
    lead = lead_of(round_)
    if lead is not None:
        return f"{lead.display_name} (the safeguarding lead for this panel)"
    names = [reader.display_name for reader in readers_of(round_)]
    return "the people who run the panel" + (f" ({', '.join(names)})" if names else "")


@bp.get("/worry/<int:worry_id>/sent")
@login_required
def sent(worry_id: int):
    """What happens next: who reads it, when, that it is private, and who to call in danger."""
    worry = get_or_404(Worry, worry_id)
    deny_unless(can_see_own_worry(current_user, worry), NOT_YOURS)
    return render_template(
        "safeguarding/sent.html", worry=worry, reader=_reader_words(worry.round), read_within=READ_WITHIN
    )


@bp.get("/worry/mine")
@login_required
def mine():
    """The worries this person has sent and whether they have been read."""
    return render_template("safeguarding/mine.html", worries=own_worries(current_user))


# The readers' and the commissioners' pages, on the same blueprint.
