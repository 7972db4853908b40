"""Training before scoring: what a member has left to do, and whether their scoring sheets unlock."""

from dataclasses import dataclass

DEFAULT_PASS_MARK = 80


@dataclass(frozen=True)
class TrainingFacts:
    """A member's training, counted by the caller."""

    required_steps: int
    steps_done: int
    questions: int
    questions_right: int
    practice_done: bool
    pass_mark: int = DEFAULT_PASS_MARK
    done_in_person: bool = False
    completed_before: bool = False


def quiz_percent(facts: TrainingFacts) -> int:
    """Right answers as a whole percentage; a round with no questions counts as passed."""
    if facts.questions == 0:
        return 100
    return (100 * facts.questions_right) // facts.questions


def quiz_passed(facts: TrainingFacts) -> bool:
    return quiz_percent(facts) >= facts.pass_mark


def remaining(facts: TrainingFacts) -> list[str]:
    """What still stands between the member and their scoring sheets, in plain words; empty when done.

    Training done in person, or finished once already, counts for good: a commissioner who later adds a step
    or raises the pass mark does not lock anybody out of sheets they have started.
    """
    if facts.done_in_person or facts.completed_before:
        return []
    left = []
    if facts.steps_done < facts.required_steps:
        left.append(f"Read the training steps ({facts.steps_done} of {facts.required_steps} done)")
    if not quiz_passed(facts):
        left.append(
            f"Answer the quiz questions: you need {facts.pass_mark}% right (you have {quiz_percent(facts)}%)"
        )
    if not facts.practice_done:
        left.append("Score the practice bid")
    return left


def unlocked(facts: TrainingFacts) -> bool:
    """The scoring sheets open once nothing remains."""
    return not remaining(facts)


def progress_percent(facts: TrainingFacts) -> int:
    """For the progress bar: steps, the quiz and the practice bid, each step counting once."""
    if facts.done_in_person or facts.completed_before:
        return 100
    total = facts.required_steps + 2
    done = min(facts.steps_done, facts.required_steps) + int(quiz_passed(facts)) + int(facts.practice_done)
    return (100 * done) // total
