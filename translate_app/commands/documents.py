"""``translate-app ingest`` (Markdown into the store) and ``translate-app status`` (progress).

::

    translate-app ingest PATH [--export L [-o FILE]] [-j N]
    translate-app status [SLUG] [--json] [--lang L [--min-state S]]

``ingest --export`` is the fast path of a first import: a large first file is
segmented by worker processes while this one loads the store, each catalog is
written by workers while the store is updated, and the cycle collector is
paused throughout (see :mod:`translate_app.runtime.collector`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.commands import add_command
from translate_app.commands.catalogs import write_catalogs
from translate_app.commands.options import add_jobs_option
from translate_app.commands.sessions import open_sessions
from translate_app.errors import TranslateAppError
from translate_app.runtime.collector import cycle_collector_paused
from translate_app.store.states import State

if TYPE_CHECKING:
    import argparse

    from translate_app.catalog.po_exchange import PendingCatalog
    from translate_app.commands import SubParsers
    from translate_app.config import Config
    from translate_app.workflow.progress import DocumentStatus


def register(sub: SubParsers) -> None:
    """Add ``ingest`` and ``status``."""
    ingest = add_command(
        sub, "ingest", cmd_ingest, "segment a Markdown file (or a folder of them) into the store"
    )
    ingest.add_argument("path")
    ingest.set_defaults(batch=True)
    ingest.add_argument(
        "--export",
        metavar="L",
        help="then write each document's PO catalog in language L, as 'export SLUG --lang L' "
        "does, in the same run (one process, one read of the store)",
    )
    ingest.add_argument(
        "-o",
        "--output",
        help="with --export and one file: the catalog to write (default: locales/...)",
    )
    add_jobs_option(ingest)
    status = add_command(sub, "status", cmd_status, "progress per document and language")
    status.add_argument("slug", nargs="?")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument(
        "--lang", help="show the publish gate of SLUG in L (comma-separated, or all)"
    )
    status.add_argument(
        "--min-state", default="approved", help="gate for --lang (default: approved)"
    )


def _sources(path: Path) -> list[Path]:
    """The Markdown files at ``path``, named relative to the working folder when inside it."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix in {".md", ".markdown"})
        if not found:
            raise TranslateAppError(f"{path}: no Markdown files (*.md) in this folder")
    else:
        found = [path]
    here = Path.cwd()
    return [p.resolve().relative_to(here) if p.resolve().is_relative_to(here) else p for p in found]


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from translate_app.segment import begin_loading

    files = _sources(Path(args.path))
    if args.output and (not args.export or len(files) != 1):
        raise TranslateAppError("ingest -o FILE needs --export L and a single file to ingest")
    keys = config.front_matter_keys
    with cycle_collector_paused():
        # A large first file is segmented by worker processes while this one loads the
        # database layer (SQLAlchemy, the models: a fifth of a second) and opens the store.
        first = begin_loading(files[0], front_matter_keys=keys, jobs=args.jobs)
        from translate_app import documents
        from translate_app.store import db

        if args.export:
            from translate_app.catalog.po_exchange import begin_catalog
        with open_sessions(config) as factory:
            parsed = [first.result()]
            parsed += [begin_loading(p, front_matter_keys=keys, jobs=args.jobs).result()
                       for p in files[1:]]  # fmt: skip
            # A large document's catalog is written by workers while the store is updated.
            pending: list[PendingCatalog] = []
            if args.export:
                pending = [begin_catalog(doc, args.export, jobs=args.jobs) for doc in parsed]
            with db.transaction(factory) as session:
                reports = [documents.ingest(session, doc) for doc in parsed]
                catalogs = [(_catalog_path(catalog.doc.slug, args), catalog.runs(session))
                            for catalog in pending]  # fmt: skip
    for doc, report in zip(parsed, reports, strict=True):
        print(f"{report}  ({len(doc.segments)} segments from {doc.path})")
    write_catalogs(catalogs)
    return 0


def _catalog_path(slug: str, args: argparse.Namespace) -> Path:
    """Where ``ingest --export`` writes the catalog of ``slug``."""
    from translate_app.catalog.po_exchange import default_po_path

    return Path(args.output) if args.output else default_po_path(Path.cwd(), slug, args.export)


def _status_lines(found: list[DocumentStatus]) -> list[str]:
    lines = []
    for doc in found:
        lines.append(f"{doc.slug}  ({doc.segments} segments, {doc.words} words)")
        lines.append(
            f"  {'lang':<6}{'empty':>7}{'draft':>7}{'transl.':>9}{'approved':>10}"
            f"{'translated %':>14}{'approved %':>12}"
        )
        for lang in doc.languages:
            counts = lang.segments
            lines.append(
                f"  {lang.code:<6}{counts[State.EMPTY]:>7}{counts[State.DRAFT]:>7}"
                f"{counts[State.TRANSLATED]:>9}{counts[State.APPROVED]:>10}"
                f"{lang.percent_translated:>13.1f}%{lang.percent_approved:>11.1f}%"
            )
    return lines


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from translate_app.workflow import progress

    if args.lang:
        return _gate_status(args, config)
    with open_sessions(config) as factory, factory() as session:
        found = progress.status(session, args.slug)
    if args.json:
        print(json.dumps([d.as_dict() for d in found], ensure_ascii=False, indent=2))
    elif not found:
        print("no documents yet: translate-app ingest PATH")
    else:
        print("\n".join(_status_lines(found)))
    return 0


def _gate_status(args: argparse.Namespace, config: Config) -> int:
    """``status SLUG --lang L``: the publish gate (what a build would put in, and why not)."""
    from translate_app.publish.gate import gates, languages_for
    from translate_app.publish.report import gate_lines

    if not args.slug:
        raise TranslateAppError("status --lang needs a document: status SLUG --lang L")
    min_state = State.parse(args.min_state)
    with open_sessions(config) as factory, factory() as session:
        found = gates(session, args.slug, languages_for(session, args.lang), min_state=min_state)
    if args.json:
        print(json.dumps([g.as_dict() for g in found], ensure_ascii=False, indent=2))
    else:
        print("\n".join(line for gate in found for line in gate_lines(gate)))
    return 0
