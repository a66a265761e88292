"""Benchmark: machine drafting of the whole report, translate_app against naive deep-translator.

The report (``source/crossing-thresholds.md``, segmented with ``load_document``: 412
segments) is drafted into three languages against the stub services of ``tests/stubs``
running in a process of their own on 127.0.0.1, with a fixed latency per request (50 ms
by default, like a nearby server).  Same input, same stub, same run:

* **naive**: deep-translator as its README shows it, ``GoogleTranslator(...).translate_batch(
  sentences)`` per language: one request per sentence, one after the other;
* **ours, google**: ``translate_app.machinery`` with the same one-text-per-request page,
  ``--concurrency`` requests in flight (bounded), identical sentences sent once;
* **ours, libre**: the LibreTranslate batch API (``q`` as a list, up to 50 texts / 5,000
  characters per request);
* **warm**: the libre run again with its cache: nothing is sent;
* **store** (``--store``): the whole service, ``drafting.draft_document`` into a temporary
  SQLite database (drafts saved through the workflow, one commit per segment, cache and
  outbound log in the store), cold and then warm.

Targets (issue 3): libre at least 20x faster than naive; one-text-per-request engines at
least 6x (bounded concurrency).  Output drafts are checked equal to the naive ones.

    python bench/drafting.py                  # full run: the naive run alone takes ~65 s
    python bench/drafting.py --limit 100      # the first 100 segments: a smoke test
    python bench/drafting.py --store          # also the draft service with its database
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORT = ROOT / "source" / "crossing-thresholds.md"
TERMS = ["Maksym Makhrinov"]
"""A do-not-send name of the report: ours masks it, as in production."""


@contextlib.contextmanager
def stub_process(latency: float) -> Iterator[str]:
    """The stub services in their own process (so they do not share our interpreter lock)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.stubs", "--latency", str(latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"the stub did not start (got {url!r})")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def served(url: str) -> int:
    with urllib.request.urlopen(url + "/stats", timeout=5) as answer:
        return int(json.load(answer)["requests"])


def timed(label: str, url: str, work: Callable[[], dict[str, list[str]]]) -> dict[str, Any]:
    before = served(url)
    start = time.perf_counter()
    outputs = work()
    seconds = time.perf_counter() - start
    row = {"label": label, "seconds": seconds, "requests": served(url) - before, "out": outputs}
    print(f"  {label:<44} {seconds:8.2f} s  {row['requests']:6d} requests", flush=True)
    return row


def naive(url: str, sentences: list[str], langs: list[str]) -> dict[str, list[str]]:
    from deep_translator import GoogleTranslator

    found = {}
    for lang in langs:
        translator = GoogleTranslator(source="en", target=lang)
        # deep-translator 1.11.4 has no URL argument (see machinery/deeptranslator.py)
        translator._base_url = url + "/m"
        found[lang] = translator.translate_batch(sentences)
    return found


def ours(
    name: str, endpoint: str, sentences: list[str], langs: list[str], *, concurrency: int,
    cache: Any,
) -> dict[str, list[str]]:  # fmt: skip
    from translate_app.machinery import EngineSettings, Item, create

    settings = EngineSettings(url=endpoint, concurrency=concurrency, timeout=30)
    items = [Item(str(i), s) for i, s in enumerate(sentences)]
    found: dict[str, list[str]] = {}
    with create(name, settings, cache=cache, terms=TERMS) as engine:
        for lang in langs:
            texts = [""] * len(items)
            for draft in engine.translate(items, "en", lang):
                if not draft.ok:
                    raise SystemExit(f"{name} failed: {draft.error}")
                texts[int(draft.key)] = draft.text or ""
            found[lang] = texts
    return found


def store(url: str, doc: Any, langs: list[str], *, concurrency: int) -> Callable[[], Any]:
    """A fresh SQLite store with the report ingested; returns a run of the draft service."""
    from translate_app import drafting
    from translate_app.config import Config
    from translate_app.documents.ingesting import ingest
    from translate_app.machinery import EngineSettings
    from translate_app.people.languages import enable_language
    from translate_app.store import db

    folder = Path(tempfile.mkdtemp(prefix="bench-drafting-"))
    config = Config(instance_path=folder, database_url=f"sqlite:///{folder / 'store.db'}")
    engine = db.make_engine(config.database_url)
    db.upgrade(engine)
    factory = db.make_session_factory(engine, config)
    with db.transaction(factory) as session:
        for lang in langs:
            enable_language(session, lang)
        ingest(session, doc)
    settings = EngineSettings(url=url, concurrency=concurrency, timeout=30)

    def run() -> dict[str, list[str]]:
        with factory() as session:
            for lang in langs:
                drafting.draft_document(
                    session, doc.slug, lang, engine="libre", config=config, settings=settings
                )
        return {}

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--languages", default="uk,de,fr")
    parser.add_argument("--concurrency", type=int, default=8, help="our requests in flight")
    parser.add_argument("--limit", type=int, default=0, help="only the first N segments")
    parser.add_argument("--store", action="store_true", help="also time the draft service")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    from translate_app.machinery import MemoryCache
    from translate_app.segment import load_document

    doc = load_document(REPORT)
    sentences = [s.source for s in doc.segments][: args.limit or None]
    langs = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
    print(
        f"drafting {len(sentences)} segments ({len(set(sentences))} distinct, "
        f"{sum(map(len, sentences))} characters) into {', '.join(langs)}; stub latency "
        f"{args.latency * 1000:.0f} ms per request; Python {platform.python_version()}, "
        f"{platform.machine()}"
    )
    with stub_process(args.latency) as url:
        rows = [timed("naive deep-translator translate_batch", url,
                      lambda: naive(url, sentences, langs))]  # fmt: skip
        google = MemoryCache()
        rows.append(timed(f"ours, google, concurrency {args.concurrency}", url,
                          lambda: ours("google", url + "/m", sentences, langs,
                                       concurrency=args.concurrency, cache=google)))  # fmt: skip
        libre = MemoryCache()
        rows.append(timed(f"ours, libre batched, concurrency {args.concurrency}", url,
                          lambda: ours("libre", url, sentences, langs,
                                       concurrency=args.concurrency, cache=libre)))  # fmt: skip
        rows.append(timed("ours, libre again (warm cache)", url,
                          lambda: ours("libre", url, sentences, langs,
                                       concurrency=args.concurrency, cache=libre)))  # fmt: skip
        if args.store:
            doc.segments = doc.segments[: args.limit or None]
            run = store(url, doc, langs, concurrency=args.concurrency)
            rows.append(timed("draft service + store, libre", url, run))
            rows.append(timed("draft service + store, libre again", url, run))
    base = rows[0]
    for row in rows[1:]:
        if row["out"] and row["out"] != base["out"]:
            raise SystemExit(f"{row['label']}: drafts differ from the naive run's")
    print("\nratio = naive time / time")
    for row in rows[1:]:
        ratio = base["seconds"] / row["seconds"]
        print(f"  {row['label']:<44} {ratio:8.1f}x")
    google_ratio = base["seconds"] / rows[1]["seconds"]
    libre_ratio = base["seconds"] / rows[2]["seconds"]
    print(
        f"\ntargets: libre >= 20x: {libre_ratio:.1f}x {'met' if libre_ratio >= 20 else 'NOT met'}; "
        f"one text per request >= 6x: {google_ratio:.1f}x "
        f"{'met' if google_ratio >= 6 else 'NOT met'}; "
        f"warm cache sends nothing: {'yes' if rows[3]['requests'] == 0 else 'NO'}"
    )


if __name__ == "__main__":
    main()
