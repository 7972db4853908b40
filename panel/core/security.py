"""Security headers, a per-request CSP nonce (the page may run only the scripts we sent with it), and a
refusal of NUL characters in what a request sends."""

import secrets

from flask import Flask, g, request

from panel.core.errors import render_error

# A NUL character is never typed by a person, and PostgreSQL refuses to store one in text.
HIDDEN_CHARACTER = (
    "Some of what you sent has a hidden character in it that we can't save. "
    "Go back, type it again and send it again."
)


def _policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _has_hidden_character() -> bool:
    """Whether the address, the query string or a form field (names included) holds a NUL character."""
    sent = request.values.items(multi=True)
    return "\x00" in request.path or any("\x00" in name or "\x00" in value for name, value in sent)


def register(app: Flask) -> None:
    @app.before_request
    def make_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(18)

    @app.before_request
    def refuse_hidden_characters():
        """Refused before any page reads the request, instead of failing when the page saves it."""
        return render_error(400, HIDDEN_CHARACTER) if _has_hidden_character() else None

    @app.context_processor
    def nonce_for_templates() -> dict:
        return {"csp_nonce": g.get("csp_nonce", "")}

    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _policy(g.get("csp_nonce", "none")))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if app.config["COPANEL_HTTPS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            # Pages hold young people's data and one-time codes: never keep them in a shared cache.
            headers.setdefault("Cache-Control", "no-store")
        return response
