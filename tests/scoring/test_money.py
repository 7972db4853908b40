"""Reading what a person typed as pence, and showing pence as pounds."""

from decimal import Decimal

import pytest

from scoring.money import MoneyError, format_pounds, parse_pounds


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("25000", 2_500_000),
        ("£25,000", 2_500_000),
        ("£1,400,000", 140_000_000),
        ("  1 400 000 ", 140_000_000),
        ("12.5", 1_250),
        ("12.50", 1_250),
        ("0.01", 1),
        ("0", 0),
        ("250GBP", 25_000),
        (25000, 2_500_000),
        (12.5, 1_250),
        (Decimal("99.99"), 9_999),
        ("100000000000", 10**13),
    ],
)
def test_parse_pounds_reads_amounts(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount in pounds, like 25000"),
        ("   ", "Enter an amount in pounds, like 25000"),
        (None, "Enter an amount in pounds, like 25000"),
        (True, "Enter an amount in pounds, like 25000"),
        ("twenty pounds", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ("£-5", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ("12.345", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ("1e6", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ("$100", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        # ASCII digits only, as every number read from outside: Decimal() would read these as 30 and 25,000.
        ("£٣٠", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        ("٢٥٠٠٠", "Enter an amount in pounds using numbers only, like 25000 or £25,000.50"),
        (-5, "The amount must be zero or more"),
        (float("inf"), "Enter an amount in pounds, like 25000"),
        (float("nan"), "Enter an amount in pounds, like 25000"),
        (12.345, "The amount can have at most two digits after the point"),
        ("100000000000.01", "The amount is too large"),
        ("1" * 30, "The amount is too large"),
        ("9" * 40 + ".5", "The amount is too large"),
    ],
)
def test_parse_pounds_refuses_with_a_reason(typed, message):
    with pytest.raises(MoneyError) as refused:
        parse_pounds(typed)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("pence", "always_pence", "shown"),
    [
        (0, False, "£0"),
        (140_000_000, False, "£1,400,000"),
        (1_250, False, "£12.50"),
        (1, False, "£0.01"),
        (2_500_000, True, "£25,000.00"),
        (-1_250, False, "-£12.50"),
        (-100, False, "-£1"),
    ],
)
def test_format_pounds(pence, always_pence, shown):
    assert format_pounds(pence, always_pence=always_pence) == shown


@pytest.mark.parametrize("pence", [0, 1, 99, 100, 1_250, 140_000_000, 123_456_789])
def test_formatted_pounds_read_back_the_same(pence):
    assert parse_pounds(format_pounds(pence)) == pence
