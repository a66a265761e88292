"""Quality checks at build time: the checks package when it is installed, else placeholders.

``translate_app.checks`` (``run_checks(source, target, *, lang, glossary=())``)
is written alongside this package; until it is importable, the build still
refuses translations whose placeholders do not match their source, which is
the one failure that would break an edition.  Failures stored by the web
editor (``CheckResult``) for the current version count as well.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, cast

from translate_app.segment import placeholders

ERROR = "error"
"""Severity that keeps a translation out of an edition."""


@dataclass(frozen=True)
class Failure:
    """A failed check of one translation."""

    check_id: str
    """Which check failed (``placeholders``, ``punctuation``, ...)."""
    severity: str
    """``error`` (keeps the translation out) or ``warning``."""
    message: str
    """What is wrong, for the person who fixes it."""

    @property
    def is_error(self) -> bool:
        """Whether the failure keeps the translation out of an edition."""
        return self.severity == ERROR

    def __str__(self) -> str:
        return f"{self.check_id}: {self.message}"


class _CheckFailure(Protocol):
    check_id: str
    severity: str
    message: str


@cache
def _run_checks() -> Callable[..., Sequence[_CheckFailure]] | None:
    try:
        module = importlib.import_module("translate_app.checks")
    except ModuleNotFoundError as exc:
        if exc.name not in {"translate_app.checks"}:
            raise
        return None
    found = getattr(module, "run_checks", None)
    return cast("Callable[..., Sequence[_CheckFailure]] | None", found)


def checks_available() -> bool:
    """Whether ``translate_app.checks.run_checks`` is installed (else placeholders only)."""
    return _run_checks() is not None


def check(source: str, target: str, lang: str, glossary: Sequence[object] = ()) -> list[Failure]:
    """The failures of ``target`` as a translation of ``source`` into ``lang``.

    ``glossary`` (the language's ``GlossaryTerm`` rows) is passed on to the checks package.
    """
    run = _run_checks()
    if run is None:
        return placeholder_failures(source, target)
    return [_convert(found) for found in run(source, target, lang=lang, glossary=glossary)]


def placeholder_failures(source: str, target: str) -> list[Failure]:
    """Placeholder problems as error-level failures (the fallback check)."""
    return [Failure("placeholders", ERROR, text) for text in placeholders.problems(source, target)]


def _convert(found: Any) -> Failure:
    severity = getattr(found, "severity", ERROR)
    severity = getattr(severity, "value", severity)  # an enum or a plain string
    return Failure(str(found.check_id), str(severity).lower(), str(found.message))
