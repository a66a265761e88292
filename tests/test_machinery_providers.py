"""The providers at their real addresses, answered by ``responses`` (an unmatched URL
raises, and the socket guard fails any real connection): Google, MyMemory,
Microsoft (deep-translator) and DeepL (official package), with their faults.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from tests.stubs import loopback_only
from translate_app.machinery import (
    Draft,
    EngineSettings,
    Item,
    MemoryCache,
    OutboundEntry,
    RetryPolicy,
    create,
)
from translate_app.machinery import microsoft as microsoft_engine
from translate_app.machinery.base import Engine

GOOGLE = "https://translate.google.com/m"
MYMEMORY = "http://api.mymemory.translated.net/get"
MS_LANGUAGES = re.compile(r"https://api\.cognitive\.microsofttranslator\.com/languages.*")
MS_TRANSLATE = re.compile(r"https://api\.cognitive\.microsofttranslator\.com/translate.*")
DEEPL_FREE = "https://api-free.deepl.com/v2/translate"
TERM = "Olena Kovalenko"


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def engine(
    name: str, *, log: list[OutboundEntry] | None = None, waits: Waits | None = None, **kw: Any
) -> Engine:
    retry = RetryPolicy(
        attempts=3, base=0.001, cap=0.002, sleep=waits if waits is not None else time.sleep
    )
    return create(
        name,
        EngineSettings(retry=retry, timeout=1.0, **kw),
        cache=MemoryCache(),
        log=log.append if log is not None else None,
        terms=[TERM],
    )


def run(eng: Engine, items: list[Item], target: str = "uk") -> dict[str, Draft]:
    with eng:
        return {d.key: d for d in eng.translate(items, "en", target)}


def google_page(text: str) -> str:
    return f'<html><body><div class="result-container">{text}</div></body></html>'


def body_texts(call: Any) -> str:
    request = call.request
    body = request.body.decode() if isinstance(request.body, bytes) else request.body or ""
    return f"{request.url} {body}"


ITEMS = [Item("a", "Hello <g1>world</g1>, said Olena Kovalenko."), Item("b", "Second <x1/>.")]


# -- Google (web page) ------------------------------------------------------------------


def test_google_markers_survive_and_the_term_is_not_sent(mock: responses.RequestsMock) -> None:
    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        from urllib.parse import parse_qs, urlsplit

        q = parse_qs(urlsplit(request.url).query)["q"][0]
        return 200, {}, google_page("UK " + q.replace("Hello", "Привіт"))

    mock.add_callback(responses.GET, GOOGLE, callback=answer)
    drafts = run(engine("google"), ITEMS)
    assert drafts["a"].text == "UK Привіт <g1>world</g1>, said Olena Kovalenko."
    assert drafts["b"].text == "UK Second <x1/>."
    assert len(mock.calls) == 2
    assert not any("Kovalenko" in body_texts(c) for c in mock.calls)


def test_google_429_is_retried_after_the_servers_delay(mock: responses.RequestsMock) -> None:
    waits, log = Waits(), []
    mock.get(GOOGLE, status=429, headers={"Retry-After": "1"})
    mock.get(GOOGLE, body=google_page("Друге [X1X]."))
    drafts = run(engine("google", waits=waits, log=log), ITEMS[1:])
    assert drafts["b"].text == "Друге <x1/>."
    assert [e.outcome for e in log] == ["retry", "ok"] and waits and waits[0] >= 1.0


def test_google_page_without_a_result_is_an_error_not_retried(
    mock: responses.RequestsMock,
) -> None:
    mock.get(GOOGLE, body="<html><body>consent page</body></html>")
    drafts = run(engine("google"), ITEMS[1:])
    assert drafts["b"].text is None
    assert "no translation found in the answer" in str(drafts["b"].error)
    assert len(mock.calls) == 1


def test_google_404_says_what_it_is(mock: responses.RequestsMock) -> None:
    """deep-translator would call this "daily character limit exceeded"."""
    mock.get(GOOGLE, status=404, body="Not Found")
    drafts = run(engine("google"), ITEMS[1:])
    assert "refused (HTTP 404): Not Found" in str(drafts["b"].error)
    assert "limit" not in str(drafts["b"].error)


# -- MyMemory ------------------------------------------------------------------------------


def test_mymemory_uses_locale_codes_and_plain_http(mock: responses.RequestsMock) -> None:
    mock.get(
        MYMEMORY,
        json={"responseData": {"translatedText": "Друге [X1X]."}, "responseStatus": 200},
        match=[
            responses.matchers.query_param_matcher(
                {"langpair": "en-GB|uk-UA", "q": "Second [X1X]."}
            )
        ],
    )
    drafts = run(engine("mymemory"), ITEMS[1:])
    assert drafts["b"].text == "Друге <x1/>."


def test_mymemory_quota_warning_stops_the_run(mock: responses.RequestsMock) -> None:
    warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
    mock.get(MYMEMORY, json={"responseData": {"translatedText": warning}, "responseStatus": 429})
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(6)]
    drafts = run(engine("mymemory", concurrency=1), items)
    assert not any(d.ok for d in drafts.values())
    assert len(mock.calls) == 1


# -- Microsoft -------------------------------------------------------------------------


@pytest.fixture
def microsoft(mock: responses.RequestsMock) -> responses.RequestsMock:
    microsoft_engine._Translator._known = None
    mock.get(
        MS_LANGUAGES, json={"translation": {"en": {"name": "English"}, "uk": {"name": "Ukrainian"}}}
    )
    return mock


def test_microsoft_translates_with_one_language_list_per_process(
    microsoft: responses.RequestsMock,
) -> None:
    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        (entry,) = json.loads(request.body)
        return (
            200,
            {},
            json.dumps([{"translations": [{"text": "UK " + entry["text"], "to": "uk"}]}]),
        )

    microsoft.add_callback(responses.POST, MS_TRANSLATE, callback=answer)
    items = [Item(f"k{i}", f"Sentence <g1>{i}</g1>.") for i in range(12)]
    drafts = run(engine("microsoft", api_key="k", region="westeurope", concurrency=4), items)
    assert all(
        d.text == f"UK Sentence <g1>{i}</g1>."
        for i, d in enumerate(drafts[f"k{i}"] for i in range(12))
    )
    language_calls = [c for c in microsoft.calls if "/languages" in c.request.url]
    assert len(language_calls) == 1, "the constructor's network call happens once, not per thread"
    sent = [c for c in microsoft.calls if "/translate" in c.request.url]
    assert sent[0].request.headers["Ocp-Apim-Subscription-Key"] == "k"
    assert sent[0].request.headers["Ocp-Apim-Subscription-Region"] == "westeurope"


def test_microsoft_401_stops_the_run(microsoft: responses.RequestsMock) -> None:
    microsoft.post(MS_TRANSLATE, status=401, json={"error": {"code": 401000, "message": "bad key"}})
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(5)]
    drafts = run(engine("microsoft", api_key="wrong", concurrency=1), items)
    assert drafts["k0"].error is not None and drafts["k0"].error.fatal
    assert len([c for c in microsoft.calls if "/translate" in c.request.url]) == 1


# -- DeepL ---------------------------------------------------------------------------------


def deepl_answer(request: Any) -> tuple[int, dict[str, str], str]:
    data = json.loads(request.body)
    out = [{"text": "UK " + t, "detected_source_language": "EN", "billed_characters": len(t)}
           for t in data["text"]]  # fmt: skip
    return 200, {}, json.dumps({"translations": out})


def test_deepl_batches_with_xml_tags_and_masks_terms(mock: responses.RequestsMock) -> None:
    mock.add_callback(responses.POST, DEEPL_FREE, callback=deepl_answer)
    items = [*ITEMS, *(Item(f"k{i}", f"Sentence {i}.") for i in range(60))]
    drafts = run(engine("deepl", api_key="abc:fx"), items)
    assert drafts["a"].text == "UK Hello <g1>world</g1>, said Olena Kovalenko."
    assert all(d.ok for d in drafts.values())
    # The two batches go out concurrently: either may arrive first.
    bodies = sorted((json.loads(c.request.body) for c in mock.calls), key=lambda b: -len(b["text"]))
    assert [len(b["text"]) for b in bodies] == [50, 12]
    assert all(b["tag_handling"] == "xml" and b["target_lang"] == "UK" for b in bodies)
    assert bodies[0]["text"][0] == "Hello <g1>world</g1>, said <x2/>."
    assert {c.request.headers["Authorization"] for c in mock.calls} == {"DeepL-Auth-Key abc:fx"}


def test_deepl_429_is_retried_by_us_once_not_by_the_package(mock: responses.RequestsMock) -> None:
    waits, log = Waits(), []
    mock.post(DEEPL_FREE, status=429, headers={"Retry-After": "3"}, json={"message": "slow down"})
    mock.add_callback(responses.POST, DEEPL_FREE, callback=deepl_answer)
    drafts = run(engine("deepl", api_key="abc:fx", waits=waits, log=log), ITEMS)
    assert all(d.ok for d in drafts.values())
    assert len(mock.calls) == 2 and [e.status_code for e in log] == [429, 200]
    assert waits and waits[0] >= 3.0


@pytest.mark.parametrize(("status", "text"), [(456, "quota exceeded"), (403, "not authorized")])
def test_deepl_quota_and_key_errors_stop_the_run(
    status: int, text: str, mock: responses.RequestsMock
) -> None:
    mock.post(DEEPL_FREE, status=status, json={"message": "no"})
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(5)]
    drafts = run(engine("deepl", api_key="abc:fx", batch_size=1, concurrency=1), items)
    error = drafts["k0"].error
    assert error is not None and error.fatal and error.status == status and text in str(error)
    assert len(mock.calls) == 1


def test_deepl_server_errors_exhaust_retries(mock: responses.RequestsMock) -> None:
    mock.post(DEEPL_FREE, status=503, json={"message": "down"})
    drafts = run(engine("deepl", api_key="abc:fx"), ITEMS)
    assert not any(d.ok for d in drafts.values())
    assert len(mock.calls) == 3 and drafts["a"].error is not None
    assert drafts["a"].error.retryable and drafts["a"].error.status == 503


def test_each_worker_thread_has_its_own_client(mock: responses.RequestsMock) -> None:
    threads: set[int] = set()
    lock = threading.Lock()

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        with lock:
            threads.add(threading.get_ident())
        return deepl_answer(request)

    mock.add_callback(responses.POST, DEEPL_FREE, callback=answer)
    eng = engine("deepl", api_key="abc:fx", batch_size=1, concurrency=3)
    items = [Item(f"k{i}", f"Sentence {i}.") for i in range(30)]
    with eng:
        assert all(d.ok for d in eng.translate(items, "en", "uk"))
        clients = list(eng._clients)
        assert len(clients) == len(threads) <= 3
        assert len({id(c) for c in clients}) == len(clients)
    assert eng._clients == []
