"""A member's record of contribution, counted from what Co-Panel kept as they took part, and their
certificate."""

import unicodedata
from datetime import date

from sqlalchemy import func, select

from panel.extensions import db
from panel.meetings.models import Attendance, Meeting
from panel.rounds.models import Membership
from panel.sheets.models import Sheet, SheetStatus
from panel.training.models import StepCompletion, TrainingStep
from scoring.people import MemberRole
from scoring.recognition import Attended, Contribution, Facts, contribution, time_in_words, what_they_did


def contribution_of(membership: Membership) -> Contribution:
    """What this member did in their round, with the estimates scoring.recognition documents."""
    step_minutes = db.session.scalar(
        select(func.coalesce(func.sum(TrainingStep.minutes), 0))
        .join(StepCompletion, StepCompletion.step_id == TrainingStep.id)
        .where(StepCompletion.membership_id == membership.id, TrainingStep.round_id == membership.round_id)
    )
    sheets = db.session.scalar(
        select(func.count(Sheet.id)).where(
            Sheet.membership_id == membership.id, Sheet.status == SheetStatus.SUBMITTED
        )
    )
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == membership.round_id))
    attended: tuple[Attended, ...] = ()
    if meeting is not None:
        attended = tuple(
            Attended(row.first_seen_at, row.last_seen_at, meeting.started_at, meeting.closed_at)
            for row in db.session.scalars(
                select(Attendance).where(
                    Attendance.meeting_id == meeting.id, Attendance.membership_id == membership.id
                )
            )
        )
    return contribution(
        Facts(
            chair=membership.role is MemberRole.CHAIR,
            scribe=meeting is not None and meeting.scribe_id == membership.id,
            training_done=(
                membership.training_completed_at is not None or membership.trained_in_person_at is not None
            ),
            trained_in_person=membership.trained_in_person_at is not None,
            step_minutes=int(step_minutes or 0),
            practice_done=membership.practice_done_at is not None,
            sheets_submitted=int(sheets or 0),
            meetings=attended,
        )
    )


# The certificate: one A4 page in a core PDF font, so nothing is embedded or fetched.

_SPELLED_OUT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
    }
)


def latin_text(text: str) -> str:
    """The text as the PDF's core font can draw it (Latin-1): accents kept where Latin-1 has them, otherwise
    dropped (Ł to L, ć to c), and anything else (emoji, other scripts) as '?'."""
    kept = []
    for character in text.translate(_SPELLED_OUT):
        if ord(character) < 256:
            kept.append(character if character.isprintable() else " ")
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        kept.append(plain if plain and all(ord(c) < 256 for c in plain) else "?")
    return "".join(kept)


def certificate_pdf(name: str, round_title: str, organisation: str, record: Contribution, on: date) -> bytes:
    """The certificate as PDF bytes. Uncompressed, so the words inside can be searched and checked."""
    from fpdf import FPDF  # here, not at the top: it brings Pillow and fontTools, which every server process
    # would otherwise carry in memory for a page few people open

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(False)
    pdf.set_title(latin_text(f"Certificate of contribution: {name}"))
    pdf.set_author(latin_text(organisation or "Co-Panel"))
    pdf.set_creator("Co-Panel")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    teal = (0, 98, 94)
    pdf.set_draw_color(*teal)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 190, 277)

    def line(text: str, size: int, style: str = "", gap: float = 4, colour=(11, 12, 12)) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(w=0, h=size * 0.5, text=latin_text(text), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.ln(12)
    line("Certificate of contribution", 28, "B", 10, teal)
    line("This is to say that", 14)
    line(name, 24, "B", 6)
    line("was a member of the youth-inclusive commissioning panel", 14, gap=2)
    line(round_title, 16, "B", 2)
    if organisation:
        line(f"run by {organisation}", 14, gap=2)
    pdf.ln(6)
    line("Role: " + " and ".join(record.roles), 14, "B", 6)
    for done in what_they_did(record):
        line(done, 13, gap=2)
    pdf.ln(6)
    given = record.total_minutes
    line(f"Time given: about {time_in_words(given)}" if given else "Time given: not recorded", 14, "B", 2)
    line("(Some of this time is estimated: see the contribution page in Co-Panel.)", 10, gap=10)
    line(f"Given on {on.day} {on:%B %Y}", 12, gap=2)
    line("Thank you for helping to decide how money for young people is spent.", 12, "I")
    return bytes(pdf.output())
