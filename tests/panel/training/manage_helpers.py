"""Reading the training pages back, and adding a step straight to the database, for the tests of editing a pack."""

import html
import re

from sqlalchemy import select

from panel.extensions import db
from panel.training.models import QuizOption, QuizQuestion, TrainingStep


def markup(response) -> str:
    return response.get_data(as_text=True)


def text(response) -> str:
    """The page's words as a person reads them: no tags, runs of white space as one space."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", markup(response)))
    return re.sub(r" ([:.,?%])", r"\1", re.sub(r"\s+", " ", words))


def error_beside(page: str, field: str, message: str) -> bool:
    """The message is shown beside the field, as GOV.UK error messages are, and the summary links to it."""
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    beside = rf'id="{field}-error"[^>]*>\s*{hidden} {re.escape(message)}'
    return bool(re.search(beside, page)) and f'href="#{field}"' in page


def add_step(
    round_,
    title="What is commissioning?",
    *,
    required=True,
    minutes=2,
    questions=0,
    body="Commissioning means choosing which services get money.",
) -> TrainingStep:
    position = len(db.session.scalars(select(TrainingStep).where(TrainingStep.round_id == round_.id)).all())
    step = TrainingStep(
        round_id=round_.id, position=position, title=title, body=body, minutes=minutes, required=required
    )
    for number in range(questions):
        step.questions.append(
            QuizQuestion(
                position=number,
                prompt=f"Question {number + 1}?",
                explanation="Because.",
                options=[
                    QuizOption(position=0, text="Right", is_correct=True),
                    QuizOption(position=1, text="Wrong"),
                ],
            )
        )
    db.session.add(step)
    db.session.commit()
    return step
