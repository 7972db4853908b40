"""The training gate in front of every scoring sheet page, enforced on the server."""

from flask import abort, make_response, render_template
from flask_login import current_user

from panel.core.access import FriendlyForbidden
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import membership_of
from panel.training.operations import training_done, training_facts
from scoring.training import progress_percent, remaining

NOT_YOUR_PANEL = (
    "These scoring sheets belong to a panel you are not on. "
    "If you think you should be, ask the person who runs it."
)


def require_training(round_: Round) -> Membership:
    """The signed-in member's seat once their training is done; else a friendly 403 saying what is left."""
    membership = membership_of(current_user, round_)
    if membership is None:
        raise FriendlyForbidden(NOT_YOUR_PANEL)
    if training_done(membership):
        return membership
    facts = training_facts(membership)
    left = remaining(facts)
    if left:
        page = render_template(
            "training/locked.html", round=round_, left=left, percent=progress_percent(facts)
        )
        abort(make_response(page, 403))
    return membership
