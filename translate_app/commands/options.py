"""Options that several subcommands share."""

from __future__ import annotations

import argparse
import os


def default_jobs() -> int:
    """Worker processes for large batch work: one per core, at most four."""
    return max(1, min(os.cpu_count() or 1, 4))


def add_jobs_option(command: argparse.ArgumentParser) -> None:
    """``-j/--jobs N``: worker processes for a large document (``ingest``, ``export``)."""
    command.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="worker processes for a large document (default: one per core, at most 4; 1: none)",
    )


def add_import_options(command: argparse.ArgumentParser, *, document_help: str) -> None:
    """What a translated file is applied with (``import``, ``xliff import``): the same options."""
    command.add_argument("file")
    command.add_argument("--lang", required=True)
    command.add_argument("--document", help=document_help)
    command.add_argument(
        "--overwrite", action="store_true", help="on a conflict, the file wins over newer work here"
    )
    command.add_argument(
        "--only-empty", action="store_true", help="fill only segments that have no translation"
    )
