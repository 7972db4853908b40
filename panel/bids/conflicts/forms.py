"""Forms for conflicts of interest: a member's own declaration, and one recorded by the panel team."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from panel.bids.models import Bid
from panel.core.forms import strip_text
from panel.core.numbers import coerce_id

NOTE_LIMIT = 1000
YES, NO = "yes", "no"


def _note_field(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message=f"Keep it to {NOTE_LIMIT} characters or fewer"),
        ],
    )


class _DeclarationBase(FlaskForm):
    submit = SubmitField("Save my answers", widget=GovSubmitInput())

    def answers(self, bids: list[Bid]) -> dict[int, tuple[bool, str]]:
        """{bid id: (has a link, note)} for the bids the member answered about."""
        return {
            bid.id: (self[f"link_{bid.id}"].data == YES, self[f"note_{bid.id}"].data or "")
            for bid in bids
            if f"link_{bid.id}" in self
        }


def declaration_form(bids: list[Bid]) -> _DeclarationBase:
    """One Yes/No question and an optional note per bid the member can answer about."""

    class DeclarationForm(_DeclarationBase):
        pass

    for bid in bids:
        setattr(
            DeclarationForm,
            f"link_{bid.id}",
            RadioField(
                f"{bid.reference}: {bid.organisation}",
                choices=[SelectChoice(YES, "Yes"), SelectChoice(NO, "No")],
                widget=GovRadioInput(),
                invalid_choice_message=f"Choose yes or no for {bid.reference} ({bid.organisation})",
            ),
        )
        setattr(
            DeclarationForm,
            f"note_{bid.id}",
            _note_field(
                f"If yes, tell us a bit more about {bid.reference} (optional)",
                "For example: my aunt works there, or I go to their youth club.",
            ),
        )
    return DeclarationForm()


def _chosen_id(value):
    """The id chosen in the list; None for its "Choose ..." line; ValueError (a bad choice) for anything else."""
    return None if value in (None, "") else coerce_id(value)


class RecordConflictForm(FlaskForm):
    """The panel team records a conflict they know about, for one member and one bid."""

    membership = SelectField(
        "Panel member",
        coerce=_chosen_id,
        choices=[],
        widget=GovSelect(),
        validators=[InputRequired("Choose the panel member who has the conflict")],
        invalid_choice_message="Choose the panel member who has the conflict",
        invalid_value_message="Choose the panel member who has the conflict",
    )
    bid = SelectField(
        "Bid",
        coerce=_chosen_id,
        choices=[],
        widget=GovSelect(),
        validators=[InputRequired("Choose the bid they have a link to")],
        invalid_choice_message="Choose the bid they have a link to",
        invalid_value_message="Choose the bid they have a link to",
    )
    note = _note_field("Note (optional)", "What the link is, in a few words. The member can see this.")
    submit = SubmitField("Record the conflict", widget=GovSubmitInput())
