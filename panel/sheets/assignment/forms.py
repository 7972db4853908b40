"""Forms for sharing a round's bids out among its members."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from panel.core.forms import strip_text

MOST_SCORERS = 50


def _whole_number(form, field) -> None:
    if not (field.data or "").isdecimal() or int(field.data) > MOST_SCORERS:
        raise ValidationError(f"Enter a whole number from 0 to {MOST_SCORERS}")


def _scorers_field(label: str, who: str) -> StringField:
    return StringField(
        label,
        description=f"How many {who} should score each bid.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[InputRequired(f"Enter how many {who} should score each bid"), _whole_number],
    )


class ShareOutForm(FlaskForm):
    """How many young and adult scorers each bid needs."""

    young = _scorers_field("Young people per bid", "young people")
    adult = _scorers_field("Adults per bid", "adults")
    submit = SubmitField("Share the bids out automatically", widget=GovSubmitInput())

    def numbers(self) -> tuple[int, int]:
        return int(self.young.data), int(self.adult.data)


class EveryoneForm(FlaskForm):
    """Go back to everyone scoring every bid."""

    everyone = SubmitField("Go back to everyone scoring every bid", widget=GovSubmitInput())
