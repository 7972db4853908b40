"""A round's scales in words: one scale named once, mixed scales named criterion by criterion."""

from scoring.criteria import Scale
from scoring.scales import NamedScale, from_to, scale_words, shared_scale

NEEDS_0_4 = NamedScale("Meets young people's needs", Scale(0, 4))
MONEY_1_5 = NamedScale("Value for money", Scale(1, 5))
SAFE_1_5 = NamedScale("Safe and well run", Scale(1, 5))


def test_from_to_names_both_ends():
    assert from_to(Scale(1, 5)) == "from 1 to 5"
    assert from_to(Scale(0, 10)) == "from 0 to 10"


def test_one_scale_is_named_once():
    words = scale_words([MONEY_1_5, SAFE_1_5])
    assert words.shared == Scale(1, 5)
    assert not words.mixed
    assert words.phrase == "from 1 to 5"
    assert words.sentence == "For each criterion, you give a score from 1 to 5."
    assert words.lines == ()


def test_one_criterion_on_0_to_4_says_0_to_4():
    words = scale_words([NEEDS_0_4])
    assert words.phrase == "from 0 to 4"
    assert "1 to 5" not in words.sentence


def test_mixed_scales_say_each_has_its_own_and_show_each_in_order():
    words = scale_words([NEEDS_0_4, MONEY_1_5])
    assert words.shared is None
    assert words.mixed
    assert words.sentence == "Each criterion has its own scale. Look at the scale before you score."
    assert words.phrase == "on that criterion's own scale"
    assert words.lines == ("Meets young people's needs: from 0 to 4", "Value for money: from 1 to 5")


def test_no_criteria_yet_names_no_scale():
    words = scale_words([])
    assert words.shared is None
    assert not words.mixed
    assert words.lines == ()
    assert not any(digit in words.sentence for digit in "0123456789")


def test_shared_scale():
    assert shared_scale([Scale(1, 5), Scale(1, 5)]) == Scale(1, 5)
    assert shared_scale([Scale(1, 5), Scale(0, 5)]) is None
    assert shared_scale([]) is None


def test_the_words_stay_plain():
    from tests.reading import grade

    for words in (scale_words([MONEY_1_5]), scale_words([NEEDS_0_4, MONEY_1_5]), scale_words([])):
        assert grade(words.sentence) <= 6, words.sentence
