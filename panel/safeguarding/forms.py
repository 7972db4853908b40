"""Forms for raising a worry, dealing with one, and giving the safeguarding role."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from panel.core.forms import strip_text
from panel.safeguarding.models import MAX_CONTACT, MAX_TEXT

NO_LEAD = "none"


class WorryForm(FlaskForm):
    """What is worrying you; which panel, if you are on several; how you'd like to hear back."""

    text = TextAreaField(
        "What is worrying you?",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Tell us what is worrying you"),
            Length(max=MAX_TEXT, message=f"Please keep it to {MAX_TEXT:,} characters or fewer"),
        ],
    )
    round = RadioField(
        "Which panel is it about?",
        widget=GovRadioInput(),
        validators=[InputRequired("Choose a panel")],
        invalid_choice_message="Choose one of your panels",
    )
    contact = StringField(
        "How would you like them to get in touch? (optional)",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=MAX_CONTACT, message=f"Please keep this to {MAX_CONTACT} characters or fewer"),
        ],
    )
    submit = SubmitField("Send it privately", widget=GovSubmitInput())

    def offer(self, rounds, chosen_id: int | None) -> "WorryForm":
        """One choice per panel the member is on; `chosen_id` (the page they came from) first picked."""
        self.round.choices = [SelectChoice(str(round_.id), round_.title) for round_ in rounds]
        if self.round.data is None and rounds:
            ids = {round_.id for round_ in rounds}
            self.round.data = str(chosen_id if chosen_id in ids else rounds[0].id)
        return self


class HandleForm(FlaskForm):
    """Mark a worry dealt with, saying what was done."""

    note = TextAreaField(
        "What was done",
        description="For example: talked with them after the meeting; referred to the school's safeguarding "
        "lead. Only people who read this round's worries see this.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Say what was done"),
            Length(max=MAX_TEXT, message=f"Keep it to {MAX_TEXT:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Mark as dealt with", widget=GovSubmitInput())


class GrantForm(FlaskForm):
    """Give an adult the safeguarding role by their username."""

    username = StringField(
        "Username",
        description="The username they sign in with.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the username of the person to give the role to"),
            Length(max=40, message="Usernames are 40 characters or fewer"),
        ],
    )
    submit = SubmitField("Give the safeguarding role", widget=GovSubmitInput())


class LeadForm(FlaskForm):
    """Choose the round's safeguarding lead from the people with the role, or none."""

    lead = RadioField(
        "Who reads this round's worries?",
        widget=GovRadioInput(),
        validators=[InputRequired("Choose a safeguarding lead, or no lead")],
        invalid_choice_message="Choose one of the people with the safeguarding role",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def offer(self, leads, current_id: int | None) -> "LeadForm":
        self.lead.choices = [
            SelectChoice(str(person.id), f"{person.display_name} ({person.username})") for person in leads
        ]
        self.lead.choices.append(SelectChoice(NO_LEAD, "No lead: the commissioners read them"))
        if self.lead.data is None:
            self.lead.data = str(current_id) if current_id else NO_LEAD
        return self


class ConfirmForm(FlaskForm):
    """A button that posts (with its CSRF token) and nothing else."""
