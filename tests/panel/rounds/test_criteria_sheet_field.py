"""The criterion partial shared by the preview and the scoring sheet (templates/sheets/_criterion.html)."""

import re

from flask import render_template_string

TEMPLATE = """{% from "sheets/_criterion.html" import criterion_field %}
{{ criterion_field(criterion, "c7", disabled=disabled, values=values, errors=errors, share=share) }}"""


def render(criterion, *, disabled=False, values=None, errors=None, share=None) -> str:
    return render_template_string(
        TEMPLATE, criterion=criterion, disabled=disabled, values=values, errors=errors, share=share
    )


def test_it_shows_every_level_with_its_descriptor_and_a_way_out(make, app):
    criterion = make.criterion(make.round(), "Value for money", scale=(0, 4))
    with app.test_request_context():
        page = render(criterion, share=0.25)
    assert [int(value) for value in re.findall(r'name="c7-score" type="radio" value="(\d+)"', page)] == [
        0,
        1,
        2,
        3,
        4,
    ]
    assert 'value="cant-judge"' in page and "I can&#39;t judge this" in page
    for level in range(5):
        assert f"Level {level} meaning" in page
    assert "How well does the bid do this: value for money?" in page
    assert "Counts for 25% of the total score" in page
    assert 'name="c7-comment"' in page
    assert " disabled" not in page and "checked" not in page


def test_it_shows_what_a_member_entered_and_what_is_wrong(make, app):
    criterion = make.criterion(make.round(), scale=(0, 4))
    with app.test_request_context():
        chose_zero = render(
            criterion,
            values={"score": 0, "comment": "No plan <at all>"},
            errors={"comment": "Keep your comment under 1,000 characters"},
        )
        unsure = render(criterion, values={"score": "cant-judge"}, errors={"score": "Choose a score"})
    assert re.findall(r'value="([^"]+)"\s*checked', chose_zero) == ["0"]
    assert "No plan &lt;at all&gt;</textarea>" in chose_zero
    assert "Keep your comment under 1,000 characters" in chose_zero
    assert re.findall(r'value="([^"]+)"\s*checked', unsure) == ["cant-judge"]
    assert 'id="c7-score-error"' in unsure and "Choose a score" in unsure


def test_disabled_means_nothing_can_be_chosen_or_typed(make, app):
    criterion = make.criterion(make.round(), scale=(1, 5))
    with app.test_request_context():
        page = render(criterion, disabled=True)
    inputs = re.findall(r"<(?:input|textarea)[^>]*>", page)
    assert len(inputs) == 7
    assert all(" disabled" in tag for tag in inputs)
