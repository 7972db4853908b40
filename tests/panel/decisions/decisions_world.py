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


def third_young_member(make, world):
    """Cara joins the `decided` round's young members: she scored the skate club high and the chat app low, and
    her first view said fund the app. With three young members, what they thought is shown and counted
    (scoring/disclosure.py: fewer than three would give each of them away)."""
    needs, plan = world.criteria
    cara = make.member(world.round, make.user("cara", "Cara Cole"), trained=True)
    make.sheet(cara, world.club, {needs: 4, plan: 4})
    make.sheet(cara, world.app, {needs: 1, plan: 2})
    make.first_view(cara, world.app, "fund")
    return cara
