"""Small groups never give people away in the downloads and the monitoring evidence (scoring/disclosure.py): a
round whose one adult scorer gave a distinctive 4 while the five young people gave 1s, and one young person
alone in the 20 to 25 age band. No sheet, CSV or page may show the adults' middle score, nor that young
person's age band."""

import csv
import re
from html import unescape
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

from scoring.people import AgeBand, MemberKind
from scoring.rounds import RoundStatus

TOO_FEW = "Too few to show"


@pytest.fixture
def world(make):
    round_ = make.round("Small fund", budget_pence=1_000_000, status=RoundStatus.DECIDED)
    wants = make.criterion(round_, "Young people want it", scale=(0, 4))
    bid = make.bid(round_, "S-01", title="Youth club", organisation="Club Group", amount_pence=500_000)
    young = [
        make.member(round_, make.user(f"young{number}", f"Young {number}"), trained=True)
        for number in range(4)
    ]
    young.append(make.member(round_, make.user("zoe", "Zoe Older"), age_band=AgeBand.B20_25, trained=True))
    alex = make.member(round_, make.user("alex", "Alex Adult"), kind=MemberKind.ADULT, trained=True)
    for member in young:
        make.sheet(member, bid, {wants: 1})
    make.sheet(alex, bid, {wants: 4})
    make.recommendation(round_, bid, "do_not_fund", consensus={wants: 1}, reasons="Not wanted enough.")
    round_.status = RoundStatus.DECIDED  # the meeting is over: every bid's scores are out
    return round_, make.commissioner()


def _consensus_row(rows):
    header = rows[0]
    row = next(row for row in rows if row[0] == "S-01")
    return dict(zip(header, row, strict=True))


def test_the_workbooks_consensus_sheet_shows_no_median_of_one_adult(client, login, world):
    round_, commissioner = world
    login(commissioner)
    book = load_workbook(BytesIO(client.get(f"/rounds/{round_.id}/export/decisions.xlsx").data))
    row = _consensus_row([[cell.value for cell in row] for row in book["Consensus"].iter_rows()])
    assert row["Young members' median"] == 1
    assert row["Adult members' median"] == TOO_FEW
    assert (row["Median"], row["Highest"]) == (1, 4)  # the whole panel's figures still show


def test_the_consensus_csv_shows_no_median_of_one_adult(client, login, world):
    round_, commissioner = world
    login(commissioner)
    response = client.get(f"/rounds/{round_.id}/export/consensus.csv")
    row = _consensus_row(list(csv.reader(StringIO(response.data.decode("utf-8-sig")))))
    assert row["Adult members' median"] == TOO_FEW and row["Young members' median"] == "1.0"


def test_the_monitoring_page_shows_no_score_of_one_adult_nor_a_lone_age_band(client, login, world):
    round_, commissioner = world
    login(commissioner)
    page = " ".join(
        unescape(client.get(f"/rounds/{round_.id}/export/monitoring").get_data(as_text=True)).split()
    )
    assert "Aged 10 to 13: 0; 14 to 25: 5; 26 to 30: 0." in page
    assert "20 to 25" not in page
    assert "Adults: too few to show their training on its own." in page
    # The one adult's sheet sits at the top of the scale (100); the young people's at 25.
    chart = page.split("Middle overall scores, out of 100")[1].split("</figure>")[0]
    assert re.findall(r'cp-bars__count">([^<]*)<', chart) == ["25", TOO_FEW]
    row = page.split('<th scope="row" class="govuk-table__header">S-01, Youth club</th>')[1].split("</tr>")[0]
    assert ">25<" in row and f">{TOO_FEW}<" in row and "No scores" not in row


def test_the_monitoring_csv_shows_no_score_of_one_adult_nor_a_lone_age_band(client, login, world):
    round_, commissioner = world
    login(commissioner)
    response = client.get(f"/rounds/{round_.id}/export/monitoring.csv")
    rows = {row[1]: row for row in csv.reader(StringIO(response.data.decode("utf-8-sig"))) if len(row) > 1}
    assert rows["S-01 Youth club: middle overall score out of 100"][2:4] == ["25", TOO_FEW]
    assert rows["Young people aged 14 to 25"][2] == "5"
    assert not any("20 to 25" in measure for measure in rows)
    assert rows["Finished the training online"][2:5] == ["0", TOO_FEW, TOO_FEW]


def test_anonymous_rows_say_no_more_than_the_panels_groups_allow(client, login, world, make):
    """P-numbered rows: 'Adult' beside the one adult's scores, or '20-25' beside the one young person of that age,
    would be their names. With names (after the meeting) they are named anyway."""
    round_, commissioner = world
    login(commissioner)
    path = f"/rounds/{round_.id}/export/individual-scores.csv"

    def read(url):
        return [
            row
            for row in csv.DictReader(StringIO(client.get(url).data.decode("utf-8-sig")))
            if row["Reference"] == "S-01"
        ]

    rows = read(path)
    assert rows and {row["Young or adult"] for row in rows} == {TOO_FEW}
    assert {row["Age band"] for row in rows} == {TOO_FEW}
    named = read(path + "?names=1")
    assert {row["Young or adult"] for row in named} == {"Young person", "Adult"}

    for number in (2, 3):  # three adults: young or adult may show, and the lone 20-25 band merges
        make.member(round_, make.user(f"adult{number}", f"Adult {number}"), kind=MemberKind.ADULT)
    rows = read(path)
    assert {row["Young or adult"] for row in rows} == {"Young person", "Adult"}
    bands = {row["Age band"] for row in rows if row["Young or adult"] == "Young person"}
    assert "20-25" not in bands and all(re.fullmatch(r"\d+ to \d+", band) for band in bands), bands
