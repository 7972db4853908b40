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


def new_password_field(label: str = "Choose a password") -> PasswordField:
    """A password someone chooses: at least 10 characters (three words work well)."""
    return PasswordField(
        label,
        description="At least 10 characters. Three words you will remember work well, like purple-tiger-pie.",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter a password"),
            Length(min=10, message="Your password needs at least 10 characters"),
            Length(max=200, message="Your password must be 200 characters or fewer"),
        ],
    )


def password_again_field() -> PasswordField:
    return PasswordField(
        "Type your password again",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Type your password a second time"),
            EqualTo("password", message="The two passwords are different. Type them again."),
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


class PasswordForm(FlaskForm):
    """A new password, chosen by someone signed in (who proves it is them with the one they have)."""

    current_password = PasswordField(
        "Your password now",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter the password you use now"),
            Length(max=200, message="That password is too long"),
        ],
    )
    password = new_password_field("Choose a new password")
    password_again = password_again_field()
    submit = SubmitField("Change my password", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    """A new password, chosen with a sign-in code from a card."""

    password = new_password_field("Choose a new password")
    password_again = password_again_field()
    submit = SubmitField("Save and sign in", widget=GovSubmitInput())


def card_code_field() -> StringField:
    """The code printed on a card (an invitation, or a sign-in code)."""
    return StringField(
        "Type the code from your card",
        description="It has 8 letters and numbers, like ABCD-2345. Small letters are fine.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            InputRequired("Type the code from your card"),
            Length(max=40, message="That code is too long"),
        ],
    )


class SignInCodeForm(FlaskForm):
    code = card_code_field()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that changes something (its CSRF token is the whole form)."""

    submit = SubmitField("Sign out everywhere", widget=GovSubmitInput())
