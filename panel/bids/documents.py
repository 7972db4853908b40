"""Bid documents: which files are allowed (by name and by content), and where their bytes are kept."""

import io
import math
import re
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from werkzeug.utils import secure_filename

ALLOWED_HINT = "You can add PDF, Word or image files."
MEGABYTE = 1024 * 1024
FILENAME_MAX = 200

# Served inline, a PDF is drawn by the browser's own viewer, which needs the page's object and inline style
# rules relaxed; nothing else is allowed to load.
INLINE_DOCUMENT_CSP = (
    "default-src 'none'; object-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'"
)

_STORED_NAME = re.compile(r"^[0-9a-f]{32}$")


class DocumentError(ValueError):
    """A file that cannot be added to a bid, with the reason in plain words."""


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


def _is_ole(data: bytes) -> bool:
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def zip_contains(data: bytes, member: str) -> bool:
    """Whether data is a zip archive listing member (only its directory is read, nothing is unpacked)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return False


def _is_docx(data: bytes) -> bool:
    return zip_contains(data, "word/document.xml")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of file a bid may carry."""

    label: str
    content_type: str
    as_attachment: bool
    looks_right: Callable[[bytes], bool]


_PDF = DocumentKind("PDF", "application/pdf", False, _is_pdf)
_DOC = DocumentKind("Word document", "application/msword", True, _is_ole)
_DOCX = DocumentKind(
    "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True, _is_docx
)
_PNG = DocumentKind("Image", "image/png", False, _is_png)
_JPEG = DocumentKind("Image", "image/jpeg", False, _is_jpeg)

KINDS = {".pdf": _PDF, ".doc": _DOC, ".docx": _DOCX, ".png": _PNG, ".jpg": _JPEG, ".jpeg": _JPEG}
_BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS.values()}


def kind_for(content_type: str) -> DocumentKind | None:
    """The kind a stored document was accepted as."""
    return _BY_CONTENT_TYPE.get(content_type)


def format_size(size_bytes: int) -> str:
    """'850 KB', '12.3 MB'; rounded up, so a file just over a limit never reads as exactly the limit."""
    if size_bytes < 1024:
        return f"{size_bytes} bytes" if size_bytes != 1 else "1 byte"
    if size_bytes < MEGABYTE:
        return f"{math.ceil(size_bytes / 1024)} KB"
    megabytes = math.ceil(size_bytes * 10 / MEGABYTE) / 10
    return f"{megabytes:g} MB" if megabytes.is_integer() else f"{megabytes:.1f} MB"


def display_name(filename: str | None) -> str:
    """The name the person gave the file, without any folder a browser sent, short enough to keep."""
    name = re.split(r"[\\/]", filename or "")[-1].strip()
    if len(name) > FILENAME_MAX:
        stem, dot, extension = name.rpartition(".")
        keep = FILENAME_MAX - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and 0 < len(extension) < 10 else name[:FILENAME_MAX]
    return name


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def check_document(filename: str, data: bytes, max_bytes: int) -> DocumentKind:
    """The kind of an uploaded file, or DocumentError saying why it cannot be added."""
    extension = extension_of(filename)
    kind = KINDS.get(extension)
    if kind is None:
        if not extension:
            raise DocumentError(f"We can't tell what kind of file that is. {ALLOWED_HINT}")
        raise DocumentError(f"That file is a {extension}. {ALLOWED_HINT}")
    if not data:
        raise DocumentError("That file is empty. Choose the file again, or check it opens on your computer.")
    if len(data) > max_bytes:
        raise DocumentError(
            f"That file is {format_size(len(data))}. Files can be up to {format_size(max_bytes)}."
        )
    if not kind.looks_right(data):
        raise DocumentError(
            f"That file is called {extension} but it is not a real {kind.label.lower()}. "
            f"Open it on your computer, save it again as {extension} and try again."
        )
    return kind


def download_name(document_filename: str, content_type: str) -> str:
    """A safe file name for the browser's save box, keeping the extension the file was accepted with."""
    safe = secure_filename(document_filename)
    extension = extension_of(document_filename)
    if not safe or extension_of(safe) != extension:
        safe = f"document{extension}" if extension in KINDS else "document"
    return safe


def store(folder: str, data: bytes) -> str:
    """Write the bytes under a random name (never the uploaded one) and return that name."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    with open(Path(folder) / stored_name, "xb") as handle:
        handle.write(data)
    return stored_name


def sweep(folder: str, older_than_seconds: int, now: float) -> int:
    """Delete stored files older than the limit (imports someone started and never finished); return how many."""
    removed = 0
    for path in Path(folder).glob("*"):
        if (
            _STORED_NAME.match(path.name)
            and path.is_file()
            and now - path.stat().st_mtime > older_than_seconds
        ):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def path_of(folder: str, stored_name: str) -> Path:
    """Where a stored file lives; refuses anything that is not one of our random names."""
    if not _STORED_NAME.match(stored_name or ""):
        raise ValueError("not a stored file name")
    return Path(folder) / stored_name


def remove(folder: str, stored_name: str) -> None:
    """Delete a stored file; a file that is already gone is fine."""
    path_of(folder, stored_name).unlink(missing_ok=True)
