"""The values a walk over every route fills its URL arguments with, made in one place for every such walk (the
access matrix, the disclosure walk, the bad-number fuzz), so a route with a new argument is taught once."""


def route_ids(make, round_, bid, *, seat, conflict, requester, card=None) -> dict:
    """For round_ and bid: a document, an invitation card, a sign-in code card for `seat`, a training step and its question, `seat`'s own
    membership, worry and user, `requester`'s removal request, and `conflict`. Commits what it makes."""
    card = card or make.invitation(round_)
    step = make.training_step(round_)
    return {
        "round_id": round_.id,
        "bid_id": bid.id,
        "criterion_id": round_.criteria[0].id,
        "document_id": make.document(bid).id,
        "invitation_id": card.invitation.id,
        "conflict_id": conflict.id,
        "token": card.token,
        "code_token": make.sign_in_code(seat.user).token,
        "step_id": step.id,
        "question_id": step.questions[0].id,
        "membership_id": seat.id,
        "request_id": make.removal_request(requester).id,
        "sheet": "summary",
        "worry_id": make.worry(seat).id,
        "user_id": seat.user_id,
    }
