"""``translate-app xliff export|import``: XLIFF 1.2 for CAT tools (OmegaT, Poedit, Trados).

::

    translate-app xliff export SLUG --lang uk [-o FILE]   # default locales/uk/SLUG.xlf
    translate-app xliff import FILE --lang uk [--document SLUG] [--overwrite] [--only-empty]

An import is applied exactly like a PO import (:func:`translate_app.commands.catalogs.import_file`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.commands.catalogs import import_file
from translate_app.commands.options import add_import_options
from translate_app.commands.sessions import open_sessions

if TYPE_CHECKING:
    import argparse

    from translate_app.commands import SubParsers
    from translate_app.config import Config


def register(sub: SubParsers) -> None:
    """Add ``xliff`` with its actions ``export`` and ``import``."""
    xliff = sub.add_parser(
        "xliff",
        help="export or import an XLIFF 1.2 file of a document",
        description="XLIFF 1.2 exchange: placeholders as <g>/<x> elements, approved units "
        "read-only; an import is checked and merged exactly like a PO import.",
    )
    actions = xliff.add_subparsers(dest="xliff_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write the XLIFF file of a document")
    export.set_defaults(handler=cmd_export)
    export.add_argument("slug")
    export.add_argument("--lang", required=True, help="language code, e.g. uk")
    export.add_argument("-o", "--output", help="file to write (default: locales/LANG/SLUG.xlf)")
    imp = actions.add_parser("import", help="apply a translated XLIFF file (all or nothing)")
    imp.set_defaults(handler=cmd_import)
    add_import_options(imp, document_help="document slug (default: the one named in the file)")


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.xliff_exchange import export_xliff
    from translate_app.runtime.files import write_atomic

    with open_sessions(config) as factory, factory() as session:
        data = export_xliff(session, args.slug, args.lang)
    target = Path(args.output or Path("locales") / args.lang / f"{args.slug}.xlf")
    write_atomic(target, data)
    print(f"wrote {target}")
    return 0


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog.xliff_exchange import import_xliff

    return import_file(args, config, import_xliff)
