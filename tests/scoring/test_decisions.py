"""The commissioner's final decision: when it differs from the panel, what it needs to be saved, and the
suggestions for the letter to the bidder."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.consensus import Recommendation, View
from scoring.decisions import (
    AMOUNT_NEEDED,
    EXPLANATION_NEEDED,
    NO_AMOUNT,
    NO_CONDITIONS,
    OUTCOME_NEEDED,
    REASONS_NEEDED,
    AgreedScore,
    Difference,
    Outcome,
    PanelView,
    decision_problems,
    decisions_editable,
    difference_in_words,
    differences,
    explanation_needed_for,
    needs_explanation,
    share_of_scale,
    sheet_share,
    suggested_points,
    young_lean_from_scores,
    young_lean_from_views,
)
from scoring.rounds import RoundStatus
from scoring.sheets import weighted_total

R, V, O, D = Recommendation, View, Outcome, Difference
FUNDED, NOT_FUNDED = O.FUNDED, O.NOT_FUNDED
FUND_25K = PanelView(R.FUND, 2_500_000)


@pytest.mark.parametrize(
    ("outcome", "amount", "panel", "expected"),
    [
        # Agreeing with the panel needs nothing.
        (FUNDED, 2_500_000, FUND_25K, ()),
        (FUNDED, 2_500_000, PanelView(R.FUND_WITH_CONDITIONS, 2_500_000), ()),
        (NOT_FUNDED, None, PanelView(R.DO_NOT_FUND), ()),
        # Going against the recommendation either way.
        (NOT_FUNDED, None, FUND_25K, (D.RECOMMENDATION,)),
        (FUNDED, 1_000_000, PanelView(R.DO_NOT_FUND), (D.RECOMMENDATION,)),
        # Funding a different amount.
        (FUNDED, 2_000_000, FUND_25K, (D.AMOUNT,)),
        (FUNDED, 3_000_000, FUND_25K, (D.AMOUNT,)),
        # The panel gave no amount: any amount agrees.
        (FUNDED, 3_000_000, PanelView(R.FUND), ()),
        # Reserve means "if the money allows": either outcome agrees.
        (FUNDED, 500_000, PanelView(R.RESERVE, 1_000_000), ()),
        (NOT_FUNDED, None, PanelView(R.RESERVE, 1_000_000), ()),
        # No recommendation at all.
        (FUNDED, 500_000, PanelView(), ()),
        # Most young members' first views went the other way.
        (
            FUNDED,
            2_500_000,
            PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND, V.DO_NOT_FUND, V.FUND)),
            (D.YOUNG_VIEWS,),
        ),
        (NOT_FUNDED, None, PanelView(R.DO_NOT_FUND, None, (V.FUND, V.FUND, V.NOT_SURE)), (D.YOUNG_VIEWS,)),
        # No clear majority of young views: nothing to explain.
        (FUNDED, 2_500_000, PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND, V.FUND, V.NOT_SURE)), ()),
        (
            FUNDED,
            2_500_000,
            PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND, V.NOT_SURE, V.FUND, V.NOT_SURE)),
            (),
        ),
        # Young members' middle score on the other side of halfway.
        (FUNDED, 2_500_000, PanelView(R.FUND, 2_500_000, (), (0.2, 0.3, 0.9)), (D.YOUNG_SCORES,)),
        (NOT_FUNDED, None, PanelView(R.DO_NOT_FUND, None, (), (0.75, 0.6, 0.7)), (D.YOUNG_SCORES,)),
        (FUNDED, 2_500_000, PanelView(R.FUND, 2_500_000, (), (0.5, 0.5, 0.5)), ()),
        # Too few young members to show what they thought (scoring/disclosure.py): nothing to explain.
        (FUNDED, 2_500_000, PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND, V.DO_NOT_FUND)), ()),
        (NOT_FUNDED, None, PanelView(R.DO_NOT_FUND, None, (V.FUND,), (0.9, 0.8)), ()),
        # Everything at once, in a fixed order.
        (
            NOT_FUNDED,
            None,
            PanelView(R.FUND, 2_500_000, (V.FUND,) * 3, (0.9,) * 3),
            (D.RECOMMENDATION, D.YOUNG_VIEWS, D.YOUNG_SCORES),
        ),
    ],
)
def test_differences(outcome, amount, panel, expected):
    assert differences(outcome, amount, panel) == expected


@pytest.mark.parametrize(
    ("outcome", "amount", "reasons", "explanation", "conditions", "expected"),
    [
        (FUNDED, 2_500_000, "Strong plan", "", "", {}),
        (None, None, "Strong plan", "", "", {"outcome": OUTCOME_NEEDED}),
        (FUNDED, None, "Strong plan", "", "", {"amount": AMOUNT_NEEDED}),
        (FUNDED, 0, "Strong plan", "", "", {"amount": AMOUNT_NEEDED}),
        (NOT_FUNDED, 100, "Weak plan", "Budget", "", {"amount": NO_AMOUNT}),
        (NOT_FUNDED, None, "Weak plan", "Budget", "Report monthly", {"conditions": NO_CONDITIONS}),
        (FUNDED, 2_500_000, "  ", "", "Report monthly", {"reasons": REASONS_NEEDED}),
        # Different from the panel: needs an explanation, which a blank one does not give.
        (NOT_FUNDED, None, "Over budget", "", "", {"explanation": EXPLANATION_NEEDED}),
        (NOT_FUNDED, None, "Over budget", " \n ", "", {"explanation": EXPLANATION_NEEDED}),
        (NOT_FUNDED, None, "Over budget", "We ran out of money.", "", {}),
        (FUNDED, 2_000_000, "Good", "", "", {"explanation": EXPLANATION_NEEDED}),
    ],
)
def test_decision_problems(outcome, amount, reasons, explanation, conditions, expected):
    assert decision_problems(outcome, amount, reasons, explanation, FUND_25K, conditions) == expected


@pytest.mark.parametrize(
    ("difference", "panel", "words"),
    [
        (D.RECOMMENDATION, FUND_25K, "The panel recommended: fund."),
        (D.RECOMMENDATION, PanelView(R.DO_NOT_FUND), "The panel recommended: do not fund."),
        (D.AMOUNT, FUND_25K, "The panel recommended £25,000."),
        (D.YOUNG_VIEWS, PanelView(young_views=(V.FUND,) * 3), "Most young members' first view was: fund it."),
        (
            D.YOUNG_VIEWS,
            PanelView(young_views=(V.DO_NOT_FUND,) * 3),
            "Most young members' first view was: do not fund it.",
        ),
        (
            D.YOUNG_SCORES,
            PanelView(young_shares=(0.8, 0.7, 0.9)),
            "Young members' middle score was in the top half of the scale.",
        ),
        (
            D.YOUNG_SCORES,
            PanelView(young_shares=(0.1, 0.2, 0.1)),
            "Young members' middle score was in the bottom half of the scale.",
        ),
    ],
)
def test_difference_in_words(difference, panel, words):
    assert difference_in_words(difference, panel) == words


@pytest.mark.parametrize(
    ("views", "lean"),
    [
        ((), None),
        ((V.FUND,) * 3, True),
        ((V.DO_NOT_FUND,) * 3, False),
        ((V.NOT_SURE,) * 3, None),
        ((V.FUND, V.FUND, V.DO_NOT_FUND), True),
        ((V.FUND, V.NOT_SURE, V.FUND, V.NOT_SURE), None),
        ((V.DO_NOT_FUND, V.DO_NOT_FUND, V.NOT_SURE), False),
        # One or two young members: "most of them" would say what each of them said.
        ((V.FUND,), None),
        ((V.DO_NOT_FUND, V.DO_NOT_FUND), None),
    ],
)
def test_young_lean_from_views(views, lean):
    assert young_lean_from_views(views) is lean


@pytest.mark.parametrize(
    ("shares", "lean"),
    [
        ((), None),
        ((0.5, 0.5, 0.5), None),
        ((0.51, 0.51, 0.6), True),
        ((0.49, 0.3, 0.49), False),
        ((0.2, 0.8, 0.2, 0.8), None),
        ((0.2, 0.9, 0.6), True),
        # One or two young members' sheets: their middle score would be theirs.
        ((0.9,), None),
        ((0.1, 0.2), None),
    ],
)
def test_young_lean_from_scores(shares, lean):
    assert young_lean_from_scores(shares) is lean


@pytest.mark.parametrize(
    ("total", "low", "high", "share"),
    [
        (None, 0, 4, None),
        (0, 0, 4, 0.0),
        (4, 0, 4, 1.0),
        (2, 0, 4, 0.5),
        (3, 1, 5, 0.5),
        (2.5, 1, 10, 1.5 / 9),
        (3, 3, 3, None),
    ],
)
def test_share_of_scale(total, low, high, share):
    assert (
        share_of_scale(total, low, high) == pytest.approx(share)
        if share is not None
        else share_of_scale(total, low, high) is None
    )


@pytest.mark.parametrize(
    ("weights", "scales", "scores", "share"),
    [
        # Each score on its own scale: 4 of 0-4 is the top, 1 of 1-5 the bottom; equal weights meet halfway.
        ({1: 10, 2: 10}, {1: (0, 4), 2: (1, 5)}, {1: 4, 2: 1}, 0.5),
        # Weights count: three times as much on the first criterion.
        ({1: 30, 2: 10}, {1: (0, 4), 2: (1, 5)}, {1: 4, 2: 1}, 0.75),
        # "I can't judge this" drops out and its weight is shared out again.
        ({1: 30, 2: 10}, {1: (0, 4), 2: (1, 5)}, {1: None, 2: 5}, 1.0),
        # Nothing scored, or only criteria that are not on the sheet.
        ({1: 10}, {1: (0, 4)}, {1: None}, None),
        ({1: 10}, {1: (0, 4)}, {9: 3}, None),
        ({1: 10}, {1: (0, 4)}, {}, None),
    ],
)
def test_sheet_share(weights, scales, scores, share):
    result = sheet_share(weights, scales, scores)
    assert result == pytest.approx(share) if share is not None else result is None


@pytest.mark.parametrize(
    ("panel", "sentence"),
    [
        (
            FUND_25K,
            "An explanation is needed if you decide to fund an amount other than £25,000 or not to fund it.",
        ),
        (PanelView(R.DO_NOT_FUND), "An explanation is needed if you decide to fund it."),
        (
            PanelView(R.RESERVE, 1_000_000),
            "No decision on this bid needs an explanation, but you can add one.",
        ),
        (
            PanelView(R.RESERVE, 1_000_000, (V.FUND,) * 3),
            "An explanation is needed if you decide not to fund it.",
        ),
        (
            PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND,) * 3),
            "The panel's views point different ways, so any decision on this bid needs an explanation.",
        ),
        (PanelView(), "No decision on this bid needs an explanation, but you can add one."),
    ],
)
def test_explanation_needed_for(panel, sentence):
    assert explanation_needed_for(panel) == sentence


def test_needs_explanation_once_saved():
    assert needs_explanation(NOT_FUNDED, None, "", FUND_25K)
    assert not needs_explanation(NOT_FUNDED, None, "We ran out of money.", FUND_25K)
    assert not needs_explanation(FUNDED, 2_500_000, "", FUND_25K)


@pytest.mark.parametrize("status", list(RoundStatus))
def test_decisions_are_editable_only_once_decided_and_before_publishing(status):
    assert decisions_editable(status) is (status is RoundStatus.DECIDED)


def test_suggested_points_take_the_top_and_bottom_thirds_of_each_scale_with_their_descriptors():
    scores = [
        AgreedScore("Reach", 4, 0, 4, "Reaches  many young people"),
        AgreedScore("Value for money", 1, 1, 5, "Costs are unclear"),
        AgreedScore("Plan", 2, 0, 4, "A plan with gaps"),  # halfway: neither
        AgreedScore("Safety", 3, 0, 4, ""),
        AgreedScore("Evidence", 2, 1, 5, "Little evidence"),
    ]
    strengths, concerns = suggested_points(scores)
    assert strengths == "- Reach (4 out of 4): Reaches many young people\n- Safety (3 out of 4)"
    assert (
        concerns
        == "- Value for money (1 out of 5): Costs are unclear\n- Evidence (2 out of 5): Little evidence"
    )
    assert suggested_points([]) == ("", "")


# Properties

outcomes = st.sampled_from(list(Outcome))
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))
panels = st.builds(
    PanelView,
    recommendation=st.one_of(st.none(), st.sampled_from(list(Recommendation))),
    amount_pence=amounts,
    young_views=st.lists(st.sampled_from(list(View)), max_size=8).map(tuple),
    young_shares=st.lists(st.floats(min_value=0, max_value=1), max_size=8).map(tuple),
)
texts = st.text(max_size=30)


@given(outcomes, amounts, texts, panels, texts)
def test_an_explanation_always_clears_the_explanation_problem(outcome, amount, reasons, panel, conditions):
    assert "explanation" not in decision_problems(
        outcome, amount, reasons, "Because the budget ran out.", panel, conditions
    )


@given(
    st.sampled_from([R.FUND, R.FUND_WITH_CONDITIONS, R.DO_NOT_FUND]),
    st.integers(min_value=1, max_value=10**12),
)
def test_following_the_recommendation_with_no_young_lean_needs_no_explanation(recommendation, amount):
    panel = PanelView(recommendation, amount if recommendation.funds else None)
    outcome = Outcome.FUNDED if recommendation.funds else Outcome.NOT_FUNDED
    assert differences(outcome, panel.amount_pence, panel) == ()
    assert decision_problems(outcome, panel.amount_pence, "Reasons", "", panel) == {}


@given(panels)
def test_the_hint_says_no_explanation_is_needed_only_when_none_is(panel):
    hint = explanation_needed_for(panel)
    at_panel_amount = differences(Outcome.FUNDED, panel.amount_pence, panel)
    unfunded = differences(Outcome.NOT_FUNDED, None, panel)
    assert hint.startswith("No decision") == (
        not at_panel_amount
        and not unfunded
        and not (panel.recommendation is not None and panel.recommendation.funds and panel.amount_pence)
    )


scored_sheets = st.lists(st.tuples(st.integers(1, 100), st.one_of(st.none(), st.integers(0, 10))), max_size=6)


@given(st.sampled_from([(0, 4), (1, 5), (0, 10)]), scored_sheets)
def test_a_sheets_share_is_on_the_scale_and_matches_the_weighted_total_when_the_scale_is_shared(scale, rows):
    low, high = scale
    weights = {index: weight for index, (weight, _) in enumerate(rows)}
    scores = {
        index: None if score is None else min(max(score, low), high) for index, (_, score) in enumerate(rows)
    }
    share = sheet_share(weights, dict.fromkeys(weights, scale), scores)
    expected = share_of_scale(weighted_total(weights, scores), low, high)
    if expected is None:
        assert share is None
    else:
        assert 0 <= share <= 1
        assert share == pytest.approx(expected)


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (2, True), (3, False), (4, False)])
def test_what_young_members_thought_shows_only_from_three_of_them(count, hidden):
    panel = PanelView(R.FUND, 2_500_000, (V.DO_NOT_FUND,) * count, (0.2,) * count)
    assert (panel.young_views_hidden, panel.young_scores_hidden) == (hidden, hidden)
    assert panel.young_middle_share == (0.2 if count >= 3 else None)
    expected = (D.YOUNG_VIEWS, D.YOUNG_SCORES) if count >= 3 else ()
    assert differences(FUNDED, 2_500_000, panel) == expected
