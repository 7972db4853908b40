"""Forms for sharing a round's bids out among its members."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from panel.core.forms import strip_text
from panel.core.numbers import read_whole_number

MOST_SCORERS = 50


def _scorers(text: object) -> int | None:
    """How many scorers were asked for: a whole number from 0 to MOST_SCORERS, or None."""
    return read_whole_number(text, 0, MOST_SCORERS)


def _whole_number(form, field) -> None:
    if _scorers(field.data) is None:
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

    def numbers(self) -> tuple[int, int] | None:
        """The young and adult scorers per bid, if both are whole numbers from 0 to MOST_SCORERS."""
        young, adult = _scorers(self.young.data), _scorers(self.adult.data)
        return None if young is None or adult is None else (young, adult)


class EveryoneForm(FlaskForm):
    """Go back to everyone scoring every bid."""

    everyone = SubmitField("Go back to everyone scoring every bid", widget=GovSubmitInput())
