"""Forms for the commissioner's training tools: a step, a quiz question, the pass mark, the practice bid."""

from urllib.parse import urlsplit

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from panel.core.forms import strip_text
from panel.core.numbers import read_whole_number
from panel.training.manage.operations import PracticeDetails, QuestionDetails, StepDetails
from scoring.money import MoneyError, format_pounds, parse_pounds
from scoring.training import DEFAULT_PASS_MARK

YES, NO = "yes", "no"
MAX_OPTIONS = 5
MINUTES_MIN, MINUTES_MAX = 1, 30


def _whole_number(text: str, low: int, high: int, message: str) -> int:
    """The number typed, if it is a whole number from low to high; ValidationError(message) otherwise."""
    number = read_whole_number(text, low, high)
    if number is None:
        raise ValidationError(message)
    return number


def web_link_problem(link: str) -> str | None:
    """Why a link cannot be a video link, or None: only http and https, so no script can hide in it."""
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        return "Enter a web address that starts with https://, like https://www.youtube.com/watch?v=abc123"
    return None


class StepForm(FlaskForm):
    """One training step: its title, reading time, whether it is required, an optional video, its text."""

    title = StringField(
        "Title",
        description="Short and friendly. For example, What is commissioning?",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter a title for the step"),
            Length(max=120, message="The title must be 120 characters or fewer"),
        ],
    )
    minutes = StringField(
        "Minutes to read",
        description=f"A whole number from {MINUTES_MIN} to {MINUTES_MAX}. Most steps take about 2 minutes.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter how many minutes the step takes to read")],
    )
    required = RadioField(
        "Must every member read this step?",
        choices=[SelectChoice(YES, "Yes, it is required"), SelectChoice(NO, "No, it is optional")],
        widget=GovRadioInput(),
        invalid_choice_message="Choose whether members must read this step",
    )
    video_url = StringField(
        "Video link (optional)",
        description="A web address starting with https://. Members see it as a link below the text.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[Length(max=500, message="The video link must be 500 characters or fewer")],
    )
    body = TextAreaField(
        "Text of the step",
        description="Write in Markdown. Keep it short: about two minutes to read. Any HTML is removed.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the text of the step"),
            Length(max=10000, message="The text must be 10,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save step", widget=GovSubmitInput())

    @classmethod
    def for_step(cls, step) -> "StepForm":
        """The form filled in with a saved step, or with defaults for a new one."""
        if request.method == "POST":
            return cls()
        if step is None:
            return cls(data={"minutes": "2", "required": YES})
        return cls(
            data={
                "title": step.title,
                "minutes": str(step.minutes),
                "required": YES if step.required else NO,
                "video_url": step.video_url or "",
                "body": step.body,
            }
        )

    def validate_minutes(self, field):
        _whole_number(
            field.data,
            MINUTES_MIN,
            MINUTES_MAX,
            f"Enter the minutes as a whole number from {MINUTES_MIN} to {MINUTES_MAX}",
        )

    def validate_video_url(self, field):
        problem = field.data and web_link_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def details(self) -> StepDetails:
        return StepDetails(
            title=self.title.data,
            minutes=int(self.minutes.data),
            required=self.required.data == YES,
            video_url=self.video_url.data or None,
            body=self.body.data,
        )


def option_name(number: int) -> str:
    return f"option_{number}"


def _option_field(number: int) -> StringField:
    return StringField(
        f"Answer {number}" + ("" if number <= 2 else " (optional)"),
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[Length(max=300, message="An answer must be 300 characters or fewer")],
    )


class QuestionForm(FlaskForm):
    """A multiple-choice question: 2 to 5 answers (blank boxes are ignored), the right one, and why."""

    prompt = TextAreaField(
        "Question",
        description="Ask it in plain words. For example: "
        "What should you do if you know someone who wrote a bid?",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the question"),
            Length(max=500, message="The question must be 500 characters or fewer"),
        ],
    )
    option_1 = _option_field(1)
    option_2 = _option_field(2)
    option_3 = _option_field(3)
    option_4 = _option_field(4)
    option_5 = _option_field(5)
    correct = RadioField(
        "Which answer is right?",
        description="Choose one. Members see the answers in the order you type them.",
        choices=[SelectChoice(str(number), f"Answer {number}") for number in range(1, MAX_OPTIONS + 1)],
        widget=GovRadioInput(),
        invalid_choice_message="Choose which answer is right",
    )
    explanation = TextAreaField(
        "Explanation",
        description="Members see this after they answer, right or wrong. Say why the right answer is right.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter an explanation of the right answer"),
            Length(max=1000, message="The explanation must be 1,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save question", widget=GovSubmitInput())

    NUMBERS = tuple(str(number) for number in range(1, MAX_OPTIONS + 1))

    def option_fields(self) -> list:
        return [self[option_name(number)] for number in range(1, MAX_OPTIONS + 1)]

    def validate_correct(self, field):
        # Radios post one value; more than one means the form was tampered with.
        if len(field.raw_data or []) > 1:
            raise ValidationError("Choose only one right answer")
        if field.errors or field.data not in self.NUMBERS:
            return
        if not self[option_name(int(field.data))].data:
            raise ValidationError("The answer you chose as right is blank. Choose one you have filled in")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        blank = [field for field in self.option_fields() if not field.data]
        if len(blank) > MAX_OPTIONS - 2:
            blank[0].errors.append("Fill in at least 2 answers")
            return False
        return valid

    def details(self) -> QuestionDetails:
        numbers = [number for number in range(1, MAX_OPTIONS + 1) if self[option_name(number)].data]
        return QuestionDetails(
            prompt=self.prompt.data,
            options=tuple(self[option_name(number)].data for number in numbers),
            correct=numbers.index(int(self.correct.data)),
            explanation=self.explanation.data,
        )

    @classmethod
    def for_question(cls, question) -> "QuestionForm":
        if question is None or request.method == "POST":
            return cls()
        data = {"prompt": question.prompt, "explanation": question.explanation}
        for number, option in enumerate(question.options, start=1):
            data[option_name(number)] = option.text
            if option.is_correct:
                data["correct"] = str(number)
        return cls(data=data)


class PassMarkForm(FlaskForm):
    """The share of quiz answers a member must get right."""

    pass_mark = StringField(
        "Pass mark",
        description="The percentage of quiz answers a member must get right, from 0 to 100. "
        f"We suggest {DEFAULT_PASS_MARK}.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter the pass mark, a whole number from 0 to 100")],
    )
    save_pass_mark = SubmitField("Save pass mark", widget=GovSubmitInput())

    def validate_pass_mark(self, field):
        _whole_number(field.data, 0, 100, "Enter the pass mark as a whole number from 0 to 100")


def score_name(criterion) -> str:
    return f"score_{criterion.id}"


def reason_name(criterion) -> str:
    return f"reason_{criterion.id}"


class _PracticeBase(FlaskForm):
    organisation = StringField(
        "Organisation",
        description="A made-up group. Don't use a real one that could bid.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the name of the organisation"),
            Length(max=160, message="The organisation must be 160 characters or fewer"),
        ],
    )
    title = StringField(
        "Title of the bid",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the title of the bid"),
            Length(max=200, message="The title must be 200 characters or fewer"),
        ],
    )
    summary = TextAreaField(
        "What the bid says",
        description="What they will do, for whom, and how. Write it as a real bid would be written.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter what the bid says"),
            Length(max=10000, message="The bid must be 10,000 characters or fewer"),
        ],
    )
    amount = StringField(
        "Amount asked for",
        description="In pounds. For example, 25000",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter the amount asked for, in pounds, like 25000")],
    )
    submit = SubmitField("Save practice bid", widget=GovSubmitInput())

    criteria: list

    def validate_amount(self, field):
        try:
            parse_pounds(field.data)
        except MoneyError as error:
            raise ValidationError(str(error)) from error

    def answer_fields(self) -> list[tuple]:
        """(criterion, score field, reason field) for each criterion of the round's sheet."""
        return [(item, self[score_name(item)], self[reason_name(item)]) for item in self.criteria]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for criterion, score, reason in self.answer_fields():
            valid = _check_model_answer(criterion, score, reason) and valid
        return valid

    def details(self) -> PracticeDetails:
        return PracticeDetails(
            organisation=self.organisation.data,
            title=self.title.data,
            summary=self.summary.data,
            amount_pence=parse_pounds(self.amount.data),
            model_answers={
                criterion.id: (int(score.data), reason.data)
                for criterion, score, reason in self.answer_fields()
                if score.data
            },
        )


def _check_model_answer(criterion, score, reason) -> bool:
    """A model answer is a score on the criterion's scale with a reason; both blank means none yet."""
    scale = criterion.scale
    if score.data and read_whole_number(score.data, scale.low, scale.high) is None:
        score.errors.append(f"Choose a score from {scale.label} for {criterion.title}")
    elif score.data and not reason.data:
        reason.errors.append(f"Say why the model score for {criterion.title} is {score.data}")
    elif reason.data and not score.data:
        score.errors.append(f"Choose the model score for {criterion.title}")
    return not (score.errors or reason.errors)


def _level_choice(level: int, descriptor: str | None) -> SelectChoice:
    return SelectChoice(str(level), f"{level}: {descriptor}" if descriptor else str(level))


def practice_form(criteria: list, practice=None) -> _PracticeBase:
    """The practice bid form, with a model score and reason for each criterion of the round's sheet."""

    class PracticeForm(_PracticeBase):
        pass

    for criterion in criteria:
        descriptors = criterion.descriptors()
        setattr(
            PracticeForm,
            score_name(criterion),
            RadioField(
                f"Model score: {criterion.title}",
                description=criterion.question,
                choices=[_level_choice(level, descriptors.get(level)) for level in criterion.scale.levels],
                widget=GovRadioInput(),
                validate_choice=False,
            ),
        )
        setattr(
            PracticeForm,
            reason_name(criterion),
            TextAreaField(
                f"Why: {criterion.title}",
                description="Members see this beside their own score. Point to what the bid says.",
                widget=GovTextArea(),
                filters=[strip_text],
                validators=[Length(max=2000, message="The reason must be 2,000 characters or fewer")],
            ),
        )
    form = PracticeForm() if request.method == "POST" else PracticeForm(data=_practice_data(practice))
    form.criteria = list(criteria)
    return form


def _practice_data(practice) -> dict:
    if practice is None:
        return {}
    data = {
        "organisation": practice.organisation,
        "title": practice.title,
        "summary": practice.summary,
        "amount": format_pounds(practice.amount_pence).removeprefix("£"),
    }
    for model in practice.model_scores:
        data[f"score_{model.criterion_id}"] = str(model.score)
        data[f"reason_{model.criterion_id}"] = model.reason
    return data


class InPersonForm(FlaskForm):
    """A note of when and where a member did their training in person."""

    note = TextAreaField(
        "How and when were they trained?",
        description="For example: Training day at the youth centre, 3 March",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired(
                "Say how and when they were trained, for example: Training day at the youth centre, 3 March"
            ),
            Length(max=500, message="The note must be 500 characters or fewer"),
        ],
    )
    submit = SubmitField("Record in-person training", widget=GovSubmitInput())

    @classmethod
    def for_member(cls, membership) -> "InPersonForm":
        if request.method == "POST":
            return cls()
        return cls(data={"note": membership.trained_in_person_note})
