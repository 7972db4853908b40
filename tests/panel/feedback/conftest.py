"""Fixtures for the tests of decisions and of the feedback that shares them."""

from types import SimpleNamespace

import pytest

from scoring.people import MemberKind, MemberRole
from scoring.rounds import RoundStatus
from tests.panel.feedback.feedback_world import BEN_SECRET


@pytest.fixture
def world(make):
    """A round whose decisions are ready to share, for the tests of the panellist's side (feedback, replies,
    news, recognition).

    Aisha and Ben score on a 0 to 10 question, so their scores are easy to tell apart: Aisha gives 7, Ben gives
    9, and the panel agrees 6. Ben also writes a strength only he knows (BEN_SECRET). Neither of Ben's ever
    reaches Aisha's page.
    """
    round_ = make.round(
        "Youth fund",
        purpose="Help young people feel good.",
        in_scope="Who gets money.",
        out_of_scope="The total.",
        status=RoundStatus.DECIDED,
    )
    needs = make.criterion(round_, "Young people want it", scale=(0, 10))
    plan = make.criterion(round_, "A good plan", scale=(0, 4))
    club = make.bid(round_, "A-01", title="Skate club", organisation="Skate Group", amount_pence=2_500_000)
    app = make.bid(round_, "A-02", title="Chat app", organisation="App Makers", amount_pence=3_000_000)
    camp = make.bid(round_, "A-03", title="Summer camp", organisation="Camp People", amount_pence=1_000_000)
    chair = make.member(
        round_, make.user("chair", "Chloe Chair"), role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True
    )
    aisha = make.member(round_, make.user("aisha", "Aisha"), trained=True)
    ben = make.member(round_, make.user("ben", "Ben"), trained=True)
    make.conflict(aisha, camp)
    for bid in (club, app):
        make.sheet(aisha, bid, {needs: 7, plan: 3}, strengths="Aisha liked it")
        make.sheet(ben, bid, {needs: 9, plan: 1}, strengths=BEN_SECRET)
    make.sheet(ben, camp, {needs: 9, plan: 1}, strengths=BEN_SECRET)
    make.recommendation(round_, club, "fund", consensus={needs: 6, plan: 2})
    make.recommendation(round_, app, "fund", consensus={needs: 5, plan: 2})
    make.recommendation(round_, camp, "do_not_fund", consensus={needs: 2, plan: 1})
    commissioner = make.commissioner()
    make.decision(round_, club, "funded", reasons="Skaters asked for it and the plan is clear.")
    make.decision(
        round_,
        app,
        "not_funded",
        reasons="The app costs too much for what it does.",
        explanation="We had no money left after the other bids.",
    )
    make.decision(
        round_,
        camp,
        "funded",
        reasons="Camp reasons only for people without a conflict.",
        explanation="The camp had a new plan.",
    )
    other_round = make.round("Another round")
    stranger = make.member(other_round, make.user("stranger", "Sam Stranger"), trained=True)
    return SimpleNamespace(
        round=round_,
        criteria=(needs, plan),
        club=club,
        app=app,
        camp=camp,
        chair=chair,
        aisha=aisha,
        ben=ben,
        commissioner=commissioner,
        outsider=make.user("outsider", "Olly Outsider"),
        other_round=other_round,
        stranger=stranger.user,
    )
