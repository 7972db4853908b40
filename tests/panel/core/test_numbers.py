"""Ids in web addresses are plain digits, and a list of ids takes only plain digits."""

import pytest
from flask import url_for

from panel.core.numbers import coerce_id, read_whole_number

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_a_round_is_found_only_by_its_id_in_plain_digits(client, make, login):
    login(make.commissioner())
    round_id = str(make.round().id)
    assert client.get(f"/rounds/{round_id}").status_code == 200
    assert client.get(f"/rounds/00{round_id}").status_code == 200
    for written in (round_id.translate(ARABIC), round_id.translate(FULL_WIDTH), f"{round_id}²", "²"):
        assert client.get(f"/rounds/{written}").status_code == 404, written
        assert client.get(f"/rounds/{written}/bids/").status_code == 404, written


def test_addresses_are_still_written_with_the_id(app, make):
    round_ = make.round()
    with app.test_request_context():
        assert url_for("rounds.show", round_id=round_.id) == f"/rounds/{round_.id}"
        assert url_for("bids.index", round_id=str(round_.id)) == f"/rounds/{round_.id}/bids/"


def test_a_choice_of_ids_takes_only_plain_digits():
    assert coerce_id("12") == 12
    for sent in ("٣", "²", "0", "99999999999999999999", ""):
        with pytest.raises(ValueError):
            coerce_id(sent)
    assert read_whole_number(" 12 ", 0, 50) == 12
    assert read_whole_number("51", 0, 50) is None
