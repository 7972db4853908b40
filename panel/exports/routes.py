"""Downloads for commissioners: the round's decisions workbook."""

import re
from tempfile import SpooledTemporaryFile

from flask import Blueprint, request, send_file
from flask_login import current_user, login_required

from panel.core.access import deny_unless, get_or_404
from panel.exports.operations import decisions_workbook
from panel.exports.writer import write_xlsx
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round

bp = Blueprint("exports", __name__, url_prefix="/rounds/<int:round_id>/export")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMISSIONERS_ONLY = "Only commissioners can download a round's decisions and scores."
IN_MEMORY = 8 * 1024 * 1024  # a larger workbook goes to a temporary file on its way out


def export_filename(round_: Round) -> str:
    """A file name from the round's title, in plain ASCII so every browser keeps it."""
    words = re.sub(r"[^a-z0-9]+", "-", round_.title.lower()).strip("-")[:60] or f"round-{round_.id}"
    return f"{words}-decisions.xlsx"


@bp.get("/decisions.xlsx")
@login_required
def decisions(round_id: int):
    """The decisions workbook; panel members appear as P1, P2, ... unless ?names=1."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_manage_round(current_user, round_), COMMISSIONERS_ONLY)
    names = request.args.get("names") == "1"
    out = SpooledTemporaryFile(max_size=IN_MEMORY)
    write_xlsx(decisions_workbook(round_, names=names), out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=export_filename(round_),
                     max_age=0)
