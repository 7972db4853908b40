"""Bid pages: the round's list, adding and changing a bid, its documents, and importing from a spreadsheet."""

import time
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import selectinload

from panel.bids import bp, documents, importing, operations
from panel.bids.documents import DocumentError
from panel.bids.forms import PLAIN_SUMMARY_MOST, BidForm, ColumnsForm, DocumentForm, ImportUploadForm
from panel.bids.importing import ImportFileError
from panel.bids.models import Bid, Document
from panel.bids.permissions import can_view_bid
from panel.core.access import FriendlyForbidden, deny_unless, get_or_404
from panel.core.reading_level import measured, reading_level
from panel.extensions import db
from panel.rounds.models import Round
from panel.rounds.permissions import can_manage_round, can_view_round, membership_of
from scoring.rounds import bids_editable

MANAGERS_ONLY = (
    "Only commissioners can add or change bids. If something in a bid looks wrong, tell the person who runs "
    "your panel."
)
NOT_YOUR_PANEL = (
    "These bids belong to a panel you are not on. If you think you should be, ask the person who runs it."
)
CONFLICTED = (
    "You told us you have a link to this organisation, so you're stepping out for this bid. "
    "That's the fair thing to do."
)
LOCKED = "Bids can't be changed now: the panel has started scoring them."
SAVE_FAILED = {
    409: "Nothing was imported: another bid with one of these references was added at the same time. "
    "Check the bids list, then try again.",
    500: "Nothing was imported: the database could not save the bids. Try again in a minute.",
}


# An import's uploaded file waits this long for the commissioner to confirm, then is swept away.
ABANDONED_IMPORT_SECONDS = 24 * 60 * 60


def _bid_in(round_: Round, bid_id: int) -> Bid:
    bid = get_or_404(Bid, bid_id)
    if bid.round_id != round_.id:
        abort(404)
    return bid


def _viewable_bid(round_id: int, bid_id: int) -> tuple[Round, Bid]:
    """The bid in the URL, for someone who may open it; a conflicted member is told kindly why not."""
    round_ = get_or_404(Round, round_id)
    bid = _bid_in(round_, bid_id)
    if not can_view_bid(current_user, bid):
        raise FriendlyForbidden(CONFLICTED if membership_of(current_user, round_) else NOT_YOUR_PANEL)
    return round_, bid


def _editable_round(round_id: int) -> Round:
    """The round in the URL, for a commissioner, while its bids can still change."""
    round_ = get_or_404(Round, round_id)
    deny_unless(can_manage_round(current_user, round_), MANAGERS_ONLY)
    deny_unless(bids_editable(round_.status), LOCKED)
    return round_


def _document_of(bid: Bid, document_id: int) -> Document:
    document = get_or_404(Document, document_id)
    if document.bid_id != bid.id:
        abort(404)
    return document


@bp.get("/bids/")
@login_required
def index(round_id: int):
    round_ = get_or_404(Round, round_id)
    deny_unless(can_view_round(current_user, round_), NOT_YOUR_PANEL)
    manager = can_manage_round(current_user, round_)
    bids = db.session.scalars(
        select(Bid).where(Bid.round_id == round_.id).options(selectinload(Bid.documents))
    ).all()
    shown = sorted(
        (bid for bid in bids if manager or can_view_bid(current_user, bid)), key=operations.in_reference_order
    )
    return render_template(
        "bids/index.html",
        round=round_,
        bids=shown,
        manager=manager,
        editable=manager and bids_editable(round_.status),
        total_pence=sum(bid.amount_pence for bid in bids),
    )


def _form_page(form: BidForm, round_: Round, bid: Bid | None):
    """Adding or changing a bid, with how easy its summary for young readers is to read."""
    plain_level = reading_level(form.plain_summary.data or "")
    return render_template("bids/form.html", form=form, round=round_, bid=bid, plain_level=plain_level)


def _bid_details(form: BidForm) -> operations.BidDetails:
    """What a validated form says (its amount is then always there)."""
    assert form.amount.data is not None
    return operations.BidDetails(
        reference=form.reference.data or "",
        organisation=form.organisation.data or "",
        title=form.title.data or "",
        summary=form.summary.data or "",
        amount_pence=form.amount.data,
        plain_summary=form.plain_summary.data or "",
    )


@bp.route("/bids/new", methods=["GET", "POST"])
@login_required
def create(round_id: int):
    round_ = _editable_round(round_id)
    form = BidForm(taken_references=operations.taken_references(round_))
    if form.validate_on_submit():
        bid = operations.create_bid(round_, current_user, _bid_details(form))
        db.session.commit()
        flash(f"Bid added: {bid.reference}", "success")
        return redirect(url_for("bids.show", round_id=round_.id, bid_id=bid.id))
    return _form_page(form, round_, None)


@bp.route("/bids/<int:bid_id>/edit", methods=["GET", "POST"])
@login_required
def edit(round_id: int, bid_id: int):
    round_ = _editable_round(round_id)
    bid = _bid_in(round_, bid_id)
    form = BidForm(
        obj=bid, amount=bid.amount_pence, taken_references=operations.taken_references(round_, bid)
    )
    if form.validate_on_submit():
        operations.update_bid(bid, current_user, _bid_details(form))
        db.session.commit()
        flash(f"Bid {bid.reference} saved", "success")
        return redirect(url_for("bids.show", round_id=round_.id, bid_id=bid.id))
    return _form_page(form, round_, bid)


@bp.post("/bids/reading-level")
@login_required
def reading_level_json(round_id: int):
    """How easy a bid's summary for young readers is to read, as the commissioner types (JSON in and out)."""
    _editable_round(round_id)
    answer, status = measured(request.get_json(silent=True), PLAIN_SUMMARY_MOST * 2)
    return jsonify(answer), status


def _show(round_: Round, bid: Bid, form: DocumentForm):
    manager = can_manage_round(current_user, round_)
    return render_template(
        "bids/show.html",
        round=round_,
        bid=bid,
        form=form,
        manager=manager,
        editable=manager and bids_editable(round_.status),
        kind_for=documents.kind_for,
        format_size=documents.format_size,
        plain_level=reading_level(bid.plain_summary),
    )


@bp.get("/bids/<int:bid_id>")
@login_required
def show(round_id: int, bid_id: int):
    round_, bid = _viewable_bid(round_id, bid_id)
    return _show(round_, bid, DocumentForm(formdata=None))


@bp.post("/bids/<int:bid_id>/documents")
@login_required
def document_upload(round_id: int, bid_id: int):
    round_ = _editable_round(round_id)
    bid = _bid_in(round_, bid_id)
    form = DocumentForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            added = operations.add_document(
                bid, current_user, form.document.data, config["DOCUMENTS_DIR"], config["MAX_DOCUMENT_BYTES"]
            )
        except DocumentError as error:
            form.document.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Document added: {added.filename}", "success")
            return redirect(url_for("bids.show", round_id=round_.id, bid_id=bid.id))
    return _show(round_, bid, form), 400


@bp.get("/bids/<int:bid_id>/documents/<int:document_id>")
@login_required
def document(round_id: int, bid_id: int, document_id: int):
    _, bid = _viewable_bid(round_id, bid_id)
    found = _document_of(bid, document_id)
    path = documents.path_of(current_app.config["DOCUMENTS_DIR"], found.stored_name)
    if not path.is_file():
        abort(404)
    kind = documents.kind_for(found.content_type)
    inline = kind is not None and not kind.as_attachment
    response = send_file(
        path,
        mimetype=found.content_type,
        as_attachment=not inline,
        download_name=documents.download_name(found.filename, found.content_type),
    )
    response.headers["Cache-Control"] = "private, no-store"
    if inline:
        response.headers["Content-Security-Policy"] = documents.INLINE_DOCUMENT_CSP
    return response


@bp.post("/bids/<int:bid_id>/documents/<int:document_id>/delete")
@login_required
def document_delete(round_id: int, bid_id: int, document_id: int):
    round_ = _editable_round(round_id)
    bid = _bid_in(round_, bid_id)
    found = _document_of(bid, document_id)
    stored_name = operations.delete_document(found, current_user)
    db.session.commit()
    documents.remove(current_app.config["DOCUMENTS_DIR"], stored_name)
    flash(f"Document removed: {found.filename}", "success")
    return redirect(url_for("bids.show", round_id=round_.id, bid_id=bid.id))


# --- Import from a spreadsheet: upload, choose columns, check, confirm --------------------------------------


def _import_key(round_: Round) -> str:
    return f"bids_import_{round_.id}"


def _forget_import(round_: Round) -> None:
    """Drop the stored upload for this round, if any."""
    state = session.pop(_import_key(round_), None)
    if state:
        try:
            documents.remove(current_app.config["IMPORTS_DIR"], state.get("file", ""))
        except ValueError:
            pass


def _stored_import(round_: Round) -> tuple[dict[str, Any], importing.Table] | None:
    """What was uploaded for this round and its table, or None if it has gone (then upload again)."""
    state = session.get(_import_key(round_))
    if not isinstance(state, dict):  # nothing stored; its values are JSON: file, name and (later) mapping
        return None
    try:
        path = documents.path_of(current_app.config["IMPORTS_DIR"], state["file"])
        return state, importing.read_table(state["name"], path.read_bytes())
    except (TypeError, KeyError, ValueError, OSError):  # ImportFileError is a ValueError
        return None


def _stored_import_or_restart(round_: Round) -> tuple[dict[str, Any], importing.Table]:
    """The stored upload and its table; if it has gone, the request ends with a redirect to upload again."""
    stored = _stored_import(round_)
    if stored is None:
        _forget_import(round_)
        flash("Please upload the spreadsheet again.", "info")
        abort(redirect(url_for("bids.import_upload", round_id=round_.id)))
    return stored


@bp.route("/bids/import", methods=["GET", "POST"])
@login_required
def import_upload(round_id: int):
    round_ = _editable_round(round_id)
    form = ImportUploadForm()
    if not form.is_submitted():
        return render_template("bids/import_upload.html", form=form, round=round_)
    if form.validate():
        name = documents.display_name(form.spreadsheet.data.filename)
        data = form.spreadsheet.data.read()
        try:
            importing.read_table(name, data)
        except ImportFileError as error:
            form.spreadsheet.errors.append(str(error))
        else:
            _forget_import(round_)
            documents.sweep(current_app.config["IMPORTS_DIR"], ABANDONED_IMPORT_SECONDS, time.time())
            session[_import_key(round_)] = {
                "file": documents.store(current_app.config["IMPORTS_DIR"], data),
                "name": name,
            }
            return redirect(url_for("bids.import_map", round_id=round_.id))
    return render_template("bids/import_upload.html", form=form, round=round_), 400


@bp.route("/bids/import/columns", methods=["GET", "POST"])
@login_required
def import_map(round_id: int):
    round_ = _editable_round(round_id)
    state, table = _stored_import_or_restart(round_)
    form = ColumnsForm(table.headers, state.get("mapping") or importing.guess_mapping(table.headers))
    if form.validate_on_submit():
        session[_import_key(round_)] = {**state, "mapping": form.mapping()}
        return redirect(url_for("bids.import_preview", round_id=round_.id))
    return render_template(
        "bids/import_map.html", form=form, round=round_, table=table, filename=state["name"]
    )


def _checked_import(
    round_: Round,
) -> tuple[dict[str, Any], list[importing.BidRow], list[importing.RowProblem]]:
    """The stored upload's rows checked against its chosen columns; without columns, go and choose them."""
    state, table = _stored_import_or_restart(round_)
    mapping = state.get("mapping")
    if not isinstance(mapping, dict) or importing.check_mapping(table.headers, mapping):
        abort(redirect(url_for("bids.import_map", round_id=round_.id)))
    rows, problems = importing.validate_rows(table, mapping, operations.taken_references(round_))
    return state, rows, problems


def _preview(round_: Round, state: dict[str, Any], rows, problems, save_error: str | None = None):
    return render_template(
        "bids/import_preview.html",
        round=round_,
        filename=state["name"],
        rows=rows,
        problems=problems,
        save_error=save_error,
    )


@bp.get("/bids/import/check")
@login_required
def import_preview(round_id: int):
    round_ = _editable_round(round_id)
    return _preview(round_, *_checked_import(round_))


@bp.post("/bids/import/confirm")
@login_required
def import_confirm(round_id: int):
    round_ = _editable_round(round_id)
    state, rows, problems = _checked_import(round_)
    if problems or not rows:
        flash("Something changed since you checked the file. Look at the list below.", "info")
        return redirect(url_for("bids.import_preview", round_id=round_.id))
    try:
        operations.import_bids(round_, current_user, rows)
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.exception("Importing bids into round %s failed", round_.id)
        status = 409 if isinstance(error, IntegrityError) else 500
        return _preview(round_, state, rows, problems, save_error=SAVE_FAILED[status]), status
    _forget_import(round_)
    flash(f"{len(rows)} {'bid' if len(rows) == 1 else 'bids'} imported", "success")
    return redirect(url_for("bids.index", round_id=round_.id))
