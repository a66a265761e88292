"""Engines over deep-translator's providers, making up for what the library lacks.

- **Timeouts**: the provider module's ``requests`` is the shim of
  :mod:`translate_app.machinery.http`; calls made in our worker threads go
  through a per-thread session with a timeout (other callers are untouched).
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
        if self.settings.url:
            translator._base_url = self.settings.url  # documented way: no constructor argument
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
