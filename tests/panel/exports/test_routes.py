"""Downloading the decisions workbook: commissioners only, names only when asked for."""

from io import BytesIO

from openpyxl import load_workbook


def url(round_id: int, query: str = "") -> str:
    return f"/rounds/{round_id}/export/decisions.xlsx{query}"


def test_a_commissioner_downloads_the_workbook(client, login, decided, make):
    make.decision(decided.round, decided.club)
    login(decided.commissioner)
    response = client.get(url(decided.round.id))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename=youth-fund-2027-decisions.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book["Summary"]["A2"].value == "A-01"
    assert "Aisha Khan" not in str([[c.value for c in row] for row in book["Individual scores"].iter_rows()])


def test_names_appear_only_when_asked_for(client, login, decided):
    login(decided.commissioner)
    book = load_workbook(BytesIO(client.get(url(decided.round.id, "?names=1")).data))
    assert "Aisha Khan" in str([[c.value for c in row] for row in book["Individual scores"].iter_rows()])


def test_panel_members_and_the_chair_are_refused(client, login, decided):
    for member in (decided.aisha, decided.chair):
        login(member.user)
        assert client.get(url(decided.round.id)).status_code == 403
        assert client.get(url(decided.round.id, "?names=1")).status_code == 403


def test_a_missing_round_is_not_found(client, login, decided):
    login(decided.commissioner)
    assert client.get(url(999_999)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, decided):
    response = client.get(url(decided.round.id))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_round_page_links_to_the_workbook(client, login, decided):
    login(decided.commissioner)
    page = client.get(f"/rounds/{decided.round.id}").get_data(as_text=True)
    assert url(decided.round.id) in page
