"""Meeting pages: the panellist's view, the chair's console, the projector screen, and plain form commands."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import record_access
from panel.extensions import db
from panel.meetings import bp, protocol
from panel.meetings.permissions import can_attend_meeting, can_chair_meeting
from panel.meetings.record import record_entries
from panel.meetings.service import load_for, run_command
from panel.rounds.models import Round
from panel.rounds.permissions import can_view_round, membership_of

NOT_ATTENDING = (
    "Only this round's panel can join its meeting. "
    "If you think you should be here, ask the person who runs the panel."
)
CHAIR_ONLY = "Only the chair runs the meeting. You can follow it on the meeting page."


NOT_YET = "The meeting opens when scoring is finished. Your round's page will show it when it starts."


def _attending(round_id: int) -> Round:
    round_ = get_or_404(Round, round_id)
    deny_unless(can_view_round(current_user, round_), NOT_ATTENDING)
    deny_unless(can_attend_meeting(current_user, round_), NOT_YET)
    return round_


def _page(round_: Round, template: str, *, screen: bool = False, refusal: tuple | None = None):
    membership = membership_of(current_user, round_)
    view, you = protocol.screen_for(_loaded(round_), current_user, membership, screen=screen)
    if refusal is not None:
        view = protocol.refused(view, *refusal)
    return render_template(template, view=view, you=you, csrf=generate_csrf(), round_=round_)


def _loaded(round_: Round):
    data = load_for(round_)
    if data is None:
        abort(404)
    return data


@bp.get("")
@login_required
def member(round_id: int):
    """Follow the meeting, give a first view, raise a hand. The chair's own page is the console."""
    round_ = _attending(round_id)
    if can_chair_meeting(current_user, round_):
        return redirect(url_for("meetings.chair", round_id=round_id))
    return _page(round_, "meetings/member.html")


@bp.get("/chair")
@login_required
def chair(round_id: int):
    round_ = _attending(round_id)
    deny_unless(can_chair_meeting(current_user, round_), CHAIR_ONLY)
    return _page(round_, "meetings/chair.html")  # a chair with a conflict on this bid is out for it


@bp.get("/screen")
@login_required
def screen(round_id: int):
    """For the projector: the bid and the revealed scores in large type, never a name. A chair stepping out for
    the bid steps out here too; a commissioner can show it."""
    round_ = _attending(round_id)
    deny_unless(can_chair_meeting(current_user, round_), CHAIR_ONLY)
    return _page(round_, "meetings/screen.html", screen=True)


@bp.get("/snapshot")
@login_required
def snapshot(round_id: int):
    """This person's screen as it is now, for a browser that missed an update and has no socket."""
    round_ = _attending(round_id)
    data = _loaded(round_)
    view, you = protocol.screen_for(
        data, current_user, membership_of(current_user, round_), screen=request.args.get("screen") == "1"
    )
    return jsonify(seq=data.meeting.version, html=protocol.render(view, you, csrf=generate_csrf()))


def form_command(form) -> tuple[str, dict, dict]:
    """A command as a plain form sends it: fields named as in docs/meeting.md."""
    skip = {"csrf_token", "name", "expect_bid", "expect_phase"}
    args: dict = {}
    consensus: dict = {}
    for key, value in form.items():
        if key.startswith("consensus-"):
            consensus[key.removeprefix("consensus-")] = value
        elif key not in skip:
            args[key] = value
    if consensus:
        args["consensus"] = consensus
    expect = {"bid": form.get("expect_bid", ""), "phase": form.get("expect_phase", "")}
    return form.get("name", ""), args, expect


@bp.post("/command")
@login_required
def command(round_id: int):
    """Every meeting command also works as a plain form post, so a meeting can run without websockets."""
    round_ = _attending(round_id)
    name, args, expect = form_command(request.form)
    outcome = run_command(round_, current_user, name, args, expect)
    chair = can_chair_meeting(current_user, round_)
    if not outcome.ok and outcome.problems:
        # The page again, at once: each problem beside its field and what was sent still in the form.
        refusal = (outcome.message, outcome.problems, name, args)
        return _page(round_, f"meetings/{'chair' if chair else 'member'}.html", refusal=refusal), 400
    if not outcome.ok:
        flash(outcome.message, "error")
    return redirect(url_for("meetings.chair" if chair else "meetings.member", round_id=round_id))


@bp.get("/record")
@login_required
def record(round_id: int):
    """The meeting record: who did what, when. For the chair and the commissioners; each look is logged."""
    round_ = _attending(round_id)
    deny_unless(can_chair_meeting(current_user, round_), CHAIR_ONLY)
    entries = record_entries(_loaded(round_))
    record_access(current_user, "meeting_record_viewed", round_=round_)
    db.session.commit()
    return render_template("meetings/record.html", round_=round_, entries=entries)
