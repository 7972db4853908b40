"""Forms for asking to have your data removed, and for a commissioner's answer."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from panel.core.forms import strip_text

REASON_LIMIT = 1000
REMOVE, DECLINE = "remove", "decline"


class AskForRemovalForm(FlaskForm):
    """The confirm step: the page says what happens, this button asks."""

    submit = SubmitField("Yes, ask to remove my data", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    submit = SubmitField("I have changed my mind", widget=GovSubmitInput())


class RemovalDecisionForm(FlaskForm):
    """A commissioner's answer to one request (each request's form has its own prefix on the page)."""

    decision = RadioField(
        "What do you want to do?",
        choices=[
            SelectChoice(REMOVE, "Remove their details now"),
            SelectChoice(DECLINE, "Don't remove them yet, and say why"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose whether to remove their details")],
        invalid_choice_message="Choose whether to remove their details",
    )
    reason = TextAreaField(
        "Why not? The panel member will read this",
        description="Use plain words. For example: your panel has not finished yet, so we still need your "
        "name.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=REASON_LIMIT, message=f"Keep it to {REASON_LIMIT} characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.decision.data == DECLINE and not self.reason.data:
            self.reason.errors.append("Say why, so the panel member knows")
            return False
        return True
