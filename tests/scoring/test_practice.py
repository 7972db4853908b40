"""The practice bid's model answers: carried from the default pack where they fit, listed where missing, and a
member's own score in words where a criterion has none."""

from dataclasses import dataclass

import pytest

from scoring.criteria import Scale
from scoring.practice import DefaultAnswer, carried_answers, lacking_model_answer, own_score_words, same_title

PACK_SCALE = Scale(0, 4)
DEFAULTS = [
    DefaultAnswer("Value for money", 3, "Fair for what it does. For a 4, it would reach more."),
    DefaultAnswer("Easy to reach", 2, "Free and near a bus stop, but no plan for wheelchairs."),
]


@dataclass(frozen=True)
class Criterion:
    id: int
    title: str
    scale: Scale = PACK_SCALE


def test_a_criterion_that_keeps_a_default_title_and_scale_takes_its_answer():
    criteria = [Criterion(1, "Value for money"), Criterion(2, "Easy to reach")]
    assert carried_answers(criteria, DEFAULTS, PACK_SCALE) == {1: DEFAULTS[0], 2: DEFAULTS[1]}


def test_titles_match_whatever_their_case_and_spacing():
    assert carried_answers([Criterion(7, "  value FOR  money ")], DEFAULTS, PACK_SCALE) == {7: DEFAULTS[0]}
    assert same_title("Easy  to reach", "easy to reach ")
    assert not same_title("Easy to reach", "Easy to get to")


def test_a_criterion_of_its_own_takes_nothing():
    assert carried_answers([Criterion(1, "Fun to go to")], DEFAULTS, PACK_SCALE) == {}


@pytest.mark.parametrize("scale", [Scale(1, 5), Scale(0, 5), Scale(0, 10), Scale(0, 2)])
def test_a_default_title_on_another_scale_takes_nothing(scale):
    """A 3 with a reason that speaks of 'a 4' means something else out of 5, even though 3 fits."""
    assert carried_answers([Criterion(1, "Value for money", scale)], DEFAULTS, PACK_SCALE) == {}


def test_lacking_lists_criteria_without_a_model_answer_in_order():
    criteria = [Criterion(1, "A"), Criterion(2, "B"), Criterion(3, "C")]
    assert lacking_model_answer(criteria, {2: 3}) == [1, 3]
    assert lacking_model_answer(criteria, {1: 0, 2: 4, 3: 2}) == []
    assert lacking_model_answer([], {}) == []


def test_a_model_answer_off_its_criterions_scale_counts_as_lacking():
    """Left from before the scale changed: a 0 on a 1 to 5 criterion compares with nothing fair."""
    criteria = [Criterion(1, "A", Scale(1, 5)), Criterion(2, "B", Scale(0, 4))]
    assert lacking_model_answer(criteria, {1: 0, 2: 4}) == [1]


def test_own_score_words_say_what_the_score_means():
    descriptors = {0: "No evidence.", 3: "A clear plan with some evidence."}
    assert (
        own_score_words(3, descriptors)
        == "You gave 3. On this sheet, 3 means: A clear plan with some evidence."
    )
    assert own_score_words(1, descriptors) == "You gave 1."
    assert own_score_words(None, descriptors) == (
        'You chose "I can\'t judge this". That is fine when the bid does not say enough.'
    )


def test_own_score_words_are_plain():
    from tests.reading import grade

    for words in (own_score_words(3, {3: "A clear plan with some evidence."}), own_score_words(None, {})):
        assert grade(words) <= 6, words
