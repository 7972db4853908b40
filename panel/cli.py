"""Co-Panel's own commands (`copanel demo`, `copanel export`, ...), added to Flask's CLI by create_app."""

import click
from flask import Flask

from panel.core.numbers import read_id, read_whole_number


class RoundNumber(click.ParamType):
    """A round's number, as in its web address (/rounds/7): read as every id is, so ' 7' works and '٧' or a
    number past the database's integer is refused with a message instead of a traceback."""

    name = "round"

    def convert(self, value, param, ctx) -> int:
        number = read_id(value)
        if number is None:
            self.fail(
                f"{value!r} is not a round number. Use the number in the round's web address.", param, ctx
            )
        return number


class PortNumber(click.ParamType):
    """A TCP port, read as every number from outside is: '8080' works, '٨٠٨٠' or 70000 is refused."""

    name = "port"

    def convert(self, value, param, ctx) -> int:
        number = read_whole_number(value, 1, 65535)
        if number is None:
            self.fail(f"{value!r} is not a port number from 1 to 65535.", param, ctx)
        return number


def register_commands(app: Flask) -> None:
    @app.cli.command("demo")
    @click.option(
        "--host",
        envvar="FLASK_RUN_HOST",
        default="127.0.0.1",
        show_default=True,
        help="Where `copanel run` listens (its --host, or FLASK_RUN_HOST): the addresses printed use it.",
    )
    @click.option(
        "--port",
        envvar="FLASK_RUN_PORT",
        type=PortNumber(),
        default=5000,
        show_default=True,
        help="The port `copanel run` listens on (its --port, or FLASK_RUN_PORT): the addresses printed use it.",
    )
    def demo_command(host: str, port: int) -> None:
        """Bring the database up to date and load the demo round (safe to run again); print the logins, with
        the addresses of the app where `copanel run` serves it (FLASK_RUN_PORT moves both)."""
        from flask_migrate import upgrade

        from panel.demo.operations import load_demo

        upgrade()
        for line in load_demo(host, port):
            click.echo(line)

    @app.cli.command("create-commissioner")
    @click.argument("username")
    @click.option("--name", "display_name", required=True, help="The name people see.")
    @click.password_option()
    def create_commissioner(username: str, display_name: str, password: str) -> None:
        """Add a commissioner who can set up rounds and build panels."""
        from panel.accounts.operations import create_user, find_user
        from panel.extensions import db

        if find_user(username) is not None:
            raise click.ClickException(f"There is already a user called {username!r}.")
        create_user(username, password, display_name, is_commissioner=True)
        db.session.commit()
        click.echo(f"Commissioner {username!r} created.")

    @app.cli.command("export")
    @click.argument("round_id", metavar="ROUND", type=RoundNumber())
    @click.option(
        "--out", type=click.Path(dir_okay=False, writable=True), help="Write the .xlsx workbook here."
    )
    @click.option(
        "--csv", "csv_dir", type=click.Path(file_okay=False), help="Write one CSV per sheet into DIR."
    )
    @click.option("--names", is_flag=True, help="Name panel members instead of P1, P2, ...")
    @click.option(
        "--before-the-reveal",
        "before_reveal",
        is_flag=True,
        help="Include scores the meeting has not shown yet, and names before it ends (recorded in the access log).",
    )
    def export_command(
        round_id: int, out: str | None, csv_dir: str | None, names: bool, before_reveal: bool
    ) -> None:
        """Export a round's decisions workbook (summary, consensus, scores, conflicts, record, settings).
        Scoring is blind: a bid's scores are in it once the meeting has shown them, names once it has ended."""
        from pathlib import Path

        from panel.core.audit import record_access
        from panel.exports.csv_files import write_csv_folder
        from panel.exports.operations import NamesNotYet, decisions_workbook
        from panel.exports.writer import write_xlsx
        from panel.extensions import db
        from panel.rounds.models import Round

        if bool(out) == bool(csv_dir):
            raise click.UsageError("Give either --out FILE or --csv DIR.")
        round_ = db.session.get(Round, round_id)
        if round_ is None:
            raise click.ClickException(f"There is no round {round_id}.")
        try:
            tables = decisions_workbook(round_, names=names, before_reveal=before_reveal)
        except NamesNotYet as refused:
            raise click.ClickException(f"{refused} To export them anyway, add --before-the-reveal.") from None
        if before_reveal:
            action = "cli_export_named_before_reveal" if names else "cli_export_before_reveal"
        else:
            action = "decisions_exported_cli_with_names" if names else "decisions_exported_cli"
        record_access(None, action, round_=round_)
        db.session.commit()
        if out:
            write_xlsx(tables, out)
            click.echo(f"Wrote {out}")
        elif csv_dir:
            for path in write_csv_folder(tables, Path(csv_dir)):
                click.echo(f"Wrote {path}")

    @app.cli.command("safeguarding-lead")
    @click.argument("username")
    @click.option("--remove", is_flag=True, help="Take the role away instead.")
    def safeguarding_lead_command(username: str, remove: bool) -> None:
        """Give an adult the safeguarding role, so a round can name them to read its worries."""
        from panel.accounts.operations import find_user
        from panel.extensions import db
        from panel.safeguarding.operations import (
            RoleRefused,
            grant_safeguarding_role,
            revoke_safeguarding_role,
        )

        person = find_user(username)
        if person is None:
            raise click.ClickException(f"There is nobody called {username!r}.")
        try:
            revoke_safeguarding_role(None, person) if remove else grant_safeguarding_role(None, person)
        except RoleRefused as refusal:
            raise click.ClickException(str(refusal)) from refusal
        db.session.commit()
        click.echo(f"{person.display_name} {'no longer has' if remove else 'now has'} the safeguarding role.")

    @app.cli.command("sign-out-everywhere")
    @click.argument("username")
    def sign_out_everywhere_command(username: str) -> None:
        """End every session of this person, on every device and in any live meeting (a lost phone)."""
        from panel.accounts.operations import find_user
        from panel.accounts.sessions import Ended, end_everywhere
        from panel.extensions import db

        person = find_user(username)
        if person is None:
            raise click.ClickException(f"There is nobody called {username!r}.")
        ended = end_everywhere(person.id, Ended.HELPED)
        db.session.commit()
        click.echo(f"{person.display_name} is signed out on {ended} {'device' if ended == 1 else 'devices'}.")

    @app.cli.command("sign-in-code")
    @click.argument("username")
    def sign_in_code_command(username: str) -> None:
        """Print a one-time sign-in code for this person (a forgotten password, any account): they type it at
        /sign-in/code and choose a new password. Any earlier code for them stops working."""
        from panel.accounts.operations import SIGN_IN_CODE_DAYS, find_user, issue_sign_in_code
        from panel.core.models import utcnow
        from panel.extensions import db

        person = find_user(username)
        if person is None or person.pseudonymised_at is not None:
            raise click.ClickException(f"There is nobody called {username!r}.")
        issued = issue_sign_in_code(person, None, utcnow())
        db.session.commit()
        click.echo(f"Sign-in code for {person.display_name}: {issued.printed_code}")
        click.echo(
            f"They open /sign-in/code, type it and choose a new password. It works once, for {SIGN_IN_CODE_DAYS} days."
        )

    @app.cli.command("retention")
    @click.option("--dry-run", is_flag=True, help="Only list who would be removed; change nothing.")
    def retention_command(dry_run: bool) -> None:
        """Remove the names and contact details of panel members whose rounds all closed longer ago than their
        retention period (scores and decisions stay). Safe to run daily from cron, and to run twice."""
        from panel.core.models import utcnow
        from panel.extensions import db
        from panel.privacy.retention import run_retention

        lines = run_retention(utcnow(), dry_run=dry_run)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        for line in lines:
            click.echo(line)
