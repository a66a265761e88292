"""``translate-app tm``: the translation memory.

::

    translate-app tm import FILE.tmx
    translate-app tm export FILE.tmx [--lang uk] [--min-state translated|approved]
    translate-app tm lookup "TEXT" --lang uk [--limit 5] [--threshold 75] [--json]
    translate-app tm propagate SLUG --lang uk     # fill empty segments from exact matches
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.commands.sessions import open_sessions

if TYPE_CHECKING:
    from translate_app.commands import SubParsers
    from translate_app.config import Config
    from translate_app.memory import Match


def register(sub: SubParsers) -> None:
    tm = sub.add_parser(
        "tm",
        help="translation memory: TMX import and export, look-ups, propagation",
        description="The translation memory holds every translated and approved sentence.",
    )
    actions = tm.add_subparsers(dest="tm_command", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="add the units of a TMX file (all or nothing)")
    imp.set_defaults(handler=cmd_import)
    imp.add_argument("file")
    export = actions.add_parser("export", help="write the memory as TMX 1.4")
    export.set_defaults(handler=cmd_export)
    export.add_argument("file")
    export.add_argument("--lang", help="only this target language")
    export.add_argument("--min-state", default="translated", help="translated or approved")
    lookup = actions.add_parser("lookup", help="fuzzy matches for a sentence")
    lookup.set_defaults(handler=cmd_lookup)
    lookup.add_argument("text")
    lookup.add_argument("--lang", required=True, help="target language, e.g. uk")
    lookup.add_argument("--limit", type=int, default=5)
    lookup.add_argument("--threshold", type=float, default=75, help="least score, 0-100")
    lookup.add_argument("--json", action="store_true", help="machine-readable output")
    propagate = actions.add_parser(
        "propagate", help="fill a document's empty segments from exact matches (as drafts)"
    )
    propagate.set_defaults(handler=cmd_propagate)
    propagate.add_argument("slug")
    propagate.add_argument("--lang", required=True)


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog import tmx_exchange
    from translate_app.runtime.files import read_input
    from translate_app.store import db

    path = Path(args.file)
    data = read_input(path)
    with open_sessions(config) as factory, db.transaction(factory) as session:
        report = tmx_exchange.import_tmx(session, data, path=str(path))
    print(report)
    return 0


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    from translate_app.catalog import tmx_exchange
    from translate_app.runtime.files import write_atomic
    from translate_app.store.states import State

    least = State.parse(args.min_state)
    with open_sessions(config) as factory, factory() as session:
        data = tmx_exchange.export_tmx(session, target_lang=args.lang, min_quality=int(least))
    write_atomic(args.file, data)
    print(f"wrote {args.file}")
    return 0


def _lines(matches: list[Match]) -> list[str]:
    lines = []
    for m in matches:
        mark = "approved" if m.quality >= 30 else "translated"
        lines.append(f"{m.score:5.1f}%  {m.target}")
        changed = " ".join(
            f"[-{p.text.strip()}-]" if p.op == "delete" else f"{{+{p.text.strip()}+}}"
            for p in m.diff
            if p.op != "equal" and p.text.strip()
        )
        lines.append(f"        {m.source}")
        lines.append(
            f"        {mark}, {m.origin or 'unknown origin'}" + (f"; {changed}" if changed else "")
        )
    return lines


def cmd_lookup(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import asdict

    from translate_app import memory

    with open_sessions(config) as factory, factory() as session:
        src = memory.source_language(session)
        matches = memory.lookup(
            session, args.text, src, args.lang, limit=args.limit, threshold=args.threshold
        )
    if args.json:
        print(json.dumps([asdict(m) for m in matches], ensure_ascii=False, indent=2))
    elif not matches:
        print(f"no match of at least {args.threshold:g}% in [{args.lang}]")
    else:
        print("\n".join(_lines(matches)))
    return 0


def cmd_propagate(args: argparse.Namespace, config: Config) -> int:
    from translate_app.drafting.exact_matches import fill_from_memory
    from translate_app.store import db

    with open_sessions(config) as factory, db.transaction(factory) as session:
        filled = fill_from_memory(session, args.slug, args.lang)
    print(f"{args.slug} [{args.lang}]: {filled} segments filled from exact matches (drafts)")
    return 0
