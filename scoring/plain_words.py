"""How easy a text is to read, in plain words: the grades that count as easy for young people, and the hint.

The grade itself (Flesch-Kincaid, measured offline with textstat) comes from panel/core/reading_level.py, which
the reading-level hint a commissioner sees while writing and the tests that hold every page a young person reads
to grade 6 or below (tests/reading.py) both use: one measure, one rule.
"""

from dataclasses import dataclass

EASY = 6.0  # the grade our own pages for young people are held to
FAIRLY_EASY = 9.0

EASY_LABEL = "Easy to read"
FAIRLY_EASY_LABEL = "Fairly easy to read"
HARD_LABEL = "Hard for some young people: use shorter sentences and words"
NOTHING_YET = "Write something to see how easy it is to read."


def label_for(grade: float | None) -> str:
    """The hint for a grade: easy, fairly easy, or hard for some young people (None: no words yet)."""
    if grade is None:
        return NOTHING_YET
    if grade <= EASY:
        return EASY_LABEL
    if grade <= FAIRLY_EASY:
        return FAIRLY_EASY_LABEL
    return HARD_LABEL


@dataclass(frozen=True)
class ReadingLevel:
    """A text's Flesch-Kincaid grade (None for no words) and what it means for a young reader."""

    grade: float | None

    @property
    def label(self) -> str:
        return label_for(self.grade)

    @property
    def shown_grade(self) -> float | None:
        """The grade as shown: one decimal place, never below 0 (very short texts measure below 0)."""
        return None if self.grade is None else max(0.0, round(self.grade, 1))

    @property
    def easy(self) -> bool:
        return self.grade is not None and self.grade <= EASY

    @property
    def message(self) -> str:
        """One line for the page: 'Reading level: grade 4.2. Easy to read.'"""
        if self.grade is None:
            return NOTHING_YET
        return f"Reading level: grade {self.shown_grade:g}. {self.label}."
