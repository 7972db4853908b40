"""A panellist's reply on how the process went (anonymous unless they say so), and the commissioner's page of
replies, which names only those who chose to share their name."""

import pytest
from sqlalchemy import func, select

from panel.extensions import db
from panel.feedback.models import Answer, ProcessReply


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def shared(make, world):
    make.published(world.round)
    return world


def _reply(client, round_id: int, **data):
    return client.post(f"/rounds/{round_id}/feedback/reply", data=data)


def _saved(membership) -> ProcessReply | None:
    db.session.expire_all()
    return db.session.scalar(select(ProcessReply).where(ProcessReply.membership_id == membership.id))


def test_the_form_asks_three_questions_and_says_it_is_anonymous(client, login, shared):
    login(shared.aisha.user)
    text = _text(client.get(f"/rounds/{shared.round.id}/feedback/reply"))
    for words in (
        "Did you feel listened to on the panel?",
        "Did the training help you?",
        "What should we change next time?",
        "Share my name with the people who run the panel",
        "We won't know who you are",
        "A bit",
    ):
        assert words in text, words
    assert 'name="share_name"' in text and "checked" not in text.split('name="share_name"')[1].split(">")[0]


def test_a_reply_is_saved_without_the_name_by_default_with_a_thank_you(client, login, shared):
    login(shared.aisha.user)
    response = _reply(
        client, shared.round.id, felt_heard="yes", training_useful="partly", change="More snacks"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/feedback#your-say")
    reply = _saved(shared.aisha)
    assert (reply.felt_heard, reply.training_useful, reply.change, reply.share_name) == (
        Answer.YES,
        Answer.PARTLY,
        "More snacks",
        False,
    )
    page = _text(client.get(f"/rounds/{shared.round.id}/feedback"))
    assert "Thank you for telling us how it went." in page and "Change your answers" in page


def test_one_reply_per_member_which_they_can_change(client, login, shared):
    login(shared.aisha.user)
    _reply(client, shared.round.id, felt_heard="no", change="First thoughts")
    text = _text(client.get(f"/rounds/{shared.round.id}/feedback/reply"))
    assert "First thoughts" in text and 'value="no" checked' in text
    _reply(client, shared.round.id, felt_heard="yes", change="Second thoughts", share_name="y")
    assert db.session.scalar(select(func.count(ProcessReply.id))) == 1
    reply = _saved(shared.aisha)
    assert (reply.felt_heard, reply.training_useful, reply.change, reply.share_name) == (
        Answer.YES,
        None,
        "Second thoughts",
        True,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Answer at least one question before you send"),
        ({"change": "   "}, "Answer at least one question before you send"),
        ({"felt_heard": "maybe"}, "Choose yes, a bit or no"),
        ({"training_useful": "x" * 5000}, "Choose yes, a bit or no"),
        ({"change": "x" * 1001}, "Keep it to 1000 characters or fewer"),
    ],
)
def test_a_reply_that_cannot_be_saved_says_why(client, login, shared, data, message):
    login(shared.aisha.user)
    response = _reply(client, shared.round.id, **data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _saved(shared.aisha) is None


def test_no_reply_before_the_decisions_are_shared(client, login, world):
    login(world.aisha.user)
    assert _reply(client, world.round.id, felt_heard="yes").status_code == 403
    assert _saved(world.aisha) is None


@pytest.fixture
def replied(client, login, shared, make):
    for membership, data in (
        (
            shared.aisha,
            {"felt_heard": "yes", "training_useful": "yes", "change": "Zebra: shorter meetings please"},
        ),
        (shared.ben, {"felt_heard": "partly", "change": "Apples: more time to read", "share_name": "y"}),
        (shared.chair, {"felt_heard": "no"}),
    ):
        login(membership.user)
        _reply(client, shared.round.id, **data)
    return shared


def test_the_commissioner_sees_counts_and_comments_named_only_where_shared(client, login, replied):
    login(replied.commissioner)
    response = client.get(f"/rounds/{replied.round.id}/feedback/replies")
    assert response.status_code == 200
    text = _text(response)
    assert "3 of 3 panel members have replied." in text
    assert "Zebra: shorter meetings please" in text and "Apples: more time to read" in text
    assert text.index("Apples") < text.index("Zebra"), (
        "comments are sorted by their words, not by who or when"
    )
    assert "Ben" in text and "Aisha" not in text and "Chloe" not in text
    assert text.count("Name not shared") == 1
    # Each answer's count: felt heard yes 1, a bit 1, no 1; training useful yes 1, didn't answer 2.
    felt, training = text.split("Did the training help you?")
    assert [n for n in _counts(felt)] == [1, 1, 1, 0]
    assert [n for n in _counts(training)] == [1, 0, 0, 2]


def _counts(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r'govuk-table__cell--numeric">(\d+)<', html)][-4:]


@pytest.mark.parametrize("who", ["chair", "aisha", "outsider", "stranger"])
def test_nobody_else_sees_the_replies(client, login, replied, who):
    person = getattr(replied, who)
    login(getattr(person, "user", person))
    response = client.get(f"/rounds/{replied.round.id}/feedback/replies")
    assert response.status_code == 403
    assert "Apples" not in _text(response)


def test_the_replies_page_works_before_anyone_replies(client, login, world):
    login(world.commissioner)
    text = _text(client.get(f"/rounds/{world.round.id}/feedback/replies"))
    assert "0 of 3 panel members have replied." in text
    assert "Panel members can reply once you share the decisions with them." in text
