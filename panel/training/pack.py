"""The default training pack that ships with Co-Panel: steps, quiz, glossary and a practice bid to score."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import NoReturn

from scoring.criteria import Scale
from scoring.money import MoneyError, parse_pounds
from scoring.practice import DefaultAnswer
from scoring.scales import ScaleWords

PACK_FOLDER = "pack"
PACK_FILE = "pack.toml"
# The scale of the default criteria: the practice bid's model answers and their reasons speak of it.
PACK_SCALE = Scale(0, 4)
SCORE_RANGE = range(PACK_SCALE.low, PACK_SCALE.high + 1)
# Where a step's text says how the round scores, written as this and filled in from the round's own sheet.
SCALE_PLACEHOLDER = "{scale}"
# What the pack said before it asked the round: a round given the pack then still holds it, so it is read
# as the placeholder too (on a round that scores 0 to 4 the words come out the same).
_FIXED_SCALE_SENTENCE = "For each criterion, you give a score from 0 to 4."
_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>#|~{}])")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Limits of the columns the pack is copied into (panel/training/models.py).
_MAX = {"slug": 60, "title": 120, "option": 300, "video_url": 500, "organisation": 160, "practice_title": 200}
# A TOML table as tomllib parses it: its values are checked before they are used.
_Table = dict[str, object]


class PackError(ValueError):
    """The pack's files are wrong; the message names the file and what to fix."""


@dataclass(frozen=True)
class PackQuestion:
    """A multiple-choice question: the options in order, the index of the right one, and why."""

    prompt: str
    options: tuple[str, ...]
    correct: int
    explanation: str


@dataclass(frozen=True)
class PackStep:
    """One short page of training, its Markdown body, and its questions."""

    slug: str
    title: str
    minutes: int
    body: str
    video_url: str | None
    questions: tuple[PackQuestion, ...]


@dataclass(frozen=True)
class PackModelAnswer:
    """The model score for one criterion of the practice bid (matched to a round's criterion by title)."""

    criterion_title: str
    score: int
    reason: str

    def default(self) -> DefaultAnswer:
        return DefaultAnswer(self.criterion_title, self.score, self.reason)


@dataclass(frozen=True)
class PackPractice:
    """A made-up bid to practise scoring on, with its model answer."""

    organisation: str
    title: str
    summary: str
    amount_pence: int
    model_answers: tuple[PackModelAnswer, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    """A word we cannot avoid, its anchor on the glossary page, and what it means in plain words."""

    term: str
    slug: str
    meaning: str


@dataclass(frozen=True)
class Pack:
    """The whole default pack."""

    steps: tuple[PackStep, ...]
    practice: PackPractice
    glossary: tuple[GlossaryTerm, ...]


def fill_scale(body: str, words: ScaleWords) -> str:
    """A step's Markdown with {scale} (and the pack's old fixed sentence) said in the round's own scales.

    One scale reads "For each criterion, you give a score from 1 to 5."; mixed scales say each criterion has
    its own and list them, as a paragraph of their own so the list stands apart from the text around it.
    """
    if SCALE_PLACEHOLDER not in body and _FIXED_SCALE_SENTENCE not in body:
        return body
    said = words.sentence
    if words.lines:
        listed = "\n".join("- " + _MARKDOWN_SIGNS.sub(r"\\\1", line) for line in words.lines)
        said = f"\n\n{said}\n\n{listed}\n\n"
    return body.replace(_FIXED_SCALE_SENTENCE, SCALE_PLACEHOLDER).replace(SCALE_PLACEHOLDER, said)


def pack_folder() -> Traversable:
    """Where the pack's files live, inside the installed package."""
    return files(__package__).joinpath(PACK_FOLDER)


@cache
def load_pack() -> Pack:
    """The default pack, read and checked once per process."""
    return read_pack(pack_folder())


def read_pack(folder: Traversable) -> Pack:
    """Read and check a pack from a folder holding pack.toml and the step files it names."""
    toml_file = folder.joinpath(PACK_FILE)
    if not toml_file.is_file():
        raise PackError(f"{PACK_FILE}: the file is missing from {folder}")
    try:
        data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{PACK_FILE}: not valid TOML ({error})") from error
    reader = _Reader(PACK_FILE)
    raw_steps = reader.tables(data, "steps")
    steps = tuple(_step(folder, reader.at(f"steps[{n}]"), raw) for n, raw in enumerate(raw_steps))
    _unique(reader, "steps", [step.slug for step in steps])
    raw_terms = reader.tables(data, "glossary")
    glossary = tuple(_term(reader.at(f"glossary[{n}]"), raw) for n, raw in enumerate(raw_terms))
    _unique(reader, "glossary", [term.slug for term in glossary])
    _unique(reader, "glossary", [term.term.lower() for term in glossary], what="terms")
    practice = _practice(reader.at("practice"), reader.table(data, "practice"))
    return Pack(steps=steps, practice=practice, glossary=glossary)


class _Reader:
    """Reads values out of the parsed TOML, naming the file and the place of any mistake."""

    def __init__(self, filename: str, where: str = "") -> None:
        self.filename = filename
        self.where = where

    def at(self, where: str) -> "_Reader":
        return _Reader(self.filename, where)

    def fail(self, message: str) -> NoReturn:
        place = f" ({self.where})" if self.where else ""
        raise PackError(f"{self.filename}{place}: {message}")

    def text(self, raw: _Table, key: str, *, limit: int | None = None) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be some text")
        if limit and len(value) > limit:
            self.fail(f"'{key}' is longer than {limit} characters")
        return value.strip()

    def optional_text(self, raw: _Table, key: str, *, limit: int | None = None) -> str | None:
        if raw.get(key) is None:
            return None
        return self.text(raw, key, limit=limit)

    def integer(self, raw: _Table, key: str, allowed: range) -> int:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            self.fail(f"'{key}' must be a whole number from {allowed.start} to {allowed.stop - 1}")
        return value

    def table(self, raw: _Table, key: str) -> _Table:
        value = raw.get(key)
        if not isinstance(value, dict):
            self.fail(f"'[{key}]' is missing")
        return value

    def tables(self, raw: _Table, key: str) -> list[_Table]:
        value = raw.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
            self.fail(f"'[[{key}]]' needs at least one entry")
        return value

    def slug(self, raw: _Table, key: str = "slug") -> str:
        value = self.text(raw, key, limit=_MAX["slug"])
        if not _SLUG.match(value):
            self.fail(f"'{key}' must be lower-case letters, digits and single hyphens, like 'being-fair'")
        return value


def _unique(reader: _Reader, section: str, values: list[str], what: str = "slugs") -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        reader.at(section).fail(f"{what} must be unique; repeated: {', '.join(repeated)}")


def _step(folder: Traversable, reader: _Reader, raw: _Table) -> PackStep:
    slug = reader.slug(raw)
    reader = reader.at(f"step '{slug}'")
    filename = reader.text(raw, "file")
    body_file = folder.joinpath(filename)
    if "/" in filename or "\\" in filename or not body_file.is_file():
        reader.fail(f"the step file '{filename}' is missing from the pack folder")
    body = body_file.read_text(encoding="utf-8").strip()
    if not body:
        reader.fail(f"the step file '{filename}' is empty")
    video_url = reader.optional_text(raw, "video_url", limit=_MAX["video_url"])
    if video_url and not video_url.startswith("https://"):
        reader.fail("'video_url' must start with https://")
    questions = raw.get("questions", [])
    if not isinstance(questions, list) or not questions:
        reader.fail("each step needs at least one [[steps.questions]]")
    return PackStep(
        slug=slug,
        title=reader.text(raw, "title", limit=_MAX["title"]),
        minutes=reader.integer(raw, "minutes", range(1, 31)),
        body=body,
        video_url=video_url or None,
        questions=tuple(
            _question(reader.at(f"step '{slug}', question {n + 1}"), raw_question)
            for n, raw_question in enumerate(questions)
        ),
    )


def _question(reader: _Reader, raw: object) -> PackQuestion:
    if not isinstance(raw, dict):
        reader.fail("a question must be a table")
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        reader.fail("'options' needs at least two answers to choose from")
    if not all(isinstance(option, str) and option.strip() for option in options):
        reader.fail("every option must be some text")
    if any(len(option) > _MAX["option"] for option in options):
        reader.fail(f"an option is longer than {_MAX['option']} characters")
    if len({option.strip().lower() for option in options}) != len(options):
        reader.fail("two options say the same thing")
    return PackQuestion(
        prompt=reader.text(raw, "prompt"),
        options=tuple(option.strip() for option in options),
        correct=reader.integer(raw, "correct", range(len(options))),
        explanation=reader.text(raw, "explanation"),
    )


def _term(reader: _Reader, raw: _Table) -> GlossaryTerm:
    return GlossaryTerm(
        term=reader.text(raw, "term"), slug=reader.slug(raw), meaning=reader.text(raw, "meaning")
    )


def _practice(reader: _Reader, raw: _Table) -> PackPractice:
    amount = raw.get("amount")
    try:
        if not isinstance(amount, str | int | float | None):  # a TOML date, array or table is no sum of money
            raise MoneyError("Enter an amount in pounds, like 25000")
        amount_pence = parse_pounds(amount)
    except MoneyError as error:
        reader.fail(f"'amount' must be in pounds: {error}")
    answers = reader.table(raw, "model_answers")
    if not answers:
        reader.fail("'[practice.model_answers]' needs an answer for each criterion")
    model_answers = []
    for title, answer in answers.items():
        where = reader.at(f'practice.model_answers."{title}"')
        if not isinstance(answer, dict):
            where.fail("must be a table with 'score' and 'reason'")
        model_answers.append(
            PackModelAnswer(
                criterion_title=title,
                score=where.integer(answer, "score", SCORE_RANGE),
                reason=where.text(answer, "reason"),
            )
        )
    return PackPractice(
        organisation=reader.text(raw, "organisation", limit=_MAX["organisation"]),
        title=reader.text(raw, "title", limit=_MAX["practice_title"]),
        summary=reader.text(raw, "summary"),
        amount_pence=amount_pence,
        model_answers=tuple(model_answers),
    )
