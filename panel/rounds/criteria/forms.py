"""The form for one criterion of a scoring sheet, with a descriptor box for every level of its scale."""

from flask import request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from panel.core.forms import strip_text
from panel.core.numbers import read_whole_number
from panel.rounds.criteria.operations import CriterionDetails
from panel.rounds.models import Criterion
from scoring.criteria import SCALES, Scale, scale_from_key, weight_problem

DEFAULT_WEIGHT = 10


def descriptor_name(level: int) -> str:
    return f"descriptor_{level}"


class CriterionForm(FlaskForm):
    """Title, question, guidance, weight and scale; criterion_form() adds the descriptor boxes of a scale."""

    title = StringField(
        "Short title",
        description="For example, Meets young people's needs",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter a short title"),
            Length(max=120, message="The title must be 120 characters or fewer"),
        ],
    )
    question = TextAreaField(
        "Question for the panel",
        description="Ask it in plain words, as you would ask a young person. For example: "
        "How well does this bid understand what young people need?",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired("Enter the question panel members will answer"),
            Length(max=500, message="The question must be 500 characters or fewer"),
        ],
    )
    guidance = TextAreaField(
        "Guidance (optional)",
        description="What to look for in the bid when scoring this.",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=2000, message="The guidance must be 2,000 characters or fewer")],
    )
    weight = StringField(
        "Weight",
        description="A whole number from 1 to 100. "
        "A criterion with weight 20 counts twice as much as one with weight 10.",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[DataRequired("Enter a weight, a whole number from 1 to 100")],
    )
    scale = RadioField(
        "Score scale",
        description="The scores panel members choose from.",
        choices=[SelectChoice(scale.key, scale.label) for scale in SCALES],
        widget=GovRadioInput(),
        invalid_choice_message="Choose a score scale",
    )
    shown_scale = HiddenField()
    rescale = SubmitField("Show the boxes for this scale", widget=GovSubmitInput())
    submit = SubmitField("Save criterion", widget=GovSubmitInput())

    # The scale whose descriptor boxes this form holds, and whether it was just changed.
    shown: Scale
    rescaled: bool = False

    def validate_weight(self, field):
        weight = read_whole_number(field.data)
        if weight is None:
            raise ValidationError("Enter the weight as a whole number, like 20")
        problem = weight_problem(weight)
        if problem:
            raise ValidationError(problem)

    def descriptor_fields(self) -> list:
        return [self[descriptor_name(level)] for level in self.shown.levels]

    def ready_to_save(self) -> bool:
        """Submitted with Save, valid, and with the descriptor boxes of the scale that was chosen."""
        return not self.rescaled and self.validate_on_submit()

    def details(self) -> CriterionDetails:
        return CriterionDetails(
            title=self.title.data,
            question=self.question.data,
            guidance=self.guidance.data or "",
            weight=int(self.weight.data),
            scale=self.shown,
            descriptors={level: self[descriptor_name(level)].data for level in self.shown.levels},
        )


def _form_class(scale: Scale) -> type[CriterionForm]:
    """A CriterionForm with one required descriptor box per level of scale."""

    class ScaledCriterionForm(CriterionForm):
        pass

    for level in scale.levels:
        setattr(
            ScaledCriterionForm,
            descriptor_name(level),
            TextAreaField(
                f"What a score of {level} means",
                widget=GovTextArea(),
                filters=[strip_text],
                validators=[
                    DataRequired(f"Describe what a score of {level} means"),
                    Length(max=500, message="A descriptor must be 500 characters or fewer"),
                ],
            ),
        )
    return ScaledCriterionForm


def _saved_data(criterion: Criterion | None) -> dict:
    if criterion is None:
        return {"scale": SCALES[0].key, "weight": str(DEFAULT_WEIGHT)}
    data = {
        "title": criterion.title,
        "question": criterion.question,
        "guidance": criterion.guidance,
        "weight": str(criterion.weight),
        "scale": criterion.scale.key,
    }
    data.update({descriptor_name(score): text for score, text in criterion.descriptors().items()})
    return data


def criterion_form(criterion: Criterion | None = None) -> CriterionForm:
    """The form for a new or saved criterion. When the scale has just changed, it holds the new scale's boxes,
    keeping what was typed for levels both scales share, and is not ready to save."""
    if request.method != "POST":
        scale = criterion.scale if criterion else SCALES[0]
        form = _form_class(scale)(data=_saved_data(criterion))
        rescaled = False
    else:
        shown = scale_from_key(request.form.get("shown_scale", ""))
        chosen = scale_from_key(request.form.get("scale", ""))
        scale = chosen or shown or (criterion.scale if criterion else SCALES[0])
        form = _form_class(scale)()
        rescaled = bool(form.rescale.data) or (chosen is not None and chosen != shown)
    form.shown = scale
    form.rescaled = rescaled
    form.shown_scale.data = scale.key
    return form
