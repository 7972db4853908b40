"""This Co-Panel's privacy notice: a full version and a plain one for young people, written in Markdown.

Until a commissioner changes it, the notice is the default text shipped in texts/; once changed, it is the one
row of models.PrivacyNotice."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from markupsafe import Markup

from panel.extensions import db
from panel.privacy.notice.models import ONLY_ROW, PrivacyNotice

TEXTS = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Notice:
    """The notice to show: its two texts, and when and by whom it was last changed (None: the default)."""

    full_text: str
    young_text: str
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def full_html(self) -> Markup:
        return _render(self.full_text)

    @property
    def young_html(self) -> Markup:
        return _render(self.young_text)


def _render(text: str) -> Markup:
    from panel.core.markdown import render  # the one safe Markdown renderer (no raw HTML, safe links)

    return render(text)


@cache
def default_notice() -> Notice:
    """The notice Co-Panel ships with."""
    return Notice(
        (TEXTS / "full.md").read_text(encoding="utf-8").strip(),
        (TEXTS / "young.md").read_text(encoding="utf-8").strip(),
    )


def current_notice() -> Notice:
    """The notice as it stands: the commissioners' version if they changed it, otherwise the default."""
    saved = db.session.get(PrivacyNotice, ONLY_ROW)
    if saved is None:
        return default_notice()
    changed_by = saved.updated_by.display_name if saved.updated_by is not None else None
    return Notice(saved.full_text, saved.young_text, saved.updated_at, changed_by)


def save_notice(actor, full_text: str, young_text: str, now: datetime) -> PrivacyNotice:
    """Replace the notice with these texts (cleaned of raw HTML and unsafe links) and note who changed it."""
    from panel.core.markdown import clean_source

    saved = db.session.get(PrivacyNotice, ONLY_ROW)
    if saved is None:
        saved = PrivacyNotice(id=ONLY_ROW)
        db.session.add(saved)
    saved.full_text, saved.young_text = clean_source(full_text), clean_source(young_text)
    saved.updated_at, saved.updated_by_id = now, actor.id
    db.session.flush()
    return saved
