"""`copanel retention`: once a round has been closed for longer than its period, its panel members' names and
contact details go; their anonymised scores, the totals and the decisions stay exactly as they were."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.accounts.models import Invitation, User
from panel.core.models import utcnow
from panel.exports.csv_files import write_csv_folder
from panel.exports.operations import decisions_workbook
from panel.extensions import db
from panel.privacy.removal.operations import REMOVED_NOTE
from panel.rounds.models import Conflict
from scoring.rounds import RoundStatus
from tests.factories import PASSWORD

UNCHANGED_SHEETS = [
    "summary.csv",
    "consensus.csv",
    "individual-scores.csv",
    "meeting-record.csv",
    "monitoring.csv",
    "criteria.csv",
]


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output.splitlines()


def close(round_, days_ago: int, retention_days: int | None = None):
    round_.status, round_.closed_at = RoundStatus.CLOSED, utcnow() - timedelta(days=days_ago)
    round_.retention_days = retention_days
    db.session.commit()


def export(round_, folder):
    write_csv_folder(decisions_workbook(round_), folder)
    return {path.name: path.read_text(encoding="utf-8-sig") for path in folder.iterdir()}


@pytest.fixture
def closed(decided, make):
    """The decided round with its final decisions, a conflict, and a card Ben joined with; closed long ago."""
    make.decision(
        decided.round,
        decided.club,
        amount_pence=2_000_000,
        reasons="A clear plan.",
        explanation="We had less money than hoped.",
    )
    make.decision(decided.round, decided.app, "not_funded", reasons="Too costly.")
    make.decision(decided.round, decided.camp, "not_funded", reasons="Not this time.")
    make.conflict(decided.ben, decided.camp, "My aunt runs Camp People")
    card = make.invitation(decided.round, "Ben Bright")
    card.invitation.used_at, card.invitation.used_by_id = utcnow(), decided.ben.user_id
    card.invitation.email = "ben@example.org"
    db.session.commit()
    close(decided.round, days_ago=400)
    return decided


def test_a_closed_rounds_members_lose_their_names_while_totals_and_decisions_stay(app, closed, tmp_path):
    before = export(closed.round, tmp_path / "before")
    lines = run(app)
    members = (closed.chair, closed.aisha, closed.ben, closed.adult)
    assert len(lines) == len(members) + 1
    for member in members:
        person = db.session.get(User, member.user_id)
        assert person.display_name == f"Former panel member {person.id}"
        assert person.email is None and person.pseudonymised_at is not None
        assert not person.check_password(PASSWORD)
    assert "Aisha Khan" not in "\n".join(lines) and "aisha" not in "\n".join(lines)
    assert f"user {closed.aisha.user_id} (rounds {closed.round.id})" in "\n".join(lines)
    assert lines[-1] == "Removed the details of 4 people from 1 round"

    after = export(closed.round, tmp_path / "after")
    for sheet in UNCHANGED_SHEETS:
        assert after[sheet] == before[sheet], sheet
    assert "Total" in after["summary.csv"] and "20000.00" in after["summary.csv"]
    # The register still shows Ben's link to the camp; only what he said about it (naming his aunt) is gone.
    assert "My aunt runs Camp People" in before["conflicts-register.csv"]
    register = after["conflicts-register.csv"]
    assert "My aunt" not in register and REMOVED_NOTE in register
    assert register.count("A-03") == before["conflicts-register.csv"].count("A-03") == 1


def test_names_of_people_removed_can_no_longer_be_exported(app, closed):
    run(app)
    named = decisions_workbook(closed.round, names=True)
    scores = next(table for table in named if table.title == "Individual scores")
    shown = str(list(scores.rows))
    assert "Former panel member" in shown and "Aisha Khan" not in shown and "Ben Bright" not in shown


def test_their_username_no_longer_signs_in_and_their_card_and_notes_are_cleared(app, client, closed):
    run(app)
    ben = db.session.get(User, closed.ben.user_id)
    assert ben.username != "ben" and db.session.scalar(select(User).where(User.username == "ben")) is None
    response = client.post("/login", data={"username": "ben", "password": PASSWORD})
    assert "match. Check them and try again" in response.get_data(as_text=True)
    card = db.session.scalar(select(Invitation).where(Invitation.used_by_id == ben.id))
    assert card.display_name == ben.display_name and card.email is None
    note = db.session.scalar(select(Conflict.note).where(Conflict.membership_id == closed.ben.id))
    assert note == REMOVED_NOTE


def test_a_second_run_changes_nothing_and_says_so(app, closed):
    run(app)
    names = dict(db.session.execute(select(User.id, User.username)).all())
    assert run(app) == ["Nothing to remove"]
    assert dict(db.session.execute(select(User.id, User.username)).all()) == names


def test_commissioners_open_rounds_and_rounds_still_in_their_period_are_left_alone(app, closed, make):
    fresh = make.round("Closed last month", status=RoundStatus.PUBLISHED)
    recent = make.member(fresh, make.user("recent", "Rita Recent"))
    close(fresh, days_ago=30)
    open_round = make.round("Still scoring", status=RoundStatus.SCORING)
    busy = make.member(open_round, make.user("busy", "Bo Busy"))
    both = make.member(open_round, db.session.get(User, closed.aisha.user_id))  # Aisha sits on it too

    run(app)
    for seat in (recent, busy, both):
        assert db.session.get(User, seat.user_id).pseudonymised_at is None
    assert db.session.get(User, closed.commissioner.id).display_name == "Casey Commissioner"
    assert db.session.get(User, closed.stranger.id).pseudonymised_at is None  # "Another round" is not closed
    assert db.session.get(User, closed.ben.user_id).pseudonymised_at is not None


def test_a_rounds_own_period_wins_over_the_default(app, make):
    short = make.round("Short keep")
    member = make.member(short, make.user("shortie", "Sid Short"))
    close(short, days_ago=40, retention_days=30)
    long = make.round("Long keep")
    kept = make.member(long, make.user("longer", "Lia Long"))
    close(long, days_ago=400, retention_days=730)
    assert app.config["RETENTION_DAYS"] == 365

    run(app)
    assert db.session.get(User, member.user_id).pseudonymised_at is not None
    assert db.session.get(User, kept.user_id).pseudonymised_at is None


def test_a_dry_run_lists_who_but_changes_nothing(app, closed):
    lines = run(app, "--dry-run")
    assert lines[-1].startswith("Would remove the details of 4 people") and "nothing was changed" in lines[-1]
    assert db.session.get(User, closed.aisha.user_id).display_name == "Aisha Khan"


def test_with_nothing_to_do_it_does_nothing(app, decided):
    assert run(app) == ["Nothing to remove"]
    assert db.session.get(User, decided.aisha.user_id).display_name == "Aisha Khan"


def test_closing_a_round_dates_it_so_the_period_can_count(client, login, make):
    round_ = make.round("Done and dusted", status=RoundStatus.PUBLISHED)
    login(make.commissioner())
    before = utcnow()
    response = client.post(f"/rounds/{round_.id}/status", data={"to": "closed"})
    assert response.status_code == 302
    db.session.expire_all()
    assert round_.status is RoundStatus.CLOSED and before <= round_.closed_at <= utcnow()


def test_a_commissioner_sets_the_rounds_own_period(client, login, make):
    from tests.panel.rounds.test_rounds_setup import round_form

    round_ = make.round("Youth fund")
    login(make.commissioner())
    form = client.get(f"/rounds/{round_.id}/edit").get_data(as_text=True)
    assert "This Co-Panel&#39;s setting is 365 days" in form or "This Co-Panel's setting is 365 days" in form
    assert client.post(f"/rounds/{round_.id}/edit", data=round_form(retention_days="90")).status_code == 302
    db.session.expire_all()
    assert round_.retention_days == 90
    client.post(f"/rounds/{round_.id}/edit", data=round_form(retention_days=""))
    db.session.expire_all()
    assert round_.retention_days is None


@pytest.mark.parametrize("typed", ["0", "3651", "ninety", "-5", "1.5"])
def test_a_period_that_makes_no_sense_is_refused(client, login, make, typed):
    from tests.panel.rounds.test_rounds_setup import round_form

    round_ = make.round("Youth fund", retention_days=200)
    login(make.commissioner())
    response = client.post(f"/rounds/{round_.id}/edit", data=round_form(retention_days=typed))
    assert "Enter a whole number of days from 1 to 3650, or leave it blank" in response.get_data(as_text=True)
    db.session.expire_all()
    assert round_.retention_days == 200
