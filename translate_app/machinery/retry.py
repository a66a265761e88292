"""Retries with exponential backoff and jitter, honouring ``Retry-After``.

A rate limit seen by one request pauses every request of the engine (the
:class:`RetryHold`), so bounded concurrency does not turn one 429 into eight.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed request is tried again."""

    attempts: int = 5
    """Tries per request in all (1: no retry)."""
    base: float = 0.5
    """Backoff before the first retry, in seconds; doubled for each further retry."""
    cap: float = 30.0
    """Longest backoff, in seconds."""
    max_wait: float = 120.0
    """Longest ``Retry-After`` honoured; a server asking for more fails the request."""
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    """How to wait (tests record the waits instead)."""

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based).

        Exponential with "equal jitter" (between half and all of the step), or
        the server's ``Retry-After`` plus up to 10 % so that clients do not return together.
        """
        if retry_after is not None:
            return float(retry_after * (1 + 0.1 * random.random()))
        step = min(self.cap, self.base * 2**retry)
        return float(step / 2 + random.uniform(0, step / 2))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryHold:
    """A shared "not before" time (a ``Retry-After``): every request of an engine waits for it."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._lock = threading.Lock()
        self._until = 0.0
        self._sleep = sleep

    def hold_for(self, seconds: float) -> None:
        """Hold every request back for ``seconds`` from now (the longest hold wins)."""
        with self._lock:
            self._until = max(self._until, time.monotonic() + seconds)

    def wait(self) -> None:
        """Return when requests may be sent."""
        with self._lock:
            left = self._until - time.monotonic()
        if left > 0:
            self._sleep(left)
