"""Forms for joining a panel: a new login, or agreeing with the account you have (the code from a card is
accounts' CardCodeForm)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from panel.accounts.forms import email_field, new_password_fields
from panel.accounts.operations import find_user
from panel.core.forms import strip_text


def _confidentiality_field() -> BooleanField:
    return BooleanField(
        "I will keep the panel's work private",
        widget=GovCheckboxInput(),
        validators=[DataRequired("Tick the box to say you will keep the panel's work private")],
    )


def _privacy_field() -> BooleanField:
    return BooleanField(
        "I have read what Co-Panel keeps about me",
        widget=GovCheckboxInput(),
        validators=[DataRequired("Tick the box to say you have read what Co-Panel keeps about you")],
    )


class JoinSetupForm(FlaskForm):
    """A new account for someone joining with an invitation."""

    username = StringField(
        "Choose a username",
        description="3 to 40 letters or numbers. You can also use dots, dashes and underscores. No spaces.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            InputRequired("Enter a username"),
            Length(min=3, max=40, message="Your username must be 3 to 40 characters long"),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message="Use only letters, numbers, dots, dashes or underscores in your username (no spaces)",
            ),
        ],
    )
    password, password_again = new_password_fields()
    email = email_field("Email address (optional)", "You don't have to give this.")
    privacy = _privacy_field()
    confidentiality = _confidentiality_field()
    submit = SubmitField("Join the panel", widget=GovSubmitInput())

    def validate_username(self, field) -> None:
        if find_user(field.data) is not None:
            raise ValidationError("Somebody already has that username. Try another, like adding a number.")


class JoinAsForm(FlaskForm):
    """Someone already signed in joins another panel with their invitation."""

    privacy = _privacy_field()
    confidentiality = _confidentiality_field()
    submit = SubmitField("Join the panel", widget=GovSubmitInput())
