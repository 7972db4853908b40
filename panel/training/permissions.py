"""Who may train on a round and who may score its bids. Deny by default."""

from panel.rounds.models import Round
from panel.rounds.permissions import membership_of
from panel.training.operations import training_done


def can_train(user, round_: Round) -> bool:
    """The round's own panel members (the chair too)."""
    return membership_of(user, round_) is not None


def can_score(user, round_: Round) -> bool:
    """A member of the round whose training is done (or was recorded as done in person)."""
    membership = membership_of(user, round_)
    return membership is not None and training_done(membership)


def can_see_training_progress(user, round_: Round) -> bool:
    """Commissioners and the round's chair see who has finished which part of training (never the answers)."""
    from panel.rounds.permissions import can_manage_round
    from scoring.people import MemberRole

    if can_manage_round(user, round_):
        return True
    membership = membership_of(user, round_)
    return membership is not None and membership.role is MemberRole.CHAIR
