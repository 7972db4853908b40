"""Email through the SMTP server in the settings. Optional: with no MAIL_SERVER, nothing is sent."""

import logging
import smtplib
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
