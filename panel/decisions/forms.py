"""Forms for the final decisions: one bid's decision, the summary for young people, publishing, reminders."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

from panel.core.forms import strip_text
from panel.decisions.operations import DecisionInput
from scoring.decisions import (
    OUTCOME_NEEDED,
    Outcome,
    PanelView,
    decision_problems,
    difference_in_words,
    differences,
    explanation_needed_for,
)
from scoring.money import MoneyError, format_pounds, parse_pounds

MAX_TEXT = 5000
MAX_SUMMARY = 3000


def _text(label: str, hint: str, limit: int = MAX_TEXT) -> TextAreaField:
    return TextAreaField(
        label,
        description=hint,
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=limit, message=f"{label} must be {limit:,} characters or fewer")],
    )


class DecisionForm(FlaskForm):
    """The final decision on one bid. The rules (what needs an amount, an explanation) are scoring.decisions'."""

    outcome = RadioField(
        "Final decision",
        choices=[SelectChoice(outcome.value, outcome.label) for outcome in Outcome],
        widget=GovRadioInput(),
        invalid_choice_message=OUTCOME_NEEDED,
    )
    amount = StringField(
        "Amount awarded (funded bids only)",
        description="In pounds, for example 25000. Leave it empty if the bid is not funded.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[Length(max=40, message="Enter an amount in pounds, like 25000")],
    )
    conditions = _text(
        "Conditions (funded bids only)",
        "What the bidder must do to get the money, if anything. Leave it empty if there are none.",
    )
    reasons = _text(
        "Reasons for the decision",
        "Why you made this decision. The panel and the bidder read this, so use plain words.",
    )
    explanation = _text(
        "Why your decision is different from the panel",
        "Needed when your decision is not what the panel recommended, or not what most young members thought.",
    )
    strengths = _text(
        "Strengths, for the letter to the bidder",
        "What the panel liked. It starts with the criteria the panel scored in the top third of the scale: "
        "change it as you need. Never name a panel member.",
    )
    concerns = _text(
        "Concerns, for the letter to the bidder",
        "What worried the panel. It starts with the criteria the panel scored in the bottom third of the scale. "
        "Never name a panel member.",
    )
    submit = SubmitField("Save the decision", widget=GovSubmitInput())

    def __init__(self, panel: PanelView, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.panel = panel
        needed = explanation_needed_for(panel)
        self.explanation.description = f"{needed} The young people on the panel read this."

    @classmethod
    def for_decision(cls, panel: PanelView, decision, suggestions: tuple[str, str]) -> "DecisionForm":
        """The form as posted; else filled with the saved decision, or empty with suggested strengths and
        concerns (a posted form never falls back on the saved values for a field it left out)."""
        form = cls(panel)
        if form.is_submitted():
            return form
        if decision is None:
            form.strengths.data, form.concerns.data = suggestions
            return form
        form = cls(panel, obj=decision)
        form.outcome.data = decision.outcome.value
        amount = decision.amount_pence
        form.amount.data = format_pounds(amount).removeprefix("£") if amount else ""
        return form

    def _outcome(self) -> Outcome | None:
        try:
            return Outcome(self.outcome.data) if self.outcome.data else None
        except ValueError:
            return None

    def _amount(self) -> int | None:
        return parse_pounds(self.amount.data) if self.amount.data else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        amount = None
        try:
            amount = self._amount()
        except MoneyError as error:
            if not self.amount.errors:
                self.amount.errors.append(str(error))
        problems = decision_problems(
            self._outcome(),
            amount,
            self.reasons.data or "",
            self.explanation.data or "",
            self.panel,
            self.conditions.data or "",
        )
        if self.amount.errors:
            problems.pop("amount", None)
        for name, message in problems.items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = [*field.errors, message]
        return valid and not problems and not self.amount.errors

    def flags(self) -> list[str]:
        """How the decision as chosen on the form differs from the panel, one sentence each."""
        outcome = self._outcome()
        try:
            amount = self._amount()
        except MoneyError:
            amount = None
        if outcome is None:
            return []
        found = differences(outcome, amount, self.panel)
        return [difference_in_words(difference, self.panel) for difference in found]

    def entered(self) -> DecisionInput:
        return DecisionInput(
            outcome=self._outcome(),
            amount_pence=self._amount(),
            conditions=self.conditions.data or "",
            reasons=self.reasons.data or "",
            explanation=self.explanation.data or "",
            strengths=self.strengths.data or "",
            concerns=self.concerns.data or "",
        )


class SummaryForm(FlaskForm):
    """What every panellist reads first on their feedback page."""

    summary = _text(
        "Summary for young people",
        "What was decided and why, in a few short sentences. Aim for grade 6 or below: short sentences, "
        "everyday words.",
        MAX_SUMMARY,
    )
    next_steps = _text(
        "What happens next",
        "For example: when the projects start, and when the panel will hear how they are going.",
        MAX_SUMMARY,
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_summary(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Write the summary for young people")
