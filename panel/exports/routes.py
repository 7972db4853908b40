"""Downloads for commissioners: the round's decisions workbook, each of its sheets as a CSV, and the
monitoring evidence of co-production as a page."""

import io
import re
from tempfile import SpooledTemporaryFile

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required

from panel.core.access import FriendlyForbidden, deny_unless, get_or_404
from panel.core.audit import record_access
from panel.exports import bp
from panel.exports.csv_files import csv_filename, write_csv
from panel.exports.monitoring import monitoring_figures
from panel.exports.operations import NamesNotYet, decisions_workbook
from panel.extensions import db
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round
from scoring.disclosure import Viewer, names_sight
from scoring.export import Table
from scoring.monitoring import bars

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMISSIONERS_ONLY = "Only commissioners can download a round's decisions and scores."
IN_MEMORY = 8 * 1024 * 1024  # a larger workbook goes to a temporary file on its way out


def _title_words(round_: Round) -> str:
    """The round's title in plain ASCII words joined by hyphens, so every browser keeps the file name."""
    return re.sub(r"[^a-z0-9]+", "-", round_.title.lower()).strip("-")[:60] or f"round-{round_.id}"


def export_filename(round_: Round) -> str:
    """A file name from the round's title, in plain ASCII so every browser keeps it."""
    return f"{_title_words(round_)}-decisions.xlsx"


def sheet_slug(table: Table) -> str:
    """A sheet's name in its CSV address: the same as the CLI's CSV file name ('individual-scores')."""
    return csv_filename(table).removesuffix(".csv")


def _managed_round(round_id: int) -> Round:
    round_ = get_or_404(Round, round_id)
    deny_unless(can_manage_round(current_user, round_), COMMISSIONERS_ONLY)
    return round_


def _names() -> bool:
    return request.args.get("names") == "1"


def _workbook(round_: Round) -> list[Table]:
    """The workbook's tables as this commissioner may have them now (scoring/disclosure.py)."""
    try:
        return decisions_workbook(round_, names=_names())
    except NamesNotYet as refused:
        raise FriendlyForbidden(str(refused)) from refused


def _logged(round_: Round, action: str, subject: str = "") -> None:
    record_access(current_user, action, round_=round_, subject=subject)
    db.session.commit()


@bp.get("/decisions.xlsx")
@login_required
def decisions(round_id: int):
    """The decisions workbook; panel members appear as P1, P2, ... unless ?names=1."""
    from panel.exports.writer import write_xlsx  # openpyxl loads with the first workbook (see writer.py)

    round_ = _managed_round(round_id)
    out = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (send_file streams it and closes it after)
    write_xlsx(_workbook(round_), out)
    _logged(round_, "decisions_exported_with_names" if _names() else "decisions_exported")
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=export_filename(round_), max_age=0)


@bp.get("/")
@login_required
def index(round_id: int):
    """Every way to take the decisions away: the workbook, each sheet as a CSV, the monitoring evidence."""
    round_ = _managed_round(round_id)
    sheets = [(table.title, sheet_slug(table)) for table in decisions_workbook(round_)]
    names_allowed = names_sight(Viewer.COMMISSIONER, round_.status)
    return render_template("exports/index.html", round=round_, sheets=sheets, names_allowed=names_allowed)


@bp.get("/<sheet>.csv")
@login_required
def sheet_csv(round_id: int, sheet: str):
    """One sheet of the workbook as a UTF-8 CSV (anonymous unless ?names=1); an unknown sheet is not found."""
    round_ = _managed_round(round_id)
    tables = _workbook(round_)
    table = next((one for one in tables if sheet_slug(one) == sheet), None)
    if table is None:
        abort(404)
    _logged(round_, "sheet_exported_with_names" if _names() else "sheet_exported", sheet)
    out = io.StringIO()
    write_csv(table, out)
    data = io.BytesIO(out.getvalue().encode("utf-8-sig"))  # the byte-order mark makes Excel read £ right
    return send_file(
        data,
        mimetype="text/csv",
        as_attachment=True,
        max_age=0,
        download_name=f"{_title_words(round_)}-{sheet}.csv",
    )


@bp.get("/monitoring")
@login_required
def monitoring(round_id: int):
    """The monitoring evidence of co-production: counts and charts, each with its figures in words."""
    round_ = _managed_round(round_id)
    _logged(round_, "monitoring_viewed")
    return render_template(
        "exports/monitoring.html", round=round_, figures=monitoring_figures(round_), bars=bars
    )
