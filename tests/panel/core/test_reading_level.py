"""Measuring a text's reading level: offline, the same measure for the commissioner's hint and for the tests."""

import textstat

from panel.core.reading_level import reading_grade, reading_level


def test_plain_text_reads_easy_and_long_words_in_long_sentences_read_hard():
    assert reading_level("We chose three bids. They help young people feel better.").label == "Easy to read"
    hard = reading_level(
        "The commissioning authority determined, following extensive deliberation regarding "
        "organisational sustainability considerations, that allocation was inappropriate."
    )
    assert hard.label.startswith("Hard for some young people")


def test_text_without_words_has_no_grade():
    assert reading_grade("") is None
    assert reading_grade(" 12 345 ") is None
    assert reading_level("").message == "Write something to see how easy it is to read."


def test_the_grade_is_textstats_flesch_kincaid_grade():
    text = "You read the bids. Then you score them. Then the panel meets to agree."
    assert reading_grade(text) == textstat.flesch_kincaid_grade(text)
