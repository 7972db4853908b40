"""Invitation codes: hard to guess, easy to type, and never stored in plain."""

import re

import pytest
from flask import Flask
from sqlalchemy import text

from panel.accounts.invitations import (
    CODE_ALPHABET,
    format_code,
    hash_code,
    hash_token,
    is_well_formed,
    new_code,
    new_token,
    normalise_code,
    qr_svg,
)
from panel.extensions import db
from tests.panel.accounts.invitation_helpers import issue


def test_codes_use_only_letters_and_digits_that_cannot_be_mixed_up():
    assert not set("0O1IL") & set(CODE_ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    # Every character of the alphabet turns up: the codes are not drawn from a small part of it.
    assert set("".join(codes)) == set(CODE_ALPHABET)


def test_link_tokens_are_long_and_random():
    tokens = {new_token() for _ in range(500)}
    assert len(tokens) == 500
    assert all(len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)


def test_codes_are_printed_in_two_halves():
    assert format_code("K7PX4QMD") == "K7PX-4QMD"


@pytest.mark.parametrize("typed", ["K7PX-4QMD", "k7px4qmd", " k7px 4qmd ", "K7PX – 4QMD", "k7px_4qmd"])
def test_typed_codes_are_read_in_any_case_with_or_without_dashes_and_spaces(typed):
    assert normalise_code(typed) == "K7PX4QMD"
    assert is_well_formed(normalise_code(typed))


@pytest.mark.parametrize("typed", ["", "K7PX4QM", "K7PX4QMDX", "K7PX4QM0", "K7PX4QMI", "<script>"])
def test_codes_we_could_never_have_printed_are_not_well_formed(typed):
    assert not is_well_formed(normalise_code(typed))


def test_hashes_are_keyed_with_the_secret_key(app_context):
    first = hash_code("K7PX-4QMD")
    assert first == hash_code("k7px4qmd")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    other = Flask("other")
    other.config["SECRET_KEY"] = "a different key"
    with other.app_context():
        assert hash_code("K7PX4QMD") != first
    assert hash_code("K7PX4QMD") != hash_token("K7PX4QMD")


def test_the_database_keeps_only_hashes_of_the_token_and_code(make):
    card = issue(make.round(), display_name="Sam")
    row = db.session.execute(text("SELECT * FROM invitation")).mappings().one()
    stored = " ".join(str(value) for value in row.values())
    assert card.token not in stored
    assert card.code not in stored and card.printed_code not in stored
    assert row["token_hash"] == hash_token(card.token)
    assert row["code_hash"] == hash_code(card.code)


def test_qr_code_is_an_inline_svg_with_a_name_and_no_inline_style(app_context):
    svg = str(qr_svg("http://localhost/join/abc"))
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg and 'aria-label="QR code' in svg
    assert "style" not in svg
