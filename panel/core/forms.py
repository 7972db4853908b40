"""What every form shares."""


def strip_text(value):
    """A WTForms filter: trim spaces round typed text."""
    return value.strip() if isinstance(value, str) else value
