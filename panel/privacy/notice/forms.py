"""The form commissioners use to change the privacy notice."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from panel.core.forms import strip_text

TEXT_LIMIT = 20_000


def _notice_field(label: str, description: str, missing: str) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            DataRequired(missing),
            Length(max=TEXT_LIMIT, message=f"Keep it to {TEXT_LIMIT:,} characters or fewer"),
        ],
    )


class PrivacyNoticeForm(FlaskForm):
    young_text = _notice_field(
        "The plain version, for young people",
        "Shown when someone joins a panel, and first on the privacy page. Short sentences and everyday "
        "words. Markdown works: ## for a heading, - for a list.",
        "Write the plain version for young people",
    )
    full_text = _notice_field(
        "The full version",
        "Shown on the privacy page under the plain version. Say who looks after the data, what is kept, why, "
        "for how long, and how to complain. ### for a heading.",
        "Write the full version",
    )
    submit = SubmitField("Save the privacy notice", widget=GovSubmitInput())
