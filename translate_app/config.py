"""Configuration read from the environment, with embedded defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

VERSION = "0.1.0"
"""The version of translate_app (``translate_app.__version__``), named in every file it writes."""

DEFAULT_LANGUAGES = ("uk", "de", "fr", "pl", "es")
"""Languages enabled on ``init``."""

DEFAULT_FRONT_MATTER_KEYS = ("title", "description")
"""Front matter keys whose string values are translatable."""


@dataclass(frozen=True)
class Config:
    """Settings of one installation."""

    instance_path: Path
    """Folder for the embedded database and generated secrets (never in the repo)."""
    database_url: str
    """SQLAlchemy URL; SQLite under ``instance/`` by default."""
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    """Front matter keys whose values are segments."""
    default_languages: tuple[str, ...] = DEFAULT_LANGUAGES
    """Languages enabled by ``init``."""
    approvals_needed: int = 1
    """Editor approvals a translation needs before it is approved (per language default)."""
    four_eyes: bool = True
    """A person may not approve their own text."""
    extra: dict[str, str] = field(default_factory=dict)
    """Other TRANSLATE_APP_* settings, for later parts (engines)."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        """Build the configuration from ``TRANSLATE_APP_*`` environment variables."""
        env = dict(os.environ if environ is None else environ)
        instance = Path(env.get("TRANSLATE_APP_INSTANCE_PATH", "instance")).resolve()
        url = env.get("TRANSLATE_APP_DATABASE_URL") or f"sqlite:///{instance / 'translate_app.db'}"
        keys = tuple(
            k.strip()
            for k in env.get(
                "TRANSLATE_APP_FRONT_MATTER_KEYS", ",".join(DEFAULT_FRONT_MATTER_KEYS)
            ).split(",")
            if k.strip()
        )
        langs = tuple(
            k.strip()
            for k in env.get("TRANSLATE_APP_LANGUAGES", ",".join(DEFAULT_LANGUAGES)).split(",")
            if k.strip()
        )
        return cls(
            instance_path=instance,
            database_url=url,
            front_matter_keys=keys,
            default_languages=langs,
            approvals_needed=int(env.get("TRANSLATE_APP_APPROVALS_NEEDED", "1")),
            four_eyes=env.get("TRANSLATE_APP_FOUR_EYES", "1") not in {"0", "false", "no", "off"},
            extra={k: v for k, v in env.items() if k.startswith("TRANSLATE_APP_")},
        )
