"""Forms for signing in and for your account, and fields other areas share."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp

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


def password_field(label: str, missing: str) -> PasswordField:
    """The password someone has (to sign in, or to prove it is them), `missing` said when it is left empty."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[InputRequired(missing), Length(max=200, message="That password is too long")],
    )


def new_password_fields(label: str = "Choose a password") -> tuple[PasswordField, PasswordField]:
    """A password someone chooses (at least 10 characters; three words work well) and the same typed again:
    `password, password_again = new_password_fields()` (the second is checked against the field `password`)."""
    password = PasswordField(
        label,
        description="At least 10 characters. Three words you will remember work well, like purple-tiger-pie.",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter a password"),
            Length(min=10, message="Your password needs at least 10 characters"),
            Length(max=200, message="Your password must be 200 characters or fewer"),
        ],
    )
    again = PasswordField(
        "Type your password again",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Type your password a second time"),
            EqualTo("password", message="The two passwords are different. Type them again."),
        ],
    )
    return password, again


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your username"),
            Length(max=40, message="That username is too long"),
        ],
    )
    password = password_field("Password", "Enter your password")
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class PasswordForm(FlaskForm):
    """A new password, chosen by someone signed in (who proves it is them with the one they have)."""

    current_password = password_field("Your password now", "Enter the password you use now")
    password, password_again = new_password_fields("Choose a new password")
    submit = SubmitField("Change my password", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    """A new password, chosen with a sign-in code from a card."""

    password, password_again = new_password_fields("Choose a new password")
    submit = SubmitField("Save and sign in", widget=GovSubmitInput())


class CardCodeForm(FlaskForm):
    """The code printed on a card (an invitation, or a sign-in code), typed by hand."""

    code = StringField(
        "Type the code from your card",
        description="It has 8 letters and numbers, like ABCD-2345. Small letters are fine.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            InputRequired("Type the code from your card"),
            Length(max=40, message="That code is too long"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that changes something (its CSRF token is the whole form)."""

    submit = SubmitField("Sign out everywhere", widget=GovSubmitInput())
