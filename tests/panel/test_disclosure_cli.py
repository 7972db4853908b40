"""Blind scoring on the command line: every Co-Panel command that prints or writes scores, run through Flask's
CliRunner at every stage of a round (tests/panel/disclosure_world.py), against the one rule in
scoring/disclosure.py. Whoever runs a command stands where a commissioner does: a bid's scores are in what it
prints or writes once the meeting has shown them, names once the meeting has ended; `--before-the-reveal` gives
everything, and the access log says it was used. A new command in neither list below fails the first test."""

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from panel.core.audit import AccessRecord
from panel.extensions import db
from scoring.disclosure import Viewer, names_sight
from tests.panel.disclosure_world import (
    STAGES,
    STATUS,
    World,
    build_world,
    hidden_from,
    leaks,
    over_http,
    reach,
    shift_scores,
)

# Co-Panel's commands (Flask's own, `run`, `shell` and `routes`, read nothing of a round): each is walked here or
# says why it never prints or writes a score.
WALKED = {"export", "retention"}
NO_SCORES = {
    "demo": "loads the demo rounds (its own, made up) and prints their logins",
    "create-commissioner": "adds a commissioner and says so",
    "safeguarding-lead": "gives or takes the safeguarding role and says so",
    "sign-out-everywhere": "ends a person's sessions and says on how many devices",
    "sign-in-code": "prints a one-time sign-in code for a person",
    "db": "Flask-Migrate's schema commands: they print revisions, never a row",
}


def test_every_command_is_walked_or_prints_no_scores(app):
    commands = set(app.cli.commands)
    assert sorted(commands - WALKED - set(NO_SCORES)) == [], (
        "add these commands to the disclosure matrix (WALKED in tests/panel/test_disclosure_cli.py), or say in "
        "NO_SCORES why they never print or write a score"
    )
    assert sorted((WALKED | set(NO_SCORES)) - commands) == [], "commands listed here that no longer exist"


def _files_text(place: Path) -> str:
    """Every cell of the workbook, or of every CSV in the folder, that the command wrote."""
    if place.suffix == ".xlsx":
        if not place.exists():
            return ""
        book = load_workbook(place)
        return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    if not place.is_dir():
        return ""
    texts = []
    for path in sorted(place.iterdir()):
        with path.open(encoding="utf-8-sig") as file:
            texts.append("\n".join(",".join(row) for row in csv.reader(file)))
    return "\n".join(texts)


def _run(app, argv: list[str], place: Path | None) -> tuple[int, str]:
    """(exit code, all it printed and wrote) for one command line; what an earlier run wrote is gone first."""
    if place is not None:
        for old in [place] if place.is_file() else place.glob("*") if place.is_dir() else []:
            old.unlink()
    result = app.test_cli_runner().invoke(args=argv)
    return result.exit_code, f"{result.output}\n{_files_text(place) if place is not None else ''}"


def _blind(world: World, folder: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Each command line the walk runs as an operator who has not asked for scores early, with where it writes:
    the workbook, the CSVs, the workbook with names (refused until the meeting has ended), and the retention
    run's list of who it would remove."""
    round_id = str(world.round.id)
    workbook, folder_of_csvs, named = folder / "decisions.xlsx", folder / "csv", folder / "named.xlsx"
    return {
        "export --out": (["export", round_id, "--out", str(workbook)], workbook),
        "export --csv": (["export", round_id, "--csv", str(folder_of_csvs)], folder_of_csvs),
        "export --names": (["export", round_id, "--out", str(named), "--names"], named),
        "retention --dry-run": (["retention", "--dry-run"], None),
    }


def _run_blind(app, world: World, folder: Path) -> dict[str, tuple[int, str]]:
    return {label: _run(app, *line) for label, line in _blind(world, folder).items()}


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.mark.parametrize("stage", STAGES)
def test_the_command_line_keeps_scores_blind_until_the_reveal_unless_told(app, world, stage, tmp_path):
    reach(world, stage, over_http(app, world))
    names_out = names_sight(Viewer.COMMISSIONER, STATUS[stage])
    members = [seat.user.display_name for seat in world.seats.values()]
    before = _run_blind(app, world, tmp_path)
    problems = [
        leak for label, (_, text) in before.items() for leak in leaks(world, "commissioner", label, text)
    ]
    problems += [
        f"{label} at {stage} names {name}"
        for label, (_, text) in before.items()
        for name in members
        if name in text and not names_out
    ]
    assert problems == [], "\n".join(problems)
    assert before["export --out"][0] == 0 and before["export --csv"][0] == 0
    assert before["export --names"][0] == (0 if names_out else 1), before["export --names"][1]

    # The numbers of a bid hidden from a commissioner change nothing the command prints or writes.
    for bid in world.bids.values():
        if hidden_from(world, "commissioner", [bid.id]):
            shift_scores(world, [bid.id])
            after = _run_blind(app, world, tmp_path)
            shift_scores(world, [bid.id], steps=-1)
            assert [label for label in after if after[label] != before[label]] == [], (stage, bid.reference)

    # Told to, it gives every score (and names), and the access log says so.
    logged = (
        select(AccessRecord.action).where(AccessRecord.round_id == world.round.id).order_by(AccessRecord.id)
    )
    already = len(db.session.scalars(logged).all())
    told = tmp_path / "told.xlsx"
    for names in ([], ["--names"]):
        code, text = _run(
            app, ["export", str(world.round.id), "--out", str(told), "--before-the-reveal", *names], told
        )
        assert code == 0, text
        # The workbook has each score's comment (a sheet's strengths and concerns are not in it).
        assert [
            marker for marker in world.markers if marker.startswith("COMMENT") and marker not in text
        ] == []
    scorers = {author for author, _ in world.markers.values()}
    assert [
        seat.user.display_name
        for seat in world.seats.values()
        if seat.user_id in scorers and seat.user.display_name not in text
    ] == []
    assert db.session.scalars(logged).all()[already:] == [
        "cli_export_before_reveal",
        "cli_export_named_before_reveal",
    ]
