"""``translate-app export`` and ``translate-app import``: PO catalogs (and the POT template).

::

    translate-app export SLUG --lang uk [--format po|pot] [-o FILE] [-j N]
    translate-app import FILE --lang uk [--document SLUG] [--overwrite] [--only-empty]

:func:`import_file` is the one way a translated file is applied, PO here and
XLIFF in :mod:`translate_app.commands.xliff`: read, validate and merge in one
transaction, all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from translate_app.commands import add_command
from translate_app.commands.options import add_import_options, add_jobs_option
from translate_app.commands.sessions import open_sessions
from translate_app.errors import TranslateAppError
from translate_app.runtime.collector import cycle_collector_paused

if TYPE_CHECKING:
    import argparse

    from sqlalchemy.orm import Session

    from translate_app.catalog.po_exchange import ImportReport
    from translate_app.commands import SubParsers
    from translate_app.config import Config


def register(sub: SubParsers) -> None:
    """Add ``export`` and ``import``."""
    export = add_command(
        sub, "export", cmd_export, "write a PO catalog (or the POT template) of a document"
    )
    export.add_argument("slug")
    export.set_defaults(batch=True)
    export.add_argument("--lang", help="language code, e.g. uk")
    export.add_argument("--format", choices=["po", "pot"], default="po")
    export.add_argument("-o", "--output", help="file to write (default: locales/...)")
    add_jobs_option(export)
    imp = add_command(sub, "import", cmd_import, "apply a translated PO catalog (all or nothing)")
    imp.set_defaults(batch=True)
    add_import_options(imp, document_help="document slug (default: the file name without .po)")


def write_catalogs(catalogs: list[tuple[Path, list[bytes]]]) -> None:
    """Write each catalog (its runs of bytes) atomically and say so."""
    from translate_app.runtime.files import write_atomic

    for target, runs in catalogs:
        write_atomic(target, runs)
        print(f"wrote {target}")


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.po_exchange import catalog_runs, default_po_path, default_pot_path

    lang = None if args.format == "pot" else args.lang
    if lang is None and args.format == "po":
        raise TranslateAppError("export --format po needs --lang L (or use --format pot)")
    with cycle_collector_paused(), open_sessions(config) as factory, factory() as session:
        runs = catalog_runs(session, args.slug, lang, jobs=args.jobs)
    if args.output:
        target = Path(args.output)
    elif lang is None:
        target = default_pot_path(Path.cwd(), args.slug)
    else:
        target = default_po_path(Path.cwd(), args.slug, lang)
    write_catalogs([(target, runs)])
    return 0


class Importer(Protocol):
    """A service that validates a translated file and applies it (the caller commits)."""

    def __call__(
        self,
        session: Session,
        data: bytes,
        *,
        path: str,
        lang: str,
        slug: str | None = None,
        overwrite: bool = False,
        only_empty: bool = False,
    ) -> ImportReport:
        """Apply ``data`` read from ``path`` to document ``slug`` in ``lang``."""


def import_file(args: argparse.Namespace, config: Config, importer: Importer) -> int:
    """Read ``args.file`` and apply it with ``importer`` in one transaction; print its report."""
    from translate_app.runtime.files import read_input
    from translate_app.store import db

    path = Path(args.file)
    data = read_input(path)
    with open_sessions(config) as factory, db.transaction(factory) as session:
        report = importer(
            session, data, path=str(path), lang=args.lang, slug=args.document,
            overwrite=args.overwrite, only_empty=args.only_empty,
        )  # fmt: skip
    print(report)
    return 0


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.po_exchange import import_catalog

    return import_file(args, config, import_catalog)
