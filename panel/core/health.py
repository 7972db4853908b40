"""Whether this server process can do its work, for a proxy or a monitor: the database answers, and Redis
answers where the settings use it (SOCKETIO_MESSAGE_QUEUE, RATELIMIT_STORAGE_URI).

Nothing here reads a person's data or the session, and the answer names parts only, never an address or an
error's text (which may hold a host name); the reason a part failed goes to the server's log.
"""

import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from panel.extensions import db

log = logging.getLogger("copanel.health")

OK, FAILED, NOT_USED = "ok", "failed", "not used"
REDIS_WAIT = 1.0  # seconds: a Redis that takes longer than this has failed, as far as a monitor is concerned
# The settings that may name Redis, and the URL schemes that do (limits writes a socket as redis+unix://,
# and names a sentinel or a cluster by redis+sentinel:// or redis+cluster://).
REDIS_SETTINGS = ("SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI")
REDIS_SCHEMES = ("redis", "rediss", "unix", "redis+unix", "redis+sentinel", "redis+cluster")


def redis_urls(config: Mapping) -> list[str]:
    """The Redis URLs the settings name, each once."""
    found = []
    for name in REDIS_SETTINGS:
        url = (config.get(name) or "").strip()
        if urlsplit(url).scheme in REDIS_SCHEMES and url not in found:
            found.append(url)
    return found


def _addresses(url: str) -> list[str]:
    """What redis-py can open for a URL: itself, or each node a sentinel or cluster URL lists."""
    parts = urlsplit(url)
    if parts.scheme == "redis+unix":
        return ["unix" + url[len("redis+unix") :]]
    if parts.scheme not in ("redis+sentinel", "redis+cluster"):
        return [url]
    login, _, hosts = parts.netloc.rpartition("@")
    return [f"redis://{login + '@' if login else ''}{host}" for host in hosts.split(",") if host]


def database_answers() -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as error:
        log.warning("Health check: the database did not answer (%s)", type(error).__name__)
        return False
    return True


def redis_answers(url: str) -> bool:
    """A PING within REDIS_WAIT seconds; for a sentinel or cluster URL, any one of its nodes will do."""
    try:
        import redis
    except ImportError:  # the production extra is missing, so the app could not use this Redis either
        log.warning("Health check: the redis package is not installed")
        return False
    for address in _addresses(url):
        client = redis.Redis.from_url(address, socket_timeout=REDIS_WAIT, socket_connect_timeout=REDIS_WAIT)
        try:
            if client.ping():
                return True
        except (redis.RedisError, OSError) as error:
            log.warning("Health check: Redis did not answer (%s)", type(error).__name__)
        finally:
            client.close()
    return False


def check(config: Mapping) -> tuple[dict[str, str], bool]:
    """Each part's state ("ok", "failed", or for Redis "not used"), and whether all is well."""
    urls = redis_urls(config)
    parts = {
        "database": OK if database_answers() else FAILED,
        "redis": (OK if all(redis_answers(url) for url in urls) else FAILED) if urls else NOT_USED,
    }
    return parts, FAILED not in parts.values()
