"""Benchmark: building editions (Markdown, HTML, PDF) against pandoc, same input, same run.

The report is ingested into a temporary SQLite store and pseudo-translated into the five default
languages (uk in Cyrillic, the others with accented Latin letters) through a PO import, so
every sentence goes in at ``--min-state translated``.  Then:

* **per edition and format** (in-process, best of N): the publish gate, and ``md``, ``html``,
  ``pdf``, ``review.html`` and ``review.pdf`` for the Ukrainian edition;
* **all five languages x md,html,pdf**: ``translate-app build SLUG --lang all --format
  md,html,pdf`` as a subprocess (start-up, store, gates, fonts, WeasyPrint: everything);
* **the reference**: Debian's ``pandoc`` converting the same built Markdown to standalone HTML
  (``pandoc -s -f markdown -t html``), as a subprocess, per edition and for all five.

Ratios compare each translate_app figure with pandoc doing the nearest job.  pandoc makes no PDF
here (that needs a LaTeX engine), so the PDF figures are compared with pandoc's HTML only to
show what print costs.

    python bench/build.py            # 3 runs each
    python bench/build.py --quick    # 1 run each
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORT = ROOT / "source" / "crossing-thresholds.md"
SLUG = "crossing-thresholds"
LANGS = ("uk", "de", "fr", "pl", "es")
_CODES = re.compile(r"(</?g\d+>|<x\d+/>)")
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PSEUDO = {
    "uk": "абцдефгхійклмнопкрстувшхизАБЦДЕФГХІЙКЛМНОПКРСТУВШХИЗ",
    "de": "äbcdëfghïjklmnöpqrstüvwxyzÄBCDËFGHÏJKLMNÖPQRSTÜVWXYZ",
    "fr": "àbçdéfghîjklmnôpqrstùvwxyzÀBÇDÉFGHÎJKLMNÔPQRSTÙVWXYZ",
    "pl": "ąbćdęfghijkłmńópqrśtuvwxyźĄBĆDĘFGHIJKŁMŃÓPQRŚTUVWXYŹ",
    "es": "ábcdéfghíjklmñópqrstúvwxyzÁBCDÉFGHÍJKLMÑÓPQRSTÚVWXYZ",
}


def pseudo(text: str, lang: str) -> str:
    """Letters swapped for the language's own, placeholders kept."""
    table = str.maketrans(_LATIN, _PSEUDO[lang])
    return "".join(p if i % 2 else p.translate(table) for i, p in enumerate(_CODES.split(text)))


def best(times: int, once: Callable[[], object]) -> float:
    """Best wall time of ``times`` runs of ``once``, in seconds."""
    found = []
    for _ in range(times):
        start = time.perf_counter()
        once()
        found.append(time.perf_counter() - start)
    return min(found)


def prepare(folder: Path) -> dict[str, str]:
    """A store with the report pseudo-translated into every default language; its environment."""
    env = {
        **os.environ,
        "TRANSLATE_APP_DATABASE_URL": f"sqlite:///{folder / 'store.db'}",
        "TRANSLATE_APP_INSTANCE_PATH": str(folder / "instance"),
        "TRANSLATE_APP_LANGUAGES": ",".join(LANGS),
    }
    app = [sys.executable, "-m", "translate_app.cli"]
    subprocess.run([*app, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*app, "ingest", str(REPORT)], env=env, check=True, capture_output=True)
    for lang in LANGS:
        po_path = folder / f"{SLUG}.{lang}.po"
        subprocess.run([*app, "export", SLUG, "--lang", lang, "-o", str(po_path)],
                       env=env, check=True, capture_output=True)  # fmt: skip
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = pseudo(entry.msgid, lang)
        po.save()
        subprocess.run([*app, "import", str(po_path), "--lang", lang, "--document", SLUG],
                       env=env, check=True, capture_output=True)  # fmt: skip
    return env


def in_process(env: dict[str, str], times: int) -> dict[str, float]:
    """Seconds per step for the uk edition, measured inside one process."""
    os.environ.update({k: v for k, v in env.items() if k.startswith("TRANSLATE_APP_")})
    from translate_app.publish import build
    from translate_app.publish.gate import gates
    from translate_app.store.db import make_engine, make_session_factory
    from translate_app.store.states import State

    engine = make_engine(env["TRANSLATE_APP_DATABASE_URL"])
    factory = make_session_factory(engine)
    figures: dict[str, float] = {}
    with factory() as session:
        build.build(session, gates(session, SLUG, ["uk"]), ["pdf"])  # warm: imports, fonts
        figures["gate"] = best(
            times, lambda: gates(session, SLUG, ["uk"], min_state=State.TRANSLATED)
        )
        (gate,) = gates(session, SLUG, ["uk"], min_state=State.TRANSLATED)
        for fmt in ("md", "html", "pdf", "review.html", "review.pdf"):
            figures[fmt] = best(times, lambda fmt=fmt: build.build(session, [gate], [fmt]))
    engine.dispose()
    return figures


def cli(env: dict[str, str], out: Path, times: int, lang: str, formats: str) -> float:
    """Seconds for ``translate-app build SLUG --lang LANG --format FORMATS`` as a subprocess."""
    command = [
        sys.executable, "-m", "translate_app.cli", "build", SLUG, "--lang", lang,
        "--format", formats, "--min-state", "translated", "--out", str(out),
    ]  # fmt: skip
    return best(times, lambda: subprocess.run(command, env=env, check=True, capture_output=True))


def pandoc(source: Path, target: Path) -> None:
    subprocess.run(
        ["pandoc", "-s", "-f", "markdown", "-t", "html", "--metadata", "pagetitle=x",
         "-o", str(target), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run per figure")
    args = parser.parse_args()
    times = 1 if args.quick else 3
    if shutil.which("pandoc") is None:
        print("bench/build.py needs pandoc (apt-get install pandoc)", file=sys.stderr)
        return 1
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True)
    with tempfile.TemporaryDirectory(prefix="ta-bench-build-") as tmp:
        folder = Path(tmp)
        env = prepare(folder)
        out = folder / "out"
        commands = {
            "uk html": cli(env, out, times, "uk", "html"),
            "uk pdf": cli(env, out, times, "uk", "pdf"),
            "5 x html": cli(env, out, times, "all", "html"),
            "5 x md,html,pdf": cli(env, out, times, "all", "md,html,pdf"),
        }
        steps = in_process(env, times)
        built = [out / lang / f"{SLUG}.md" for lang in LANGS]
        pandoc_one = best(times, lambda: pandoc(built[0], folder / "pandoc.html"))
        pandoc_all = best(
            times, lambda: [pandoc(md, folder / f"pandoc-{md.parent.name}.html") for md in built]
        )
        info = subprocess.run(["pdfinfo", str(out / "uk" / f"{SLUG}.pdf")],
                              capture_output=True, text=True, check=False).stdout  # fmt: skip
    pages = re.search(r"Pages:\s+(\d+)", info)
    print(f"# translate_app build vs {version.stdout.splitlines()[0]}")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"best of {times}; report {REPORT.stat().st_size // 1024} KB, "
          f"uk PDF {pages[1] if pages else '?'} pages")  # fmt: skip
    print()
    print("In-process, per edition (the uk report; start-up, store opening and imports excluded):")
    for label, key in [("publish gate (checks included)", "gate"), ("md", "md"), ("html", "html"),
                       ("pdf", "pdf"), ("review.html (bilingual)", "review.html"),
                       ("review.pdf (bilingual, A4 landscape)", "review.pdf")]:  # fmt: skip
        print(f"  {label:<42}{steps[key]:>9.3f} s")
    print()
    print("Commands (subprocesses, start-up included) against pandoc -s -f markdown -t html:")
    print(f"  {'task':<42}{'translate_app':>14}{'pandoc':>10}{'ratio':>8}")
    rows = [
        ("one edition, html", commands["uk html"], pandoc_one),
        ("one edition, pdf (pandoc: html)", commands["uk pdf"], pandoc_one),
        ("5 languages, html", commands["5 x html"], pandoc_all),
        ("5 languages x md,html,pdf (pandoc: html)", commands["5 x md,html,pdf"], pandoc_all),
    ]
    for label, ours, reference in rows:
        print(f"  {label:<42}{ours:>12.3f} s{reference:>8.3f} s{ours / reference:>7.1f}x")
    print()
    print("pandoc makes no PDF without a LaTeX engine: the pdf rows show what print costs "
          "next to pandoc's HTML, not a like-for-like race.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
