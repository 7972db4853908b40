"""Configuration comes from the environment; a secret key is made once when none is given."""

import pytest

from panel import config, create_app


def test_secret_key_is_generated_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app(instance_path=str(tmp_path)).config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_database_defaults_to_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(tmp_path) == f"sqlite:///{tmp_path / 'copanel.db'}"


def test_postgres_urls_use_psycopg_3(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/copanel")
    assert config.database_url(tmp_path) == "postgresql+psycopg://u:p@db/copanel"


def test_message_queue_is_read_for_several_server_processes(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCKETIO_MESSAGE_QUEUE", "redis://127.0.0.1:6379/0")
    assert config.from_environment(tmp_path)["SOCKETIO_MESSAGE_QUEUE"] == "redis://127.0.0.1:6379/0"


def test_postgresql_connections_are_checked_before_use_and_sqlite_ones_are_not(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://copanel@db.example/copanel")
    assert config.from_environment(tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}
    monkeypatch.delenv("DATABASE_URL")
    assert config.from_environment(tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"] == {}


def test_the_failed_tries_ceiling_per_address_is_read_and_checked(monkeypatch, tmp_path):
    monkeypatch.setenv("COPANEL_FAILED_TRIES_PER_ADDRESS", "100 per minute;600 per hour")
    assert config.from_environment(tmp_path)["FAILED_TRIES_PER_ADDRESS"] == "100 per minute;600 per hour"
    monkeypatch.setenv("COPANEL_FAILED_TRIES_PER_ADDRESS", "")
    assert config.from_environment(tmp_path)["FAILED_TRIES_PER_ADDRESS"] == "50 per minute;300 per hour"
    for wrong in ("a hundred a minute", "0 per minute", " ; "):
        monkeypatch.setenv("COPANEL_FAILED_TRIES_PER_ADDRESS", wrong)
        with pytest.raises(ValueError, match="COPANEL_FAILED_TRIES_PER_ADDRESS must read like"):
            config.from_environment(tmp_path)


@pytest.mark.parametrize(
    ("name", "key", "unit_and_range"),
    [
        ("COPANEL_RETENTION_DAYS", "RETENTION_DAYS", "of days from 1 to 3650"),
        ("COPANEL_INVITATION_DAYS", "INVITATION_DAYS", "of days from 1 to 365"),
        ("COPANEL_IDLE_MINUTES", "IDLE_MINUTES", "of minutes from 5 to 1440"),
        ("MAIL_PORT", "MAIL_PORT", "from 1 to 65535"),
    ],
)
def test_whole_number_settings_are_read_in_plain_digits_and_checked(
    monkeypatch, tmp_path, name, key, unit_and_range
):
    """A setting the app cannot read stops it with the setting named, never a traceback, and '٣٠' is not 30."""
    monkeypatch.setenv(name, " 30 ")
    assert config.from_environment(tmp_path)[key] == 30
    for wrong in ("²", "٣٠", "0", "99999999999999999999", "", "30 days"):
        monkeypatch.setenv(name, wrong)
        with pytest.raises(ValueError, match=f"{name} must be a whole number {unit_and_range}, not"):
            config.from_environment(tmp_path)
