"""DeepL through the official ``deepl`` package (key: ``TRANSLATE_APP_DEEPL_KEY``).

deep-translator's DeepL class uses a GET form the API no longer accepts.  The
``deepl`` package retries by itself with process-wide settings; here each
thread's translator gets an HTTP client of its own that makes exactly one
attempt with our timeout and keeps the answer's headers, so the base class
retries (with ``Retry-After``) like for every other engine.  Up to 50 texts go
in one request, tags handled as XML.
"""

from __future__ import annotations

from typing import Any

import deepl
import requests
from deepl import http_client

from translate_app.errors import ConfigurationError
from translate_app.machinery.base import Engine
from translate_app.machinery.failures import RequestFailure, http_failure
from translate_app.machinery.masking import MarkerStyle
from translate_app.machinery.registry import register
from translate_app.machinery.retry import parse_retry_after

_TARGETS = {"EN": "EN-GB", "PT": "PT-PT", "ZH": "ZH-HANS"}
"""DeepL wants a variant for these target languages."""


class _OneAttempt(http_client.HttpClient):
    """The package's HTTP client, without its own retries, with our timeout."""

    def __init__(self, timeout: float) -> None:
        super().__init__(send_platform_info=False)
        self.timeout = timeout
        self.last_status: int | None = None
        self.retry_after: float | None = None

    def request_with_backoff(  # noqa: PLR0917 -- the package's signature
        self,
        method: str,
        url: str,
        data: dict[str, Any] | None,
        json: dict[str, Any] | None,
        headers: dict[str, str],
        stream: bool = False,
        **kwargs: Any,
    ) -> tuple[int, str]:
        request = self._prepare_request(method, url, data, json, headers, **kwargs)
        self.last_status = self.retry_after = None
        try:
            response = self._session.send(request, timeout=self.timeout)
        except requests.Timeout as exc:
            message = f"no answer within {self.timeout:g} s"
            raise deepl.ConnectionException(message, should_retry=True) from exc
        except requests.RequestException as exc:
            raise deepl.ConnectionException(f"connection failed: {exc}", should_retry=True) from exc
        with response:
            response.encoding = "UTF-8"
            self.last_status = response.status_code
            self.retry_after = parse_retry_after(response.headers.get("Retry-After"))
            return response.status_code, response.text


class _Translator(deepl.Translator):
    def __init__(self, auth_key: str, *, server_url: str | None, timeout: float) -> None:
        super().__init__(auth_key, server_url=server_url, send_platform_info=False)
        self._client.close()  # type: ignore[no-untyped-call]  # the package's own method
        self._client = _OneAttempt(timeout)


@register
class DeepLEngine(Engine):
    """DeepL API (free keys end in ``:fx`` and use the free endpoint)."""

    name = "deepl"
    style = MarkerStyle.XML
    default_url = "https://api.deepl.com"
    max_batch = 50
    max_chars = 100_000

    @property
    def url(self) -> str:
        if self.settings.url:
            return self.settings.url
        free = self.settings.api_key.endswith(":fx")
        return "https://api-free.deepl.com" if free else self.default_url

    def check_settings(self) -> None:
        if not self.settings.api_key:
            raise ConfigurationError("the deepl engine needs a key: set TRANSLATE_APP_DEEPL_KEY")

    def new_client(self, source: str, target: str) -> _Translator:
        key, timeout = self.settings.api_key, self.settings.timeout
        return _Translator(key, server_url=self.url, timeout=timeout)

    def send(self, texts: list[str], source: str, target: str) -> list[Any]:
        translator = self.client(source, target)
        self._local.deepl = translator
        target_code = target.upper()
        results = translator.translate_text(
            texts,
            source_lang=source.split("-", maxsplit=1)[0].upper(),
            target_lang=_TARGETS.get(target_code, target_code),
            tag_handling="xml",
            preserve_formatting=True,
        )
        return [result.text for result in results]

    def last_status(self) -> int | None:
        translator = getattr(self._local, "deepl", None)
        return translator._client.last_status if translator is not None else None

    def classify(self, exc: Exception) -> RequestFailure:
        if not isinstance(exc, deepl.DeepLException):
            return super().classify(exc)
        status = exc.http_status_code
        translator = getattr(self._local, "deepl", None)
        retry_after = translator._client.retry_after if translator is not None else None
        if isinstance(exc, deepl.ConnectionException):
            return RequestFailure(str(exc), retryable=exc.should_retry)
        if status is not None:
            known = http_failure(status, "", retry_after)
            message = f"{known.message}: {exc}"
            return RequestFailure(message, known.retryable, known.fatal, status, retry_after)
        return RequestFailure(str(exc), retryable=exc.should_retry)
