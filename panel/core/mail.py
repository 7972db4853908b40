"""Email through the SMTP server in the settings. Optional: with no MAIL_SERVER, nothing is sent."""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


class MailError(Exception):
    """The mail server could not be reached or refused the message."""


def mail_enabled() -> bool:
    """True when a mail server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_FROM") or "Co-Panel <no-reply@localhost>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_email(to: str, subject: str, body: str) -> bool:
    """Send a plain-text email: True when sent, False when mail is off; MailError (logged) on failure."""
    config = current_app.config
    if not mail_enabled():
        return False
    try:
        port = config.get("MAIL_PORT") or 25
        with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=TIMEOUT_SECONDS) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(_message(to, subject, body))
    except (OSError, smtplib.SMTPException) as error:
        # Never the address: logs are kept longer than young people's details should be.
        log.warning("Could not send email through %s: %s", config["MAIL_SERVER"], error)
        raise MailError(str(error)) from error
    return True


@dataclass(frozen=True)
class EmailOutcome:
    sent: int = 0
    failed: int = 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def reminded_in_words(reminded: int, emails: EmailOutcome, nobody: str) -> str:
    """What the person who sent reminders is told: how many, by which way, and what failed. `nobody` is said
    when there was nobody to remind."""
    if reminded == 0:
        return nobody
    summary = f"Reminded {_plural(reminded, 'member')} in Co-Panel. {_plural(emails.sent, 'email')} sent."
    if emails.failed:
        summary += (
            f" We couldn't send {_plural(emails.failed, 'email')}: the mail server didn't answer. "
            "They will still see the reminder when they sign in."
        )
    return summary


def send_emails(letters: list[tuple[str, str, str]]) -> EmailOutcome:
    """Send each (address, subject, body); stop at the first failure (the mail server is down). Nothing is
    sent when email is not set up."""
    if not letters or not mail_enabled():
        return EmailOutcome()
    for sent, (address, subject, body) in enumerate(letters):
        try:
            send_email(address, subject, body)
        except MailError:
            return EmailOutcome(sent, len(letters) - sent)
    return EmailOutcome(len(letters), 0)
