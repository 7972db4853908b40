"""Forms for signing in, and fields other areas share."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from panel.core.forms import strip_text

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def email_field(label: str, description: str) -> StringField:
    """An optional email address: nobody has to give one."""
    return StringField(
        label,
        description=description,
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=254, message="That email address is too long"),
            Regexp(EMAIL_PATTERN, message="Enter an email address like name@example.com, or leave it empty"),
        ],
    )


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your username"),
            Length(max=40, message="That username is too long"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter your password"),
            Length(max=200, message="That password is too long"),
        ],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())
