"""Forms for setting up a round and moving it on."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from panel.core.forms import GovDateField, strip_text
from panel.core.numbers import read_whole_number
from panel.rounds.operations import RoundDetails
from scoring.money import MoneyError, format_pounds, parse_pounds
from scoring.rounds import RoundStatus, deadline_problems

RETENTION_DAYS = "Enter a whole number of days from 1 to 3650, or leave it blank"


def _date_field(label: str, hint: str, name: str) -> GovDateField:
    # The error summary links to the first box, as GOV.UK date inputs do.
    return GovDateField(
        label,
        description=f"{hint} For example, 14 3 2027. Leave it blank if you don't know yet.",
        id=f"{name}-day",
    )


class RoundForm(FlaskForm):
    title = StringField(
        "Title",
        description="For example, Young people's wellbeing 2027",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter a title for the round"),
            Length(max=160, message="The title must be 160 characters or fewer"),
        ],
    )
    purpose = TextAreaField(
        "Purpose",
        description="What the money is for, in a sentence or two. Panel members read this first.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=2000, message="The purpose must be 2,000 characters or fewer")],
    )
    budget = StringField(
        "Budget",
        description="The total the panel can give out, in pounds. For example, 1400000",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter the budget in pounds, like 1400000")],
    )
    training_deadline = _date_field(
        "Training deadline", "When panel members should finish their training.", "training_deadline"
    )
    scoring_deadline = _date_field(
        "Scoring deadline", "When every panel member should have scored every bid.", "scoring_deadline"
    )
    meeting_date = _date_field(
        "Meeting date", "The day the panel meets to agree what to fund.", "meeting_date"
    )
    in_scope = TextAreaField(
        "What the panel decides",
        description="Young people must be told what is in their hands. For example: which bids get money, "
        "and how much each one gets.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Say what the panel decides"),
            Length(max=2000, message="This must be 2,000 characters or fewer"),
        ],
    )
    out_of_scope = TextAreaField(
        "What the panel does not decide",
        description="Young people must also be told what is out of their hands, so nobody is misled. "
        "For example: the total budget, or services the council must run by law.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Say what the panel does not decide"),
            Length(max=2000, message="This must be 2,000 characters or fewer"),
        ],
    )
    retention_days = StringField(
        "Keep panel members' names for this many days after the round closes",
        description="From 1 to 3650. Leave it blank to use this Co-Panel's own setting. Then their names, "
        "usernames and email addresses are removed; their scores and the decisions stay, without names.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[Optional()],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    @classmethod
    def for_round(cls, round_) -> "RoundForm":
        """The form filled in with a round's current details."""
        form = cls(obj=round_)
        if not form.is_submitted():
            form.budget.data = format_pounds(round_.budget_pence).removeprefix("£")
        return form

    def validate_retention_days(self, field):
        if read_whole_number(field.data, 1, 3650) is None:
            raise ValidationError(RETENTION_DAYS)

    def validate_budget(self, field):
        try:
            parse_pounds(field.data)
        except MoneyError as error:
            raise ValidationError(str(error)) from error

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dates = (self.training_deadline, self.scoring_deadline, self.meeting_date)
        if any(field.errors for field in dates):
            return False
        problems = deadline_problems(*(field.data for field in dates))
        for key, field in (("scoring", self.scoring_deadline), ("meeting", self.meeting_date)):
            if key in problems:
                field.errors.append(problems[key])
        return valid and not problems

    def details(self) -> RoundDetails:
        return RoundDetails(
            title=self.title.data,
            purpose=self.purpose.data or "",
            budget_pence=parse_pounds(self.budget.data),
            training_deadline=self.training_deadline.data,
            scoring_deadline=self.scoring_deadline.data,
            meeting_date=self.meeting_date.data,
            in_scope=self.in_scope.data,
            out_of_scope=self.out_of_scope.data,
            retention_days=read_whole_number(self.retention_days.data, 1, 3650),
        )


class MoveForm(FlaskForm):
    """Move a round on to the status named in `to` (so a double click cannot move it twice)."""

    to = HiddenField()

    def target(self) -> RoundStatus | None:
        """The status asked for, or None if it names no status."""
        try:
            return RoundStatus(self.to.data)
        except ValueError:
            return None
