"""Request pacing towards a provider that holds across threads, processes and machines.

Every request of an engine passes :meth:`Pacer.wait`.  Two things hold a request
back: a ``Retry-After`` hold (a server asked everybody to wait) and the engine's
rate (``TRANSLATE_APP_<ENGINE>_RATE`` requests per second, 0 = unpaced).

With ``REDIS_URL`` set, both live in Redis, so several web processes and
workers share one budget per engine (a provider's limit is per customer, not
per process); the rate is a GCRA schedule kept by one atomic Lua script using
Redis's own clock.  Without Redis (one machine, the embedded default) a
process-local :class:`translate_app.machinery.retry.RetryHold` plus a local schedule
does the same inside the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from translate_app.machinery.retry import RetryHold

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
local interval = tonumber(ARGV[1])
local start = math.max(now, hold)
if interval > 0 then
  local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
  if tat > start then start = tat end
  local ttl = math.ceil((start + interval - now) * 1000) + 1000
  redis.call('SET', KEYS[1], tostring(start + interval), 'PX', ttl)
end
return tostring(start - now)
"""
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local hold = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ = now + tonumber(ARGV[1])
if until_ > hold then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
return 1
"""


class Pacer(RetryHold):
    """A :class:`RetryHold` that also spaces requests ``1 / rate`` seconds apart (this process)."""

    def __init__(self, rate: float = 0.0, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(sleep)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._slot_lock = threading.Lock()

    def wait(self) -> None:
        super().wait()
        if not self.interval:
            return
        with self._slot_lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


class SharedPacer(Pacer):
    """The same pacing kept in Redis, shared by every process that uses the same server."""

    def __init__(
        self, url: str, engine: str, rate: float = 0.0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        super().__init__(rate, sleep)
        import redis  # noqa: PLC0415 - only deployments with Redis load it

        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._keys = (f"translate_app:mt:{engine}:next", f"translate_app:mt:{engine}:hold")
        self._reserve: Any = self._redis.register_script(_RESERVE)
        self._hold: Any = self._redis.register_script(_HOLD)

    def hold_for(self, seconds: float) -> None:
        super().hold_for(seconds)
        self._hold(keys=[self._keys[1]], args=[repr(float(seconds))])

    def wait(self) -> None:
        RetryHold.wait(self)  # this process's own holds first (cheap)
        delay = float(self._reserve(keys=list(self._keys), args=[repr(self.interval)]))
        if delay > 0:
            self._sleep(delay)


def make_pacer(
    engine: str, rate: float, redis_url: str | None, sleep: Callable[[float], None] = time.sleep
) -> Pacer:
    """The pacer of ``engine``: shared through Redis when ``redis_url`` is given."""
    if redis_url:
        return SharedPacer(redis_url, engine, rate, sleep)
    return Pacer(rate, sleep)
