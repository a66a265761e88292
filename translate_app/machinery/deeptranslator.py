"""Engines over deep-translator's providers, making up for what the library lacks.

deep-translator is pinned (``deep-translator==1.11.4`` in ``pyproject.toml``):
two of the fixes below reach past its public surface, because it has none for
them, and ``tests/test_machinery.py`` fails if what they rely on changes.

- **Timeouts**: the library has no timeout parameter, no session and no hook:
  ``GoogleTranslator.translate`` (``deep_translator.google``),
  ``MyMemoryTranslator.translate`` (``deep_translator.mymemory``) and
  ``MicrosoftTranslator.translate`` / ``_get_supported_languages``
  (``deep_translator.microsoft``) call their module's own ``requests.get/post``
  with no ``timeout=``, so a hung server blocks a worker forever.  The one
  narrow patch: that module-level ``requests`` name is replaced by the shim of
  :mod:`translate_app.machinery.http`; calls made in our worker threads go
  through a per-thread session with a timeout, other callers are untouched.
- **Address**: no provider takes a URL argument; each passes
  ``constants.BASE_URLS[...]`` to ``BaseTranslator.__init__``, which keeps it
  as ``_base_url`` and ``translate`` reads it.  Editing ``BASE_URLS`` would move
  every translator built in the process (other users of the library too, and
  engines with another URL), so a configured URL is set on our own instance.
- **Thread safety**: a translator mutates its URL parameters on every call, so
  each worker thread has its own instance per language pair (``Engine.client``).
- **One request per sentence**: the base class sends them concurrently (bounded).
- **Wrong exception classes**: HTTP statuses and transport failures are raised
  by our session before the library can misname them (a 404 read as "daily
  limit exceeded", a refused connection leaking as a raw ``requests`` error);
  the library's remaining exceptions are mapped in :meth:`classify`.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, ClassVar

from deep_translator import exceptions as dt

from translate_app.machinery.base import Engine
from translate_app.machinery.failures import RequestFailure
from translate_app.machinery.http import bound, install_shim


class DeepTranslatorEngine(Engine):
    """Base of the deep-translator engines: one text per request."""

    provider: ClassVar[type[Any]]
    """The deep-translator class (``GoogleTranslator``...)."""
    module: ClassVar[ModuleType]
    """Its module, whose ``requests`` gets the shim."""
    max_batch = 1

    def provider_arguments(self) -> dict[str, Any]:
        """Extra constructor arguments (API keys...)."""
        return {}

    def new_client(self, source: str, target: str) -> Any:
        install_shim(self.module)
        translator = self.provider(source=source, target=target, **self.provider_arguments())
        if self.settings.url:  # no public way: see the module docstring (pinned 1.11.4)
            translator._base_url = self.settings.url
        return translator

    def send(self, texts: list[str], source: str, target: str) -> list[Any]:
        with bound(self.http()):
            translator = self.client(source, target)  # constructors may call the network too
            return [translator.translate(text) for text in texts]

    def classify(self, exc: Exception) -> RequestFailure:
        if isinstance(exc, dt.TooManyRequests):
            return RequestFailure("rate limited", retryable=True, status=429)
        if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
            return RequestFailure(f"language not supported: {exc.val}", fatal=True)
        if isinstance(exc, dt.ApiKeyException | dt.AuthorizationException):
            return RequestFailure("not authorized: check the API key", fatal=True)
        if isinstance(exc, dt.NotValidLength | dt.NotValidPayload):
            return RequestFailure("text refused by the engine (too long or not text)")
        if isinstance(exc, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest):
            return RequestFailure("no translation found in the answer")
        if isinstance(exc, dt.ServerException | dt.RequestError):
            return RequestFailure(f"server error: {exc}", retryable=True)
        if isinstance(exc, dt.MicrosoftAPIerror):
            return RequestFailure(f"the engine refused the request: {exc}")
        if isinstance(exc, dt.BaseError):
            return RequestFailure(f"{type(exc).__name__}: {exc.message}")
        return super().classify(exc)
