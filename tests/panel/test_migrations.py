"""The schema comes from the migrations alone, and the migrations describe exactly the models."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect

from panel import create_app
from panel.extensions import db
from tests.conftest import app_config


def _differences(app) -> list:
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def test_sqlite_upgrade_from_empty_matches_models(tmp_path, tmp_path_factory):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app(app_config(tmp_path_factory, url), instance_path=str(tmp_path / "instance"))
    assert _differences(app) == []
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"user", "round", "criterion", "bid", "membership", "invitation", "conflict"} <= tables


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("COPANEL_TEST_DATABASE_URL"),
    reason="set COPANEL_TEST_DATABASE_URL to check PostgreSQL",
)
def test_postgres_schema_built_by_migrations_matches_models(app):
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
