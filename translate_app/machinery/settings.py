"""Engine settings, read from the configuration (``TRANSLATE_APP_*`` environment variables).

Per engine ``NAME`` (``GOOGLE``, ``LIBRE``, ``DEEPL``, ``MICROSOFT``, ``MYMEMORY``):

| variable | meaning |
|---|---|
| ``TRANSLATE_APP_<NAME>_URL`` | endpoint (required for LibreTranslate) |
| ``TRANSLATE_APP_<NAME>_KEY`` | API key (DeepL, Microsoft; LibreTranslate if it wants one) |
| ``TRANSLATE_APP_<NAME>_REGION`` | Microsoft resource region |
| ``TRANSLATE_APP_<NAME>_EMAIL`` | MyMemory: a contact address raises the free quota |
| ``TRANSLATE_APP_<NAME>_BATCH_SIZE`` / ``_BATCH_CHARS`` | texts / characters per request |

For every engine: ``TRANSLATE_APP_MT_TIMEOUT`` (seconds, default 30),
``TRANSLATE_APP_MT_CONCURRENCY`` (requests in flight, default 8),
``TRANSLATE_APP_MT_RETRIES`` (tries per request, default 5),
``TRANSLATE_APP_TM_THRESHOLD`` (least score of a memory match, default 75),
``TRANSLATE_APP_SOURCE_LANGUAGE`` (default ``en``) and ``TRANSLATE_APP_ENGINE``
(the default engine, ``google``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from translate_app.config import Config
from translate_app.errors import ConfigurationError
from translate_app.machinery.retry import RetryPolicy

T = TypeVar("T", int, float)

DEFAULT_ENGINE = "google"
"""The engine used when none is named (needs no key)."""


@dataclass(frozen=True)
class EngineSettings:
    """What an engine needs to know besides its own code."""

    url: str = ""
    """Endpoint; empty: the engine's public default (LibreTranslate has none)."""
    api_key: str = ""
    region: str = ""
    """Microsoft resource region."""
    email: str = ""
    """MyMemory contact address."""
    timeout: float = 30.0
    """Seconds to wait for an answer (connect and read) before the request counts as failed."""
    concurrency: int = 8
    """Requests in flight at once (bounded by the engine's own ceiling)."""
    batch_size: int | None = None
    """Texts per request; ``None``: the engine's default."""
    batch_chars: int | None = None
    """Characters per request; ``None``: the engine's default."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    threshold: int = 75
    """Memory engine: least similarity score (0-100) of a match."""
    rate: float = 0.0
    """Requests per second towards the provider (``TRANSLATE_APP_<ENGINE>_RATE``; 0: unpaced)."""
    redis_url: str = ""
    """``REDIS_URL``: when set, pacing and ``Retry-After`` holds are shared by every process."""

    @classmethod
    def from_config(
        cls, config: Config | Mapping[str, str], engine: str, *, url: str | None = None
    ) -> EngineSettings:
        """Settings of ``engine`` from a :class:`Config` (or a mapping of variables)."""
        env = config.extra if isinstance(config, Config) else config
        prefix = f"TRANSLATE_APP_{engine.upper()}_"
        attempts = _number(env, "TRANSLATE_APP_MT_RETRIES", 5, int)
        return cls(
            url=url or env.get(prefix + "URL", ""),
            api_key=env.get(prefix + "KEY", ""),
            region=env.get(prefix + "REGION", ""),
            email=env.get(prefix + "EMAIL", ""),
            timeout=_number(env, "TRANSLATE_APP_MT_TIMEOUT", 30.0, float),
            concurrency=_number(env, "TRANSLATE_APP_MT_CONCURRENCY", 8, int),
            batch_size=_optional(env, prefix + "BATCH_SIZE"),
            batch_chars=_optional(env, prefix + "BATCH_CHARS"),
            retry=RetryPolicy(attempts=attempts),
            threshold=_number(env, "TRANSLATE_APP_TM_THRESHOLD", 75, int),
            rate=_number(env, prefix + "RATE", 0.0, float),
            redis_url=(os.environ if isinstance(config, Config) else env).get("REDIS_URL", ""),
        )


def source_language(config: Config | Mapping[str, str]) -> str:
    """Language of the source documents (``TRANSLATE_APP_SOURCE_LANGUAGE``, default ``en``)."""
    env = config.extra if isinstance(config, Config) else config
    return env.get("TRANSLATE_APP_SOURCE_LANGUAGE", "") or "en"


def default_engine(config: Config | Mapping[str, str]) -> str:
    """The engine used when none is named (``TRANSLATE_APP_ENGINE``, default ``google``)."""
    env = config.extra if isinstance(config, Config) else config
    return env.get("TRANSLATE_APP_ENGINE", "") or DEFAULT_ENGINE


def _number(env: Mapping[str, str], name: str, default: T, kind: type[T]) -> T:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ConfigurationError(f"{name}={raw!r} must be positive")
    return value


def _optional(env: Mapping[str, str], name: str) -> int | None:
    return _number(env, name, 0, int) or None
