"""One rule for every number read from outside: ASCII digits, within the database's integer range."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.numbers import ID_MAX, INT_MAX, INT_MIN, read_id, whole_number


@pytest.mark.parametrize(
    ("sent", "read_as"),
    [
        ("7", 7),
        (" 7 ", 7),
        ("007", 7),
        ("-5", -5),
        ("0", 0),
        (7, 7),
        (str(INT_MAX), INT_MAX),
        (str(INT_MIN), INT_MIN),
        ("0" * 30 + "12", 12),
    ],
)
def test_ascii_digits_and_whole_numbers_are_read(sent, read_as):
    assert whole_number(sent) == read_as


@pytest.mark.parametrize(
    "sent",
    [
        "²",  # str.isdigit() says yes, int() says no: this was a server error
        "٣",  # int() reads an Arabic three as 3
        "１",  # a full-width one
        "٣٣",
        "1²",
        "+5",
        "--5",
        "- 5",
        "1e3",
        "1.5",
        "0x10",
        "1_000",
        "",
        "   ",
        "seven",
        "\x00",
        "1\x00",
        "99999999999999999999",  # past SQLite's integer: this was a server error
        str(INT_MAX + 1),  # past PostgreSQL's
        str(INT_MIN - 1),
        "9" * 5_000,  # past what int() will read at all
        INT_MAX + 1,
        2**70,
        True,
        False,
        None,
        1.0,
        [1],
        {"1": 1},
    ],
)
def test_anything_else_is_not_a_number(sent):
    assert whole_number(sent) is None


def test_a_range_narrows_what_is_read_but_never_widens_past_the_database():
    assert whole_number("5", 1, 10) == 5
    assert whole_number("0", 1, 10) is None
    assert whole_number("11", 1, 10) is None
    assert whole_number(str(INT_MAX + 1), 0, 10**30) is None
    assert whole_number(str(INT_MIN - 1), -(10**30), 0) is None


@pytest.mark.parametrize(("sent", "read_as"), [("1", 1), (" 42", 42), (str(ID_MAX), ID_MAX), (42, 42)])
def test_an_id_is_a_whole_number_from_one(sent, read_as):
    assert read_id(sent) == read_as


@pytest.mark.parametrize("sent", ["0", "-1", str(ID_MAX + 1), "٣", "²", "", None, True])
def test_anything_else_is_not_an_id(sent):
    assert read_id(sent) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(INT_MIN, INT_MAX))
def test_every_number_in_range_reads_back_as_itself(number):
    assert whole_number(str(number)) == number
    assert whole_number(f"  {number}\n") == number


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30) | st.text(alphabet="0123456789-²٣ +.e", max_size=14))
def test_whatever_text_arrives_the_answer_is_none_or_a_number_in_range_written_in_ascii(text):
    number = whole_number(text)
    if number is not None:
        assert INT_MIN <= number <= INT_MAX
        assert text.strip().lstrip("-").isascii() and text.strip().lstrip("-").isdigit()
        assert int(text) == number
