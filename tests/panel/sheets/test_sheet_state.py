"""The sheet's state (its status tag, what is still to score, the member's total with its scale) is worked out once:
every save answers with it, and the page, the page after a save without JavaScript and the member's list show
the same."""

import html
import re

from panel.extensions import db
from tests.panel.sheets.conftest import Scene
from tests.reading import grade


def _part(page: str, name: str) -> str:
    """The words inside the element marked data-cp-<name>, as a person reads them."""
    found = re.search(rf"<(\w+)\b[^>]*\bdata-cp-{name}\b[^>]*>(.*?)</\1>", page, re.DOTALL)
    assert found, f"no data-cp-{name} on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


def _hidden(page: str, name: str) -> bool:
    found = re.search(rf"<\w+\b([^>]*\bdata-cp-{name}\b[^>]*)>", page)
    assert found, f"no data-cp-{name} on the page"
    return re.search(r"\bhidden\b", found.group(1)) is not None


def _shown_state(page: str) -> dict:
    """What the sheet page shows of the state, in the autosave answer's own shape."""
    total = None
    if not _hidden(page, "total"):
        total = {
            "label": _part(page, "total-label"),
            "figure": _part(page, "total-figure"),
            "how": _part(page, "total-how"),
        }
    return {"label": _part(page, "sheet-tag"), "to_do": _part(page, "to-do"), "total": total}


def _compared(state: dict) -> dict:
    total = state["total"]
    return {
        "label": state["label"],
        "to_do": state["to_do"],
        "total": None if total is None else {key: total[key] for key in ("label", "figure", "how")},
    }


def test_each_save_answers_with_the_sheets_new_state(client, login, scene):
    login(scene.member.user)
    first, second = scene.criteria
    page = client.get(scene.url()).get_data(as_text=True)
    assert _part(page, "sheet-tag") == "Not started"
    assert _part(page, "to-do") == "Still to score: Meets needs, Value for money."
    assert _hidden(page, "total")

    body = client.post(scene.url("/autosave"), json={"version": 0, "scores": {str(first.id): 3}}).get_json()
    state = body["state"]
    assert state["label"] == "In progress" and state["tag_class"] == "govuk-tag--light-blue"
    assert state["still_to_score"] == ["Value for money"]
    assert state["to_do"] == "Still to score: Value for money."
    assert state["total"]["label"] == "Your total so far" and state["total"]["figure"] == "3.0 out of 4"
    assert "from 0 to 4, and 4 is the best" in state["total"]["how"]

    body = client.post(scene.url("/autosave"), json={"version": 1, "scores": {str(second.id): 1}}).get_json()
    state = body["state"]
    assert state["label"] == "Ready to send" and state["still_to_score"] == []
    assert state["to_do"] == "Every question has an answer, so you can send your sheet."
    # Weights 30 and 10: (30 x 3 + 10 x 1) / 40.
    assert state["total"]["line"] == "Your total: 2.5 out of 4."
    assert "Some questions count for more than others." in state["total"]["how"]


def test_the_page_shows_exactly_what_the_last_save_answered(client, login, scene):
    login(scene.member.user)
    first, second = scene.criteria
    answers = [
        {"version": 0, "strengths": "Good reach"},
        {"version": 1, "scores": {str(first.id): 4}},
        {"version": 2, "scores": {str(second.id): "cant-judge"}},
    ]
    for answer in answers:
        state = client.post(scene.url("/autosave"), json=answer).get_json()["state"]
        assert _shown_state(client.get(scene.url()).get_data(as_text=True)) == _compared(state), answer
    assert (
        state["label"] == "Ready to send"
        and "Questions you can't judge are left out." in state["total"]["how"]
    )


def test_without_javascript_the_saved_page_shows_the_new_state(client, login, scene):
    login(scene.member.user)
    first = scene.criteria[0]
    form = {
        "version": "0",
        f"criterion-{first.id}-score": "2",
        "strengths": "",
        "concerns": "",
        "questions": "",
    }
    response = client.post(scene.url(), data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _part(page, "sheet-tag") == "In progress"
    assert _part(page, "to-do") == "Still to score: Value for money."
    assert not _hidden(page, "total") and _part(page, "total-figure") == "2.0 out of 4"
    assert _part(page, "total-label") == "Your total so far"


def test_a_stale_save_answers_with_the_state_of_the_newer_sheet(client, login, scene):
    login(scene.member.user)
    first = scene.criteria[0]
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {str(first.id): 4}})
    response = client.post(scene.url("/autosave"), json={"version": 0, "strengths": "Older tab"})
    assert response.status_code == 409
    state = response.get_json()["state"]
    assert state["label"] == "In progress" and state["total"]["figure"] == "4.0 out of 4"


def test_mixed_scales_give_a_total_out_of_100_that_says_how_it_was_added_up(client, login, make):
    from scoring.rounds import RoundStatus

    round_ = make.round(status=RoundStatus.SCORING)
    zero_four = make.criterion(round_, "Meets needs", weight=30, scale=(0, 4))
    one_five = make.criterion(round_, "Value for money", weight=10, scale=(1, 5))
    scene = Scene(
        round_,
        make.bid(round_, "B01"),
        make.bid(round_, "B02"),
        [zero_four, one_five],
        make.member(round_, trained=True),
    )
    login(scene.member.user)
    scores = {str(zero_four.id): 3, str(one_five.id): 3}
    state = client.post(scene.url("/autosave"), json={"version": 0, "scores": scores}).get_json()["state"]
    # 3 of 0-4 is 75% of the way up, 3 of 1-5 is 50%; weighted 30 and 10 that is 68.75, shown as 69.
    assert state["total"]["line"] == "Your total: 69 out of 100."
    assert "different scales: 0 to 4 and 1 to 5" in state["total"]["how"]
    page = client.get(scene.url()).get_data(as_text=True)
    assert _shown_state(page) == _compared(state)
    words = f"{_part(page, 'total-label')}: {_part(page, 'total-figure')}. {_part(page, 'total-how')}"
    assert grade(words) <= 6, words


def test_the_members_list_shows_the_same_state_as_each_sheet(client, login, make, scene):
    login(scene.member.user)
    first, second = scene.criteria
    third = make.bid(scene.round, "B03")
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {str(first.id): 3}})
    both = {str(first.id): 4, str(second.id): 4}
    client.post(scene.url("/autosave", bid=scene.other_bid), json={"version": 0, "scores": both})
    db.session.commit()
    page = html.unescape(client.get(f"/rounds/{scene.round.id}/sheets/").get_data(as_text=True))
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "1 question still to score." in words and "In progress" in words
    assert "Ready to send" in words and "Your total: 4.0 out of 4." in words
    assert "Not started" in words and third.title in words
    client.post(scene.url("/submit", bid=scene.other_bid))
    page = html.unescape(client.get(f"/rounds/{scene.round.id}/sheets/").get_data(as_text=True))
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Submitted" in words and "Ready to send" not in words and "Your total: 4.0 out of 4." in words


def test_the_members_round_page_says_how_far_they_are_with_their_sheets(client, login, scene):
    login(scene.member.user)
    first, second = scene.criteria

    def step() -> str:
        page = html.unescape(client.get(f"/rounds/{scene.round.id}").get_data(as_text=True))
        words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
        return words[words.index("Your scoring sheets") : words.index("The panel meeting")]

    assert "Score each bid on your own sheet." in step() and "Open" in step()
    both = {str(first.id): 2, str(second.id): 3}
    client.post(scene.url("/autosave"), json={"version": 0, "scores": both})
    client.post(scene.url("/submit"))
    assert "In progress" in step() and "You have sent 1 of 2 sheets." in step() and "Open" not in step()
    client.post(scene.url("/autosave", bid=scene.other_bid), json={"version": 0, "scores": both})
    client.post(scene.url("/submit", bid=scene.other_bid))
    assert "Done" in step() and "You have sent your scores for every bid." in step()
    assert "In progress" not in step()


def test_the_sheet_its_list_and_the_round_page_read_at_grade_six_or_below(client, login, make):
    from scoring.rounds import RoundStatus
    from tests.reading import page_text

    round_ = make.round("Youth fund", status=RoundStatus.SCORING)
    criteria = [make.criterion(round_, "Needs", weight=30), make.criterion(round_, "Cost", scale=(1, 5))]
    scene = Scene(
        round_, make.bid(round_, "B01"), make.bid(round_, "B02"), criteria, make.member(round_, trained=True)
    )
    login(scene.member.user)
    client.post(scene.url("/autosave"), json={"version": 0, "scores": {str(criteria[0].id): 3}})
    scores = {str(criteria[0].id): 2, str(criteria[1].id): "cant-judge"}
    client.post(scene.url("/autosave", bid=scene.other_bid), json={"version": 0, "scores": scores})
    for path in (
        scene.url(),
        scene.url(bid=scene.other_bid),
        f"/rounds/{round_.id}/sheets/",
        f"/rounds/{round_.id}",
    ):
        text = page_text(client.get(path).get_data(as_text=True))
        assert "out of 100" in text or path == f"/rounds/{round_.id}", path
        assert grade(text) <= 6, text


def test_a_save_refused_because_the_sheet_was_sent_elsewhere_says_how_it_stands(client, login, scene):
    login(scene.member.user)
    both = {str(criterion.id): 4 for criterion in scene.criteria}
    client.post(scene.url("/autosave"), json={"version": 0, "scores": both})
    client.post(scene.url("/submit"))  # in another tab
    response = client.post(scene.url("/autosave"), json={"version": 1, "strengths": "late"})
    assert response.status_code == 423
    state = response.get_json()["state"]
    assert state["label"] == "Submitted" and state["total"]["line"] == "Your total: 4.0 out of 4."
