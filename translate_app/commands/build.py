"""``translate-app build``: the edition of a document in a language (Markdown, HTML, PDF, review).

::

    translate-app build SLUG --lang uk[,de|all] [--format md,html,pdf,review|all]
                        [--min-state approved] [--fallback source|fail] [--out build]

The publish gate is printed first (what will fall back or block), then each
edition written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.commands import add_command
from translate_app.commands.sessions import open_sessions
from translate_app.errors import TranslateAppError
from translate_app.store.states import State

if TYPE_CHECKING:
    import argparse

    from translate_app.commands import SubParsers
    from translate_app.config import Config


def register(sub: SubParsers) -> None:
    """Add ``build``."""
    build = add_command(sub, "build", cmd_build, "build the edition of a document in a language")
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


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from translate_app.publish import build
    from translate_app.publish.gate import gates as compute_gates
    from translate_app.publish.gate import languages_for
    from translate_app.publish.report import gate_lines

    formats = build.parse_formats(args.format)
    min_state = State.parse(args.min_state)
    out = Path(args.out)
    with open_sessions(config) as factory, factory() as session:
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
