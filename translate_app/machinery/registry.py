"""Engines registered by name; each engine's module is imported only when it is used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, TypeVar

from translate_app.errors import ConfigurationError

if TYPE_CHECKING:
    from translate_app.machinery.base import Engine

E = TypeVar("E", bound="type[Engine]")

MODULES = {
    "google": "translate_app.machinery.google",
    "mymemory": "translate_app.machinery.mymemory",
    "microsoft": "translate_app.machinery.microsoft",
    "deepl": "translate_app.machinery.deepl",
    "libre": "translate_app.machinery.libre",
    "memory": "translate_app.machinery.memory",
}
"""Where each engine is defined (imported on first use: start-up stays short)."""

ENGINES: dict[str, type[Engine]] = {}
"""Engine classes imported so far, by name."""


def register(cls: E) -> E:
    """Class decorator: make an engine available under its ``name``."""
    ENGINES[cls.name] = cls
    return cls


def engine_class(name: str) -> type[Engine]:
    """The engine called ``name``."""
    if name not in ENGINES and name in MODULES:
        importlib.import_module(MODULES[name])
    if name not in ENGINES:
        known = ", ".join(sorted(set(MODULES) | set(ENGINES)))
        raise ConfigurationError(f"unknown engine {name!r}; choose one of: {known}")
    return ENGINES[name]


def create(name: str, *args: Any, **kwargs: Any) -> Engine:
    """An instance of the engine called ``name`` (arguments as for ``Engine``)."""
    return engine_class(name)(*args, **kwargs)


def names() -> list[str]:
    """Names of every engine."""
    return sorted(set(MODULES) | set(ENGINES))
