"""``translate-app build``: the edition of a document in a language (Markdown, HTML, PDF, review).

::

    translate-app build SLUG --lang uk[,de|all] [--format md,html,pdf,review|all]
                        [--min-state approved] [--fallback source|fail] [--out build]
                        [--min-coverage PCT] [--partial] [--original-url URL]
                        [--permalink PATTERN]

The publish gate is printed first (what will fall back or block), then each
edition written.  The coverage gate (``publish.coverage``): a language named in
``--lang`` below its minimum coverage refuses the whole build (exit 1, nothing
written) unless ``--partial``; with ``--lang all`` such languages are skipped and
reported on stderr with their counts, the others are built (exit 0), and the
build fails only when no language passes.  A build of review copies only is not gated.
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
    build.add_argument(
        "--min-coverage",
        metavar="PCT",
        help="least share of segments at the gate, in percent (default: "
        "TRANSLATE_APP_MIN_COVERAGE_<LANG>, TRANSLATE_APP_MIN_COVERAGE, else 100)",
    )
    build.add_argument(
        "--partial",
        action="store_true",
        help="build editions below the minimum coverage too, labelled as partial translations",
    )
    build.add_argument(
        "--original-url",
        metavar="URL",
        help="URL of the original for the HTML editions' links (:slug, :year, :month, :day; "
        "default: TRANSLATE_APP_ORIGINAL_URL, the source's original_url or Jekyll permalink)",
    )
    build.add_argument(
        "--permalink",
        metavar="PATTERN",
        help="permalink of the Markdown editions, e.g. '/:lang/:slug/' "
        "(default: TRANSLATE_APP_PERMALINK, else none)",
    )
    build.add_argument(
        "--no-edition-note",
        dest="note",
        action="store_false",
        default=None,
        help="Markdown editions without the closing note on what the text is "
        "(default: TRANSLATE_APP_EDITION_NOTE; the front matter keeps the disclosure)",
    )


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from translate_app.publish import build
    from translate_app.publish.coverage import parse_percent, require_coverage, verdicts
    from translate_app.publish.gate import gates as compute_gates
    from translate_app.publish.gate import languages_for
    from translate_app.publish.links import LinkSettings
    from translate_app.publish.report import gate_lines

    formats = build.parse_formats(args.format)
    min_state = State.parse(args.min_state)
    least = parse_percent(args.min_coverage) if args.min_coverage is not None else None
    out = Path(args.out)
    links = LinkSettings.from_settings(
        config.extra, out=out, original_url=args.original_url, permalink=args.permalink
    )
    every = args.lang.strip() == "all"
    with open_sessions(config) as factory, factory() as session:
        langs = languages_for(session, args.lang)
        gates = compute_gates(session, args.slug, langs, min_state=min_state)
        for gate in gates:  # the gate first: what will fall back or block, before building
            print("\n".join(gate_lines(gate, fallback=args.fallback)), flush=True)
        # the coverage gate is for readers' editions: a review copy alone is never refused
        review_only = all(fmt.startswith("review.") for fmt in formats)
        partial = args.partial or review_only
        judged = verdicts(gates, config.extra, min_coverage=least, partial=partial)
        if every:  # --lang all: the languages below their minimum are reported and skipped
            for verdict in judged:
                if not verdict.builds:
                    print(f"skipped {verdict.refusal()}", file=sys.stderr)
            judged = [v for v in judged if v.builds]
            gates = [g for g in gates if any(v.coverage.lang == g.lang for v in judged)]
        else:  # languages asked by name: all or nothing (--fallback fail names its segments)
            for gate in gates:
                gate.require_complete(args.fallback)
            require_coverage(judged)
        if not gates:
            raise TranslateAppError("no language reaches its minimum coverage: nothing was built")
        builds = build.build(
            session, gates, formats, fallback=args.fallback, links=links, note=args.note
        )
    for verdict in judged:
        if verdict.coverage.partial and not review_only:
            print(f"partial edition: {verdict.summary()}")
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
