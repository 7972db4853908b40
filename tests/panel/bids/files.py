"""Small real files made on the spot: PDF, images, Word, ZIP and spreadsheets, for uploads and imports."""

import io
import re
import zipfile

import openpyxl


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def doc_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx_bytes(rows: list[list], title: str = "Bids") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Stands for the long text in a row given to xlsx_with_long_text.
LONG = "LONG_TEXT"
_MEGABYTE_OF_X = b"x" * 2**20
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _write_letters(part, length: int) -> None:
    """length letters, a megabyte at a time, so a test never holds the whole text."""
    while length > 0:
        part.write(_MEGABYTE_OF_X[:length])
        length -= len(_MEGABYTE_OF_X)


def xlsx_with_long_text(rows: list[list], length: int, *, shared: bool = True) -> bytes:
    """A workbook whose cell holding LONG holds `length` letters, as a hand-made file can (openpyxl and Excel
    stop at 32,767). shared keeps the text in the shared strings part, as Excel does; otherwise it is inline in
    the sheet, as openpyxl writes it. The file stays small: a megabyte of one letter zips to about a kilobyte."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            text = source.read(info.filename).decode()
            if info.filename == "xl/worksheets/sheet1.xml" and shared:
                text, found = re.subn(
                    f'(<c r="[A-Z]+[0-9]+") t="inlineStr"><is><t>{LONG}</t></is></c>',
                    r'\1 t="s"><v>0</v></c>',
                    text,
                )
                assert found == 1, "one cell of rows must hold LONG"
                with archive.open("xl/sharedStrings.xml", "w") as part:
                    part.write(
                        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
                    )
                    _write_letters(part, length)
                    part.write(b"</t></si></sst>")
            elif info.filename == "xl/worksheets/sheet1.xml":
                before, found, after = text.partition(f"<t>{LONG}</t>")
                assert found, "one cell of rows must hold LONG"
                with archive.open(info.filename, "w") as part:
                    part.write(f"{before}<t>".encode())
                    _write_letters(part, length)
                    part.write(f"</t>{after}".encode())
                continue
            elif info.filename == "[Content_Types].xml" and shared:
                text = text.replace(
                    "</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_STRINGS_TYPE}"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels" and shared:
                text = text.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdStrings" Type="{_SHARED_STRINGS_RELATION}" '
                    'Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(info.filename, text)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The zip (a workbook) with one more part."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by change(text) -> text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            text = source.read(info.filename).decode()
            if info.filename == "xl/worksheets/sheet1.xml":
                text = change(text)
            archive.writestr(info.filename, text)
    return buffer.getvalue()
