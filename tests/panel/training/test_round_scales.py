"""The training text names the round's own scales: one scale once ("from 1 to 5"), mixed scales each in turn."""

import pytest

from panel.extensions import db
from panel.training.operations import install_default_pack, steps_of
from panel.training.pack import SCALE_PLACEHOLDER, fill_scale
from scoring.criteria import Scale
from scoring.scales import NamedScale, scale_words
from tests.panel.training.journey_helpers import text
from tests.reading import grade, page_text

OLD_PACK_TEXT = "## Scores\n\nFor each criterion, you give a score from 0 to 4. Each score has a descriptor."


def test_fill_scale_names_the_one_scale():
    body = f"## Scores\n\n{SCALE_PLACEHOLDER} Pick the one that fits."
    said = fill_scale(body, scale_words([NamedScale("Value for money", Scale(1, 5))]))
    assert said == "## Scores\n\nFor each criterion, you give a score from 1 to 5. Pick the one that fits."


def test_fill_scale_lists_each_criterion_when_scales_differ():
    words = scale_words([NamedScale("Needs *now*", Scale(0, 4)), NamedScale("Money", Scale(1, 5))])
    said = fill_scale(f"{SCALE_PLACEHOLDER} Pick one.", words)
    assert "Each criterion has its own scale." in said
    # Each criterion is a bullet of its own; a title's Markdown signs are shown, not obeyed.
    assert "\n- Needs \\*now\\*: from 0 to 4\n- Money: from 1 to 5\n" in said
    assert said.rstrip().endswith("Pick one.")


def test_fill_scale_reads_the_packs_old_fixed_sentence_as_the_round_scale():
    """A round given the pack before it asked the round's scales still holds 'from 0 to 4'."""
    said = fill_scale(OLD_PACK_TEXT, scale_words([NamedScale("Money", Scale(1, 5))]))
    assert "from 0 to 4" not in said
    assert "For each criterion, you give a score from 1 to 5. Each score has a descriptor." in said


def test_fill_scale_leaves_other_text_alone():
    body = "Commissioning means choosing which services get money."
    assert fill_scale(body, scale_words([NamedScale("Money", Scale(1, 5))])) is body


@pytest.fixture
def round_(make):
    return make.round("Youth fund", bids=1)


def _scoring_step(round_):
    install_default_pack(round_)
    db.session.commit()
    return next(step for step in steps_of(round_) if step.slug == "scoring-sheet")


def test_a_member_on_a_1_to_5_round_reads_from_1_to_5(client, make, login, round_):
    make.criterion(round_, "Value for money", scale=(1, 5))
    make.criterion(round_, "Fun to go to", scale=(1, 5))
    step = _scoring_step(round_)
    login(make.member(round_).user)
    page = client.get(f"/rounds/{round_.id}/training/steps/{step.id}")
    words = text(page)
    assert "For each criterion, you give a score from 1 to 5." in words
    assert "0 to 4" not in words and SCALE_PLACEHOLDER not in words
    assert grade(page_text(page.get_data(as_text=True))) <= 6


def test_a_member_on_a_round_of_mixed_scales_reads_each_criterions_scale(client, make, login, round_):
    make.criterion(round_, "Meets young people's needs", scale=(0, 4))
    make.criterion(round_, "Value for money", scale=(1, 5))
    step = _scoring_step(round_)
    login(make.member(round_).user)
    page = client.get(f"/rounds/{round_.id}/training/steps/{step.id}")
    words = text(page)
    assert "Each criterion has its own scale." in words
    assert "Meets young people's needs: from 0 to 4" in words
    assert "Value for money: from 1 to 5" in words
    assert "you give a score from" not in words
    assert grade(page_text(page.get_data(as_text=True))) <= 6


def test_a_step_saved_with_the_old_fixed_sentence_follows_the_round_too(client, make, login, round_):
    make.criterion(round_, "Value for money", scale=(1, 5))
    step = _scoring_step(round_)
    step.body = OLD_PACK_TEXT
    db.session.commit()
    login(make.member(round_).user)
    words = text(client.get(f"/rounds/{round_.id}/training/steps/{step.id}"))
    assert "you give a score from 1 to 5" in words and "0 to 4" not in words


def test_the_commissioners_preview_shows_the_round_scale_and_the_help_names_the_placeholder(
    client, make, login, round_
):
    make.criterion(round_, "Value for money", scale=(1, 5))
    step = _scoring_step(round_)
    login(make.commissioner())
    words = text(client.get(f"/rounds/{round_.id}/training/manage/steps/{step.id}"))
    preview = words[words.index("This is the saved text, as members see it.") :]
    assert "For each criterion, you give a score from 1 to 5." in preview
    assert "{scale} says how this round scores, from its own scoring sheet" in words


def test_the_quiz_names_no_score_a_round_may_not_have(make, round_):
    make.criterion(round_, "Value for money", scale=(1, 5))
    step = _scoring_step(round_)
    options = [option.text for question in step.questions for option in question.options]
    assert "Give it the lowest score" in options
    assert not any("a 0" in option for option in options)
