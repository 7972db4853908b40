"""Bid documents: which files are let in, where they are kept, and who may open them."""

import io
import os

import pytest
from sqlalchemy import select

from panel.bids import documents
from panel.bids.documents import DocumentError, check_document
from panel.bids.models import Document
from panel.extensions import db
from tests.panel.bids.files import doc_bytes, docx_bytes, jpeg_bytes, pdf_bytes, png_bytes, zip_bytes

MB = 1024 * 1024


@pytest.mark.parametrize(
    "filename, data, content_type",
    [
        ("Budget.pdf", pdf_bytes(), "application/pdf"),
        ("BUDGET.PDF", pdf_bytes(), "application/pdf"),
        ("Plan.doc", doc_bytes(), "application/msword"),
        (
            "Plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("Logo.png", png_bytes(), "image/png"),
        ("Photo.jpg", jpeg_bytes(), "image/jpeg"),
        ("Photo.jpeg", jpeg_bytes(), "image/jpeg"),
    ],
)
def test_pdf_word_and_image_files_are_accepted(filename, data, content_type):
    assert check_document(filename, data, 10 * MB).content_type == content_type


@pytest.mark.parametrize(
    "filename, data, reason",
    [
        ("setup.exe", b"MZ\x90\x00", "That file is a .exe. You can add PDF, Word or image files."),
        ("notes", b"hello", "We can't tell what kind of file that is. You can add PDF, Word or image files."),
        ("sheet.xlsx", zip_bytes({"xl/workbook.xml": "<w/>"}), "That file is a .xlsx."),
        ("page.html", b"<script>alert(1)</script>", "That file is a .html."),
        ("empty.pdf", b"", "That file is empty."),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "That file is called .pdf but it is not a real pdf."),
        ("fake.png", pdf_bytes(), "That file is called .png but it is not a real image."),
        ("fake.jpg", png_bytes(), "That file is called .jpg but it is not a real image."),
        ("fake.doc", pdf_bytes(), "That file is called .doc but it is not a real word document."),
        (
            "renamed.docx",
            zip_bytes({"xl/workbook.xml": "<w/>"}),
            "That file is called .docx but it is not a real",
        ),
        ("broken.docx", b"PK\x03\x04 then nothing", "That file is called .docx but it is not a real"),
    ],
)
def test_other_files_are_refused_with_a_reason(filename, data, reason):
    with pytest.raises(DocumentError) as refused:
        check_document(filename, data, 10 * MB)
    assert reason in str(refused.value)


def test_a_file_over_the_limit_says_how_big_it_is():
    with pytest.raises(DocumentError) as refused:
        check_document("big.pdf", b"%PDF-" + b"0" * int(12.25 * MB), 10 * MB)
    assert str(refused.value) == "That file is 12.3 MB. Files can be up to 10 MB."


@pytest.mark.parametrize(
    "size, text",
    [
        (1, "1 byte"),
        (900, "900 bytes"),
        (1024, "1 KB"),
        (1500, "2 KB"),
        (MB, "1 MB"),
        (10 * MB + 1, "10.1 MB"),
        (int(2.5 * MB), "2.5 MB"),
    ],
)
def test_sizes_read_plainly_and_round_up(size, text):
    assert documents.format_size(size) == text


@pytest.mark.parametrize(
    "given, shown",
    [
        ("C:\\fakepath\\Our plan.pdf", "Our plan.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_display_names_drop_folders_and_stay_short(given, shown):
    assert documents.display_name(given) == shown


@pytest.mark.parametrize(
    "filename, download",
    [
        ("Our plan (final).pdf", "Our_plan_final.pdf"),
        ("Ünïcödé bid.docx", "Unicode_bid.docx"),
        ("日本語.pdf", "document.pdf"),
    ],
)
def test_download_names_are_safe_and_keep_the_extension(filename, download):
    assert documents.download_name(filename, "application/pdf") == download


def test_stored_names_must_be_our_own_random_names(tmp_path):
    name = documents.store(str(tmp_path), b"data")
    assert len(name) == 32 and (tmp_path / name).read_bytes() == b"data"
    for bad in ("../secret", "", "ABC"):
        with pytest.raises(ValueError):
            documents.path_of(str(tmp_path), bad)


# --- Through the pages ------------------------------------------------------------------------------------


def _upload(client, cast, filename: str, data: bytes):
    return client.post(
        f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents",
        data={"document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _stored(cast) -> list[Document]:
    return list(db.session.scalars(select(Document).where(Document.bid_id == cast.bid.id)))


def test_an_uploaded_pdf_is_kept_under_a_random_name(app, client, login, cast):
    login(cast.commissioner)
    response = _upload(client, cast, "Budget plan 2027.pdf", pdf_bytes())
    assert response.status_code == 302
    [document] = _stored(cast)
    assert document.filename == "Budget plan 2027.pdf"
    assert document.content_type == "application/pdf" and document.size_bytes == len(pdf_bytes())
    assert document.uploaded_by_id == cast.commissioner.id
    assert document.stored_name != document.filename and "Budget" not in document.stored_name
    assert os.listdir(app.config["DOCUMENTS_DIR"]) == [document.stored_name]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Document added: Budget plan 2027.pdf" in page
    assert "Budget plan 2027.pdf" in page and "PDF" in page and "bytes" in page


@pytest.mark.parametrize(
    "filename, data, reason",
    [
        ("virus.exe", b"MZ\x90\x00", "That file is a .exe. You can add PDF, Word or image files."),
        ("fake.pdf", b"MZ\x90\x00", "That file is called .pdf but it is not a real pdf."),
        ("empty.pdf", b"", "That file is empty."),
    ],
)
def test_a_refused_file_is_explained_on_the_bid_page(app, client, login, cast, filename, data, reason):
    login(cast.commissioner)
    response = _upload(client, cast, filename, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#document"' in page
    assert reason in page
    assert "Friday night football" in page
    assert _stored(cast) == [] and os.listdir(app.config["DOCUMENTS_DIR"]) == []


def test_a_file_bigger_than_the_document_limit_is_refused_with_its_size(
    app, client, login, cast, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 1024)
    login(cast.commissioner)
    response = _upload(client, cast, "big.pdf", b"%PDF-" + b"0" * 3000)
    assert response.status_code == 400
    assert "That file is 3 KB. Files can be up to 1 KB." in response.get_data(as_text=True)
    assert _stored(cast) == []


def test_a_request_bigger_than_the_server_allows_is_a_friendly_413(app, client, login, cast, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    login(cast.commissioner)
    response = _upload(client, cast, "huge.pdf", b"%PDF-" + b"0" * 5000)
    assert response.status_code == 413
    assert "That file is too big" in response.get_data(as_text=True)


def test_choosing_no_file_asks_for_one(client, login, cast):
    login(cast.commissioner)
    response = client.post(
        f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Choose a file to add" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "filename, data, mimetype, disposition",
    [
        ("Budget.pdf", pdf_bytes(), "application/pdf", "inline"),
        ("Logo.png", png_bytes(), "image/png", "inline"),
        ("Photo.jpeg", jpeg_bytes(), "image/jpeg", "inline"),
        (
            "Our plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        ("Old plan.doc", doc_bytes(), "application/msword", "attachment"),
    ],
)
def test_panel_members_open_documents_with_the_right_type(
    client, login, cast, filename, data, mimetype, disposition
):
    login(cast.commissioner)
    _upload(client, cast, filename, data)
    [document] = _stored(cast)
    response = client.get(f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents/{document.id}")
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"].startswith(disposition)
    assert documents.download_name(filename, mimetype) in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    if disposition == "inline":
        assert "object-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_document_whose_file_has_gone_is_not_found(app, client, login, cast):
    login(cast.commissioner)
    _upload(client, cast, "Budget.pdf", pdf_bytes())
    [document] = _stored(cast)
    os.remove(os.path.join(app.config["DOCUMENTS_DIR"], document.stored_name))
    assert (
        client.get(f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents/{document.id}").status_code == 404
    )


def test_removing_a_document_deletes_its_row_and_its_file(app, client, login, cast):
    login(cast.commissioner)
    _upload(client, cast, "Budget.pdf", pdf_bytes())
    [document] = _stored(cast)
    response = client.post(f"/rounds/{cast.round.id}/bids/{cast.bid.id}/documents/{document.id}/delete")
    assert response.status_code == 302
    assert _stored(cast) == []
    assert os.listdir(app.config["DOCUMENTS_DIR"]) == []
    assert "Document removed: Budget.pdf" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_bid_page_offers_upload_and_remove_only_to_commissioners(client, login, cast):
    login(cast.commissioner)
    _upload(client, cast, "Budget.pdf", pdf_bytes())
    page = client.get(f"/rounds/{cast.round.id}/bids/{cast.bid.id}").get_data(as_text=True)
    assert 'type="file"' in page and "Remove" in page and 'enctype="multipart/form-data"' in page


def test_abandoned_import_files_are_swept_after_a_day(tmp_path):
    import os

    from panel.bids import documents

    old = documents.store(str(tmp_path), b"old,import\n")
    fresh = documents.store(str(tmp_path), b"new,import\n")
    (tmp_path / "notes.txt").write_text("not ours")
    now = os.path.getmtime(tmp_path / fresh)
    os.utime(tmp_path / old, (now - 2 * 86400, now - 2 * 86400))
    assert documents.sweep(str(tmp_path), 86400, now) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh, "notes.txt"])
