"""The default training pack loads, covers what the panel needs to know, and refuses a broken pack clearly."""

import dataclasses
import shutil
from pathlib import Path

import pytest

import panel.training
from panel.demo.content import CRITERIA
from panel.training.pack import PackError, load_pack, pack_folder, read_pack

DEMO_CRITERIA = [title for title, *_ in CRITERIA]


def test_the_pack_loads_once_and_cannot_be_changed():
    pack = load_pack()
    assert load_pack() is pack
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.steps[0].title = "Changed"


def test_the_steps_cover_the_training_in_order():
    slugs = [step.slug for step in load_pack().steps]
    assert slugs == [
        "what-is-commissioning",
        "money-and-scope",
        "scoring-sheet",
        "being-fair",
        "conflicts-and-privacy",
        "the-meeting",
        "what-happens-after",
        "looking-after-yourself",
    ]


@pytest.mark.parametrize("step", load_pack().steps, ids=lambda step: step.slug)
def test_every_step_has_a_body_and_friendly_questions(step):
    assert step.body.strip() and step.title.strip()
    assert 1 <= step.minutes <= 3
    assert 2 <= len(step.questions) <= 3
    for question in step.questions:
        assert len(question.options) == 3
        assert 0 <= question.correct < len(question.options)
        assert question.prompt and question.explanation


def test_the_right_answers_are_not_always_in_the_same_place():
    places = {question.correct for step in load_pack().steps for question in step.questions}
    assert places == {0, 1, 2}


def test_the_practice_bid_has_a_model_answer_for_each_demo_criterion():
    practice = load_pack().practice
    assert practice.organisation and practice.title and practice.summary
    assert practice.amount_pence == 48_000_00
    answers = {answer.criterion_title: answer for answer in practice.model_answers}
    assert sorted(answers) == sorted(DEMO_CRITERIA)
    for answer in answers.values():
        assert answer.score in range(5) and answer.reason
    assert len({answer.score for answer in answers.values()}) > 1, "a model answer that varies teaches more"


def test_the_glossary_explains_the_words_that_cannot_be_avoided():
    terms = {term.term: term for term in load_pack().glossary}
    needed = [
        "commissioning",
        "criteria",
        "criterion",
        "consensus",
        "conflict of interest",
        "budget",
        "bid",
        "descriptor",
        "weight",
    ]
    for word in needed:
        assert terms[word].meaning, word
    slugs = [term.slug for term in terms.values()]
    assert len(slugs) == len(set(slugs))


def test_the_pack_is_read_from_inside_the_package():
    folder = Path(str(pack_folder()))
    assert folder.parent == Path(panel.training.__file__).parent
    assert (folder / "pack.toml").is_file()


@pytest.fixture
def copy_of_pack(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(str(pack_folder()), folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    toml = folder / "pack.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text, old
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("correct = 0", "correct = 3", "'correct' must be a whole number from 0 to 2"),
        ("correct = 0", "correct = -1", "'correct' must be a whole number from 0 to 2"),
        (
            'options = ["Stay quiet", "Raise your hand and say why", "Leave the meeting"]',
            'options = ["Stay quiet"]',
            "'options' needs at least two answers",
        ),
        ("score = 1", "score = 5", "'score' must be a whole number from 0 to 4"),
        ("score = 1", "score = true", "'score' must be a whole number from 0 to 4"),
        ('slug = "being-fair"', 'slug = "scoring-sheet"', "slugs must be unique; repeated: scoring-sheet"),
        ('slug = "budget"', 'slug = "bid"', "slugs must be unique; repeated: bid"),
        ('file = "04-being-fair.md"', 'file = "04-missing.md"', "the step file '04-missing.md' is missing"),
        ('file = "04-being-fair.md"', 'file = "../pack.toml"', "the step file '../pack.toml' is missing"),
        ('slug = "being-fair"', 'slug = "Being Fair"', "'slug' must be lower-case letters"),
        ("amount = 48000", "amount = -5", "'amount' must be in pounds"),
        ("minutes = 2", "minutes = 0", "'minutes' must be a whole number from 1 to 30"),
    ],
)
def test_a_broken_pack_is_refused_with_a_message_naming_the_file(copy_of_pack, old, new, message):
    _edit(copy_of_pack, old, new)
    with pytest.raises(PackError) as refused:
        read_pack(copy_of_pack)
    assert str(refused.value).startswith("pack.toml")
    assert message in str(refused.value)


def test_a_pack_that_is_not_toml_is_refused(copy_of_pack):
    (copy_of_pack / "pack.toml").write_text("[[steps]\n", encoding="utf-8")
    with pytest.raises(PackError, match="pack.toml: not valid TOML"):
        read_pack(copy_of_pack)


def test_a_missing_pack_file_is_refused(tmp_path):
    with pytest.raises(PackError, match="pack.toml: the file is missing"):
        read_pack(tmp_path)


def test_an_empty_step_file_is_refused(copy_of_pack):
    (copy_of_pack / "04-being-fair.md").write_text("  \n", encoding="utf-8")
    with pytest.raises(PackError, match=r"step 'being-fair'.*'04-being-fair.md' is empty"):
        read_pack(copy_of_pack)


def test_a_copy_of_the_pack_reads_the_same_as_the_shipped_one(copy_of_pack):
    assert read_pack(copy_of_pack) == load_pack()
