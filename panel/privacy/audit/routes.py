"""The access log for commissioners: who viewed or exported personal data, and when."""

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.core.audit import access_log as log_rows
from panel.core.numbers import read_whole_number
from panel.privacy import bp
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round

PER_PAGE = 50
COMMISSIONERS_ONLY = "Only commissioners can read the log of who looked at personal data."


def can_read_access_log(user, round_: Round | None = None) -> bool:
    """Commissioners read the whole log and each round's part of it."""
    return can_manage_round(user, round_)


def _page_number() -> int:
    return read_whole_number(request.args.get("page"), 1, 99_999) or 1


def _render(round_: Round | None, endpoint: str, **url_args):
    page = _page_number()
    rows, total = log_rows(round_=round_, page=page, per_page=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    links = {
        "previous": url_for(endpoint, page=page - 1, **url_args) if page > 1 else None,
        "next": url_for(endpoint, page=page + 1, **url_args) if page < pages else None,
    }
    return render_template(
        "privacy/audit.html", round=round_, rows=rows, total=total, page=page, pages=pages, links=links
    )


@bp.get("/audit")
@login_required
def access_log():
    """Every look at personal data across Co-Panel, newest first."""
    deny_unless(can_read_access_log(current_user), COMMISSIONERS_ONLY)
    return _render(None, "privacy.access_log")


@bp.get("/rounds/<int:round_id>/audit")
@login_required
def round_access_log(round_id: int):
    """One round's part of the log, newest first."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_read_access_log(current_user, round_), COMMISSIONERS_ONLY)
    return _render(round_, "privacy.round_access_log", round_id=round_.id)
