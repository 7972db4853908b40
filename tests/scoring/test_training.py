"""The training gate as a table: what is left, whether the sheets unlock, and the progress bar."""

import pytest

from scoring.training import TrainingFacts, progress_percent, quiz_passed, quiz_percent, remaining, unlocked


def facts(
    steps=(8, 8), quiz=(10, 10), practice=True, pass_mark=80, in_person=False, before=False
) -> TrainingFacts:
    return TrainingFacts(
        required_steps=steps[0],
        steps_done=steps[1],
        questions=quiz[0],
        questions_right=quiz[1],
        practice_done=practice,
        pass_mark=pass_mark,
        done_in_person=in_person,
        completed_before=before,
    )


@pytest.mark.parametrize(
    "given, percent, passed",
    [
        (facts(quiz=(10, 10)), 100, True),
        (facts(quiz=(10, 8)), 80, True),
        (facts(quiz=(10, 7)), 70, False),
        (facts(quiz=(3, 2)), 66, False),
        (facts(quiz=(3, 2), pass_mark=60), 66, True),
        (facts(quiz=(0, 0)), 100, True),
        (facts(quiz=(5, 0), pass_mark=0), 0, True),
    ],
)
def test_quiz_mark(given, percent, passed):
    assert quiz_percent(given) == percent
    assert quiz_passed(given) is passed


@pytest.mark.parametrize(
    "given, left",
    [
        (facts(), []),
        (facts(steps=(8, 5)), ["Read the training steps (5 of 8 done)"]),
        (facts(quiz=(10, 6)), ["Answer the quiz questions: you need 80% right (you have 60%)"]),
        (facts(practice=False), ["Score the practice bid"]),
        (
            facts(steps=(8, 0), quiz=(10, 0), practice=False),
            [
                "Read the training steps (0 of 8 done)",
                "Answer the quiz questions: you need 80% right (you have 0%)",
                "Score the practice bid",
            ],
        ),
        (facts(steps=(8, 0), quiz=(10, 0), practice=False, in_person=True), []),
        (facts(steps=(0, 0), quiz=(0, 0)), []),
        (facts(steps=(9, 8), quiz=(12, 10), before=True), []),
    ],
)
def test_what_is_left_and_the_gate(given, left):
    assert remaining(given) == left
    assert unlocked(given) is (left == [])


@pytest.mark.parametrize(
    "given, percent",
    [
        (facts(steps=(8, 0), quiz=(10, 0), practice=False), 0),
        (facts(steps=(8, 4), quiz=(10, 0), practice=False), 40),
        (facts(steps=(8, 8), quiz=(10, 10), practice=False), 90),
        (facts(), 100),
        (facts(steps=(8, 0), quiz=(10, 0), practice=False, in_person=True), 100),
        (facts(steps=(8, 9)), 100),
    ],
)
def test_progress_bar(given, percent):
    assert progress_percent(given) == percent
