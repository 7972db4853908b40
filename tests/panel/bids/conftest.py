"""People around one round of bids, and small real files made on the spot."""

import io
import itertools
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest

from panel.accounts.models import User
from panel.extensions import db
from scoring.people import MemberKind

_numbers = itertools.count(1)


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


def quick_user(name: str, *, commissioner: bool = False) -> User:
    """A user for tests that sign in through the session: no password, so no slow hashing."""
    number = next(_numbers)
    person = User(
        username=f"bids{number}", display_name=name, is_commissioner=commissioner, password_hash="unusable"
    )
    db.session.add(person)
    db.session.commit()
    return person


@dataclass
class Cast:
    """A draft round with two bids, and everyone who might ask about them."""

    round: object
    bid: object
    other_bid: object
    commissioner: object
    member: object
    conflicted: object
    stranger: object


@pytest.fixture
def cast(make):
    round_ = make.round("Youth wellbeing fund", budget_pence=50_000_000)
    bid = make.bid(
        round_,
        "B01",
        organisation="Northside Youth Club",
        title="Friday night football",
        amount_pence=2_500_000,
    )
    other_bid = make.bid(
        round_, "B02", organisation="Harbour Arts", title="Street art workshops", amount_pence=1_200_000
    )
    conflicted = make.member(round_, quick_user("Connie Conflicted"), kind=MemberKind.ADULT)
    make.conflict(conflicted, bid)
    elsewhere = make.round("Another council's round")
    return Cast(
        round=round_,
        bid=bid,
        other_bid=other_bid,
        commissioner=quick_user("Casey Commissioner", commissioner=True),
        member=make.member(round_, quick_user("Mo Member")).user,
        conflicted=conflicted.user,
        stranger=make.member(elsewhere, quick_user("Sam Stranger")).user,
    )
