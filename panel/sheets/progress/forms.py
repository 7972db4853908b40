"""The form to give one member more time to score."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from panel.core.forms import GovDateField


class ExtendForm(FlaskForm):
    until = GovDateField(
        "New deadline for this member",
        description="The last day they can finish and submit their sheets. For example, 14 3 2027.",
        id="until-day",
    )
    submit = SubmitField("Give more time", widget=GovSubmitInput())

    def __init__(self, round_deadline: date | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_deadline = round_deadline

    def validate_until(self, field):
        if field.process_errors:
            return
        if self.round_deadline is None:
            raise ValidationError("This round has no scoring deadline yet, so there is nothing to extend")
        if field.data is None:
            raise ValidationError("Enter the new deadline, like 14 3 2027")
        if field.data < self.round_deadline:
            deadline = self.round_deadline
            raise ValidationError(
                f"The new deadline must be on or after the round's scoring deadline, "
                f"{deadline.day} {deadline:%B %Y}"
            )
