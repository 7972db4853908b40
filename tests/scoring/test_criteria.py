"""The design of a scoring sheet: scales, weights, descriptors, shares and order."""

import pytest

from scoring.criteria import (
    SCALES,
    Scale,
    missing_descriptors,
    moved,
    scale_from_key,
    scale_problem,
    weight_problem,
    weight_shares,
)


@pytest.mark.parametrize(
    ("scale", "levels", "key", "label"),
    [
        (Scale(0, 4), (0, 1, 2, 3, 4), "0-4", "0 to 4"),
        (Scale(1, 5), (1, 2, 3, 4, 5), "1-5", "1 to 5"),
        (Scale(0, 10), tuple(range(11)), "0-10", "0 to 10"),
    ],
)
def test_scale_levels_key_and_label(scale, levels, key, label):
    assert (scale.levels, scale.key, scale.label) == (levels, key, label)


@pytest.mark.parametrize(("score", "inside"), [(-1, False), (0, True), (4, True), (5, False)])
def test_scale_contains(score, inside):
    assert Scale(0, 4).contains(score) is inside


@pytest.mark.parametrize(
    ("key", "scale"),
    [
        ("0-4", Scale(0, 4)),
        ("1-5", Scale(1, 5)),
        ("1-10", Scale(1, 10)),
        ("2-6", None),
        ("", None),
        ("0 to 4", None),
    ],
)
def test_scale_from_key(key, scale):
    assert scale_from_key(key) == scale


def test_every_offered_scale_is_valid_and_found_by_its_key():
    for scale in SCALES:
        assert scale_problem(scale.low, scale.high) is None
        assert scale_from_key(scale.key) is scale


@pytest.mark.parametrize(
    ("low", "high", "problem"),
    [
        (0, 4, None),
        (1, 11, None),
        (0, 10, None),
        (2, 6, "A scale starts at 0 or 1"),
        (-1, 4, "A scale starts at 0 or 1"),
        (1, 1, "The top of the scale must be above the bottom"),
        (1, 0, "The top of the scale must be above the bottom"),
        (0, 11, "A scale has at most 11 levels"),
    ],
)
def test_scale_problem(low, high, problem):
    assert scale_problem(low, high) == problem


@pytest.mark.parametrize(
    ("weight", "problem"),
    [
        (1, None),
        (100, None),
        (0, "The weight must be a whole number from 1 to 100"),
        (101, "The weight must be a whole number from 1 to 100"),
        (-5, "The weight must be a whole number from 1 to 100"),
    ],
)
def test_weight_problem(weight, problem):
    assert weight_problem(weight) == problem


@pytest.mark.parametrize(
    ("scale", "descriptors", "missing"),
    [
        (Scale(0, 4), {0: "a", 1: "b", 2: "c", 3: "d", 4: "e"}, []),
        (Scale(0, 4), {}, [0, 1, 2, 3, 4]),
        (Scale(1, 5), {1: "a", 2: "  ", 3: "c", 5: "e"}, [2, 4]),
        (Scale(1, 5), {0: "not on this scale", 1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}, []),
        (Scale(0, 4), {0: None, 1: "b", 2: "c", 3: "d", 4: "e"}, [0]),
    ],
)
def test_missing_descriptors(scale, descriptors, missing):
    assert missing_descriptors(scale, descriptors) == missing


@pytest.mark.parametrize(
    ("weights", "shares"),
    [
        ([], []),
        ([10], [1.0]),
        ([10, 10], [0.5, 0.5]),
        ([30, 10], [0.75, 0.25]),
        ([20, 20, 10], [0.4, 0.4, 0.2]),
    ],
)
def test_weight_shares(weights, shares):
    assert weight_shares(weights) == pytest.approx(shares)


@pytest.mark.parametrize(
    ("ids", "item", "step", "order"),
    [
        ([1, 2, 3], 2, -1, [2, 1, 3]),
        ([1, 2, 3], 2, 1, [1, 3, 2]),
        ([1, 2, 3], 1, -1, [1, 2, 3]),
        ([1, 2, 3], 3, 1, [1, 2, 3]),
        ([7], 7, 1, [7]),
    ],
)
def test_moved(ids, item, step, order):
    assert moved(ids, item, step) == order


def test_moved_leaves_the_given_list_alone():
    ids = [1, 2, 3]
    moved(ids, 1, 1)
    assert ids == [1, 2, 3]
