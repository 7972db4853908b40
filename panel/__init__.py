"""Co-Panel: the Flask application factory."""

from importlib import import_module
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.routing import IntegerConverter

from panel import config

ROOT = Path(__file__).resolve().parent.parent


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a database id, so 1 to 2**31-1; anything else is simply not found."""

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, **kwargs)


def _asset_dir(name: str) -> Path:
    """templates/ and static/ sit beside panel/ in a checkout, and inside it (as _name) once installed."""
    beside = ROOT / name
    return beside if beside.is_dir() else Path(__file__).resolve().parent / f"_{name}"


def create_app(overrides: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app; overrides (tests, scripts) win over the environment."""
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
    app.url_map.converters["int"] = IdConverter
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    app.config.update(overrides or {})
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
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
    _init_extensions(app)
    _register_blueprints(app)
    from panel.core import errors, security, templating

    errors.register(app)
    security.register(app)
    templating.register(app)
    from panel.cli import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    import panel.models  # noqa: F401  (the whole schema, for the ORM and for Alembic)
    from panel.extensions import csrf, db, limiter, login_manager, migrate, socketio

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_asset_dir("migrations")))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    import panel.meetings.sockets  # noqa: F401  (handlers must be known before the Socket.IO server is made)

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        channel=app.config["SOCKETIO_CHANNEL"],
        manage_session=False,
    )
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


# One blueprint per area of the journey, registered in this order.
AREAS = (
    "core",
    "accounts",
    "rounds",
    "bids",
    "training",
    "sheets",
    "meetings",
    "decisions",
    "exports",
    "safeguarding",
)


# Blueprints living in an area's package under a name of their own ("feedback" is the panellist's side of
# the decisions area).
MORE_BLUEPRINTS = ("panel.decisions.feedback_routes", "panel.core.audit_routes")


def _register_blueprints(app: Flask) -> None:
    for area in AREAS:
        app.register_blueprint(import_module(f"panel.{area}.routes").bp)
    for module in MORE_BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)
