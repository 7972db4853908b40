"""Co-Panel: the Flask application factory."""

from importlib import import_module
from pathlib import Path

from flask import Blueprint, Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from panel import config

ROOT = Path(__file__).resolve().parent.parent


def _asset_dir(name: str) -> Path:
    """templates/ and static/ sit beside panel/ in a checkout, and inside it (as _name) once installed."""
    beside = ROOT / name
    return beside if beside.is_dir() else Path(__file__).resolve().parent / f"_{name}"


def create_app(
    overrides: dict | None = None, instance_path: str | None = None, *, commands: bool = True
) -> Flask:
    """Build the app; overrides (tests, scripts) win over the environment. A server process (wsgi.py) passes
    commands=False: it never runs `copanel db ...` or the other commands, and leaving out Flask-Migrate (and
    with it Alembic) makes it start and answer sooner after a restart."""
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(_asset_dir("templates")),
        static_folder=str(_asset_dir("static")),
        static_url_path="/static",  # installed, the folder is panel/_static; its address stays /static
    )
    from panel.core.templating import Environment

    app.jinja_environment = Environment  # before anything makes app.jinja_env
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from panel.core.numbers import IdConverter

    app.url_map.converters["int"] = IdConverter  # `<int:...>` is a database id, read as every number is
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    app.config.update(overrides or {})
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(_asset_dir("templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    from panel.core.sessions import SessionInterface

    app.session_interface = SessionInterface()
    _init_extensions(app, commands)
    _register_blueprints(app)
    from panel.core import errors, security, static_files, templating

    errors.register(app)
    security.register(app)
    templating.register(app)
    static_files.register(app)  # compressed, fingerprinted, cached a year: wraps the app in WhiteNoise
    if commands:
        from panel.cli import register_commands

        register_commands(app)
    return app


def _init_extensions(app: Flask, commands: bool) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    import panel.models  # the whole schema, for the ORM and for Alembic
    from panel.extensions import csrf, db, limiter, login_manager, socketio

    db.init_app(app)
    if commands:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(_asset_dir("migrations")), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    import panel.meetings.sockets  # noqa: F401  (handlers must be known before the Socket.IO server is made)
    from panel.meetings.queue import queue_for

    queue = queue_for(app.config["SOCKETIO_MESSAGE_QUEUE"], app.config["SOCKETIO_CHANNEL"])
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        # Redis through MeetingQueue (it resyncs screens after an outage); any other queue as the library has it.
        **({"client_manager": queue} if queue else {"message_queue": app.config["SOCKETIO_MESSAGE_QUEUE"]}),
        channel=app.config["SOCKETIO_CHANNEL"],
        manage_session=False,
    )
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Wrapping wsgi_app is how Flask's documentation adds middleware; the type checker sees a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]


# Every module that adds pages, in the order of the journey (docs/architecture.md). Each one adds its views to
# the blueprint of its package (`from panel.<area> import bp`); the blueprints are registered in the order their
# first module comes here. Nothing else imports a routes module.
ROUTES = (
    "panel.core.routes",
    "panel.core.notifications.routes",
    "panel.accounts.routes",
    "panel.accounts.account.routes",
    "panel.rounds.routes",
    "panel.rounds.criteria.routes",
    "panel.rounds.panel.routes",
    "panel.rounds.join.routes",
    "panel.bids.routes",
    "panel.bids.conflicts.routes",
    "panel.training.routes",
    "panel.training.glossary.routes",
    "panel.training.manage.routes",
    "panel.sheets.routes",
    "panel.sheets.assignment.routes",
    "panel.sheets.progress.routes",
    "panel.meetings.routes",
    "panel.decisions.routes",
    "panel.decisions.letters.routes",
    "panel.decisions.receipts.routes",
    "panel.feedback.routes",
    "panel.safeguarding.routes",
    "panel.safeguarding.reading.routes",
    "panel.safeguarding.roles.routes",
    "panel.privacy.notice.routes",
    "panel.privacy.my_data.routes",
    "panel.privacy.removal.routes",
    "panel.privacy.audit.routes",
    "panel.exports.routes",
)


def _register_blueprints(app: Flask) -> None:
    blueprints: dict[str, Blueprint] = {}
    for name in ROUTES:
        blueprint = import_module(name).bp
        blueprints.setdefault(blueprint.name, blueprint)
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint)
