"""Roles, young or adult, and age bands."""

from itertools import pairwise

import pytest

from scoring.people import AgeBand, MemberKind, MemberRole, age_band_problem


@pytest.mark.parametrize(
    ("kind", "band", "problem"),
    [
        (MemberKind.YOUNG, AgeBand.B10_13, None),
        (MemberKind.YOUNG, AgeBand.B26_30, None),
        (MemberKind.YOUNG, None, "Choose the young person's age band"),
        (MemberKind.ADULT, None, None),
        (MemberKind.ADULT, AgeBand.B17_19, "Only young people have an age band"),
    ],
)
def test_age_band_problem(kind, band, problem):
    assert age_band_problem(kind, band) == problem


@pytest.mark.parametrize(
    ("band", "label"),
    [(AgeBand.B10_13, "10 to 13"), (AgeBand.B14_16, "14 to 16"), (AgeBand.B20_25, "20 to 25")],
)
def test_age_band_labels(band, label):
    assert band.label == label


def test_age_bands_cover_10_to_30_without_gaps():
    bounds = [tuple(int(part) for part in band.value.split("-")) for band in AgeBand]
    assert bounds[0][0] == 10 and bounds[-1][1] == 30
    assert all(high + 1 == next_low for (_, high), (next_low, _) in pairwise(bounds))


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (MemberRole.CHAIR, "Chair"),
        (MemberRole.PANELLIST, "Panel member"),
        (MemberKind.YOUNG, "Young person"),
        (MemberKind.ADULT, "Adult"),
    ],
)
def test_role_and_kind_labels(value, label):
    assert value.label == label
