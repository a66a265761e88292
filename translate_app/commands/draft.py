"""``translate-app draft`` (machine drafting, with a progress bar) and ``translate-app worker``.

::

    translate-app draft SLUG --lang uk [--engine google|mymemory|microsoft|deepl|libre|memory]
                        [--engine-url URL] [--only-empty] [--dry-run]
    translate-app worker [--workers N]

``--dry-run`` prints exactly what would be sent (the masked texts, request by
request) and sends nothing.  The privacy-preserving engine is a LibreTranslate
on your own machine: see :mod:`translate_app.machinery.libre`.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, TextIO

from translate_app.commands.sessions import open_sessions

if TYPE_CHECKING:
    from translate_app.commands import SubParsers
    from translate_app.config import Config
    from translate_app.drafting.runs import DraftPlan, DraftReport


def register(sub: SubParsers) -> None:
    draft = sub.add_parser(
        "draft",
        help="machine-draft a document into a language",
        description="Machine-draft the segments of a document that need a draft (empty ones and "
        "other engines' drafts; never a person's text). Drafts need a person's confirmation.",
    )
    draft.set_defaults(handler=cmd_draft)
    draft.add_argument("slug")
    draft.add_argument("--lang", required=True, help="language code, e.g. uk")
    draft.add_argument("--engine", help="engine name (default: TRANSLATE_APP_ENGINE or google)")
    draft.add_argument("--engine-url", help="engine address (LibreTranslate: http://HOST:PORT/)")
    draft.add_argument(
        "--only-empty", action="store_true", help="draft only segments without any translation"
    )
    draft.add_argument(
        "--dry-run", action="store_true", help="show exactly what would be sent; send nothing"
    )
    worker = sub.add_parser(
        "worker",
        help="run the background job worker (drafting jobs of the web UI)",
        description="Consume the job queue (SQLite in the instance folder, or Redis when "
        "REDIS_URL is set). Jobs a crashed worker left running are resumed first.",
    )
    worker.set_defaults(handler=cmd_worker)
    worker.add_argument("--workers", type=int, default=1, help="jobs run at once (default 1)")


def cmd_draft(args: argparse.Namespace, config: Config) -> int:
    from translate_app import drafting

    with open_sessions(config) as factory, factory() as session:
        if args.dry_run:
            plan = drafting.plan_document(
                session, args.slug, args.lang, engine=args.engine, config=config,
                only_empty=args.only_empty, engine_url=args.engine_url,
            )  # fmt: skip
            print("\n".join(plan_lines(plan, args.slug, args.lang)))
            return 0
        bar = ProgressBar(sys.stderr)
        try:
            report = drafting.draft_document(
                session, args.slug, args.lang, engine=args.engine, config=config,
                only_empty=args.only_empty, engine_url=args.engine_url, progress=bar,
            )  # fmt: skip
        finally:
            bar.close()
    print(report)
    for key, message in report.failures:
        print(
            f"error: {message}" if key in message else f"error: {key}: {message}", file=sys.stderr
        )
    if report.stopped:
        print(f"error: the run stopped early: {report.stopped}", file=sys.stderr)
    return 1 if report.failures else 0


def cmd_worker(args: argparse.Namespace, config: Config) -> int:
    import logging

    from translate_app import drafting

    with open_sessions(config) as factory, factory() as session:
        pending = drafting.recover_jobs(session)
    for job_id in pending:
        drafting.enqueue(config, job_id)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    huey = drafting.queue(config)
    print(f"worker: {len(pending)} queued jobs; waiting for more (Ctrl-C stops)", file=sys.stderr)
    consumer = huey.create_consumer(workers=max(1, args.workers), periodic=False, max_delay=1.0)
    consumer.run()
    return 0


def plan_lines(plan: DraftPlan, slug: str, lang: str) -> list[str]:
    """``--dry-run`` output: every request with the masked texts it would carry."""
    p = plan.plan
    lines = [
        f"dry run: {slug} [{lang}] with {plan.engine} ({plan.host}): {plan.total} segments to "
        f"draft; {len(p.requests)} requests, {p.characters} characters would be sent; "
        f"{p.cached} answered from the cache; {len(p.refused)} not sent"
    ]
    for number, request in enumerate(p.requests, 1):
        lines.append(
            f"--- request {number}: {len(request.texts)} texts, {request.characters} characters"
        )
        lines.extend(
            f"[{' '.join(keys)}] {text}"
            for keys, text in zip(request.keys, request.texts, strict=True)
        )
    for draft in p.refused:
        lines.append(f"--- not sent: {draft.error}")
    return lines


class ProgressBar:
    """Segments done, rate and ETA on stderr: a bar on a terminal, plain lines otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO, *, interval: float | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = interval if interval is not None else (0.1 if self.tty else 5.0)
        self.start = time.monotonic()
        self.shown = 0.0
        self.last: DraftReport | None = None

    def __call__(self, report: DraftReport) -> None:
        self.last = report
        now = time.monotonic()
        if now - self.shown >= self.interval or report.processed >= report.total:
            self.shown = now
            self._show(report, now - self.start)

    def line(self, report: DraftReport, elapsed: float) -> str:
        done, total = report.processed, report.total
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        percent = 100 * done / total if total else 100.0
        failed = f", {report.failed} failed" if report.failed else ""
        eta_text = _duration(eta) if eta is not None else "?"
        return f"{done}/{total} segments ({percent:.0f}%), {rate:.1f}/s, ETA {eta_text}{failed}"

    def _show(self, report: DraftReport, elapsed: float) -> None:
        text = self.line(report, elapsed)
        if self.tty:
            filled = int(self.WIDTH * report.processed / report.total) if report.total else 0
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {text}\x1b[K")
        else:
            self.stream.write(f"drafting: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.last is not None and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}:{seconds:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
