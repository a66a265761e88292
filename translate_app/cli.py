"""The ``translate-app`` command: a few lines around one service call each.

Errors are one line on stderr and a non-zero exit; database changes are one
transaction per command and files are replaced atomically, so nothing is ever
half-written.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from translate_app.config import VERSION, Config
from translate_app.errors import CatalogError, ConfigurationError, TranslateAppError
from translate_app.runtime.collector import cycle_collector_paused
from translate_app.store.states import State

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from translate_app.catalog.exchange import PendingCatalog
    from translate_app.workflow.progress import DocumentStatus

# Each command imports what it needs when it runs: start-up stays short (SQLAlchemy,
# markdown-it, polib and Alembic are only loaded by the commands that use them).

Handler = Callable[[argparse.Namespace, Config], int]


@contextmanager
def _sessions(config: Config, *, create: bool = False) -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured database, closed again when the command ends."""
    from sqlalchemy import inspect

    from translate_app.store import db

    engine = db.make_engine(config.database_url)
    try:
        if create:
            db.upgrade(engine)
        elif not inspect(engine).has_table("documents"):
            raise ConfigurationError(
                f"no translate_app database at {engine.url.render_as_string(hide_password=True)}; "
                "run 'translate-app init' first"
            )
        yield db.make_session_factory(engine, config)
    finally:
        engine.dispose()


def cmd_init(args: argparse.Namespace, config: Config) -> int:
    from translate_app.people.languages import ensure_default_languages
    from translate_app.store import db

    with _sessions(config, create=True) as factory, db.transaction(factory) as session:
        langs = ensure_default_languages(session, config.default_languages)
        names = ", ".join(f"{lang.code} ({lang.english_name})" for lang in langs)
    print(f"database ready: {config.database_url}")
    print(f"languages enabled: {names}")
    return 0


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
            from translate_app.catalog.exchange import begin_catalog
        with _sessions(config) as factory:
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
    _write_catalogs(catalogs)
    return 0


def _catalog_path(slug: str, args: argparse.Namespace) -> Path:
    """Where ``ingest --export`` writes the catalog of ``slug``."""
    from translate_app.catalog.exchange import default_po_path

    return Path(args.output) if args.output else default_po_path(Path.cwd(), slug, args.export)


def _write_catalogs(catalogs: list[tuple[Path, list[bytes]]]) -> None:
    from translate_app.runtime.files import write_atomic

    for target, runs in catalogs:
        write_atomic(target, runs)
        print(f"wrote {target}")


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
    with _sessions(config) as factory, factory() as session:
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
    with _sessions(config) as factory, factory() as session:
        found = gates(session, args.slug, languages_for(session, args.lang), min_state=min_state)
    if args.json:
        print(json.dumps([g.as_dict() for g in found], ensure_ascii=False, indent=2))
    else:
        print("\n".join(line for gate in found for line in gate_lines(gate)))
    return 0


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.exchange import catalog_runs, default_po_path, default_pot_path

    lang = None if args.format == "pot" else args.lang
    if lang is None and args.format == "po":
        raise TranslateAppError("export --format po needs --lang L (or use --format pot)")
    with cycle_collector_paused(), _sessions(config) as factory, factory() as session:
        runs = catalog_runs(session, args.slug, lang, jobs=args.jobs)
    if args.output:
        target = Path(args.output)
    elif lang is None:
        target = default_pot_path(Path.cwd(), args.slug)
    else:
        target = default_po_path(Path.cwd(), args.slug, lang)
    _write_catalogs([(target, runs)])
    return 0


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.exchange import import_catalog
    from translate_app.runtime.files import read_input
    from translate_app.store import db

    path = Path(args.file)
    data = read_input(path)
    with _sessions(config) as factory, db.transaction(factory) as session:
        report = import_catalog(
            session, data, path=str(path), lang=args.lang, slug=args.document,
            overwrite=args.overwrite, only_empty=args.only_empty,
        )  # fmt: skip
    print(report)
    return 0


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from translate_app.publish import build
    from translate_app.publish.gate import gates as compute_gates
    from translate_app.publish.gate import languages_for
    from translate_app.publish.report import gate_lines

    formats = build.parse_formats(args.format)
    min_state = State.parse(args.min_state)
    out = Path(args.out)
    with _sessions(config) as factory, factory() as session:
        langs = languages_for(session, args.lang)
        gates = compute_gates(session, args.slug, langs, min_state=min_state)
        for gate in gates:  # the gate first: what will fall back or block, before building
            print("\n".join(gate_lines(gate, fallback=args.fallback)), flush=True)
        builds = build.build(session, gates, formats, fallback=args.fallback)
    for built in builds:
        for warning in built.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    written = build.write(builds, out)
    for built in builds:
        edition = built.markdown
        names = ", ".join(str(out / o.path) for o in built.outputs)
        print(
            f"wrote {names}: {edition.translated} of {edition.total} segments translated "
            f"(at least {min_state.label}), {edition.fallback} in the source language"
        )
    if not written:
        raise TranslateAppError("nothing was built")
    return 0


def cmd_users_add(args: argparse.Namespace, config: Config) -> int:
    from translate_app.people import users
    from translate_app.store import db

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        raise TranslateAppError("give the password on standard input with --password-stdin")
    langs = [code for value in args.lang for code in value.split(",") if code]
    with _sessions(config) as factory, db.transaction(factory) as session:
        user = users.add_user(session, args.name, args.role, langs, password)
        summary = f"added {user.name} ({user.role}; languages: {', '.join(langs) or 'none'})"
    print(summary)
    return 0


def _default_jobs() -> int:
    """Worker processes for large batch work: one per core, at most four."""
    return max(1, min(os.cpu_count() or 1, 4))


def _jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=_default_jobs(),
        metavar="N",
        help="worker processes for a large document (default: one per core, at most 4; 1: none)",
    )


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = argparse.ArgumentParser(
        prog="translate-app",
        description="Translate one long report into faithful, published editions.",
    )
    p.add_argument("--version", action="version", version=f"translate-app {VERSION}")
    p.set_defaults(batch=False)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_, description=help_)
        cmd.set_defaults(handler=handler)
        return cmd

    add("init", cmd_init, "create or upgrade the database and enable the default languages")
    ingest = add(
        "ingest", cmd_ingest, "segment a Markdown file (or a folder of them) into the store"
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
    _jobs_option(ingest)
    status = add("status", cmd_status, "progress per document and language")
    status.add_argument("slug", nargs="?")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument(
        "--lang", help="show the publish gate of SLUG in L (comma-separated, or all)"
    )
    status.add_argument(
        "--min-state", default="approved", help="gate for --lang (default: approved)"
    )
    export = add("export", cmd_export, "write a PO catalog (or the POT template) of a document")
    export.add_argument("slug")
    export.set_defaults(batch=True)
    export.add_argument("--lang", help="language code, e.g. uk")
    export.add_argument("--format", choices=["po", "pot"], default="po")
    export.add_argument("-o", "--output", help="file to write (default: locales/...)")
    _jobs_option(export)
    imp = add("import", cmd_import, "apply a translated PO catalog (all or nothing)")
    imp.add_argument("file")
    imp.set_defaults(batch=True)
    imp.add_argument("--lang", required=True)
    imp.add_argument("--document", help="document slug (default: the file name without .po)")
    imp.add_argument(
        "--overwrite", action="store_true", help="on a conflict, the file wins over newer work here"
    )
    imp.add_argument(
        "--only-empty", action="store_true", help="fill only segments that have no translation"
    )
    build = add("build", cmd_build, "build the edition of a document in a language")
    build.add_argument("slug")
    build.add_argument(
        "--lang", required=True, help="language code, comma-separated codes, or all (enabled)"
    )
    build.add_argument(
        "--format",
        default="md",
        help="comma-separated: md, html, pdf, review (review.html and review.pdf), all",
    )
    build.add_argument("--min-state", default="approved", help="least state that is published")
    build.add_argument(
        "--fallback",
        choices=["source", "fail"],
        default="source",
        help="below the gate: show the source sentence, or refuse to build",
    )
    build.add_argument("--out", default="build", help="output folder (default: build)")
    langs = add("languages", cmd_languages, "list, add (any CLDR locale) or disable languages")
    langs.add_argument("action", choices=["list", "add", "disable"], nargs="?", default="list")
    langs.add_argument("codes", nargs="*", help="language codes, e.g. uk pt-BR ar")
    langs.add_argument("--approvals", type=int, help="editor approvals this language needs")
    users_cmd = add("users", _no_handler, "manage people")
    users_sub = users_cmd.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add_user = users_sub.add_parser("add", help="add a person")
    add_user.set_defaults(handler=cmd_users_add)
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["translator", "editor", "admin"])
    add_user.add_argument("--lang", action="append", default=[], help="assigned language(s)")
    add_user.add_argument("--password-stdin", action="store_true")
    from translate_app.commands import register_all

    register_all(sub)
    return p


def cmd_languages(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy import select

    from translate_app.people import languages
    from translate_app.store import db
    from translate_app.store.models import Language

    with _sessions(config) as factory, db.transaction(factory) as session:
        if args.action == "add":
            for code in args.codes:
                languages.enable_language(session, code, approvals_needed=args.approvals)
        elif args.action == "disable":
            for code in args.codes:
                languages.disable_language(session, code)
        rows = session.scalars(select(Language).order_by(Language.code)).all()
        lines = [
            f"{lang.code:<8}{lang.english_name:<22}{lang.name:<22}{lang.direction:<5}"
            f"{'enabled' if lang.enabled else 'disabled':<10}{lang.plural_count} plural forms"
            for lang in rows
        ]
    print("\n".join(lines))
    return 0


def _no_handler(args: argparse.Namespace, config: Config) -> int:
    raise TranslateAppError("choose an action")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become one line on stderr and exit status 1."""
    return dispatch(parser().parse_args(argv))


def dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args`` were parsed for (see :func:`main`)."""
    try:
        config = Config.from_env()
        handler: Handler = args.handler
        return handler(args, config)
    except CatalogError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"error: nothing was imported ({len(exc.problems)} problems)", file=sys.stderr)
        return 1
    except TranslateAppError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def run() -> NoReturn:
    """The console script: :func:`main`, then a quick exit.

    A command that segmented a large document holds hundreds of thousands of objects;
    Python would free them one by one on the way out (a tenth of a second for a 6 MB
    document). Everything a command writes is closed, committed or renamed into place
    before ``main`` returns, so the process ends at once: output flushed, logging shut
    down. With other threads still running (none of the commands leaves any), the normal
    exit waits for them.  Batch commands (``batch`` in their defaults: ingest, export,
    import) run without the cycle collector: they make little garbage that only it could
    free (reference cycles); the others (servers, PDF builds) keep it.
    """
    args = parser().parse_args()
    if args.batch:
        # The process ends with the command: the cycle collector would only walk once more
        # every object a batch made (its first pass after the batch sees all of them: a
        # twentieth of a second after a 6 MB document), objects that go with the process.
        gc.disable()
    status = dispatch(args)
    if threading.active_count() > 1:
        sys.exit(status)
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        status = status or 1
    os._exit(status)


if __name__ == "__main__":
    run()
