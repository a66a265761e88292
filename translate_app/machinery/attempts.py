"""Sending one request: attempts, and retries with backoff.

Runs in the engine's worker threads; never raises: the :class:`Outcome` carries
the answers or the error, and every attempt for the outbound log.  What the loop
needs of an engine is the :class:`Sender` protocol, so this module does not
import the engine class (:mod:`translate_app.machinery.base` imports this one).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from translate_app.machinery.errors import MachineTranslationError, UnusableOutputError
from translate_app.machinery.failures import RequestFailure, http_failure
from translate_app.machinery.http import HttpStatusError, TransportError
from translate_app.machinery.retry import RetryHold
from translate_app.machinery.settings import EngineSettings
from translate_app.machinery.units import OutboundEntry, OutgoingText


class Sender(Protocol):
    """What the retry loop needs of an engine (:class:`~translate_app.machinery.base.Engine`)."""

    @property
    def name(self) -> str: ...
    @property
    def host(self) -> str: ...
    @property
    def settings(self) -> EngineSettings: ...
    @property
    def pacer(self) -> RetryHold: ...

    def send(self, texts: list[str], source: str, target: str) -> list[Any]: ...
    def classify(self, exc: Exception) -> RequestFailure: ...
    def check_output(self, sent: str, answer: Any) -> str: ...
    def last_status(self) -> int | None: ...
    def error(
        self, message: str, kind: type[MachineTranslationError] = ..., **kw: Any
    ) -> MachineTranslationError: ...


@dataclass
class Outcome:
    """A request's answers (or error), and its attempts."""

    request: list[OutgoingText]
    """The texts sent, in order."""
    answers: list[Any] | None
    """The engine's answer for each text, unchecked; ``None`` when the request failed."""
    attempts: list[OutboundEntry]
    """Every attempt, for the outbound log."""
    error: MachineTranslationError | None = None
    """Why there are no answers."""


def send_with_retries(
    engine: Sender,
    request: list[OutgoingText],
    langs: tuple[str, str],
    codes: tuple[str, str],
    stop: threading.Event,
) -> Outcome:
    """Send one request, retrying; never raises (runs in a worker thread)."""
    texts = [t.text for t in request]
    keys = tuple(k for t in request for k in t.keys)
    policy = engine.settings.retry
    attempts: list[OutboundEntry] = []
    for number in range(max(1, policy.attempts)):
        if stop.is_set():
            error = engine.error("not sent: the run stopped after an earlier error", keys=keys)
            return Outcome(request, None, attempts, error)
        engine.pacer.wait()
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
                engine.pacer.hold_for(delay)
            else:
                policy.sleep(delay)
            continue
        ok = RequestFailure("ok", status=engine.last_status())
        attempts.append(_entry(engine, langs, started, clock, keys, texts, "ok", ok))
        if _fatal_answer(engine, texts, answers):
            stop.set()
        return Outcome(request, answers, attempts)
    raise AssertionError("unreachable")  # pragma: no cover


def _fatal_answer(engine: Sender, texts: list[str], answers: list[Any]) -> bool:
    """Whether an answer says that no further request can succeed (a used-up quota)."""
    for text, answer in zip(texts, answers, strict=True):
        try:
            engine.check_output(text, answer)
        except MachineTranslationError as exc:
            if exc.fatal:
                return True
    return False


def _failure(engine: Sender, exc: Exception) -> RequestFailure:
    if isinstance(exc, MachineTranslationError):
        return RequestFailure(exc.message, exc.retryable, exc.fatal, exc.status)
    if isinstance(exc, TransportError):
        return RequestFailure(str(exc), retryable=True)
    if isinstance(exc, HttpStatusError):
        return http_failure(exc.status, exc.body, exc.retry_after)
    return engine.classify(exc)


def _entry(  # noqa: PLR0917 -- private, called twice with the attempt's facts
    engine: Sender,
    langs: tuple[str, str],
    started: datetime,
    clock: float,
    keys: tuple[str, ...],
    texts: list[str],
    outcome: str,
    failure: RequestFailure,
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
