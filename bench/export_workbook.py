"""Decisions workbook benchmark: the app's export of a large round beside xlsxwriter writing the same rows.

A temporary SQLite database, built by the migrations, gets one decided round: 1,000 bids, 50 panellists (half
young, half adult), 8 criteria, every sheet submitted with every score, the meeting's recommendation and
consensus scores, first views, the meeting's record (a line per first view given, and the chair's steps) and a
final decision for every bid (bulk inserts). --tiny: 20 bids, 10 panellists, 3 criteria, in seconds.

Each side runs in a fresh process, so neither inherits the other's memory:
  app         decisions_workbook() + write_xlsx() to a file, end to end (xlsxwriter in constant-memory mode,
              the big sheets' rows streamed from the database a page of bids at a time), with the time spent making rows
              (gathering) measured apart from the rest (writing). Every row is also recorded to a file as it
              goes by, a chunk at a time, for the other side; that recording is left out of the app's time.
  xlsxwriter  the same rows, read back from that recording a chunk at a time (reading left out of its time),
              written by xlsxwriter's Workbook(path, {"constant_memory": True}): the same sheets, widths,
              formats, filters, totals and notes, strings as strings and numbers as numbers.
Time is the wall time of one run. Peak memory is how far the process's resident size rose above what it held
just before the run (Linux: the peak, VmHWM, is reset through /proc/self/clear_refs when the run starts).

It exits 1, saying why, if either side fails or the app's workbook misses a row.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/export_workbook.py [--tiny]
"""

import contextlib
import dataclasses
import gc
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = "--tiny" in sys.argv
BIDS, PANELLISTS, CRITERIA = (20, 10, 3) if TINY else (1_000, 50, 8)
GOALS = {"time": 1.4, "memory": 5.0}  # the app against xlsxwriter writing the same rows
LEVELS = range(5)
TIME_LIMIT = 300  # seconds for one side's process, a last resort
CHUNK = 2_000  # rows recorded (and read back) at a time for the xlsxwriter side


# -----------------------------------------------------------------------------------------------------------
# The round, made with bulk inserts


def build_round() -> int:
    """One decided round of BIDS bids, PANELLISTS panellists and CRITERIA criteria; returns its id."""
    from sqlalchemy import insert

    from panel.accounts.models import User
    from panel.bids.models import Bid
    from panel.core.models import utcnow
    from panel.decisions.models import Decision
    from panel.extensions import db
    from panel.meetings.models import ConsensusScore, FirstView, Meeting, MeetingItem, MeetingRecord
    from panel.rounds.models import Conflict, Criterion, CriterionLevel, Membership, Round
    from panel.sheets.models import Sheet, SheetScore, SheetStatus
    from scoring.consensus import Recommendation, View
    from scoring.decisions import Outcome
    from scoring.meeting import Status
    from scoring.people import AgeBand, MemberKind, MemberRole
    from scoring.rounds import RoundStatus

    def add(model, rows: list[dict]) -> None:
        db.session.execute(insert(model), rows)

    now = utcnow()
    bids, seats, criteria = range(1, BIDS + 1), range(1, PANELLISTS + 1), range(1, CRITERIA + 1)
    add(
        Round,
        [
            {
                "id": 1,
                "title": "Young people's wellbeing services 2027",
                "budget_pence": 1_400_000_000,
                "status": RoundStatus.DECIDED,
                "purpose": "Services that help young people feel better.",
                "in_scope": "Which bids get money, and how much.",
                "out_of_scope": "The total budget.",
            }
        ],
    )
    add(
        Criterion,
        [
            {
                "id": number,
                "round_id": 1,
                "position": number,
                "title": f"Criterion {number}",
                "question": "How well does the bid show this?",
                "weight": 10 + number,
                "scale_min": 0,
                "scale_max": 4,
            }
            for number in criteria
        ],
    )
    add(
        CriterionLevel,
        [
            {"criterion_id": criterion, "score": level, "descriptor": f"Level {level} means"}
            for criterion in criteria
            for level in LEVELS
        ],
    )
    add(
        Bid,
        [
            {
                "id": bid,
                "round_id": 1,
                "reference": f"YW-{bid:04d}",
                "organisation": f"Youth group {bid}",
                "title": f"Weekly drop-in sessions, part {bid}",
                "amount_pence": 1_000_000 + 137 * bid,
                "summary": "We will run weekly drop-in sessions with young people leading them. " * 3,
            }
            for bid in bids
        ],
    )
    bands = [AgeBand.B10_13, AgeBand.B14_16, AgeBand.B17_19, AgeBand.B20_25]
    add(
        User,
        [
            {
                "id": person,
                "username": f"panellist{person:03d}",
                "display_name": f"Panellist {person}",
                "password_hash": "unusable",
            }
            for person in seats
        ],
    )
    add(
        Membership,
        [
            {
                "id": seat,
                "round_id": 1,
                "user_id": seat,
                "role": MemberRole.PANELLIST,
                "kind": MemberKind.YOUNG if seat % 2 else MemberKind.ADULT,
                "age_band": bands[seat % 4] if seat % 2 else None,
                "confidentiality_accepted_at": now,
                "trained_in_person_at": now,
            }
            for seat in seats
        ],
    )
    # ten members (or, on a tiny round, three) each step out of one bid
    conflicts = {(seat, seat * 17 % BIDS + 1) for seat in range(1, min(11, PANELLISTS // 3 + 1))}
    add(
        Conflict,
        [
            {"membership_id": seat, "bid_id": bid, "note": "My cousin works there"}
            for seat, bid in sorted(conflicts)
        ],
    )
    sheets = [(bid, seat) for bid in bids for seat in seats if (seat, bid) not in conflicts]
    add(
        Sheet,
        [
            {
                "id": number,
                "round_id": 1,
                "bid_id": bid,
                "membership_id": seat,
                "status": SheetStatus.SUBMITTED,
                "submitted_at": now,
                "strengths": "Young people lead it.",
            }
            for number, (bid, seat) in enumerate(sheets, start=1)
        ],
    )
    comment = "A clear plan, with evidence from young people."
    add(
        SheetScore,
        [
            {
                "sheet_id": number,
                "criterion_id": criterion,
                "score": None if (bid + seat + criterion) % 29 == 0 else (bid + seat * criterion) % 5,
                "abstained": (bid + seat + criterion) % 29 == 0,
                "comment": comment if criterion % 3 == 0 else "",
            }
            for number, (bid, seat) in enumerate(sheets, start=1)
            for criterion in criteria
        ],
    )
    add(
        Meeting,
        [
            {
                "id": 1,
                "round_id": 1,
                "status": Status.CLOSED,
                "version": 1,
                "cursor": 0,
                "queue": [],
                "break_requests": [],
                "started_at": now,
                "closed_at": now,
            }
        ],
    )
    said = list(Recommendation)
    add(
        MeetingItem,
        [
            {
                "id": bid,
                "meeting_id": 1,
                "bid_id": bid,
                "position": bid,
                "recommendation": said[bid % 4],
                "amount_pence": None if said[bid % 4] is Recommendation.DO_NOT_FUND else 1_000_000,
                "reasons": "Young people asked for it and the plan is clear.",
                "recorded_at": now,
                "views_revealed_at": now,
                "scores_revealed_at": now,
            }
            for bid in bids
        ],
    )
    add(
        ConsensusScore,
        [
            {"item_id": bid, "criterion_id": criterion, "score": (bid + criterion) % 5}
            for bid in bids
            for criterion in criteria
        ],
    )
    views = list(View)
    add(
        FirstView,
        [
            {"item_id": bid, "membership_id": seat, "view": views[(bid + seat) % 3]}
            for bid in bids
            for seat in seats
            if (seat, bid) not in conflicts
        ],
    )
    # The meeting's record: for each bid, the chair's steps and a line per first view given.
    lines = []
    for bid in bids:
        lines.append({"command": "go_to", "bid_id": bid, "detail": {}})
        lines.append({"command": "first_view", "bid_id": bid, "detail": {}})
        lines += [
            {
                "command": "give_view",
                "bid_id": bid,
                "member_id": seat,
                "detail": {"view": views[(bid + seat) % 3].value},
            }
            for seat in seats
            if (seat, bid) not in conflicts
        ]
        lines += [
            {"command": command, "bid_id": bid, "detail": {}} for command in ("reveal_views", "reveal_scores")
        ]
        lines.append(
            {
                "command": "record",
                "bid_id": bid,
                "detail": {
                    "recommendation": said[bid % 4].value,
                    "amount": 1_000_000,
                    "reasons": "A clear plan.",
                },
            }
        )
    add(
        MeetingRecord,
        [
            {"meeting_id": 1, "sequence": number, "at": now, "actor_id": 1, "member_id": None, **line}
            for number, line in enumerate(lines, start=1)
        ],
    )
    add(
        Decision,
        [
            {
                "round_id": 1,
                "bid_id": bid,
                "outcome": Outcome.FUNDED if bid % 3 else Outcome.NOT_FUNDED,
                "amount_pence": 900_000 if bid % 3 else None,
                "reasons": "=A clear plan (typed with =)",
                "explanation": "We had less money than the panel hoped." if bid % 3 else "",
            }
            for bid in bids
        ],
    )
    db.session.commit()
    return 1


# -----------------------------------------------------------------------------------------------------------
# The two sides, each in its own process: export_workbook.py --side app|xlsxwriter FOLDER


class Tap:
    """A table's rows passed through unchanged, timing how long making them takes (and, on the app side,
    recording them, a chunk at a time, for the xlsxwriter side; that time is kept apart too)."""

    def __init__(self, rows, record: Path | None = None):
        self.rows, self.record = rows, record
        self.making = self.recording = 0.0
        self.count = 0  # rows gone by
        self.peak_kb = 0  # the process's peak resident size once the last row has gone by

    def __iter__(self):
        rows = iter(self.rows)
        chunk: list = []
        with self.record.open("wb") if self.record else contextlib.nullcontext() as out:
            while True:
                began = time.perf_counter()
                row = next(rows, None)
                made = time.perf_counter()
                self.making += made - began
                if out is not None and (row is None or len(chunk) == CHUNK):
                    pickle.dump(chunk, out)
                    if row is None and chunk:
                        pickle.dump([], out)  # the end
                    chunk = []
                    self.recording += time.perf_counter() - made
                if row is None:
                    self.peak_kb = memory_kb("VmHWM")
                    return
                if out is not None:
                    chunk.append(row)
                self.count += 1
                yield row


def recorded(path: Path):
    """Rows recorded by a Tap, read back a chunk at a time."""
    with path.open("rb") as source:
        while chunk := pickle.load(source):
            yield from chunk


def memory_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (the peak) of this process, in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def start_measuring() -> int:
    """Reset the process's peak resident size to what it holds now (Linux's clear_refs), and return that."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    return memory_kb("VmRSS")


def growth_kb(start: int) -> int:
    return memory_kb("VmHWM") - start


def app_side(folder: Path) -> dict:
    """decisions_workbook() + write_xlsx(), timed end to end; the rows are recorded for the other side."""
    from panel.exports.operations import decisions_workbook
    from panel.exports.writer import write_xlsx
    from panel.extensions import db
    from panel.rounds.models import Round

    round_ = db.session.get(Round, 1)
    out = folder / "app.xlsx"
    before = start_measuring()
    began = time.perf_counter()
    tables = decisions_workbook(round_)
    called = time.perf_counter() - began
    upfront = growth_kb(before)  # what making the tables took, before their rows are asked for
    taps = [Tap(table.rows, folder / f"rows-{index}.pickle") for index, table in enumerate(tables)]
    write_xlsx([dataclasses.replace(table, rows=tap) for table, tap in zip(tables, taps, strict=True)], out)
    seconds = time.perf_counter() - began - sum(tap.recording for tap in taps)
    rss = growth_kb(before)
    headings = [dataclasses.replace(table, rows=()) for table in tables]
    (folder / "tables.pickle").write_bytes(pickle.dumps(headings))
    return {
        "seconds": seconds,
        "gathering": called + sum(tap.making for tap in taps),
        "rss_kb": rss,
        "upfront": called,
        "upfront_kb": upfront,
        "bytes": out.stat().st_size,
        "sheets": [(table.title, tap.peak_kb - before) for table, tap in zip(tables, taps, strict=True)],
        "rows": {table.title: tap.count for table, tap in zip(tables, taps, strict=True)},
    }


def xlsxwriter_side(folder: Path) -> dict:
    """xlsxwriter writing the rows the app wrote, read back from the recording (not timed)."""
    import xlsxwriter  # noqa: F401  (imported before the memory baseline, as the app side imports its writer)

    tables = pickle.loads((folder / "tables.pickle").read_bytes())
    taps = [Tap(recorded(folder / f"rows-{index}.pickle")) for index in range(len(tables))]
    out = folder / "xlsxwriter.xlsx"
    before = start_measuring()
    began = time.perf_counter()
    write_with_xlsxwriter([(table, tap) for table, tap in zip(tables, taps, strict=True)], out)
    seconds = time.perf_counter() - began - sum(tap.making for tap in taps)
    return {"seconds": seconds, "rss_kb": growth_kb(before), "bytes": out.stat().st_size}


def write_with_xlsxwriter(tables, path: Path) -> None:
    """The tables as the app writes them (widths, header, formats, filter, totals, note), by xlsxwriter in
    constant-memory mode; every string with write_string, so typed text stays text there too."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name

    from panel.exports.writer import POUNDS, WHEN
    from scoring.export import Money, clean_text, layout

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    header_format = book.add_format(
        {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1D70B8", "text_wrap": True, "valign": "top"}
    )
    kinds = ((None, {}), (Money, {"num_format": POUNDS}), (datetime, {"num_format": WHEN}))
    formats = {
        (kind, wrap): book.add_format({"valign": "top", "text_wrap": wrap, **extra})
        for kind, extra in kinds
        for wrap in (False, True)
    }
    total_format = book.add_format({"bold": True, "num_format": POUNDS})
    note_format = book.add_format({"italic": True})
    for table, table_rows in tables:
        sheet = book.add_worksheet(table.title)
        widths, wraps, rows = layout(table.header, table_rows)
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        for index, name in enumerate(table.header):
            sheet.write_string(0, index, name, header_format)
        last = 0
        for last, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                wrap = wraps[index]
                if isinstance(value, str):
                    sheet.write_string(last, index, clean_text(value), formats[None, wrap])
                elif isinstance(value, Money):
                    sheet.write_number(last, index, value.pounds, formats[Money, wrap])
                elif isinstance(value, datetime):
                    sheet.write_datetime(last, index, value, formats[datetime, wrap])
                elif value is None:
                    sheet.write_blank(last, index, None, formats[None, wrap])
                else:
                    sheet.write_number(last, index, value, formats[None, wrap])
        sheet.autofilter(0, 0, last, len(table.header) - 1)
        if table.totals:
            sheet.write_string(last + 1, 0, "Total", total_format)
            for index in table.total_columns():
                column = xl_col_to_name(index)
                sheet.write_formula(last + 1, index, f"=SUM({column}2:{column}{last + 1})", total_format)
        if table.note:
            sheet.write_string(last + (3 if table.totals else 2), 0, table.note, note_format)
    book.close()


def side_main(side: str, folder: Path) -> None:
    from panel import create_app

    with create_app(instance_path=str(folder / "instance")).app_context():
        result = app_side(folder) if side == "app" else xlsxwriter_side(folder)
    print(json.dumps(result))


# -----------------------------------------------------------------------------------------------------------


def run_side(side: str, folder: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--side", side, str(folder)],
        check=False,  # a failed side is reported below with its output
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
    )
    if done.returncode:
        sys.exit(f"the {side} side failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(app: dict, workbook: Path) -> None:
    """Exit 1, saying why, if the app's workbook is not whole: every sheet, every score and record line."""
    scores = (BIDS * PANELLISTS - min(10, PANELLISTS // 3)) * CRITERIA
    record = BIDS * 5 + BIDS * PANELLISTS - min(10, PANELLISTS // 3)
    expected = {
        "Individual scores": scores,
        "Consensus": BIDS * CRITERIA,
        "Summary": BIDS,
        "Meeting record": record,
    }
    wrong = {
        title: (app["rows"].get(title), rows)
        for title, rows in expected.items()
        if app["rows"].get(title) != rows
    }
    if wrong:
        sys.exit(f"the app's workbook missed rows (sheet: (written, expected)): {wrong}")
    with zipfile.ZipFile(workbook) as files:
        sheets = [name for name in files.namelist() if name.startswith("xl/worksheets/sheet")]
    if len(sheets) != len(app["rows"]) or len(sheets) != 8:
        sys.exit(f"the app's workbook has {len(sheets)} sheets, not 8")


def line(label: str, seconds: float | str, kilobytes: float | str = "") -> None:
    """One line of the results table: what, its time, and its peak memory."""
    if not isinstance(seconds, str):
        seconds = f"{seconds:.2f}s"
    if not isinstance(kilobytes, str):
        kilobytes = f"{kilobytes / 1024:.1f} MB"
    print(f"{label:38}{seconds:>9}{kilobytes:>27}".rstrip())


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="copanel-export-"))
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'copanel.db'}",
            "SECRET_KEY": "bench-only-secret-key-export",
            "DOCUMENTS_DIR": str(folder / "documents"),
        }
        os.environ.update(env)
        from flask_migrate import upgrade

        from panel import create_app

        began = time.perf_counter()
        with create_app(instance_path=str(folder / "instance")).app_context():
            logging.disable(logging.INFO)  # Alembic's line per migration
            upgrade()
            build_round()
        print(
            f"round: {BIDS:,} bids x {PANELLISTS} panellists x {CRITERIA} criteria = "
            f"{BIDS * PANELLISTS * CRITERIA:,} individual scores, built in "
            f"{time.perf_counter() - began:.1f} s (SQLite; {os.cpu_count()} cores)"
        )
        app = run_side("app", folder, env)
        baseline = run_side("xlsxwriter", folder, env)
        writing = app["seconds"] - app["gathering"]
        check(app, folder / "app.xlsx")
        print(f"files: app {app['bytes'] / 1e6:.1f} MB, xlsxwriter {baseline['bytes'] / 1e6:.1f} MB")
        line("", "time", "peak memory (RSS growth)")
        line("app: decisions_workbook + write_xlsx", app["seconds"], app["rss_kb"])
        line("  gathering rows", app["gathering"])
        line("    of which decisions_workbook()", app["upfront"], app["upfront_kb"])
        line("  writing (xlsxwriter constant_memory)", writing)
        line("xlsxwriter constant_memory, writing", baseline["seconds"], baseline["rss_kb"])
        print(
            "app's peak memory so far, once each sheet was written: "
            + ", ".join(f"{title} {kilobytes / 1024:.0f} MB" for title, kilobytes in app["sheets"])
        )
        memory = app["rss_kb"] / max(baseline["rss_kb"], 1)
        print(f"writing alone, app/xlsxwriter: {writing / baseline['seconds']:.2f}")
        print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        print(f"export peak memory ratio (app/xlsxwriter): {memory:.2f} (goal {GOALS['memory']} or less)")
        print(
            f"export time ratio (app/xlsxwriter): {app['seconds'] / baseline['seconds']:.2f} "
            f"(goal {GOALS['time']} or less)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--side":
        side_main(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
