"""Shared fixtures: one app and one migrated database per run, emptied after every test."""

import os
import shutil

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from panel import create_app
from panel.extensions import db
from tests import factories

POSTGRES_URL = os.environ.get("COPANEL_TEST_DATABASE_URL")


def _reset_postgres(url: str) -> None:
    """Start from an empty schema: the suite owns the database named in COPANEL_TEST_DATABASE_URL."""
    from sqlalchemy import create_engine

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def app_config(tmp_path_factory, database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "DOCUMENTS_DIR": str(tmp_path_factory.mktemp("documents")),
        "IMPORTS_DIR": str(tmp_path_factory.mktemp("imports")),
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if POSTGRES_URL:
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'copanel-test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory, database_url):
    """The app, on a database built by the migrations (never by create_all)."""
    application = create_app(
        app_config(tmp_path_factory, database_url), instance_path=str(tmp_path_factory.mktemp("instance"))
    )
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_database(request):
    """Each test starts with empty tables and no stored files."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    for key in ("DOCUMENTS_DIR", "IMPORTS_DIR"):
        folder = application.config[key]
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


@pytest.fixture(scope="session")
def data_app(app):
    """A twin of the app, for the test's own database work.

    Requests then run in their own app context, as in production, so a request never sees the test's
    session or `g` (a route that forgets to commit fails its test instead of passing by accident).
    """
    return create_app(dict(app.config), instance_path=app.instance_path)


@pytest.fixture
def app_context(data_app):
    with data_app.app_context():
        yield


@pytest.fixture
def client(app, app_context):
    return app.test_client()


@pytest.fixture
def login(client):
    """Sign the test client in as a user (as if they had used the sign-in form)."""

    def sign_in(user):
        with client.session_transaction() as session:
            session.update(factories.signed_in(user))
        return user

    return sign_in


@pytest.fixture
def make(app_context):
    """The factories in tests/factories.py, each committing what it makes."""
    return factories
