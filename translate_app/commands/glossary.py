"""``translate-app glossary``: terms per language, CSV and TBX.

::

    translate-app glossary list [--lang uk]
    translate-app glossary add SOURCE [TARGET] [--lang uk] [--note N] [--forbidden V]...
                               [--do-not-translate] [--do-not-send] [--case-sensitive]
    translate-app glossary import FILE.csv|FILE.tbx [--lang uk]   # uk: rows naming no language
    translate-app glossary export FILE.csv|FILE.tbx [--lang uk]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.commands.sessions import open_sessions

if TYPE_CHECKING:
    from translate_app.commands import SubParsers
    from translate_app.config import Config


def register(sub: SubParsers) -> None:
    glossary = sub.add_parser(
        "glossary",
        help="glossary terms: list, add, import and export (CSV, TBX)",
        description="Terms per language with notes, forbidden variants and two flags: "
        "do-not-translate and do-not-send (masked before machine translation).",
    )
    actions = glossary.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list the terms (for a language)")
    listing.set_defaults(handler=cmd_list)
    listing.add_argument("--lang", help="only terms that apply to this language")
    add = actions.add_parser("add", help="add a term")
    add.set_defaults(handler=cmd_add)
    add.add_argument("source")
    add.add_argument("target", nargs="?", default="")
    add.add_argument("--lang", help="language (default: every language)")
    add.add_argument("--note", default="")
    add.add_argument("--forbidden", action="append", default=[], help="a forbidden variant")
    add.add_argument("--do-not-translate", action="store_true")
    add.add_argument("--do-not-send", action="store_true")
    add.add_argument("--case-sensitive", action="store_true")
    for name, handler, what in (
        ("import", cmd_import, "add or update the terms of a CSV or TBX file (all or nothing)"),
        ("export", cmd_export, "write the glossary as CSV or TBX"),
    ):
        action = actions.add_parser(name, help=what)
        action.set_defaults(handler=handler)
        action.add_argument("file")
        action.add_argument("--lang", help="language (import: of rows that name none)")
        action.add_argument("--format", choices=["csv", "tbx"], help="default: from the file name")


def _format(args: argparse.Namespace) -> str:
    from translate_app.errors import TranslateAppError

    fmt: str = args.format or Path(args.file).suffix.lower().lstrip(".")
    if fmt not in {"csv", "tbx"}:
        raise TranslateAppError(f"{args.file}: give a .csv or .tbx file, or --format csv|tbx")
    return fmt


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    from translate_app import glossary

    with open_sessions(config) as factory, factory() as session:
        found = glossary.terms(session, args.lang)
        lines = []
        for t in found:
            flags = [
                name
                for name, on in (
                    ("do-not-translate", t.do_not_translate),
                    ("do-not-send", t.do_not_send),
                    ("case-sensitive", t.case_sensitive),
                )
                if on
            ]
            line = f"{t.language_code or '*':<6}{t.source_term} → {t.target_term or '—'}"
            if t.forbidden:
                line += f"  (not: {', '.join(t.forbidden)})"
            if flags:
                line += f"  [{', '.join(flags)}]"
            if t.note:
                line += f"  # {' '.join(t.note.split())}"
            lines.append(line)
    print("\n".join(lines) if lines else "no glossary terms yet: translate-app glossary add")
    return 0


def cmd_add(args: argparse.Namespace, config: Config) -> int:
    from translate_app import glossary
    from translate_app.store import db

    with open_sessions(config) as factory, db.transaction(factory) as session:
        term = glossary.add_term(
            session, args.source, args.target, lang=args.lang, note=args.note,
            forbidden=args.forbidden, do_not_translate=args.do_not_translate,
            do_not_send=args.do_not_send, case_sensitive=args.case_sensitive,
        )  # fmt: skip
        summary = f"added {term.source_term!r} [{term.language_code or '*'}]"
    print(summary)
    return 0


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog import glossary_exchange
    from translate_app.runtime.files import read_input
    from translate_app.store import db

    fmt = _format(args)
    path = Path(args.file)
    data = read_input(path)
    with open_sessions(config) as factory, db.transaction(factory) as session:
        report = glossary_exchange.import_glossary(
            session, data, path=str(path), fmt=fmt, lang=args.lang
        )
    print(report)
    return 0


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog import glossary_exchange
    from translate_app.runtime.files import write_atomic

    fmt = _format(args)
    with open_sessions(config) as factory, factory() as session:
        data = glossary_exchange.export_glossary(session, args.lang, fmt=fmt)
    write_atomic(args.file, data)
    print(f"wrote {args.file}")
    return 0
