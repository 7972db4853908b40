"""Each sheet of the decisions workbook as a CSV on the web: the same file `copanel export --csv` writes,
commissioners only, names only when asked for, an unknown sheet not found."""

import csv
from io import StringIO

import pytest

from panel.exports.csv_files import csv_filename, write_csv_folder
from panel.exports.operations import decisions_workbook

TRAP = '=HYPERLINK("http://evil.example","Click")'
SLUGS = [
    "summary",
    "consensus",
    "individual-scores",
    "conflicts-register",
    "meeting-record",
    "round-settings",
    "criteria",
    "monitoring",
]


def url(round_id: int, sheet: str, query: str = "") -> str:
    return f"/rounds/{round_id}/export/{sheet}.csv{query}"


def rows(response) -> list[list[str]]:
    return list(csv.reader(StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def world(decided, make):
    make.decision(decided.round, decided.club, amount_pence=2_000_000, explanation="Less money than hoped.")
    make.decision(decided.round, decided.app, "not_funded", reasons=TRAP, explanation="Too costly to run.")
    make.conflict(decided.ben, decided.camp, note="My aunt runs it")
    return decided


def test_the_downloads_page_links_every_sheet(client, login, world):
    login(world.commissioner)
    page = client.get(f"/rounds/{world.round.id}/export/").get_data(as_text=True)
    assert [csv_filename(table).removesuffix(".csv") for table in decisions_workbook(world.round)] == SLUGS
    for slug in SLUGS:
        assert url(world.round.id, slug) in page and url(world.round.id, slug, "?names=1") in page
    assert f"/rounds/{world.round.id}/export/monitoring" in page


@pytest.mark.parametrize("names", [False, True])
def test_each_sheet_is_the_same_file_the_command_line_writes(client, login, world, tmp_path, names):
    login(world.commissioner)
    written = write_csv_folder(decisions_workbook(world.round, names=names), tmp_path)
    for path in written:
        response = client.get(url(world.round.id, path.stem, "?names=1" if names else ""))
        assert response.status_code == 200, path.name
        assert response.data == path.read_bytes(), path.name
    assert [path.stem for path in written] == SLUGS


def test_a_csv_downloads_as_a_file_named_after_the_round(client, login, world):
    login(world.commissioner)
    response = client.get(url(world.round.id, "summary"))
    assert response.mimetype == "text/csv" and response.mimetype_params.get("charset") == "utf-8"
    assert "filename=youth-fund-2027-summary.csv" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # so a spreadsheet program reads the pound sign right
    summary = rows(response)
    assert summary[0][:4] == ["Reference", "Organisation", "Title", "Amount requested"]
    assert summary[1][:4] == ["A-01", "Skate Group", "Skate club", "25000.00"]
    assert summary[4][0] == "Total" and summary[4][3] == "65000.00"


def test_text_that_looks_like_a_formula_keeps_its_leading_apostrophe(client, login, world):
    login(world.commissioner)
    summary = rows(client.get(url(world.round.id, "summary")))
    assert summary[2][summary[0].index("Reasons")] == "'" + TRAP


def test_names_appear_only_when_asked_for(client, login, world):
    login(world.commissioner)
    for sheet in ("individual-scores", "conflicts-register"):
        anonymous = client.get(url(world.round.id, sheet)).get_data(as_text=True)
        named = client.get(url(world.round.id, sheet, "?names=1")).get_data(as_text=True)
        assert "Ben Bright" not in anonymous and "P3" in anonymous, sheet
        assert "Ben Bright" in named, sheet


def test_the_monitoring_sheet_downloads_too(client, login, world):
    login(world.commissioner)
    monitoring = rows(client.get(url(world.round.id, "monitoring")))
    assert monitoring[0] == ["Topic", "Measure", "Young people", "Adults", "Everyone", "Detail"]
    assert ["Who took part", "Panel members", "2", "2", "4", ""] in monitoring


@pytest.mark.parametrize("sheet", ["nope", "Summary", "decisions", "summary.csv"])
def test_an_unknown_sheet_is_not_found(client, login, world, sheet):
    login(world.commissioner)
    assert client.get(url(world.round.id, sheet)).status_code == 404


def test_a_missing_round_is_not_found(client, login, world):
    login(world.commissioner)
    assert client.get(url(999_999, "summary")).status_code == 404


def test_panel_members_the_chair_and_outsiders_are_refused(client, login, world):
    for person in (world.aisha.user, world.chair.user, world.outsider):
        login(person)
        for query in ("", "?names=1"):
            assert client.get(url(world.round.id, "summary", query)).status_code == 403
            assert client.get(url(world.round.id, "nope", query)).status_code == 403
        assert client.get(f"/rounds/{world.round.id}/export/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(url(world.round.id, "summary"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
