"""The later areas a round's life depends on have all registered with panel/rounds/hooks.py."""

from dataclasses import fields

from panel.rounds import hooks
from panel.rounds.operations import LATER_FACTS, round_counts, round_facts
from scoring.rounds import RoundFacts, RoundStatus


def test_every_fact_counted_by_a_later_area_has_exactly_one_source(app, app_context, make):
    round_ = make.round()
    sources: dict[str, int] = {}
    for source in hooks._count_sources:
        for name in source(round_):
            sources[name] = sources.get(name, 0) + 1
    assert set(LATER_FACTS) <= {field.name for field in fields(RoundFacts)}
    assert {name: sources.get(name, 0) for name in LATER_FACTS} == dict.fromkeys(LATER_FACTS, 1)
    assert sources["requested_pence"] == 1


def test_the_areas_that_act_when_a_round_moves_on_are_registered(app):
    registered = hooks.registered()
    assert registered["create"] == ["panel.training.operations"]
    assert registered[f"enter {RoundStatus.MEETING}"] == ["panel.meetings.store"]
    assert registered[f"enter {RoundStatus.PUBLISHED}"] == ["panel.decisions.operations"]


def test_counts_from_later_areas_reach_the_round_page_and_its_guards(app, app_context, make):
    round_ = make.round()
    make.bid(round_, amount_pence=150_000)
    make.bid(round_, amount_pence=50_000)
    assert round_facts(round_).bids == 2
    counts = round_counts(round_, round_.created_at)
    assert (counts.bids, counts.requested_pence) == (2, 200_000)
