"""The reading-level hint: which grades count as easy for young people, and how the hint reads."""

import pytest

from scoring.plain_words import (
    EASY_LABEL,
    FAIRLY_EASY_LABEL,
    HARD_LABEL,
    NOTHING_YET,
    ReadingLevel,
    label_for,
)


@pytest.mark.parametrize(
    ("grade", "label"),
    [
        (None, NOTHING_YET),
        (-3.0, EASY_LABEL),
        (0.0, EASY_LABEL),
        (6.0, EASY_LABEL),
        (6.01, FAIRLY_EASY_LABEL),
        (9.0, FAIRLY_EASY_LABEL),
        (9.1, HARD_LABEL),
        (32.7, HARD_LABEL),
    ],
)
def test_label_for(grade, label):
    assert label_for(grade) == label


@pytest.mark.parametrize(
    ("grade", "message", "easy"),
    [
        (None, "Write something to see how easy it is to read.", False),
        (-3.4, "Reading level: grade 0. Easy to read.", True),
        (4.24, "Reading level: grade 4.2. Easy to read.", True),
        (8.0, "Reading level: grade 8. Fairly easy to read.", False),
        (
            12.46,
            "Reading level: grade 12.5. Hard for some young people: use shorter sentences and words.",
            False,
        ),
    ],
)
def test_reading_level_message(grade, message, easy):
    level = ReadingLevel(grade)
    assert level.message == message
    assert level.easy is easy
