"""Every number the app reads from outside, read one way: ids and whole numbers in web addresses, query
strings, form fields and socket messages, on the command line and in the environment. The rule itself is
scoring.numbers (ASCII digits, within the database's integer range); this module gives it to routes and forms.
"""

from typing import Any

from werkzeug.routing import BaseConverter, ValidationError

from scoring.numbers import ID_MAX, INT_MAX, INT_MIN, read_id, whole_number

__all__ = ["ID_MAX", "IdConverter", "coerce_id", "read_id", "read_whole_number"]


def read_whole_number(value: object, low: int = INT_MIN, high: int = INT_MAX) -> int | None:
    """A whole number from low to high (both included) typed or sent as text; None for anything else."""
    return whole_number(value, low, high)


def coerce_id(value: Any) -> int:
    """For a WTForms choice field of ids: the id, or ValueError (which the field shows as a bad choice)."""
    number = read_id(value)
    if number is None:
        raise ValueError("Not an id")
    return number


class IdConverter(BaseConverter):
    """`<int:...>` in every route: a database id, ASCII digits from 1 to 2**31-1; anything else is not found.

    Werkzeug's own int converter matches any Unicode digit (\\d), so '/rounds/٣' would open round 3.
    """

    regex = r"[0-9]+"
    weight = 50  # as werkzeug's number converters, so routes match in the same order as before

    def to_python(self, value: str) -> int:
        number = read_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))
