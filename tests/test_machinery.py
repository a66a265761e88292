"""Machine-translation engines against stub servers on 127.0.0.1: masking, batching,
concurrency, cache, and every fault (timeouts, 429, 500, garbled placeholders, empty answers).

Nothing here reaches the internet: the socket guard fails any other connection.
"""

from __future__ import annotations

import inspect
import re
import threading
import time
import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
from deep_translator import GoogleTranslator, MicrosoftTranslator, MyMemoryTranslator
from deep_translator import google as google_module
from deep_translator import microsoft as microsoft_module
from deep_translator import mymemory as mymemory_module
from deep_translator.base import BaseTranslator

from tests.stubs import (
    MYMEMORY_QUOTA,
    Fault,
    StubServer,
    drop_first_token,
    loopback_only,
    pseudo,
)
from translate_app.errors import ConfigurationError, TranslateAppError
from translate_app.machinery import (
    Draft,
    EngineSettings,
    Item,
    MachineTranslationError,
    MemoryCache,
    OutboundEntry,
    PlaceholderError,
    RetryPolicy,
    UnusableOutputError,
    create,
)
from translate_app.machinery.base import Engine
from translate_app.machinery.http import SHIM, TransportError, install_shim

TERM = "Maksym Makhrinov"
ENDPOINTS = {"libre": "", "google": "/m", "mymemory": "/get"}


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer(latency=0.002) as server:
        yield server


class Waits(list[float]):
    """Records the waits of a retry policy instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def engine_for(
    name: str,
    stub: StubServer,
    *,
    log: list[OutboundEntry] | None = None,
    waits: Waits | None = None,
    **settings: Any,
) -> Engine:
    retry = RetryPolicy(
        attempts=3,
        base=0.001,
        cap=0.004,
        max_wait=5,
        sleep=waits if waits is not None else time.sleep,
    )
    options: dict[str, Any] = {"timeout": 2.0, "retry": retry, **settings}
    return create(
        name,
        EngineSettings(url=stub.url + ENDPOINTS[name], **options),
        cache=MemoryCache(),
        log=log.append if log is not None else None,
        terms=[TERM],
    )


def run(engine: Engine, items: list[Item], target: str = "uk") -> dict[str, Draft]:
    with engine:
        return {d.key: d for d in engine.translate(items, "en", target)}


ITEMS = [
    Item("k1", "Hello <g1>world</g1>, said Maksym Makhrinov."),
    Item("k2", "Plain <x1/> & text < 3."),
    Item("k3", "Makhrinov blew himself up."),
]


# -- every engine: placeholders and protected terms -----------------------------------


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_engine_restores_placeholders_and_terms_exactly(name: str, stub: StubServer) -> None:
    drafts = run(engine_for(name, stub), ITEMS)
    assert {k: d.text for k, d in drafts.items()} == {i.key: pseudo(i.text, "uk") for i in ITEMS}
    assert all(d.origin == f"mt:{name}" and d.error is None for d in drafts.values())


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_protected_term_never_leaves_the_machine(name: str, stub: StubServer) -> None:
    drafts = run(engine_for(name, stub), ITEMS)
    assert TERM in (drafts["k1"].text or "")
    assert "Makhrinov" in (drafts["k3"].text or "")
    assert stub.requests
    for request in stub.requests:
        assert "Makhrinov" not in request.raw and "Maksym" not in request.raw
        assert "Makhrinov" not in request.raw.replace("+", " ")


def test_libre_sends_tags_in_html_mode_and_batches(stub: StubServer) -> None:
    items = [Item(f"k{i}", f"Sentence <g1>number</g1> {i}.") for i in range(120)]
    drafts = run(engine_for("libre", stub, batch_size=50), items)
    assert all(d.ok for d in drafts.values())
    sent = stub.sent("libre")
    assert sorted(len(r.texts) for r in sent) == [20, 50, 50]
    assert '"format": "html"' in sent[0].body and "<g1>number</g1>" in sent[0].body


def test_libre_respects_the_character_limit(stub: StubServer) -> None:
    items = [Item(f"k{i}", "word " * 50 + str(i)) for i in range(10)]
    run(engine_for("libre", stub, batch_chars=600), items)
    assert all(sum(len(t) for t in r.texts) <= 600 for r in stub.sent("libre"))
    assert len(stub.sent("libre")) == 5


def test_identical_texts_are_sent_once_and_the_cache_pays_nothing_twice(
    stub: StubServer,
) -> None:
    engine = engine_for("google", stub)
    items = [Item("a", "Same sentence."), Item("b", "Same sentence."), Item("c", "Other one.")]
    first = run(engine, items)
    assert len(stub.requests) == 2 and all(d.ok and not d.cached for d in first.values())
    again = list(engine.translate(items, "en", "uk"))
    assert len(stub.requests) == 2, "a cached sentence is never sent again"
    assert all(d.cached and d.ok for d in again)
    assert engine.plan(items, "en", "uk").requests == []


def test_plan_shows_exactly_what_would_be_sent(stub: StubServer) -> None:
    engine = engine_for("libre", stub)
    plan = engine.plan([*ITEMS, Item("k4", "<x1/>"), Item("k5", TERM)], "en", "uk")
    assert stub.requests == []
    (request,) = plan.requests
    assert request.keys == (("k1",), ("k2",), ("k3",)) and request.segment_keys == (
        "k1",
        "k2",
        "k3",
    )
    assert request.texts[0] == "Hello <g1>world</g1>, said <x2/>."
    assert request.texts[2] == "<x1/> blew himself up."
    assert {d.key for d in plan.refused} == {"k4", "k5"}  # nothing left to translate
    assert "nothing to translate" in str(plan.refused[0].error)


def test_concurrency_is_bounded_and_clients_are_per_thread(stub: StubServer) -> None:
    """deep-translator instances are not thread-safe: one per thread, no crossed answers."""
    stub.latency = 0.01
    active, peak, lock = [0], [0], threading.Lock()
    original = stub.translate

    def counting(text: str, target: str) -> str:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.01)
        with lock:
            active[0] -= 1
        return original(text, target)

    stub.translate = counting
    items = [Item(f"k{i}", f"Sentence number {i}.") for i in range(60)]
    drafts = run(engine_for("google", stub, concurrency=4), items)
    assert {k: d.text for k, d in drafts.items()} == {i.key: pseudo(i.text, "uk") for i in items}
    assert 2 <= peak[0] <= 4


def test_the_shim_leaves_other_users_of_deep_translator_alone(stub: StubServer) -> None:
    run(engine_for("google", stub), ITEMS[:1])  # installs the shim in deep_translator.google
    naive = GoogleTranslator(source="en", target="de")
    naive._base_url = stub.url + "/m"
    assert naive.translate("Good morning.") == "de«Good morning.»"


# -- deep-translator 1.11.4: the surface our two patches rely on -----------------------
# The library has no timeout and no URL argument (see machinery/deeptranslator.py): we
# replace each provider module's ``requests`` and set ``_base_url``.  These tests fail
# when an upgrade changes what that relies on.

PROVIDERS = [
    (google_module, GoogleTranslator, "GOOGLE_TRANSLATE"),
    (mymemory_module, MyMemoryTranslator, "MYMEMORY"),
    (microsoft_module, MicrosoftTranslator, "MICROSOFT_TRANSLATE"),
]


def test_deep_translator_is_pinned_at_the_version_read() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert "deep-translator==1.11.4" in pyproject["project"]["dependencies"]
    assert version("deep-translator") == "1.11.4"


@pytest.mark.parametrize(("module", "provider", "key"), PROVIDERS)
def test_deep_translator_providers_call_their_modules_requests_with_no_timeout(
    module: ModuleType, provider: type[Any], key: str
) -> None:
    assert module.requests in {requests, SHIM}  # the module-level name the shim replaces
    translate = inspect.getsource(provider.translate)
    assert re.search(r"\brequests\.(get|post)\(", translate)
    assert "timeout" not in translate and "session" not in translate.lower()
    assert "self._base_url" in translate  # the attribute a configured URL is set on
    assert f'BASE_URLS.get("{key}")' in inspect.getsource(provider.__init__)
    arguments = set(inspect.signature(provider.__init__).parameters)
    assert not arguments & {"timeout", "session", "base_url", "url", "custom_url"}


def test_deep_translator_base_keeps_the_url_in_base_url() -> None:
    assert "self._base_url = base_url" in inspect.getsource(BaseTranslator.__init__)
    assert GoogleTranslator(source="en", target="de")._base_url == google_module.BASE_URLS.get(
        "GOOGLE_TRANSLATE"
    )


@pytest.mark.parametrize("name", ["google", "mymemory"])
def test_deep_translator_requests_carry_the_timeout(name: str, stub: StubServer) -> None:
    stub.fault(name, Fault(delay=0.8))
    with engine_for(name, stub, timeout=0.1) as engine:
        started = time.perf_counter()
        with pytest.raises(TransportError) as caught:
            engine.send(["Good morning."], engine.language("en"), engine.language("uk"))
        elapsed = time.perf_counter() - started
    assert caught.value.timeout and elapsed < 0.6
    assert {"google": google_module, "mymemory": mymemory_module}[name].requests is SHIM
    assert [c.path for c in stub.sent(name)] == [ENDPOINTS[name]]  # the configured address


def test_the_shim_refuses_a_module_without_its_own_requests() -> None:
    changed = ModuleType("deep_translator.changed")
    with pytest.raises(ConfigurationError, match="no longer calls a module-level requests"):
        install_shim(changed)
    assert not hasattr(changed, "requests")


# -- faults ---------------------------------------------------------------------------


def test_timeout_is_retried(stub: StubServer) -> None:
    log: list[OutboundEntry] = []
    stub.fault("libre", Fault(delay=0.6))
    drafts = run(engine_for("libre", stub, log=log, timeout=0.2), ITEMS)
    assert all(d.ok for d in drafts.values())
    assert [e.outcome for e in log] == ["retry", "ok"]
    assert log[0].status_code is None and log[1].status_code == 200


def test_timeouts_exhausted_are_reported_and_nothing_is_stored(stub: StubServer) -> None:
    log: list[OutboundEntry] = []
    stub.fault("google", Fault(delay=0.4), times=3)
    engine = engine_for("google", stub, log=log, timeout=0.1, concurrency=1)
    drafts = run(engine, ITEMS[:1])
    error = drafts["k1"].error
    assert drafts["k1"].text is None and isinstance(error, MachineTranslationError)
    assert error.retryable and error.keys == ("k1",) and "no answer within 0.1 s" in str(error)
    assert [e.outcome.split(":")[0] for e in log] == ["retry", "retry", "error"]
    assert engine.cache.get_many("google", "en", "uk", ["Hello [X1X]world[X2X], said [X3X]."]) == {}


def test_429_honours_retry_after(stub: StubServer) -> None:
    waits, log = Waits(), []
    stub.fault("libre", Fault(status=429, retry_after="2"))
    drafts = run(engine_for("libre", stub, log=log, waits=waits), ITEMS)
    assert all(d.ok for d in drafts.values())
    assert [e.outcome for e in log] == ["retry", "ok"] and log[0].status_code == 429
    assert len(waits) == 1 and 1.8 <= waits[0] <= 2.3  # the retry hold waited for the server's time


def test_429_with_a_retry_after_too_long_is_reported_not_waited(stub: StubServer) -> None:
    waits, log = Waits(), []
    stub.fault("libre", Fault(status=429, retry_after="3600"))
    drafts = run(engine_for("libre", stub, log=log, waits=waits), ITEMS)
    assert not any(d.ok for d in drafts.values()) and waits == []
    error = drafts["k1"].error
    assert error is not None and error.status == 429 and "wait 3600 s" in str(error)
    assert len(stub.requests) == 1


def test_server_errors_are_retried_with_backoff(stub: StubServer) -> None:
    waits, log = Waits(), []
    stub.fault("mymemory", Fault(status=500), Fault(status=503))
    drafts = run(engine_for("mymemory", stub, log=log, waits=waits, concurrency=1), ITEMS[:1])
    assert drafts["k1"].ok
    assert [e.outcome for e in log] == ["retry", "retry", "ok"]
    assert [e.status_code for e in log] == [500, 503, 200]
    assert len(waits) == 2 and all(0 < w <= 0.004 for w in waits)


def test_persistent_500_is_reported_with_engine_and_keys(stub: StubServer) -> None:
    stub.fault("libre", Fault(status=500, body='{"error": "boom"}'), times=3)
    engine = engine_for("libre", stub)
    drafts = run(engine, ITEMS)
    for key, draft in drafts.items():
        assert draft.text is None and draft.error is not None
        assert draft.error.keys == (key,) and draft.error.status == 500
        assert str(draft.error).startswith("libre: server error (HTTP 500)")
    assert len(stub.requests) == 3
    assert engine.plan(ITEMS, "en", "uk").requests, "failures are not cached"


def test_forbidden_stops_the_run(stub: StubServer) -> None:
    stub.api_key = "secret"  # and the engine has none
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(20)]
    drafts = run(engine_for("libre", stub, batch_size=1, concurrency=1), items)
    assert not any(d.ok for d in drafts.values())
    first = drafts["k0"].error
    assert first is not None and first.fatal and first.status == 403
    assert "not authorized (HTTP 403): check the API key" in str(first)
    assert len(stub.sent("libre")) == 1, "a fatal error stops further requests"
    assert all("not sent" in str(drafts[f"k{i}"].error) for i in range(1, 20))


def test_refused_connection_is_mapped_to_our_error(stub: StubServer) -> None:
    engine = engine_for("google", stub)
    stub.stop()
    drafts = run(engine, ITEMS[:1])
    error = drafts["k1"].error
    assert isinstance(error, MachineTranslationError) and isinstance(error, TranslateAppError)
    assert error.engine == "google" and "connection failed" in str(error)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_garbled_placeholder_is_flagged_and_not_stored(name: str, stub: StubServer) -> None:
    stub.fault(name, Fault(translate=drop_first_token), times=10)
    engine = engine_for(name, stub)
    drafts = run(engine, ITEMS[:1])
    error = drafts["k1"].error
    assert drafts["k1"].text is None and isinstance(error, PlaceholderError)
    assert "lost" in str(error) or "missing" in str(error)
    assert engine.plan(ITEMS[:1], "en", "uk").requests, "a garbled answer is not cached"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Hello world, said <x2/>.", "lost </g1>, <g1>"),  # dropped paired tags
        ("<g1>Hello</g1> <g1>world</g1>, <x2/>.", "unexpected </g1>, <g1>"),
        ("Hello </g1>world<g1>, said <x2/>.", "comes before"),
        ("Hello <g1>world</g1>, said <x2></x2> and <x9/>.", "unexpected <x9/>"),
    ],
)
def test_libre_answers_with_broken_tags_are_refused(
    answer: str, expected: str, stub: StubServer
) -> None:
    stub.fault("libre", Fault(use_raw=True, raw_answer=answer))
    drafts = run(engine_for("libre", stub), ITEMS[:1])
    assert drafts["k1"].text is None and expected in str(drafts["k1"].error)


def test_libre_answer_forms_html_engines_produce_are_accepted(stub: StubServer) -> None:
    answer = "Привіт <G1>світ</G1>, сказав <x2></x2> &amp; ще."
    stub.fault("libre", Fault(use_raw=True, raw_answer=answer))
    drafts = run(engine_for("libre", stub), ITEMS[:1])
    assert drafts["k1"].text == f"Привіт <g1>світ</g1>, сказав {TERM} & ще."


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@pytest.mark.parametrize("answer", ["", "   ", None])
def test_empty_or_missing_answers_are_never_stored(
    name: str, answer: str | None, stub: StubServer
) -> None:
    stub.fault(name, Fault(use_raw=True, raw_answer=answer), times=5)
    engine = engine_for(name, stub)
    drafts = run(engine, ITEMS[1:2])
    assert drafts["k2"].text is None and drafts["k2"].error is not None
    assert engine.plan(ITEMS[1:2], "en", "uk").requests


def test_mymemory_quota_warning_is_an_error_not_a_translation(stub: StubServer) -> None:
    stub.fault("mymemory", Fault(use_raw=True, raw_answer=MYMEMORY_QUOTA), times=50)
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(10)]
    engine = engine_for("mymemory", stub, concurrency=1)
    drafts = run(engine, items)
    assert not any(d.ok for d in drafts.values())
    error = drafts["k0"].error
    assert isinstance(error, UnusableOutputError) and error.fatal
    assert "MYMEMORY WARNING" in str(error)
    assert len(stub.requests) == 1, "the quota is used up: stop asking"


def test_mymemory_refuses_long_texts_before_sending(stub: StubServer) -> None:
    drafts = run(engine_for("mymemory", stub), [Item("long", "word " * 120)])
    assert "too long for mymemory (600 characters, limit 500)" in str(drafts["long"].error)
    assert stub.requests == []


# -- configuration ----------------------------------------------------------------------


def test_unknown_engine_and_missing_settings_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match=r"unknown engine 'babel'.*google"):
        create("babel")
    with pytest.raises(ConfigurationError, match=r"TRANSLATE_APP_LIBRE_URL.*docker run"):
        create("libre")
    with pytest.raises(ConfigurationError, match="TRANSLATE_APP_DEEPL_KEY"):
        create("deepl")
    with pytest.raises(ConfigurationError, match="TRANSLATE_APP_MICROSOFT_KEY"):
        create("microsoft")


def test_settings_from_the_environment() -> None:
    env = {
        "TRANSLATE_APP_LIBRE_URL": "http://127.0.0.1:5001/",
        "TRANSLATE_APP_LIBRE_BATCH_SIZE": "20",
        "TRANSLATE_APP_MT_TIMEOUT": "2.5",
        "TRANSLATE_APP_MT_RETRIES": "2",
        "TRANSLATE_APP_DEEPL_KEY": "k:fx",
    }
    libre = EngineSettings.from_config(env, "libre")
    assert (libre.url, libre.batch_size, libre.timeout, libre.retry.attempts) == (
        "http://127.0.0.1:5001/", 20, 2.5, 2,
    )  # fmt: skip
    assert EngineSettings.from_config(env, "libre", url="http://127.0.0.1:9/").url.endswith(":9/")
    assert EngineSettings.from_config(env, "deepl").api_key == "k:fx"
    with pytest.raises(ConfigurationError, match="TRANSLATE_APP_MT_TIMEOUT"):
        EngineSettings.from_config({"TRANSLATE_APP_MT_TIMEOUT": "soon"}, "google")


def test_memory_engine_drafts_from_matches_above_the_threshold() -> None:
    class Match:
        def __init__(self, score: float, target: str) -> None:
            self.score, self.target, self.quality = score, target, 20

    table = {
        "Hello <g1>world</g1>.": [Match(100, "Привіт, <g1>світе</g1>.")],
        "Hello world, again.": [Match(88.4, "Привіт, світе, знову.")],
        "Other <x1/> text.": [Match(80, "Інший текст.")],  # the match lost the placeholder
    }
    calls: list[dict[str, Any]] = []

    def lookup(session: Any, source: str, sl: str, tl: str, **kw: Any) -> list[Match]:
        calls.append({"source": source, "langs": (sl, tl), **kw})
        return [m for m in table.get(source, []) if m.score >= kw["threshold"]]

    engine = create("memory", EngineSettings(threshold=80), session=object(), lookup=lookup)
    items = [Item("a", "Hello <g1>world</g1>."), Item("b", "Hello world, again.")]
    items += [Item("c", "Other <x1/> text."), Item("d", "Nothing like it.")]
    drafts = run(engine, items)
    assert (drafts["a"].text, drafts["a"].origin) == ("Привіт, <g1>світе</g1>.", "tm:100")
    assert (drafts["b"].text, drafts["b"].origin) == ("Привіт, світе, знову.", "tm:88")
    assert isinstance(drafts["c"].error, PlaceholderError) and drafts["c"].text is None
    assert "no memory match scoring 80" in str(drafts["d"].error)
    assert calls[0]["langs"] == ("en", "uk") and calls[0]["threshold"] == 80
    assert engine.plan(items, "en", "uk").requests == []


def test_a_caller_stopping_early_still_gets_every_sent_request_logged(stub: StubServer) -> None:
    log: list[OutboundEntry] = []
    stub.latency = 0.02
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(40)]
    engine = engine_for("google", stub, log=log, concurrency=4)
    with engine:
        for _ in engine.translate(items, "en", "uk"):
            break
    assert len(stub.requests) < 40, "nothing more is sent once the caller stops"
    assert sorted(k for e in log for k in e.segment_keys) == sorted(
        r.texts[0].split()[1].rstrip(".").join(["k", ""]) for r in stub.requests
    )


@pytest.mark.parametrize(
    ("name", "ours", "theirs"),
    [
        ("google", "uk", "uk"),
        ("google", "pt_BR", "pt"),
        ("google", "zh-TW", "zh-TW"),
        ("google", "he", "iw"),
        ("mymemory", "uk", "uk-UA"),
        ("mymemory", "en", "en-GB"),
        ("mymemory", "de", "de-DE"),
        ("libre", "pt_BR", "pb"),
        ("libre", "uk", "uk"),
    ],
)
def test_language_codes_per_engine(name: str, ours: str, theirs: str) -> None:
    engine = create(name, EngineSettings(url="http://127.0.0.1:9/"))
    assert engine.language(ours) == theirs
