"""The sheet page without JavaScript: the bid beside the criteria, Save, a stale save, send and reopen."""

from datetime import date, timedelta

from panel.extensions import db
from tests.panel.sheets.stored import stored_sheet


def _form(scene, version, **extra):
    first, _second = scene.criteria
    return {
        "version": str(version),
        f"criterion-{first.id}-score": "3",
        f"criterion-{first.id}-comment": "Fine",
        "strengths": "Reaches young carers",
        "concerns": "",
        "questions": "",
        **extra,
    }


def test_the_page_shows_the_bid_beside_the_criteria_and_the_autosave_contract(client, login, scene):
    login(scene.member.user)
    page = client.get(scene.url()).get_data(as_text=True)
    assert scene.bid.organisation in page and "Meets needs" in page and "Value for money" in page
    assert f'data-cp-autosave="/rounds/{scene.round.id}/sheets/{scene.bid.id}/autosave"' in page
    assert 'data-cp-version="0"' in page and "data-cp-save-status" in page
    assert 'name="version" value="0"' in page


def test_save_keeps_answers_and_shows_them_again(client, login, scene):
    login(scene.member.user)
    response = client.post(scene.url(), data=_form(scene, 0))
    assert response.status_code == 302
    page = client.get(scene.url()).get_data(as_text=True)
    assert "Saved." in page and "Reaches young carers" in page and 'data-cp-version="1"' in page


def test_an_out_of_range_score_is_shown_beside_the_field_and_keeps_the_typing(client, login, scene):
    login(scene.member.user)
    first = scene.criteria[0]
    page = client.post(scene.url(), data=_form(scene, 0, **{f"criterion-{first.id}-score": "7"})).get_data(
        as_text=True
    )
    assert "There is a problem" in page and "Choose a score from 0 to 4" in page
    assert "Reaches young carers" in page
    assert stored_sheet(scene.member, scene.bid) is None


def test_a_stale_save_shows_both_versions_and_saves_nothing(client, login, scene):
    login(scene.member.user)
    client.post(scene.url("/autosave"), json={"version": 0, "strengths": "Newer words"})
    response = client.post(scene.url(), data=_form(scene, 0, strengths="My older words"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Newer words" in page and "My older words" in page
    assert stored_sheet(scene.member, scene.bid).strengths == "Newer words"


def test_submit_names_the_missing_criteria_then_sends_a_complete_sheet(client, login, scene):
    login(scene.member.user)
    client.post(scene.url(), data=_form(scene, 0))
    page = client.post(scene.url("/submit")).get_data(as_text=True)
    assert "Still to do: Value for money" in page
    second = scene.criteria[1]
    client.post(scene.url("/autosave"), json={"version": 1, "scores": {str(second.id): "cant-judge"}})
    assert client.post(scene.url("/submit")).status_code == 302
    assert stored_sheet(scene.member, scene.bid).status == "submitted"
    page = client.get(scene.url()).get_data(as_text=True)
    assert "Reopen my sheet" in page and "Send my scores" not in page


def test_the_member_reopens_before_the_deadline_but_not_after(client, login, scene):
    login(scene.member.user)
    ids = [str(c.id) for c in scene.criteria]
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {ids[0]: 1, ids[1]: 2}})
    client.post(scene.url("/submit"))
    client.post(scene.url("/reopen"))
    assert stored_sheet(scene.member, scene.bid).status == "in_progress"
    client.post(scene.url("/submit"))
    scene.round.scoring_deadline = date.today() - timedelta(days=3)
    db.session.commit()
    page = client.post(scene.url("/reopen"), follow_redirects=True).get_data(as_text=True)
    assert "Ask your chair to reopen" in page
    assert stored_sheet(scene.member, scene.bid).status == "submitted"


def test_a_member_named_by_anything_but_plain_digits_is_not_found(client, login, scene, chair):
    login(chair.user)
    arabic = str(scene.member.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for named in ("99999999999999999999", "2147483648", "²", arabic, "-1", "1e3"):
        assert client.post(scene.url("/reopen"), data={"membership_id": named}).status_code == 404, named


def test_the_chair_reopens_after_the_deadline_and_the_member_gets_today(client, login, scene, chair):
    login(scene.member.user)
    ids = [str(c.id) for c in scene.criteria]
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {ids[0]: 1, ids[1]: 2}})
    client.post(scene.url("/submit"))
    scene.round.scoring_deadline = date.today() - timedelta(days=3)
    db.session.commit()
    login(chair.user)
    response = client.post(scene.url("/reopen"), data={"membership_id": str(scene.member.id)})
    assert response.status_code == 302
    assert stored_sheet(scene.member, scene.bid).status == "in_progress"
    login(scene.member.user)
    assert client.post(scene.url("/autosave"), json={"version": 3, "strengths": "fixed"}).status_code == 200
