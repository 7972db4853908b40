"""Whole numbers read from outside (a web address, a form, a socket message, a spreadsheet, the environment).

One rule everywhere: ASCII digits 0-9 (an optional minus sign, spaces around ignored), or a whole number
already decoded from JSON, and always within a range no wider than the database's integer. Python's own int()
also reads other scripts' digits ('٣' is 3) and refuses others that str.isdigit() takes ('²'), and an id
longer than the database's integer fails in the database, not here: so nothing from outside goes to int().
"""

import re

# A 4-byte INTEGER, the id column of every table on PostgreSQL; SQLite's integers are wider.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
ID_MAX = INT_MAX

_WHOLE = re.compile(r"-?[0-9]+")
# More digits than this, less any leading zeros, is out of range whatever the bounds: checked before int(),
# which refuses more than 4,300 digits and is slow long before that.
_MOST_DIGITS = len(str(INT_MAX))


def whole_number(value: object, low: int = INT_MIN, high: int = INT_MAX) -> int | None:
    """value as a whole number from low to high (both included), or None.

    An int (never a bool), or text of ASCII digits with an optional leading minus and spaces around it. None
    for anything else: other digits ('²', '٣', '１'), a plus sign, a point, an exponent, hex, blank text, or a
    number outside the range (which never reaches past the database's integer).
    """
    low, high = max(low, INT_MIN), min(high, INT_MAX)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not _WHOLE.fullmatch(text) or len(text.lstrip("-").lstrip("0")) > _MOST_DIGITS:
            return None
        number = int(text)
    else:
        return None
    return number if low <= number <= high else None


def read_id(value: object) -> int | None:
    """A database id: a whole number from 1 to ID_MAX, or None."""
    return whole_number(value, 1, ID_MAX)
