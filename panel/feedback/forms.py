"""Forms for a panellist's reply on how the process went, and for news about a funded bid."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import BooleanField, RadioField, SelectChoice, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from panel.core.forms import strip_text
from panel.feedback.models import Answer, ProcessReply

CHANGE_LIMIT = 1000
NEWS_LIMIT = 2000
ANSWER_CHOICES = [SelectChoice(answer.value, answer.label) for answer in Answer]


def _answer_field(label: str) -> RadioField:
    return RadioField(
        label,
        choices=ANSWER_CHOICES,
        widget=GovRadioInput(),
        validators=[Optional()],
        invalid_choice_message="Choose yes, a bit or no",
    )


class ReplyForm(FlaskForm):
    """Three short questions; any of them may be left out, but not all three."""

    felt_heard = _answer_field("Did you feel listened to on the panel?")
    training_useful = _answer_field("Did the training help you?")
    change = TextAreaField(
        "What should we change next time?",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=CHANGE_LIMIT, message=f"Keep it to {CHANGE_LIMIT} characters or fewer"),
        ],
    )
    share_name = BooleanField("Share my name with the people who run the panel", widget=GovCheckboxInput())
    submit = SubmitField("Send my answers", widget=GovSubmitInput())

    @classmethod
    def for_reply(cls, reply: ProcessReply | None) -> "ReplyForm":
        if reply is None:
            return cls()
        return cls(
            data={
                "felt_heard": reply.felt_heard.value if reply.felt_heard else None,
                "training_useful": reply.training_useful.value if reply.training_useful else None,
                "change": reply.change,
                "share_name": reply.share_name,
            }
        )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.felt_heard.data or self.training_useful.data or self.change.data):
            self.felt_heard.errors.append("Answer at least one question before you send")
            return False
        return True

    def answer(self, name: str) -> Answer | None:
        value = self[name].data
        return Answer(value) if value else None


class UpdateForm(FlaskForm):
    """News about one funded bid, for the whole panel."""

    bid = RadioField(
        "Which bid is the news about?",
        widget=GovRadioInput(),
        validators=[InputRequired("Choose the bid the news is about")],
        invalid_choice_message="Choose one of the funded bids",
    )
    body = TextAreaField(
        "What's the news?",
        description="Write it for young people: short and plain. For example: The youth club opened in May. "
        "40 young people came in the first week.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Write the news"),
            Length(max=NEWS_LIMIT, message=f"Keep it to {NEWS_LIMIT} characters or fewer"),
        ],
    )
    submit = SubmitField("Send the news to the panel", widget=GovSubmitInput())

    def offer(self, decisions) -> "UpdateForm":
        self.bid.choices = [
            SelectChoice(str(decision.bid_id), f"{decision.bid.reference}: {decision.bid.title}")
            for decision in decisions
        ]
        return self
