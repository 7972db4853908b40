"""Helpers for the tests of the commissioner's side (decisions, publishing, receipts, letters). The round they
work on is the `decided` fixture, in tests/panel/conftest.py.
"""


def decision_form(**fields) -> dict:
    """A decision as the form posts it, funded at £25,000 with reasons unless told otherwise."""
    form = {
        "outcome": "funded",
        "amount": "25000",
        "conditions": "",
        "reasons": "A clear plan that young people asked for.",
        "explanation": "",
        "strengths": "",
        "concerns": "",
    }
    form.update(fields)
    return form
