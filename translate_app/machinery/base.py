"""The base of every engine: what they all need, so that each engine stays small.

A concrete engine names itself, says how it writes masked parts
(:class:`MarkerStyle`), how many texts fit in one request, and implements
:meth:`Engine.send` (one request, in a worker thread, with a per-thread client).
The base does the rest:

- masking of placeholders and protected terms, and exact restoration; an answer
  that lost a placeholder is reported, never returned as a translation;
- identical texts sent once; answers cached (never paid for twice);
- batching into requests within the engine's limits;
- bounded concurrency (a thread pool of ``settings.concurrency``) with one
  client per thread (deep-translator's translators are not thread-safe);
- timeouts, retries with exponential backoff and jitter on 429, 5xx, timeouts
  and refused connections, honouring ``Retry-After`` for every thread;
- every library error mapped to :class:`MachineTranslationError` (engine, segment keys);
- every attempt reported to the outbound log.

Results stream out as requests complete, so a caller can save and commit as it goes.

The pieces live in modules that never import this one: ``masking``, ``planning``
(merging, batching), ``attempts`` (the retry loop, given an engine as a ``Sender``),
``failures`` (what a failure means), ``limits`` (pacing, ``Retry-After`` holds).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, ClassVar
from urllib.parse import urlsplit

from translate_app.machinery.attempts import Outcome, send_with_retries
from translate_app.machinery.cache import Cache, MemoryCache
from translate_app.machinery.errors import MachineTranslationError, UnusableOutputError
from translate_app.machinery.failures import RequestFailure
from translate_app.machinery.http import HttpClient
from translate_app.machinery.limits import Pacer, make_pacer
from translate_app.machinery.masking import MarkerStyle, Masker
from translate_app.machinery.planning import batches, prepare
from translate_app.machinery.settings import EngineSettings
from translate_app.machinery.units import (
    Draft,
    Item,
    OutboundEntry,
    OutgoingText,
    Plan,
    PlannedRequest,
)
from translate_app.segment import characters

__all__ = ["Engine", "OutboundLog"]

OutboundLog = Callable[[OutboundEntry], None]
"""Receives every attempt, in the thread that iterates :meth:`Engine.translate`."""


class Engine(ABC):
    """A machine-translation engine (see the module docstring for what the base does)."""

    name: ClassVar[str]
    """Registered name (``google``); origins are ``mt:<name>``."""
    style: ClassVar[MarkerStyle] = MarkerStyle.OPAQUE
    default_url: ClassVar[str] = ""
    max_batch: ClassVar[int] = 1
    """Texts per request (1: the engine takes one text at a time)."""
    max_chars: ClassVar[int] = 5000
    """Characters per request."""
    max_text_chars: ClassVar[int | None] = None
    """Longest single text the engine accepts; longer ones are refused before sending."""
    max_concurrency: ClassVar[int] = 16
    languages: ClassVar[dict[str, str]] = {}
    """Our language codes -> the engine's, where they differ."""
    local: ClassVar[bool] = False
    """Answers from this machine (the memory): needs a database session, sends nothing."""

    def __init__(
        self,
        settings: EngineSettings | None = None,
        *,
        cache: Cache | None = None,
        log: OutboundLog | None = None,
        terms: Sequence[str] = (),
    ) -> None:
        self.settings = settings or EngineSettings()
        self.cache: Cache = cache if cache is not None else MemoryCache()
        self.log = log
        self.masker = Masker(terms, self.style)
        self._local = threading.local()
        self._clients: list[Any] = []
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        settings = self.settings
        self.pacer: Pacer = make_pacer(
            self.name, settings.rate, settings.redis_url or None, settings.retry.sleep
        )
        """Holds every request back while a server's ``Retry-After`` runs, and paces requests
        (shared by all processes through Redis when ``REDIS_URL`` is set)."""
        self.check_settings()

    # -- what a concrete engine provides ------------------------------------------------

    def check_settings(self) -> None:  # noqa: B027 -- optional hook, most engines need nothing
        """Raise ``ConfigurationError`` when the engine cannot work with its settings."""

    @abstractmethod
    def send(self, texts: list[str], source: str, target: str) -> list[Any]:
        """Translate ``texts`` (masked) in one request; runs in a worker thread."""

    def new_client(self, source: str, target: str) -> Any:
        """A client for this thread and language pair (default: :meth:`http`)."""
        return self.http()

    def classify(self, exc: Exception) -> RequestFailure:
        """What a library exception means (override for the library's own classes)."""
        return RequestFailure(f"{type(exc).__name__}: {exc}")

    def check_output(self, sent: str, answer: Any) -> str:
        """The answer as text, or raise :class:`UnusableOutputError` (override to add checks)."""
        if not isinstance(answer, str):
            raise self.error(f"no translation in the answer ({answer!r})", UnusableOutputError)
        if not answer.strip() and sent.strip():
            raise self.error("empty answer", UnusableOutputError)
        refused = characters.problems(answer, what="the answer")
        if refused:  # never cached, never saved (PostgreSQL cannot even store a NUL)
            raise self.error(refused[0], UnusableOutputError)
        return answer

    def language(self, code: str) -> str:
        """The engine's code for our language ``code`` (``pt_BR`` -> ``pt-br``...)."""
        code = code.replace("_", "-")
        return self.languages.get(code, self.languages.get(code.split("-")[0], code.lower()))

    # -- public API ---------------------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"mt:{self.name}"

    @property
    def url(self) -> str:
        return self.settings.url or self.default_url

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc or self.name

    def translate(
        self, items: Sequence[Item], source: str, target: str
    ) -> Generator[Draft, None, None]:
        """Translate ``items``; drafts come out as their requests complete (any order)."""
        codes = (self.language(source), self.language(target))
        outgoing, refused = self._prepare(items)
        yield from refused
        hits = self.cache.get_many(self.name, source, target, [t.text for t in outgoing])
        misses = []
        for text in outgoing:
            if text.text in hits:
                yield from self._finish(text, hits[text.text], cached=True)
            else:
                misses.append(text)
        requests = batches(misses, self.batch_size, self.batch_chars)
        yield from self._run(requests, (source, target), codes)

    def plan(self, items: Sequence[Item], source: str, target: str) -> Plan:
        """The requests :meth:`translate` would send now, sending nothing."""
        self.language(source), self.language(target)
        outgoing, refused = self._prepare(items)
        hits = self.cache.get_many(self.name, source, target, [t.text for t in outgoing])
        misses = [t for t in outgoing if t.text not in hits]
        planned = [
            PlannedRequest(tuple(t.text for t in req), tuple(tuple(t.keys) for t in req))
            for req in batches(misses, self.batch_size, self.batch_chars)
        ]
        cached = sum(len(t.members) for t in outgoing if t.text in hits)
        return Plan(planned, cached, refused)

    @property
    def batch_size(self) -> int:
        return max(1, min(self.settings.batch_size or self.max_batch, self.max_batch))

    @property
    def batch_chars(self) -> int:
        return max(1, self.settings.batch_chars or self.max_chars)

    def error(
        self, message: str, kind: type[MachineTranslationError] = MachineTranslationError, **kw: Any
    ) -> MachineTranslationError:
        """An error of this engine."""
        return kind(message, engine=self.name, **kw)

    def http(self) -> HttpClient:
        """This thread's HTTP client (a session with the configured timeout)."""
        client: HttpClient | None = getattr(self._local, "http", None)
        if client is None:
            client = self._local.http = HttpClient(self.settings.timeout)
            with self._lock:
                self._clients.append(client)
        return client

    def client(self, source: str, target: str) -> Any:
        """This thread's client for the language pair (made by :meth:`new_client`)."""
        clients: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("clients", {})
        if (source, target) not in clients:
            client = clients[(source, target)] = self.new_client(source, target)
            with self._lock:
                if not any(c is client for c in self._clients):
                    self._clients.append(client)  # closed by close()
        return clients[(source, target)]

    def last_status(self) -> int | None:
        """HTTP status of this thread's last answer."""
        client: HttpClient | None = getattr(self._local, "http", None)
        return client.last_status if client is not None else None

    def close(self) -> None:
        """Stop the worker threads and close the connections."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        with self._lock:
            clients, self._clients = self._clients, []
        for client in clients:
            close = getattr(client, "close", None)
            if callable(close):
                close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the machinery ------------------------------------------------------------------

    def _prepare(self, items: Sequence[Item]) -> tuple[list[OutgoingText], list[Draft]]:
        """Masked texts to send, and the items refused (:func:`~.planning.prepare`)."""
        return prepare(
            items, self.masker, engine=self.name, origin=self.origin, limit=self.max_text_chars
        )

    def _finish(self, sent: OutgoingText, answer: Any, *, cached: bool = False) -> Iterator[Draft]:
        """Drafts of the items ``sent`` stands for, from the engine's answer (checked, restored)."""
        for item, masked in sent.members:
            try:
                text = self.check_output(sent.text, answer)
                restored = masked.restore(text, engine=self.name, key=item.key)
            except MachineTranslationError as exc:
                yield Draft(item.key, item.text, None, self.origin, exc.for_keys([item.key]))
            else:
                yield Draft(item.key, item.text, restored, self.origin, cached=cached)

    def _run(
        self, requests: list[list[OutgoingText]], langs: tuple[str, str], codes: tuple[str, str]
    ) -> Iterator[Draft]:
        if not requests:
            return
        stop = threading.Event()
        pool = self._executor()
        futures = {
            pool.submit(send_with_retries, self, req, langs, codes, stop) for req in requests
        }
        try:
            for future in as_completed(futures):
                futures.discard(future)
                outcome = future.result()
                self._log_attempts(outcome)
                yield from self._settle(outcome, langs, stop)
        finally:  # the caller stopped early: send nothing more; log and keep what was paid for
            stop.set()
            for future in futures:
                if not future.cancel():
                    outcome = future.result()
                    self._log_attempts(outcome)
                    self._settle(outcome, langs, stop)

    def _log_attempts(self, outcome: Outcome) -> None:
        if self.log is not None:
            for entry in outcome.attempts:
                self.log(entry)

    def _settle(
        self, outcome: Outcome, langs: tuple[str, str], stop: threading.Event
    ) -> list[Draft]:
        """The drafts of a completed request; good answers go to the cache first."""
        if outcome.error is not None or outcome.answers is None:
            error = outcome.error or self.error("no answer")
            if error.fatal:
                stop.set()
            return [
                Draft(item.key, item.text, None, self.origin, error.for_keys([item.key]))
                for sent in outcome.request
                for item, _ in sent.members
            ]
        good: dict[str, str] = {}
        drafts: list[Draft] = []
        for sent, answer in zip(outcome.request, outcome.answers, strict=True):
            found = list(self._finish(sent, answer))
            if any(d.ok for d in found):
                good[sent.text] = answer
            elif any(d.error is not None and d.error.fatal for d in found):
                stop.set()
            drafts.extend(found)
        if good:  # kept before anything is saved: a crash after a save never pays again
            self.cache.put_many(self.name, langs[0], langs[1], good)
        return drafts

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            workers = max(1, min(self.settings.concurrency, self.max_concurrency))
            self._pool = ThreadPoolExecutor(workers, thread_name_prefix=f"mt-{self.name}")
        return self._pool
