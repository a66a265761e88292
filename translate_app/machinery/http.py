"""HTTP for engines: one session per thread, timeouts, errors that keep their status.

:class:`HttpClient` wraps a ``requests.Session``: every request carries the
timeout, a non-2xx answer raises :class:`HttpStatusError` (status code and
``Retry-After`` kept), and a transport failure raises :class:`TransportError`.
Neither is a ``requests`` exception, so a library that catches those (and
turns them into misleading errors or ``None``) cannot swallow them.

deep-translator (pinned at 1.11.4) calls the module-level ``requests.get/post``
of each provider module, with no timeout and no way to give one (see
:mod:`translate_app.machinery.deeptranslator`).  :func:`install_shim` replaces
the ``requests`` name *in that provider module only* with :data:`SHIM`: in a
thread that has bound an :class:`HttpClient` (:func:`bound`), calls go through
it; anywhere else they go to ``requests`` unchanged, so other users of the
library see no difference.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import requests

from translate_app.errors import ConfigurationError
from translate_app.machinery.retry import parse_retry_after

_BODY_EXCERPT = 200
"""Characters of an error body kept in messages."""


class HttpStatusError(Exception):
    """The server answered with a status outside 2xx."""

    def __init__(self, status: int, *, retry_after: float | None, body: str, url: str) -> None:
        self.status = status
        self.retry_after = retry_after
        self.body = body
        self.url = url
        super().__init__(f"HTTP {status} from {urlsplit(url).netloc}: {body[:_BODY_EXCERPT]}")


class TransportError(Exception):
    """No answer: timeout, refused or broken connection."""

    def __init__(self, message: str, *, timeout: bool) -> None:
        self.timeout = timeout
        super().__init__(message)


class HttpClient:
    """A ``requests.Session`` for one thread, with a timeout on every request."""

    def __init__(self, timeout: float, *, headers: dict[str, str] | None = None) -> None:
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "translate_app"
        if headers:
            self.session.headers.update(headers)
        self.last_status: int | None = None
        """Status code of the last answer (``None`` before any, or after a transport error)."""

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request; raise :class:`HttpStatusError` unless the status is 2xx."""
        kwargs.setdefault("timeout", self.timeout)
        self.last_status = None
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.Timeout as exc:
            raise TransportError(f"no answer within {self.timeout:g} s", timeout=True) from exc
        except requests.RequestException as exc:
            raise TransportError(f"connection failed: {exc}", timeout=False) from exc
        self.last_status = response.status_code
        if "charset" not in response.headers.get("Content-Type", ""):
            response.encoding = "utf-8"  # not ISO-8859-1, requests' default for text/*
        if not 200 <= response.status_code < 300:
            body = response.text
            response.close()
            raise HttpStatusError(
                response.status_code,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                body=body,
                url=url,
            )
        return response

    def close(self) -> None:
        self.session.close()


_bound = threading.local()


@contextmanager
def bound(client: HttpClient) -> Iterator[HttpClient]:
    """Route deep-translator's requests in this thread through ``client``."""
    previous = getattr(_bound, "client", None)
    _bound.client = client
    try:
        yield client
    finally:
        _bound.client = previous


class RequestsShim:
    """Stands in for ``requests`` inside a deep-translator provider module."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)  # exceptions, Session... as the library expects

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        client: HttpClient | None = getattr(_bound, "client", None)
        if client is None:
            return requests.request(method, url, **kwargs)
        return client.request(method, url, **kwargs)


SHIM = RequestsShim()
"""The one shim object (it holds no state: the bound client is per thread)."""

_install_lock = threading.Lock()


def install_shim(module: ModuleType) -> None:
    """Give ``module`` the shim as its ``requests`` (idempotent, thread-safe).

    Raise :class:`ConfigurationError` when ``module`` has no module-level
    ``requests`` to replace: the library changed, and a shim put there would
    be ignored, leaving requests without a timeout.
    """
    with _install_lock:
        current = getattr(module, "requests", None)
        if current is SHIM:
            return
        if current is not requests:
            raise ConfigurationError(
                f"{module.__name__} no longer calls a module-level requests: "
                "deep-translator changed (pinned 1.11.4), requests would have no timeout"
            )
        module.requests = SHIM  # type: ignore[attr-defined]
