"""Card secrets (an invitation, or a one-time sign-in code): a link token and a short code to type by hand,
kept only as keyed hashes.

The hashes are HMAC-SHA256 keyed with the app's SECRET_KEY, so a copy of the database alone is not enough to
try every possible code offline. Changing SECRET_KEY therefore makes every printed card stop working.
"""

import hashlib
import hmac
import re
import secrets

import segno
from flask import current_app
from markupsafe import Markup, escape

# No 0/O, 1/I/L: letters and digits that look alike on a card or in a child's handwriting are left out.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")


def new_token() -> str:
    """A random link token for the card's web address (192 bits)."""
    return secrets.token_urlsafe(24)


def new_code() -> str:
    """A random code of CODE_LENGTH characters from CODE_ALPHABET (about 40 bits), without its dash."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """'K7PX4QMD' -> 'K7PX-4QMD', the way it is printed."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(typed: str) -> str:
    """What someone typed, in capitals, without spaces or dashes (phones may turn '-' into a long dash)."""
    return _SEPARATORS.sub("", typed or "").upper()


def is_well_formed(code: str) -> bool:
    """True if a normalised code could have been printed by us."""
    return len(code) == CODE_LENGTH and all(character in CODE_ALPHABET for character in code)


def _digest(purpose: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def hash_token(token: str, card: str = "invitation") -> str:
    """The stored form of a link token (of an invitation card, or of a "sign-in" code card)."""
    return _digest(f"{card}-token", token)


def hash_code(code: str, card: str = "invitation") -> str:
    """The stored form of a code, from what someone typed (any case, with or without the dash)."""
    return _digest(f"{card}-code", normalise_code(code))


def qr_svg(url: str, label: str = "QR code: scan it to open your join link") -> Markup:
    """The link as an inline SVG QR code with an accessible name, styled by CSS (no inline styles)."""
    svg = segno.make(url, error="m").svg_inline(scale=3, omitsize=True, svgclass="cp-qr", lineclass=None)
    label = escape(label)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1))
