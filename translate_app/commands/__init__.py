"""The subcommands of ``translate-app``: one registry, one module per area.

Every module named in :data:`COMMAND_MODULES` defines ``register(sub: SubParsers) -> None``,
adding its subcommands with ``sub.add_parser(...)`` and ``set_defaults(handler=...)``;
a handler (:data:`Handler`) takes ``(args, config)`` and returns the exit status.
:mod:`translate_app.cli` builds the parser from this registry and dispatches.

Modules must stay light at import time: heavy imports (SQLAlchemy, Flask,
markdown-it, polib, Alembic) go inside the handlers, so every command starts
quickly.  A handler reaches the database through
:func:`translate_app.commands.sessions.open_sessions`.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from translate_app.config import Config

Handler = Callable[[argparse.Namespace, "Config"], int]
"""What a subcommand runs: the parsed arguments and the configuration in, the exit status out."""

COMMAND_MODULES = (
    "database",  # init
    "documents",  # ingest, status
    "catalogs",  # export, import (PO)
    "build",  # build
    "people",  # languages, users add|ensure-admin
    "doctor",  # doctor
    "draft",  # draft, worker
    "glossary",  # glossary list|add|import|export
    "serve",  # serve
    "tm",  # tm import|export|lookup|propagate
    "xliff",  # xliff export|import
)
"""The modules of this package that add subcommands, in the order ``--help`` lists them."""


class SubParsers(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns: the commands add their parsers to it.

    argparse's class for it is private (``_SubParsersAction``); this names the one
    method the commands use.
    """

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """A new subcommand ``name`` (``help=``, ``description=``... as argparse takes them)."""


def register_all(sub: SubParsers) -> None:
    """Let every module of :data:`COMMAND_MODULES` add its subcommands to ``sub``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)


def add_command(
    sub: SubParsers, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """Subcommand ``name`` running ``handler``, with ``help_text`` as its help and description."""
    command = sub.add_parser(name, help=help_text, description=help_text)
    command.set_defaults(handler=handler)
    return command
