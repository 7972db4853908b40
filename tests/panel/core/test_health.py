"""GET /health: what a proxy or a monitor asks each server process, with no session and no personal data."""

import pytest

from panel import create_app
from tests.panel.core.mail_helpers import free_port
from tests.panel.meetings import servers


def test_health_is_ok_when_the_database_answers_and_redis_is_not_used(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "SOCKETIO_MESSAGE_QUEUE", None)
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "memory://")
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "redis": "not used"}
    assert "Set-Cookie" not in response.headers  # no session is started for it
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("setting", ["SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI"])
def test_health_pings_the_redis_a_setting_names(client, monkeypatch, app, setting):
    url = servers.redis_url()
    if url is None:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    monkeypatch.setitem(app.config, setting, url)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "redis": "ok"}


@pytest.mark.parametrize(
    "queue",
    [
        "redis://127.0.0.1:{port}/0",
        "redis+sentinel://127.0.0.1:{port}/mymaster",
        "redis+unix:///nowhere.sock",
    ],
)
def test_health_says_redis_failed_when_it_does_not_answer(client, monkeypatch, app, queue):
    nothing_listens = queue.format(port=free_port())
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", nothing_listens)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "redis": "failed"}


def test_health_says_the_database_failed_when_it_does_not_answer(app, monkeypatch):
    unreachable = f"postgresql+psycopg://copanel@127.0.0.1:{free_port()}/copanel"  # nothing listens there
    broken = create_app(
        {**app.config, "SQLALCHEMY_DATABASE_URI": unreachable}, instance_path=app.instance_path
    )
    monkeypatch.setitem(broken.config, "SOCKETIO_MESSAGE_QUEUE", None)
    monkeypatch.setitem(broken.config, "RATELIMIT_STORAGE_URI", "memory://")
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"database": "failed", "redis": "not used"}
    assert "127.0.0.1" not in response.get_data(as_text=True)  # parts, never addresses or errors
