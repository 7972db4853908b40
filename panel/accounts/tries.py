"""Counting failed tries at signing in and joining, so that a whole class gets in and guessers are slowed.

Only failed tries count: a class signing in together from one school network never adds up, and a guesser
does. A Limit counts them per key (an account, a network address) over one or more windows ("50 per minute;300
per hour"), in a moving window, so a burst across the edge of a minute cannot double it.

The counts live where Flask-Limiter keeps its own: in this process's memory by default, in Redis when
RATELIMIT_STORAGE_URI names it (with RATELIMIT_STORAGE_OPTIONS), so every server process shares them. Each app
keeps its own connection (in app.extensions), not Flask-Limiter's one shared object, whose storage is whichever
app was made last. RATELIMIT_ENABLED switches them off, as it does Flask-Limiter.

Keys are stored as keyed hashes: the storage never holds what someone typed as a username (people sometimes type
their password there) nor their address.
"""

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter

EXTENSION = "copanel.failed_tries"
# After the shared storage fails, counts stay in this process's memory for this long before it is asked again.
RETRY_STORAGE_AFTER = 30.0
_making = threading.Lock()
T = TypeVar("T")


def _strategy(storage) -> RateLimiter:
    try:
        return MovingWindowRateLimiter(storage)
    except NotImplementedError:  # memcached keeps no moving window: fixed windows, as Flask-Limiter's default
        return FixedWindowRateLimiter(storage)


class _Counts:
    """One app's counts: in the storage RATELIMIT_STORAGE_URI names, or in memory while that storage is down."""

    def __init__(self, app: Flask) -> None:
        storage = storage_from_string(
            app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
            wrap_exceptions=True,
            **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}),
        )
        backend = storage.base_exceptions
        self.failures: tuple[type[Exception], ...] = (
            StorageError,
            *(backend if isinstance(backend, tuple) else (backend,)),
        )
        self.shared = _strategy(storage)
        self.local = _strategy(MemoryStorage())
        self.down_until = 0.0
        self.logger = app.logger

    def run(self, action: Callable[[RateLimiter], T]) -> T:
        """The action on the shared counts; if their storage fails, on this process's own (never an error page:
        a class must still get in, and guessers are still slowed, if less exactly across processes)."""
        if time.monotonic() >= self.down_until:
            try:
                return action(self.shared)
            except self.failures:
                self.logger.exception(
                    "The store of failed sign-in tries failed; counting in this process for now"
                )
                self.down_until = time.monotonic() + RETRY_STORAGE_AFTER
        return action(self.local)


def _counts() -> _Counts:
    counts = current_app.extensions.get(EXTENSION)
    if counts is None:
        with _making:
            counts = current_app.extensions.get(EXTENSION) or _Counts(current_app)
            current_app.extensions[EXTENSION] = counts
    return counts


@cache
def windows(rule: str) -> tuple[RateLimitItem, ...]:
    """'50 per minute;300 per hour' as limits' items (a ValueError for a rule it cannot read)."""
    return tuple(parse_many(rule))


def _minutes_until(moment: float) -> int:
    return max(1, math.ceil((moment - time.time()) / 60))


@dataclass(frozen=True)
class Limit:
    """How many failed tries one key (an account, an address) may make: a rule such as '5 per 15 minutes', or
    the name of the app setting that holds one."""

    name: str
    rule: str = ""
    setting: str = ""

    def _windows(self) -> tuple[RateLimitItem, ...]:
        return windows(self.rule or current_app.config[self.setting])

    @property
    def minutes(self) -> int:
        """The longest window, in minutes: how long a run of failed tries is remembered."""
        return max(window.get_expiry() for window in self._windows()) // 60

    def _key(self, key: str) -> str:
        secret = current_app.config["SECRET_KEY"].encode()
        return hmac.new(secret, f"{self.name}:{key}".encode(), hashlib.sha256).hexdigest()[:32]

    @staticmethod
    def _on() -> bool:
        return bool(current_app.config.get("RATELIMIT_ENABLED", True))

    def wait(self, key: str) -> int | None:
        """Minutes to wait before this key may try again, or None if it may try now."""
        if not self._on():
            return None
        stored = self._key(key)

        def full_until(counts: RateLimiter) -> list[float]:
            return [
                counts.get_window_stats(window, "copanel", self.name, stored).reset_time
                for window in self._windows()
                if not counts.test(window, "copanel", self.name, stored)
            ]

        until = _counts().run(full_until)
        return _minutes_until(max(until)) if until else None

    def take(self, key: str) -> int | None:
        """Count a try before it is made, so tries made at the same moment cannot slip past the limit: None if
        it fits, or the minutes to wait if it does not (and then the try is not to be made)."""
        if (minutes := self.wait(key)) is not None or not self._on():
            return minutes
        stored = self._key(key)
        fitted = _counts().run(lambda counts: self._hit(counts, stored))
        return None if fitted else self.wait(key) or 1

    def _hit(self, counts: RateLimiter, stored: str) -> bool:
        """Count one try in every window (not stopping at the first that is full); True if it fit in all."""
        fitted = [counts.hit(window, "copanel", self.name, stored) for window in self._windows()]
        return all(fitted)

    def fail(self, key: str) -> None:
        """Count a failed try."""
        if self._on():
            stored = self._key(key)
            _counts().run(lambda counts: self._hit(counts, stored))

    def forget(self, key: str) -> None:
        """Forget this key's tries (its owner got in)."""
        if not self._on():
            return
        stored = self._key(key)

        def clear(counts: RateLimiter) -> None:
            for window in self._windows():
                counts.clear(window, "copanel", self.name, stored)

        _counts().run(clear)

    def left(self, key: str) -> int | None:
        """How many more tries this key has before it must wait (None while limits are off)."""
        if not self._on():
            return None
        stored = self._key(key)
        return _counts().run(
            lambda counts: min(
                counts.get_window_stats(window, "copanel", self.name, stored).remaining
                for window in self._windows()
            )
        )


def client_address() -> str:
    """The network address a request came from (the proxy's X-Forwarded-For with COPANEL_BEHIND_PROXY).

    An IPv6 address counts by its /64 network: that is what one home, school or phone is given, so a guesser
    cannot step through their own addresses, and a class on one school network still shares one count."""
    raw = request.remote_addr or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
