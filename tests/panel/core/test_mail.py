"""Email goes to a real SMTP server when one is set up, and is simply off when none is."""

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from panel.core.mail import MailError, mail_enabled, send_email


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app, monkeypatch):
    """A real SMTP server on this machine, and the app set up to send through it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield handler
    controller.stop()


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
