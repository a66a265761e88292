"""What a failed request means, as far as retrying is concerned.

An engine's :meth:`~translate_app.machinery.base.Engine.classify` turns a
library's exception into a :class:`RequestFailure`; :func:`http_failure` reads
an HTTP status.  The retry loop (:mod:`translate_app.machinery.attempts`)
decides from it whether to try again, give up, or stop the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestFailure:
    """What went wrong with one attempt to send a request to an engine."""

    message: str
    """Said in the outbound log and in the error of the drafts concerned."""
    retryable: bool = False
    """Trying again later may succeed (rate limit, server error, timeout)."""
    fatal: bool = False
    """No further request can succeed (credentials, quota, language): stop the run."""
    status: int | None = None
    """HTTP status code of the answer, when there was one."""
    retry_after: float | None = None
    """Seconds the server asked to wait (``Retry-After``)."""


def http_failure(status: int, body: str = "", retry_after: float | None = None) -> RequestFailure:
    """What an HTTP status means: 429 and 5xx are retried; 401, 403 and 456 stop the run."""
    excerpt = " ".join(body.split())[:160]
    detail = f": {excerpt}" if excerpt else ""
    if status == 429:
        return RequestFailure(f"rate limited (HTTP 429){detail}", True, False, status, retry_after)
    if status >= 500:
        message = f"server error (HTTP {status}){detail}"
        return RequestFailure(message, True, False, status, retry_after)
    if status in {401, 403}:
        message = f"not authorized (HTTP {status}): check the API key"
        return RequestFailure(message, False, True, status)
    if status == 456:
        return RequestFailure("quota exceeded (HTTP 456)", False, True, status)
    return RequestFailure(f"refused (HTTP {status}){detail}", False, False, status)
