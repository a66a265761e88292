"""Benchmark: translation-memory fuzzy look-ups against a plain rapidfuzz scan, same run.

Units are sentences made from the report's own words (a word-bigram chain over
``source/crossing-thresholds.md``, sentence lengths drawn from the report's),
plus the report's sentences themselves.  Queries, a quarter each: a unit with
one word changed, a unit with three words changed, a sentence of the report,
a new generated sentence.

For 10k, 100k (and, with ``--million``, 1M) distinct units, per query:

* **scan**: ``rapidfuzz.process.extract(q, sources, scorer=fuzz.ratio, limit=5,
  score_cutoff=75)``, what a memory without an index does;
* **index**: ``FuzzyIndex.search`` (word index, then the same scorer);
* **lookup**: ``memory.lookup`` on a SQLite store holding the units (index,
  database read of the matches, word diffs): what the editor and the
  ``memory`` engine call.

Printed: median and p99 per query in milliseconds, the ratio scan/index, and
how often the index's top five scores equal the scan's (the index is approximate).

    python bench/memory.py                  # 10k and 100k (~1 min)
    python bench/memory.py --million        # and 1M (~5 min, ~4 GB of memory)
"""

from __future__ import annotations

import argparse
import itertools
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import insert
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "source" / "crossing-thresholds.md"
WORD = re.compile(r"\S+")


class Sentences:
    """A word-bigram chain over the report's sentences."""

    def __init__(self, sentences: Sequence[str], rng: random.Random) -> None:
        self.rng = rng
        self.real = [s for s in sentences if len(WORD.findall(s)) >= 3]
        self.follow: dict[str, list[str]] = {}
        self.starts: list[str] = []
        self.lengths: list[int] = []
        for sentence in self.real:
            words = WORD.findall(sentence)
            self.starts.append(words[0])
            self.lengths.append(len(words))
            for a, b in itertools.pairwise(words):
                self.follow.setdefault(a, []).append(b)
        self.vocabulary = sorted({w for s in self.real for w in WORD.findall(s)})

    def make(self) -> str:
        rng = self.rng
        words = [rng.choice(self.starts)]
        for _ in range(rng.choice(self.lengths) - 1):
            words.append(rng.choice(self.follow.get(words[-1]) or self.starts))
        return " ".join(words)

    def edit(self, sentence: str, changes: int) -> str:
        rng, words = self.rng, sentence.split()
        for _ in range(changes):
            at, roll = rng.randrange(len(words)), rng.random()
            if roll < 0.5:
                words[at] = rng.choice(self.vocabulary)
            elif roll < 0.75 and len(words) > 3:
                del words[at]
            else:
                words.insert(at, rng.choice(self.vocabulary))
        return " ".join(words)


def report_sentences() -> list[str]:
    from translate_app.segment import load_document

    return [" ".join(s.source.split()) for s in load_document(REPORT).segments]


def units_of(maker: Sentences, count: int) -> list[str]:
    found = dict.fromkeys(maker.real)
    while len(found) < count:
        found[maker.make()] = None
    return list(found)[:count]


def queries_of(maker: Sentences, units: Sequence[str], count: int) -> list[str]:
    rng, found = maker.rng, []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            found.append(maker.edit(rng.choice(units), 1))
        elif kind == 1:
            found.append(maker.edit(rng.choice(units), 3))
        elif kind == 2:
            found.append(rng.choice(maker.real))
        else:
            found.append(maker.make())
    return found


def timed(run: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        times.append(time.perf_counter() - start)
    return times


def quantiles(times: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def unit_row(source: str, quality: int, now: object) -> dict[str, object]:
    from translate_app.memory import source_hash

    return {
        "source_lang": "en",
        "target_lang": "uk",
        "source": source,
        "target": f"‹{source}›",
        "source_hash": source_hash(source),
        "quality": quality,
        "origin": "bench",
        "document_slug": "",
        "segment_key": "",
        "created_at": now,
        "updated_at": now,
    }


def store(units: Sequence[str], folder: Path) -> tuple[Session, Callable[[str], object]]:
    """A SQLite store holding ``units`` (pseudo-translated), and memory.lookup on it."""
    from translate_app import memory
    from translate_app.store.db import make_engine, make_session_factory, upgrade
    from translate_app.store.models import TmUnit, utcnow

    engine = make_engine(f"sqlite:///{folder / 'tm.db'}")
    upgrade(engine)
    now = utcnow()
    with engine.begin() as connection:
        for start in range(0, len(units), 20_000):
            chunk = units[start : start + 20_000]
            rows = [unit_row(s, 30 if n % 3 == 0 else 20, now) for n, s in enumerate(chunk)]
            connection.execute(insert(TmUnit), rows)
    session = make_session_factory(engine)()

    def lookup(query: str) -> object:
        return memory.lookup(session, query, "en", "uk", limit=5, threshold=75)

    return session, lookup


@dataclass
class Row:
    """Figures of one size."""

    units: int
    index_build: float
    scan: tuple[float, float]
    scan_queries: int
    index: tuple[float, float]
    same_top5: float
    recall: float
    with_match: float
    lookup: tuple[float, float] | None = None
    store_fill: float = 0.0
    store_index: float = 0.0


def measure(
    maker: Sentences, size: int, query_count: int, scan_count: int, with_store: bool
) -> Row:
    from translate_app.memory.index import FuzzyIndex, Scored

    units = units_of(maker, size)
    queries = queries_of(maker, units, query_count)
    start = time.perf_counter()
    index = FuzzyIndex()
    index.add_many((str(n), u) for n, u in enumerate(units))
    build = time.perf_counter() - start
    scanned: list[list[tuple[str, float, int]]] = []
    searched: list[list[Scored]] = []

    def scan(query: str) -> object:
        found = process.extract(query, units, scorer=fuzz.ratio, limit=5, score_cutoff=75)
        scanned.append(found)
        return found

    def search(query: str) -> object:
        found = index.search(query, limit=5, threshold=75)
        searched.append(found)
        return found

    scan_times = timed(scan, queries[:scan_count])
    index_times = timed(search, queries)
    agree = found = wanted = 0
    for full, mine in zip(scanned, searched, strict=False):
        full_scores = [round(score, 3) for _, score, _ in full]
        agree += full_scores == [round(m.score, 3) for m in mine]
        wanted += len(full_scores)
        found += len({m.text for m in mine} & {text for text, _, _ in full})
    row = Row(
        units=len(units), index_build=build, scan=quantiles(scan_times),
        scan_queries=len(scan_times), index=quantiles(index_times),
        same_top5=agree / max(1, len(scanned)), recall=found / max(1, wanted),
        with_match=sum(bool(r) for r in searched) / len(searched),
    )  # fmt: skip
    if with_store:
        with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
            start = time.perf_counter()
            session, lookup = store(units, Path(folder))
            row.store_fill = time.perf_counter() - start
            start = time.perf_counter()
            lookup("warm up: the first look-up builds the index from the table")
            row.store_index = time.perf_counter() - start
            row.lookup = quantiles(timed(lookup, queries))
            session.close()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--million", action="store_true", help="also 1M units (slow, ~4 GB)")
    parser.add_argument("--queries", type=int, default=400, help="queries per size (default 400)")
    parser.add_argument("--no-store", action="store_true", help="leave memory.lookup out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    maker = Sentences(report_sentences(), rng)
    sizes = [10_000, 100_000] + ([1_000_000] if args.million else [])
    print(
        f"bench/memory.py on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}; {len(maker.real)} report sentences, "
        f"{len(maker.vocabulary)} distinct words"
    )
    rows = []
    for size in sizes:
        scans = args.queries if size <= 100_000 else max(40, args.queries // 8)
        row = measure(maker, size, args.queries, scans, not args.no_store)
        rows.append(row)
        print(f"  {size:>9,} units: done", file=sys.stderr)
    print()
    print("top-5 fuzzy look-up, score >= 75, ms per query (median / p99)")
    print(
        f"{'units':>10} {'scan':>17} {'index':>15} {'scan/index':>11} {'memory.lookup':>15}"
        f" {'same top 5':>11} {'recall':>7}"
    )
    for row in rows:
        stored = f"{row.lookup[0]:6.2f} / {row.lookup[1]:6.2f}" if row.lookup else "-"
        print(
            f"{row.units:>10,} {row.scan[0]:7.2f} / {row.scan[1]:7.2f} "
            f"{row.index[0]:6.2f} / {row.index[1]:6.2f} {row.scan[0] / row.index[0]:10.1f}x "
            f"{stored:>15} {row.same_top5:>11.1%} {row.recall:>7.1%}"
        )
    print()
    for row in rows:
        extra = ""
        if row.lookup:
            extra = (
                f"; store: {row.store_fill:.1f} s to insert, {row.store_index:.1f} s for the "
                "first look-up (index built from the table)"
            )
        print(
            f"{row.units:>10,} units: index built in {row.index_build:.1f} s; "
            f"{row.with_match:.0%} of queries have a match; scan timed on "
            f"{row.scan_queries} queries{extra}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
