"""Designing a round's scoring sheet: adding, changing, reordering, deleting and previewing criteria."""

import html
import re

import pytest
from sqlalchemy import select

from panel.extensions import db
from panel.rounds.models import Criterion


def markup(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def text(response) -> str:
    """The page's words as a person reads them: no tags, runs of white space as one space."""
    return re.sub(r" ([:.,?])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup(response))))


def criterion_form(scale="0-4", shown=None, **changes) -> dict:
    low, high = (int(end) for end in scale.split("-"))
    form = {
        "title": "Listens to young people",
        "question": "How well does the bid show it listened to young people?",
        "guidance": "Look for quotes, surveys or a youth board.",
        "weight": "20",
        "scale": scale,
        "shown_scale": shown or scale,
        "submit": "Save criterion",
    }
    form.update({f"descriptor_{level}": f"What {level} means" for level in range(low, high + 1)})
    form.update(changes)
    return form


def titles(round_) -> list[str]:
    return list(
        db.session.scalars(
            select(Criterion.title)
            .where(Criterion.round_id == round_.id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


@pytest.fixture
def commissioner(make, login):
    return login(make.commissioner())


def test_the_sheet_lists_criteria_in_order_with_their_share_of_the_weight(client, make, commissioner):
    round_ = make.round()
    make.criterion(round_, "Listens to young people", weight=30)
    make.criterion(round_, "Value for money", weight=10, scale=(1, 5))
    page = text(client.get(f"/rounds/{round_.id}/criteria"))
    assert page.index("1. Listens to young people") < page.index("2. Value for money")
    assert "30 (75% of the total score)" in page
    assert "10 (25% of the total score)" in page
    assert "0 to 4" in page and "1 to 5" in page
    assert "Add a criterion" in page and "Preview the scoring sheet" in page
    assert "Move down: Listens to young people" in page and "Move up: Value for money" in page


def test_the_sheet_points_out_levels_without_a_description(client, make, commissioner):
    round_ = make.round()
    make.criterion(round_, "Value for money", descriptors=False)
    page = text(client.get(f"/rounds/{round_.id}/criteria"))
    assert "No description yet for scores 0, 1, 2, 3, 4" in page


def test_the_new_criterion_form_has_a_box_for_every_level_of_the_first_scale(client, make, commissioner):
    round_ = make.round()
    page = markup(client.get(f"/rounds/{round_.id}/criteria/new"))
    assert [int(level) for level in re.findall(r'name="descriptor_(\d+)"', page)] == [0, 1, 2, 3, 4]
    assert "Describe each score level" in page
    assert re.search(r'value="0-4"[^>]*checked', page)
    for scale in ("0 to 4", "1 to 5", "0 to 10"):
        assert scale in page


def test_adding_a_criterion(client, make, commissioner):
    round_ = make.round()
    make.criterion(round_, "Already there")
    response = client.post(f"/rounds/{round_.id}/criteria/new", data=criterion_form(scale="1-5"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/criteria"
    criterion = db.session.scalar(select(Criterion).where(Criterion.title == "Listens to young people"))
    assert criterion.round_id == round_.id
    assert criterion.position == 1
    assert (criterion.question, criterion.guidance, criterion.weight) == (
        "How well does the bid show it listened to young people?",
        "Look for quotes, surveys or a youth board.",
        20,
    )
    assert (criterion.scale_min, criterion.scale_max) == (1, 5)
    assert criterion.descriptors() == {level: f"What {level} means" for level in range(1, 6)}
    assert "Criterion added: Listens to young people" in text(client.get(response.headers["Location"]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "Enter a short title"),
        ({"title": "x" * 121}, "The title must be 120 characters or fewer"),
        ({"question": ""}, "Enter the question panel members will answer"),
        ({"weight": ""}, "Enter a weight, a whole number from 1 to 100"),
        ({"weight": "lots"}, "Enter the weight as a whole number, like 20"),
        ({"weight": "2.5"}, "Enter the weight as a whole number, like 20"),
        ({"weight": "²"}, "Enter the weight as a whole number, like 20"),
        ({"weight": "٢٠"}, "Enter the weight as a whole number, like 20"),
        ({"weight": "0"}, "The weight must be a whole number from 1 to 100"),
        ({"weight": "101"}, "The weight must be a whole number from 1 to 100"),
        ({"descriptor_2": "  "}, "Describe what a score of 2 means"),
        ({"scale": "2-7", "shown_scale": "0-4"}, "Choose a score scale"),
    ],
)
def test_each_mistake_is_shown_beside_its_field_and_nothing_is_saved(
    client, make, commissioner, changes, message
):
    round_ = make.round()
    response = client.post(f"/rounds/{round_.id}/criteria/new", data=criterion_form(**changes))
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(message) == 2
    assert titles(round_) == []


def test_a_missing_descriptor_is_shown_beside_its_own_box(client, make, commissioner):
    round_ = make.round()
    page = markup(client.post(f"/rounds/{round_.id}/criteria/new", data=criterion_form(descriptor_3="")))
    assert 'href="#descriptor_3"' in page
    assert re.search(
        r'id="descriptor_3-error"[^>]*>\s*<span[^>]*>Error:</span> Describe what a score of 3 means', page
    )
    assert "What 4 means</textarea>" in page


def test_changing_the_scale_shows_a_box_for_every_new_level_and_keeps_what_was_typed(
    client, make, commissioner
):
    round_ = make.round()
    typed = criterion_form(scale="1-5", shown="0-4")
    del typed["descriptor_4"]
    typed["descriptor_0"] = "Nothing at all"
    response = client.post(f"/rounds/{round_.id}/criteria/new", data=typed)
    page = markup(response)
    assert response.status_code == 200
    assert [int(level) for level in re.findall(r'name="descriptor_(\d+)"', page)] == [1, 2, 3, 4, 5]
    assert "What 1 means</textarea>" in page and "What 3 means</textarea>" in page
    assert "Nothing at all" not in page
    assert re.search(r'name="descriptor_4"[^>]*>\s*</textarea>', page)
    assert "Describe each score level" in text(response)
    assert "The scale is now 1 to 5" in text(response)
    assert "There is a problem" not in page
    assert re.search(r'name="shown_scale"[^>]*value="1-5"|value="1-5"[^>]*name="shown_scale"', page)
    assert titles(round_) == []


def test_the_show_boxes_button_re_shows_the_form_without_saving(client, make, commissioner):
    round_ = make.round()
    form = criterion_form(scale="0-10", shown="0-10")
    del form["submit"]
    form["rescale"] = "Show the boxes for this scale"
    response = client.post(f"/rounds/{round_.id}/criteria/new", data=form)
    assert response.status_code == 200
    assert len(re.findall(r'name="descriptor_\d+"', markup(response))) == 11
    assert titles(round_) == []


def test_changing_a_criterion_and_its_scale(client, make, commissioner):
    round_ = make.round()
    criterion = make.criterion(round_, "Old title", scale=(0, 4))
    form = criterion_form(scale="1-5", title="New title", weight="35", descriptor_5="Outstanding")
    response = client.post(f"/rounds/{round_.id}/criteria/{criterion.id}/edit", data=form)
    assert response.status_code == 302
    db.session.refresh(criterion)
    assert (criterion.title, criterion.weight, criterion.scale_min, criterion.scale_max) == (
        "New title",
        35,
        1,
        5,
    )
    assert criterion.descriptors() == {
        1: "What 1 means",
        2: "What 2 means",
        3: "What 3 means",
        4: "What 4 means",
        5: "Outstanding",
    }


def test_the_edit_form_shows_the_saved_criterion(client, make, commissioner):
    round_ = make.round()
    criterion = make.criterion(round_, "Value for money", weight=15, scale=(1, 5))
    page = markup(client.get(f"/rounds/{round_.id}/criteria/{criterion.id}/edit"))
    assert 'value="Value for money"' in page
    assert 'value="15"' in page
    assert re.search(r'value="1-5"[^>]*checked', page)
    assert "Level 5 meaning</textarea>" in page
    assert [int(level) for level in re.findall(r'name="descriptor_(\d+)"', page)] == [1, 2, 3, 4, 5]


def test_moving_criteria_up_and_down(client, make, commissioner):
    round_ = make.round()
    first, _second, third = (make.criterion(round_, name) for name in ("First", "Second", "Third"))
    response = client.post(f"/rounds/{round_.id}/criteria/{third.id}/move", data={"direction": "up"})
    assert response.status_code == 302
    assert titles(round_) == ["First", "Third", "Second"]
    client.post(f"/rounds/{round_.id}/criteria/{first.id}/move", data={"direction": "down"})
    assert titles(round_) == ["Third", "First", "Second"]
    client.post(f"/rounds/{round_.id}/criteria/{third.id}/move", data={"direction": "up"})
    assert titles(round_) == ["Third", "First", "Second"]
    positions = db.session.scalars(select(Criterion.position).where(Criterion.round_id == round_.id)).all()
    assert sorted(positions) == [0, 1, 2]


def test_a_move_in_an_unknown_direction_is_a_bad_request(client, make, commissioner):
    round_ = make.round()
    criterion = make.criterion(round_)
    assert (
        client.post(
            f"/rounds/{round_.id}/criteria/{criterion.id}/move", data={"direction": "sideways"}
        ).status_code
        == 400
    )


def test_deleting_a_criterion_closes_the_gap(client, make, commissioner):
    round_ = make.round()
    make.criterion(round_, "First")
    middle = make.criterion(round_, "Second")
    make.criterion(round_, "Third")
    response = client.post(f"/rounds/{round_.id}/criteria/{middle.id}/delete")
    assert response.status_code == 302
    assert titles(round_) == ["First", "Third"]
    positions = db.session.scalars(
        select(Criterion.position).where(Criterion.round_id == round_.id).order_by(Criterion.position)
    ).all()
    assert positions == [0, 1]
    assert "Criterion deleted: Second" in text(client.get(response.headers["Location"]))


def test_the_preview_shows_the_sheet_as_a_panel_member_sees_it_with_nothing_to_press(
    client, make, commissioner
):
    round_ = make.round()
    criterion = make.criterion(round_, "Listens to young people", scale=(1, 5))
    response = client.get(f"/rounds/{round_.id}/criteria/preview")
    page, words = markup(response), text(response)
    assert "This is a preview" in words
    assert "How well does the bid do this: listens to young people?" in words
    assert "Look for evidence in the bid." in words
    for level in range(1, 6):
        assert f"Level {level} meaning" in words
    assert "I can't judge this" in words and "Your comment (optional)" in words
    radios = re.findall(rf'<input[^>]*name="criterion-{criterion.id}-score"[^>]*>', page)
    assert len(radios) == 6
    assert all(" disabled" in radio for radio in radios)
    assert re.search(rf'<textarea[^>]*name="criterion-{criterion.id}-comment"[^>]*disabled', page)
    assert "<form" not in page.split('id="main-content"')[1]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/criteria/{other}/edit"),
        ("post", "/criteria/{other}/edit"),
        ("post", "/criteria/{other}/move"),
        ("post", "/criteria/{other}/delete"),
        ("get", "/criteria/99999/edit"),
    ],
)
def test_a_criterion_of_another_round_is_not_found(client, make, commissioner, method, path):
    round_ = make.round()
    other_round = make.round("Another round")
    other = make.criterion(other_round, "Theirs")
    url = f"/rounds/{round_.id}" + path.format(other=other.id)
    response = getattr(client, method)(url, data={**criterion_form(title="Changed"), "direction": "up"})
    assert response.status_code == 404
    assert titles(other_round) == ["Theirs"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/criteria"), ("get", "/criteria/new"), ("post", "/criteria/new"), ("get", "/criteria/preview")],
)
def test_panel_members_cannot_design_the_sheet(client, make, login, method, path):
    round_ = make.round()
    login(make.member(round_).user)
    response = getattr(client, method)(f"/rounds/{round_.id}{path}", data=criterion_form())
    assert response.status_code == 403
    assert titles(round_) == []


def test_the_form_is_ready_for_the_script_that_redraws_the_boxes_and_works_without_it(
    client, make, commissioner
):
    """Each box says its score and sits in one container; the script, a polite live region and the hint's
    scale are there for static/js/criterion_scale.js, and the server's button stays for a page without it."""
    round_ = make.round()
    page = markup(client.get(f"/rounds/{round_.id}/criteria/new"))
    boxes = page[page.index("data-cp-descriptor-boxes") :]
    assert re.findall(r'data-cp-level="(\d+)"', boxes) == ["0", "1", "2", "3", "4"]
    for level in range(5):
        start = boxes.index(f'data-cp-level="{level}"')
        assert f'name="descriptor_{level}"' in boxes[start : boxes.index("</textarea>", start)]
    assert re.search(r'<p class="govuk-visually-hidden" aria-live="polite" data-cp-scale-said>', page)
    assert "<span data-cp-scale-label>0 to 4</span>" in page
    assert "js/criterion_scale." in page  # its address carries a fingerprint
    rescale = page[page.index("<div data-cp-rescale>") :]
    assert rescale.index('name="rescale"') < rescale.index("</div>")
