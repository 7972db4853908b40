"""Forms for building a round's panel: inviting someone and choosing which cards to print."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from panel.accounts.forms import email_field
from panel.core.forms import strip_text
from panel.core.numbers import coerce_id
from scoring.people import AgeBand, MemberKind, MemberRole, age_band_problem


def _optional_band(value):
    return AgeBand(value) if value else None


class InviteForm(FlaskForm):
    display_name = StringField(
        "Their name",
        description="The name they like to be called. A first name is enough.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the name they like to be called"),
            Length(max=80, message="The name must be 80 characters or fewer"),
        ],
    )
    role = RadioField(
        "What will they do on the panel?",
        coerce=MemberRole,
        choices=[SelectChoice(role.value, role.label) for role in MemberRole],
        widget=GovRadioInput(),
        invalid_choice_message="Choose panel member or chair",
        invalid_value_message="Choose panel member or chair",
    )
    kind = RadioField(
        "Are they a young person or an adult?",
        coerce=MemberKind,
        choices=[SelectChoice(kind.value, kind.label) for kind in MemberKind],
        widget=GovRadioInput(),
        invalid_choice_message="Choose young person or adult",
        invalid_value_message="Choose young person or adult",
    )
    age_band = SelectField(
        "Age band (young people only)",
        description="We ask for an age band, never a date of birth. Leave it as it is for an adult.",
        coerce=_optional_band,
        choices=[SelectChoice("", "Not needed for an adult")]
        + [SelectChoice(band.value, band.label) for band in AgeBand],
        widget=GovSelect(),
        invalid_choice_message="Choose an age band from the list",
        invalid_value_message="Choose an age band from the list",
    )
    email = email_field("Their email address (optional)", "Only if they want to give one. Nobody has to.")
    submit = SubmitField("Make their invitation card", widget=GovSubmitInput())

    def validate_age_band(self, field) -> None:
        if self.kind.data is None or self.kind.errors:
            return
        problem = age_band_problem(self.kind.data, field.data)
        if problem:
            raise ValidationError(problem)


class CardsForm(FlaskForm):
    """Which invitations get a new card: the ticked ones, or every one still waiting."""

    invitations = SelectMultipleField(
        "Who needs a new card?",
        coerce=coerce_id,
        choices=[],
        widget=GovCheckboxesInput(),
        invalid_choice_message="Choose from the invitations in the list",
        invalid_value_message="Choose from the invitations in the list",
    )
    print_ticked = SubmitField("Print new cards for the people I ticked", widget=GovSubmitInput())
    print_all_waiting = SubmitField("Print new cards for everyone still waiting", widget=GovSubmitInput())

    def validate_invitations(self, field) -> None:
        if self.print_ticked.data and not field.data:
            raise ValidationError("Tick at least one person, or print cards for everyone still waiting")


class HelpForm(FlaskForm):
    """The buttons that sign a member out everywhere or print them a sign-in code (the CSRF token is the form)."""
