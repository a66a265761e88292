"""The ``translate-app`` command: the parser built from the registry, and one dispatch.

The subcommands live in :mod:`translate_app.commands`, a module per area, each a few
lines around one service call.  Errors are one line on stderr and a non-zero exit;
database changes are one transaction per command and files are replaced atomically,
so nothing is ever half-written.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from translate_app.commands import register_all
from translate_app.config import VERSION, Config
from translate_app.errors import CatalogError, TranslateAppError

if TYPE_CHECKING:
    from translate_app.commands import Handler


def parser() -> argparse.ArgumentParser:
    """The command-line interface, its subcommands from :mod:`translate_app.commands`."""
    p = argparse.ArgumentParser(
        prog="translate-app",
        description="Translate one long report into faithful, published editions.",
    )
    p.add_argument("--version", action="version", version=f"translate-app {VERSION}")
    p.set_defaults(batch=False)
    register_all(p.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return p


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
