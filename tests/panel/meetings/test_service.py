"""The meeting service: commands are decided, saved with a version check, recorded, and survive a restart."""

import threading

import pytest
from sqlalchemy import func, select

from panel.extensions import db
from panel.meetings.models import FirstView, Meeting, MeetingItem, MeetingRecord
from panel.meetings.service import NOT_ATTENDING, run_command
from panel.meetings.store import load
from panel.rounds.models import Round
from scoring.meeting import MOVED_ON, ONLY_CHAIR, Phase, Status


def where(panel) -> dict:
    """What the chair's screen shows right now: the expectation every chair command carries."""
    db.session.expire_all()
    state = load(db.session.get(Meeting, panel.meeting.id)).state
    current = state.current
    return {"bid": current.bid if current else "", "phase": state.phase.value}


def chair(panel, name, **args):
    return run_command(panel.round, panel.chair.user, name, args, where(panel))


def member(panel, who, name, **args):
    return run_command(panel.round, who.user, name, args, None)


def state_of(panel):
    db.session.expire_all()
    return load(db.session.get(Meeting, panel.meeting.id)).state


def records(panel) -> list[str]:
    return list(
        db.session.scalars(
            select(MeetingRecord.command)
            .where(MeetingRecord.meeting_id == panel.meeting.id)
            .order_by(MeetingRecord.id)
        )
    )


def version(panel) -> int:
    db.session.expire_all()
    return db.session.get(Meeting, panel.meeting.id).version


def test_moving_a_round_to_its_meeting_puts_every_bid_on_the_agenda_in_reference_order(make):
    from panel.rounds.operations import move_round
    from scoring.rounds import RoundStatus

    round_ = make.round(status=RoundStatus.SCORING, criteria=1)
    for reference in ("B10", "B2", "B1"):
        make.bid(round_, reference)
    someone = make.member(round_, trained=True)
    make.sheet(someone, round_.bids[0], {round_.criteria[0]: 2})
    assert move_round(make.commissioner(), round_, RoundStatus.MEETING) == []
    db.session.commit()
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))
    assert [item.bid.reference for item in meeting.items] == ["B1", "B2", "B10"]
    assert meeting.status is Status.WAITING and meeting.version == 1


def test_an_accepted_command_is_saved_recorded_and_counted(panel):
    outcome = chair(panel, "start")
    assert outcome.ok and outcome.seq == 2
    assert state_of(panel).phase is Phase.BID
    assert version(panel) == 2
    assert records(panel) == ["start"]
    assert db.session.get(Meeting, panel.meeting.id).started_at is not None


def test_a_refused_command_changes_nothing_and_says_why(panel):
    outcome = member(panel, panel.aisha, "start")
    assert not outcome.ok and outcome.message == ONLY_CHAIR
    assert version(panel) == 1 and records(panel) == []


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_people_off_the_panel_cannot_give_any_command(panel, who):
    outcome = run_command(panel.round, getattr(panel, who), "start", {}, None)
    assert not outcome.ok and outcome.message == NOT_ATTENDING
    assert version(panel) == 1


def test_a_commissioner_can_run_the_meeting(panel):
    assert run_command(panel.round, panel.commissioner, "start", {}, {"bid": "", "phase": "waiting"}).ok


def test_two_chair_devices_pressing_next_at_once_move_the_meeting_one_bid(panel):
    chair(panel, "start")
    seen = where(panel)
    first = run_command(panel.round, panel.chair.user, "next", {}, seen)
    second = run_command(panel.round, panel.commissioner, "next", {}, seen)
    assert first.ok and not second.ok
    assert second.message == MOVED_ON and second.seq == first.seq
    assert state_of(panel).cursor == 1


def test_first_views_stay_secret_until_revealed_then_stay_shown(panel):
    chair(panel, "start")
    chair(panel, "first_view")
    assert member(panel, panel.aisha, "give_view", view="fund").view == "fund"
    assert member(panel, panel.ella, "give_view", view="do_not_fund").ok
    assert member(panel, panel.aisha, "give_view", view="not_sure").view == "not_sure"
    item = state_of(panel).current
    assert dict(item.views) == {panel.aisha.id: "not_sure", panel.ella.id: "do_not_fund"}
    assert not item.views_revealed
    chair(panel, "reveal_views")
    chair(panel, "next")
    chair(panel, "back")
    assert state_of(panel).current.views_revealed
    assert db.session.scalar(select(func.count(FirstView.id))) == 2


def test_a_conflicted_member_cannot_take_part_in_that_bid(panel):
    chair(panel, "start")
    chair(panel, "go_to", bid=panel.bids[1].id)
    chair(panel, "first_view")
    outcome = member(panel, panel.dev, "give_view", view="fund")
    assert not outcome.ok and "stepping out" in outcome.message


def test_the_agreement_is_recorded_with_its_consensus_and_a_stale_second_record_is_refused(panel):
    chair(panel, "start")
    for step in ("reveal_scores", "discuss", "agree"):
        assert chair(panel, step).ok
    needs, plan = panel.criteria
    agreement = {
        "consensus": {str(needs.id): "3", str(plan.id): "2"},
        "recommendation": "fund_with_conditions",
        "amount": "£15,000",
        "conditions": "Report back in March",
        "reasons": "Young people want it",
        "revision": "0",
    }
    assert chair(panel, "record", **agreement).ok
    stale = chair(panel, "record", **{**agreement, "reasons": "Overwritten"})
    assert not stale.ok and stale.message == MOVED_ON
    item = db.session.scalar(select(MeetingItem).where(MeetingItem.bid_id == panel.bids[0].id))
    assert item.amount_pence == 1_500_000 and item.reasons == "Young people want it"
    assert {score.criterion_id: score.score for score in item.consensus} == {needs.id: 3, plan.id: 2}


def test_a_record_with_problems_lists_them_all_and_saves_nothing(panel):
    chair(panel, "start")
    for step in ("reveal_scores", "discuss", "agree"):
        chair(panel, step)
    outcome = chair(
        panel, "record", consensus={}, recommendation="fund", amount="lots", reasons="", revision="0"
    )
    assert not outcome.ok
    needs, plan = panel.criteria
    assert {f"consensus-{needs.id}", f"consensus-{plan.id}", "amount", "reasons"} <= set(outcome.problems)
    assert state_of(panel).current.agreement is None


def test_the_meeting_survives_a_restart(panel, app):
    chair(panel, "start")
    chair(panel, "reveal_scores")
    chair(panel, "discuss")
    member(panel, panel.ben, "raise_hand")
    member(panel, panel.aisha, "raise_hand")
    chair(panel, "give_turn", member=_token(panel, panel.ben))
    before = state_of(panel)
    meeting_id, aisha, ben = panel.meeting.id, panel.aisha.id, panel.ben.id
    db.session.remove()
    db.engine.dispose()
    after = load(db.session.get(Meeting, meeting_id)).state
    assert after == before
    assert after.queue == (aisha,) and after.speaking == ben and after.turns_young == 1


def _token(panel, membership) -> str:
    from panel.meetings.protocol import token

    return token(panel.meeting.id, membership.id)


def test_the_meeting_record_is_append_only(panel):
    chair(panel, "start")
    entry = db.session.scalar(select(MeetingRecord))
    entry.command = "something else"
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(MeetingRecord)))
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_hands_raised_at_the_same_moment_are_all_kept(panel, data_app):
    """Concurrent commands take turns on the version check; members' commands are retried, never lost."""
    chair(panel, "start")
    chair(panel, "reveal_scores")
    chair(panel, "discuss")
    people = [panel.aisha, panel.ben, panel.dev, panel.ella]
    user_ids = [person.user_id for person in people]
    start = threading.Barrier(len(people))
    results = []

    def raise_hand(user_id):
        from panel.accounts.models import User

        with data_app.app_context():
            round_ = db.session.get(Round, panel.round.id)
            user = db.session.get(User, user_id)
            start.wait()
            results.append(run_command(round_, user, "raise_hand", {}, None).ok)
            db.session.remove()

    threads = [threading.Thread(target=raise_hand, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * len(people)
    assert sorted(state_of(panel).queue) == sorted(person.id for person in people)
    assert version(panel) == 4 + len(people)


def test_closing_needs_a_recommendation_for_every_bid(panel):
    chair(panel, "start")
    outcome = chair(panel, "close")
    assert not outcome.ok and "YV-01, YV-02, YV-03" in outcome.message


def test_what_another_server_changed_is_never_hidden_by_this_ones_memory(panel):
    """Each process remembers the agenda as of a version; a change made elsewhere moves the version on."""
    from sqlalchemy import update

    chair(panel, "start")
    chair(panel, "reveal_scores")
    item = db.session.scalar(select(MeetingItem).where(MeetingItem.bid_id == panel.bids[0].id))
    # Another server process moves this bid on to the discussion and commits.
    db.session.execute(update(MeetingItem).where(MeetingItem.id == item.id).values(step=Phase.DISCUSS))
    db.session.execute(
        update(Meeting).where(Meeting.id == panel.meeting.id).values(version=Meeting.version + 1)
    )
    db.session.commit()
    assert state_of(panel).phase is Phase.DISCUSS
    assert member(panel, panel.ben, "raise_hand").ok


def test_a_conflict_recorded_during_the_meeting_counts_at_once(panel, make):
    chair(panel, "start")
    chair(panel, "first_view")
    make.conflict(panel.ben, panel.bids[0])
    outcome = member(panel, panel.ben, "give_view", view="fund")
    assert not outcome.ok and "stepping out" in outcome.message
