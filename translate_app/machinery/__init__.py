"""Machine drafting engines (DESIGN §5): small classes over one base.

::

    from translate_app.machinery import EngineSettings, Item, create

    settings = EngineSettings(url="http://127.0.0.1:5001/")
    with create("libre", settings, terms=["Maksym Makhrinov"]) as engine:
        for draft in engine.translate([Item("k1", "Hello <g1>world</g1>.")], "en", "uk"):
            print(draft.key, draft.text if draft.ok else draft.error)

Engines: ``google`` (default, no key), ``mymemory``, ``microsoft`` (deep-translator
providers), ``deepl`` (official package), ``libre`` (self-hosted LibreTranslate,
batched), ``memory`` (the translation memory).  See :mod:`translate_app.machinery.base`
for what every engine gets, :mod:`translate_app.machinery.settings` for configuration
and :mod:`translate_app.machinery.libre` for running LibreTranslate locally.
"""

from __future__ import annotations

from translate_app.machinery.base import Engine, OutboundLog
from translate_app.machinery.cache import Cache, MemoryCache, NoCache
from translate_app.machinery.errors import (
    MachineTranslationError,
    PlaceholderError,
    UnusableOutputError,
)
from translate_app.machinery.failures import RequestFailure
from translate_app.machinery.masking import MarkerStyle, Masked, Masker
from translate_app.machinery.registry import create, engine_class, names, register
from translate_app.machinery.retry import RetryPolicy
from translate_app.machinery.settings import EngineSettings, default_engine, source_language
from translate_app.machinery.units import Draft, Item, OutboundEntry, Plan, PlannedRequest

__all__ = [
    "Cache",
    "Draft",
    "Engine",
    "EngineSettings",
    "Item",
    "MachineTranslationError",
    "MarkerStyle",
    "Masked",
    "Masker",
    "MemoryCache",
    "NoCache",
    "OutboundEntry",
    "OutboundLog",
    "PlaceholderError",
    "Plan",
    "PlannedRequest",
    "RequestFailure",
    "RetryPolicy",
    "UnusableOutputError",
    "create",
    "default_engine",
    "engine_class",
    "names",
    "register",
    "source_language",
]
