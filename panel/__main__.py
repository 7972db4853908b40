"""The `copanel` command (also `python -m panel`): Flask's CLI for this app, with Co-Panel's own commands."""

import click
from flask import Flask
from flask.cli import FlaskGroup

from panel import create_app


def _app() -> Flask:
    return create_app()


@click.group(cls=FlaskGroup, create_app=_app)
def main() -> None:
    """Co-Panel: youth-inclusive commissioning panels."""


if __name__ == "__main__":
    main()
