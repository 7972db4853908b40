"""A round ready for its meeting: criteria, three bids, a chair, four panellists (one with a conflict), scores."""

from types import SimpleNamespace

import pytest

from scoring.people import MemberKind, MemberRole


@pytest.fixture
def panel(make):
    """Everyone the meeting tests need, with sheets submitted so there are scores to reveal."""
    round_ = make.round("Youth voice small grants", budget_pence=5_000_000)
    needs = make.criterion(round_, "Meets young people's needs", scale=(0, 4))
    plan = make.criterion(round_, "A clear plan", scale=(0, 4))
    bids = [
        make.bid(
            round_,
            f"YV-0{number}",
            title=f"Project {number}",
            organisation=f"Group {number}",
            amount_pence=2_000_000,
        )
        for number in (1, 2, 3)
    ]
    chair = make.member(
        round_, make.user("chair", "Chloe Chair"), role=MemberRole.CHAIR, kind=MemberKind.ADULT, trained=True
    )
    aisha = make.member(round_, make.user("aisha", "Aisha"), trained=True)
    ben = make.member(round_, make.user("ben", "Ben"), trained=True)
    dev = make.member(round_, make.user("dev", "Dev"), trained=True)
    ella = make.member(round_, make.user("ella", "Ella Adult"), kind=MemberKind.ADULT, trained=True)
    make.conflict(dev, bids[1])
    young_scores, adult_scores = {needs: 4, plan: 3}, {needs: 1, plan: 2}
    for bid in bids:
        for membership in (aisha, ben, dev):
            if not (membership is dev and bid is bids[1]):
                make.sheet(membership, bid, young_scores)
        make.sheet(ella, bid, adult_scores)
    commissioner = make.commissioner()
    outsider = make.user("outsider", "Olly Outsider")
    other_round = make.round("Another round")
    stranger = make.member(other_round, make.user("stranger", "Sam Stranger"), trained=True)
    meeting = make.meeting(round_)
    return SimpleNamespace(
        round=round_,
        criteria=[needs, plan],
        bids=bids,
        meeting=meeting,
        commissioner=commissioner,
        chair=chair,
        aisha=aisha,
        ben=ben,
        dev=dev,
        ella=ella,
        outsider=outsider,
        stranger=stranger.user,
    )
