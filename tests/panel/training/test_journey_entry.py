"""Where a member finds their training: their panel's page and the home page."""

import html

from panel.core.models import utcnow
from panel.extensions import db
from tests.panel.training.journey_helpers import course, finish_training, markup, step, text


def test_the_panel_page_leads_to_training_and_shows_the_sheets_locked(client, make, login):
    c = course(make)
    login(c.member)
    response = client.get(f"/rounds/{c.round.id}")
    page = text(response)
    assert "Start here: your training" in page and "Your progress: 0% done" in page
    assert f'href="/rounds/{c.round.id}/training/"' in markup(response)
    assert "Your scoring sheets" in page and "Locked" in page
    assert f'href="/rounds/{c.round.id}/sheets/"' not in markup(response)


def test_once_trained_the_panel_page_opens_the_sheets(client, make, login):
    c = course(make)
    finish_training(c)
    login(c.member)
    response = client.get(f"/rounds/{c.round.id}")
    assert "Open" in text(response) and "Locked" not in text(response)
    assert f'href="/rounds/{c.round.id}/sheets/"' in markup(response)


def test_the_home_page_has_a_start_here_link_until_training_is_done(client, make, login):
    c = course(make)
    login(c.member)
    link = f'href="/rounds/{c.round.id}/training/"'
    assert link in markup(client.get("/"))
    c.membership.trained_in_person_at = utcnow()
    db.session.commit()
    assert link not in markup(client.get("/"))


def test_explanations_and_prompts_are_shown_as_text_never_as_html(client, make, login):
    c = course(make)
    risky = step(c.round, "Extra", ("<b>Bold</b> <script>alert(1)</script>?", ["Yes", "No"], 0))
    login(c.member)
    quiz = f"/rounds/{c.round.id}/training/steps/{risky.id}/quiz"
    client.post(quiz, data={f"question_{risky.questions[0].id}": risky.questions[0].options[1].id})
    page = client.get(quiz).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>Bold</b>" not in page
    assert html.escape("<script>alert(1)</script>", quote=False) in page
