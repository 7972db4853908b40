"""Running the meeting: load it, let the pure rules decide, save with a version check, commit, then broadcast."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.exc import OperationalError

from panel.core.models import utcnow
from panel.extensions import db, socketio
from panel.meetings import protocol
from panel.meetings.models import Meeting
from panel.meetings.permissions import attendance
from panel.meetings.queue import ask_whether_everyone_can_be_reached
from panel.meetings.store import (
    CriterionCard,
    MeetingData,
    Panel,
    RoundRow,
    claim_version,
    load,
    meeting_of,
    remember_agenda,
    save,
)
from panel.rounds.models import Membership, Round
from panel.rounds.permissions import membership_of
from scoring.meeting import Actor, Refused, decide
from scoring.meeting_input import read_command

NOT_ATTENDING = "You're not on this round's panel, so you can't take part in its meeting."
NO_MEETING = "This round's meeting hasn't been set up yet."
TOO_BUSY = "Lots happened at once. Your screen now shows the latest; please try again."
# Redis, which carries updates between server processes, does not answer: a change now would reach nobody.
CANNOT_REACH = "Nothing changed: the screens can't be reached for a moment. Try again in a few seconds."
ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    """What happened to a command: accepted, or refused with a reason (and problems by form field)."""

    ok: bool
    seq: int
    message: str = ""
    problems: Mapping[str, str] = field(default_factory=dict)
    view: str | None = None  # the member's own first view, echoed back only to them


LOOK_UP = object()  # "find the person's seat on the panel yourself"


def actor_for(user, round_: Round | RoundRow, membership: Membership | None) -> Actor | None:
    """The person as the meeting rules see them, or None if they may not take part."""
    attend, chair = attendance(user, round_, membership)
    if not attend:
        return None
    return Actor(member=membership.id if membership else None, chair=chair)


def run_command(
    round_: Round | RoundRow,
    user,
    name: object,
    args: object,
    expect: object,
    *,
    membership=LOOK_UP,
    meeting=LOOK_UP,
    panel: Panel | None = None,
    now: datetime | None = None,
    reach: Callable[[], bool] | None = None,
) -> Outcome:
    """Give one command on behalf of user. Commits and broadcasts when it is accepted. A caller that has
    already read the person's seat on the panel, the meeting and the panel (in this transaction) passes them
    in; one that asked whether everyone can be reached as the command arrived (the round trip to Redis then
    overlaps its reading) passes the answer's reader as `reach`."""
    reach = reach or ask_whether_everyone_can_be_reached(socketio.server)  # type: ignore[attr-defined]  # set by init_app
    if membership is LOOK_UP:
        membership = membership_of(user, round_)
    actor = actor_for(user, round_, membership)
    if meeting is LOOK_UP:
        meeting = meeting_of(round_)
    if actor is None or meeting is None:
        reach()  # read, so the connection it holds goes back to the pool
        return Outcome(
            False, meeting.version if meeting else 0, NOT_ATTENDING if actor is None else NO_MEETING
        )
    if not reach():
        db.session.rollback()
        return Outcome(False, meeting.version, CANNOT_REACH)
    for _ in range(ATTEMPTS):
        now = now or utcnow()
        data = load(meeting, panel, round_)
        panel = None  # a second attempt reads everything again
        seen = meeting.version
        command = read_command(name, args, expect, protocol.MembersByToken(data))
        decision = command if isinstance(command, Refused) else decide(data.state, command, actor, now)
        if isinstance(decision, Refused):
            db.session.rollback()
            return Outcome(False, seen, decision.reason, named_problems(decision.problems, data.criteria))
        if not decision.changed:
            db.session.rollback()
            return Outcome(True, seen, view=_own_view(decision.state, membership))
        try:
            claimed = claim_version(meeting.id, seen, decision.state, now)
        except OperationalError:  # SQLite: another writer held the database past the busy timeout
            claimed = False
        if not claimed:
            db.session.rollback()
            meeting = db.session.get(Meeting, meeting.id, populate_existing=True)
            continue
        save(data, decision.state, decision.events, user.id, now)
        _commit_keeping_loaded()
        remember_agenda(meeting.id, seen + 1, meeting.created_at, decision.state.items, data.item_ids)
        published = replace(data, state=decision.state, seq=seen + 1, memo={})
        protocol.publish(published)
        protocol.signal(published, decision.events)
        return Outcome(True, seen + 1, view=_own_view(decision.state, membership))
    return Outcome(False, meeting.version, TOO_BUSY)


def named_problems(problems: Mapping[str, str], criteria: Iterable[CriterionCard]) -> dict[str, str]:
    """The problems with a refused command, each agreed score's naming its question and that question's own
    scale ("Agree a score from 1 to 5 for A clear plan"), so the chair knows which one to fix."""
    fields = {f"consensus-{criterion.id}": criterion for criterion in criteria}
    named = {}
    for name, problem in problems.items():
        criterion = fields.get(name)
        if criterion is not None:
            scale = f"from {criterion.scale_min} to {criterion.scale_max}"
            problem = (
                f"{problem} for {criterion.title}"
                if scale in problem
                else f"{problem} {scale} for {criterion.title}"
            )
        named[name] = problem
    return named


def _commit_keeping_loaded() -> None:
    """Commit without expiring what was loaded: the broadcast renders from exactly what was just committed,
    instead of reading it all back from the database."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _own_view(state, membership: Membership | None) -> str | None:
    current = state.current
    if membership is None or current is None:
        return None
    view = current.views.get(membership.id)
    return view.value if view else None


def load_for(round_: Round) -> MeetingData | None:
    meeting = meeting_of(round_)
    return load(meeting) if meeting is not None else None
