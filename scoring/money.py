"""Money is held as whole pence; pounds appear only when reading what a person typed or showing a total."""

import re
from decimal import Decimal, InvalidOperation

# ASCII digits only, as every number read from outside (scoring.numbers): "\d" would also take "٣".
_ALLOWED = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")


class MoneyError(ValueError):
    """A sum a person typed that is not an amount of pounds."""


def parse_pounds(text: str | float | Decimal | None) -> int:
    """Read '£120,000', '120000.50' or a spreadsheet number as pence; refuse anything else with a reason."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise MoneyError("Enter an amount in pounds, like 25000")
    if isinstance(text, bool):
        raise MoneyError("Enter an amount in pounds, like 25000")
    if isinstance(text, (int, float, Decimal)):
        try:
            amount = Decimal(str(text))
        except InvalidOperation as error:  # NaN and infinities
            raise MoneyError("Enter an amount in pounds, like 25000") from error
    else:
        cleaned = text.strip().replace(",", "").replace(" ", "")
        cleaned = cleaned.removeprefix("£").removesuffix("GBP")
        if not _ALLOWED.match(cleaned):
            raise MoneyError("Enter an amount in pounds using numbers only, like 25000 or £25,000.50")
        amount = Decimal(cleaned)
    if not amount.is_finite():
        raise MoneyError("Enter an amount in pounds, like 25000")
    if amount < 0:
        raise MoneyError("The amount must be zero or more")
    if amount > 10**11:  # checked before rounding: a 30-digit number is beyond Decimal's default precision
        raise MoneyError("The amount is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise MoneyError("The amount can have at most two digits after the point")
    pence = int(amount * 100)
    if pence > 10**13:
        raise MoneyError("The amount is too large")
    return pence


def format_pounds(pence: int, *, always_pence: bool = False) -> str:
    """£1,400,000 for whole pounds, £12.50 otherwise."""
    pounds, rest = divmod(abs(pence), 100)
    sign = "-" if pence < 0 else ""
    if rest or always_pence:
        return f"{sign}£{pounds:,}.{rest:02d}"
    return f"{sign}£{pounds:,}"
