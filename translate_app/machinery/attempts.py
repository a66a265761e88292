"""Sending one request: attempts, retries with backoff, and what each failure means.

Runs in the engine's worker threads; never raises: the :class:`Outcome` carries
the answers or the error, and every attempt for the outbound log.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from translate_app.machinery.errors import MachineTranslationError, UnusableOutputError
from translate_app.machinery.http import HttpStatusError, TransportError
from translate_app.machinery.units import OutboundEntry, Unit

if TYPE_CHECKING:
    from translate_app.machinery.base import Engine


@dataclass(frozen=True)
class Failure:
    """What went wrong with one attempt, as far as retrying is concerned."""

    message: str
    retryable: bool = False
    fatal: bool = False
    status: int | None = None
    retry_after: float | None = None


@dataclass
class Outcome:
    """A request's answers (or error), and its attempts."""

    request: list[Unit]
    answers: list[Any] | None
    attempts: list[OutboundEntry]
    error: MachineTranslationError | None = None


def send_with_retries(
    engine: Engine,
    request: list[Unit],
    langs: tuple[str, str],
    codes: tuple[str, str],
    stop: threading.Event,
) -> Outcome:
    """Send one request, retrying; never raises (runs in a worker thread)."""
    texts = [u.text for u in request]
    keys = tuple(k for u in request for k in u.keys)
    policy = engine.settings.retry
    attempts: list[OutboundEntry] = []
    for number in range(max(1, policy.attempts)):
        if stop.is_set():
            error = engine.error("not sent: the run stopped after an earlier error", keys=keys)
            return Outcome(request, None, attempts, error)
        engine.gate.wait()
        started, clock = datetime.now(UTC), time.perf_counter()
        try:
            answers = engine.send(list(texts), *codes)
            if len(answers) != len(texts):
                raise UnusableOutputError(
                    f"{len(answers)} answers for {len(texts)} texts", engine=engine.name
                )
        except Exception as exc:  # every library error is mapped here
            failure = _failure(engine, exc)
            waiting = failure.retry_after is not None and failure.retry_after > policy.max_wait
            last = number + 1 >= policy.attempts or not failure.retryable or waiting
            message = failure.message
            if waiting:
                message += f" (the server asks to wait {failure.retry_after:.0f} s)"
            outcome = "error: " + message if last else "retry"
            attempts.append(_entry(engine, langs, started, clock, keys, texts, outcome, failure))
            if last:
                if failure.fatal:
                    stop.set()  # now, before this worker takes the next request
                error = engine.error(
                    message, keys=keys, status=failure.status,
                    retryable=failure.retryable, fatal=failure.fatal,
                )  # fmt: skip
                error.__cause__ = exc
                return Outcome(request, None, attempts, error)
            delay = policy.delay(number, failure.retry_after)
            if failure.retry_after is not None:
                engine.gate.close_for(delay)
            else:
                policy.sleep(delay)
            continue
        ok = Failure("ok", status=engine.last_status())
        attempts.append(_entry(engine, langs, started, clock, keys, texts, "ok", ok))
        if _fatal_answer(engine, texts, answers):
            stop.set()
        return Outcome(request, answers, attempts)
    raise AssertionError("unreachable")  # pragma: no cover


def _fatal_answer(engine: Engine, texts: list[str], answers: list[Any]) -> bool:
    """Whether an answer says that no further request can succeed (a used-up quota)."""
    for text, answer in zip(texts, answers, strict=True):
        try:
            engine.check_output(text, answer)
        except MachineTranslationError as exc:
            if exc.fatal:
                return True
    return False


def _failure(engine: Engine, exc: Exception) -> Failure:
    if isinstance(exc, MachineTranslationError):
        return Failure(exc.message, exc.retryable, exc.fatal, exc.status)
    if isinstance(exc, TransportError):
        return Failure(str(exc), retryable=True)
    if isinstance(exc, HttpStatusError):
        return http_failure(exc.status, exc.body, exc.retry_after)
    return engine.classify(exc)


def _entry(  # noqa: PLR0917 -- private, called twice with the attempt's facts
    engine: Engine,
    langs: tuple[str, str],
    started: datetime,
    clock: float,
    keys: tuple[str, ...],
    texts: list[str],
    outcome: str,
    failure: Failure,
) -> OutboundEntry:
    return OutboundEntry(
        engine=engine.name,
        host=engine.host,
        source_lang=langs[0],
        target_lang=langs[1],
        started_at=started,
        duration_ms=round((time.perf_counter() - clock) * 1000),
        segment_keys=keys,
        characters=sum(len(t) for t in texts),
        outcome=outcome,
        status_code=failure.status,
    )


def http_failure(status: int, body: str = "", retry_after: float | None = None) -> Failure:
    """What an HTTP status means: 429 and 5xx are retried; 401, 403 and 456 stop the run."""
    excerpt = " ".join(body.split())[:160]
    detail = f": {excerpt}" if excerpt else ""
    if status == 429:
        return Failure(f"rate limited (HTTP 429){detail}", True, False, status, retry_after)
    if status >= 500:
        return Failure(f"server error (HTTP {status}){detail}", True, False, status, retry_after)
    if status in {401, 403}:
        return Failure(f"not authorized (HTTP {status}): check the API key", False, True, status)
    if status == 456:
        return Failure("quota exceeded (HTTP 456)", False, True, status)
    return Failure(f"refused (HTTP {status}){detail}", False, False, status)
