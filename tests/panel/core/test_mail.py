"""Email goes to a real SMTP server when one is set up, and is simply off when none is."""

import pytest

from panel.core.mail import MailError, mail_enabled, send_email
from tests.panel.core.mail_helpers import free_port


def test_an_email_arrives_with_its_recipient_subject_and_body(app, inbox):
    with app.app_context():
        assert send_email("sam@example.org", "Hello from the panel", "Three sheets left.\n") is True
    ((recipients, message),) = inbox.messages
    assert recipients == ["sam@example.org"]
    assert message["Subject"] == "Hello from the panel"
    assert message["From"] == app.config["MAIL_FROM"]
    assert message.get_content().strip() == "Three sheets left."


def test_without_a_mail_server_nothing_is_sent(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)

    def no_connection(*args, **kwargs):
        raise AssertionError("no connection should be attempted")

    monkeypatch.setattr("smtplib.SMTP", no_connection)
    with app.app_context():
        assert mail_enabled() is False
        assert send_email("sam@example.org", "Hello", "Body") is False


def test_a_mail_server_that_is_down_raises_a_mail_error(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    with app.app_context(), pytest.raises(MailError):
        send_email("sam@example.org", "Hello", "Body")
    assert "Could not send email" in caplog.text
    assert "sam@example.org" not in caplog.text
