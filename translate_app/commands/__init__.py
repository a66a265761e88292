"""Subcommands of ``translate-app`` contributed by each area (drafting, memory, glossary...).

Every module in this package defines ``register(sub: SubParsers) -> None``,
adding its subcommands with ``sub.add_parser(...)`` and
``set_defaults(handler=...)``; a handler takes ``(args, config)`` and returns the
exit status.  Modules must stay light at import time: heavy imports go inside
the handlers, so every command starts quickly.  :mod:`translate_app.cli`
finds the modules here by itself.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register_all(sub: SubParsers) -> None:
    """Let every module of this package add its subcommands."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub)
