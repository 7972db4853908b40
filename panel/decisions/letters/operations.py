"""The letter to a bidder: the outcome, the reasons, any conditions, the panel's main strengths and concerns
and its agreed scores. Built from the decision and the consensus only, so no panellist is named or picked out."""

import re
from dataclasses import dataclass
from datetime import date

from panel.decisions.operations import BidPanel
from panel.rounds.models import Round
from scoring.decisions import AgreedScore, Outcome
from scoring.money import format_pounds


@dataclass(frozen=True)
class Letter:
    """What the letter says, ready for the printable page and the plain-text download."""

    round_title: str
    reference: str
    organisation: str
    title: str
    requested_pence: int
    outcome: Outcome
    amount_pence: int | None
    conditions: str
    reasons: str
    strengths: str
    concerns: str
    scores: tuple[AgreedScore, ...]
    dated: date

    @property
    def outcome_sentence(self) -> str:
        if self.outcome.funds:
            given, asked = format_pounds(self.amount_pence or 0), format_pounds(self.requested_pence)
            return (
                f"We are pleased to tell you that your bid has been funded. We will give you {given} "
                f"(you asked for {asked})."
            )
        return "We are sorry to tell you that your bid has not been funded this time."


def letter_for(round_: Round, panel: BidPanel, today: date) -> Letter | None:
    """The letter for one bid, or None while it has no decision."""
    decision = panel.decision
    if decision is None:
        return None
    bid = panel.bid
    return Letter(
        round_title=round_.title,
        reference=bid.reference,
        organisation=bid.organisation,
        title=bid.title,
        requested_pence=bid.amount_pence,
        outcome=decision.outcome,
        amount_pence=decision.amount_pence,
        conditions=decision.conditions if decision.outcome.funds else "",
        reasons=decision.reasons,
        strengths=decision.strengths,
        concerns=decision.concerns,
        scores=panel.scores,
        dated=today,
    )


def _section(heading: str, text: str) -> list[str]:
    return [heading, "-" * len(heading), text.strip(), ""] if text.strip() else []


def letter_text(letter: Letter) -> str:
    """The letter as plain text, to paste into an email or a letter template."""
    lines = [
        f"{letter.dated.day} {letter.dated:%B %Y}",
        "",
        f"To: {letter.organisation}",
        f"Your bid: {letter.reference}, {letter.title}",
        f"Round: {letter.round_title}",
        "",
        f"Dear {letter.organisation},",
        "",
        (
            f"Thank you for your bid to {letter.round_title}. A panel of young people and adults read and "
            "scored every bid, then met to agree what to recommend. This letter tells you the final decision "
            "and why."
        ),
        "",
        f"Outcome: {letter.outcome.label}",
        letter.outcome_sentence,
        "",
        *_section("Why we made this decision", letter.reasons),
        *_section("Conditions of the funding", letter.conditions),
        *_section("What the panel saw as strengths", letter.strengths),
        *_section("What the panel was concerned about", letter.concerns),
    ]
    if letter.scores:
        lines += ["The panel's agreed scores", "-" * 25]
        lines += [f"- {score.criterion}: {score.score} out of {score.high}" for score in letter.scores]
        lines.append("")
    lines += ["Yours sincerely,", "", f"The commissioning team, {letter.round_title}", ""]
    return "\n".join(lines)


def letter_filename(letter: Letter) -> str:
    """A safe file name: letter-B01-organisation.txt."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", f"{letter.reference} {letter.organisation}").strip("-")[:80]
    return f"letter-{name or 'bid'}.txt"


def names_mentioned(letter: Letter, names: list[str]) -> list[str]:
    """Panel members' names that appear in what the commissioner wrote, so they can be taken out before the
    letter is sent (the letter must not say who was on the panel)."""
    written = f"{letter.reasons} {letter.conditions} {letter.strengths} {letter.concerns}"
    found = []
    for name in sorted(set(names), key=str.casefold):
        if name.strip() and re.search(rf"(?<!\w){re.escape(name.strip())}(?!\w)", written, re.IGNORECASE):
            found.append(name.strip())
    return found
