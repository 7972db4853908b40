"""Forms on a member's training pages."""

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from panel.training.models import QuizQuestion


class StepReadForm(FlaskForm):
    """'I've read this, next'."""

    submit = SubmitField("I've read this, next", widget=GovSubmitInput())


class QuizForm(FlaskForm):
    """The open questions of one step; each becomes a field named question_<id> (see quiz_form)."""

    def answers(self, questions: list[QuizQuestion]) -> dict[int, str]:
        """The option id sent for each question, as sent (checked against the question by the operation)."""
        return {question.id: self[field_name(question)].data for question in questions}


def field_name(question: QuizQuestion) -> str:
    return f"question_{question.id}"


def quiz_form(questions: list[QuizQuestion], **kwargs) -> QuizForm:
    """A form with one radio group per question; the legend is the question's prompt."""

    class StepQuiz(QuizForm):
        pass

    for question in questions:
        setattr(
            StepQuiz,
            field_name(question),
            RadioField(
                question.prompt,
                choices=[SelectChoice(str(option.id), option.text) for option in question.options],
                # A choice not offered is a tampered form: the route refuses it with 400, not a field error.
                validate_choice=False,
                validators=[InputRequired("Choose an answer")],
                widget=GovRadioInput(),
            ),
        )
    return StepQuiz(**kwargs)


class PracticeForm(FlaskForm):
    """The practice sheet: a score per criterion, sent by the criterion_field macro (criterion-<id>-score)."""

    @staticmethod
    def prefix(criterion_id: int) -> str:
        return f"criterion-{criterion_id}"

    def chosen(self, criterion_ids: list[int]) -> dict[int, str]:
        """What was chosen for each criterion: a score level, "cant-judge" or nothing."""
        return {cid: request.form.get(f"{self.prefix(cid)}-score", "") for cid in criterion_ids}

    def typed(self, criterion_ids: list[int]) -> dict[int, dict[str, str]]:
        """What to show again after an error (comments stay on screen; practice does not save them)."""
        return {
            cid: {
                "score": request.form.get(f"{self.prefix(cid)}-score", ""),
                "comment": request.form.get(f"{self.prefix(cid)}-comment", ""),
            }
            for cid in criterion_ids
        }
