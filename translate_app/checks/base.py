"""Quality checks: small registered classes, one method each (Weblate's ``checks/base.py``).

A check has an ``id``, a ``name``, a ``description``, a ``severity`` and
one ``check(source, target, ctx)`` method returning what is wrong (empty: all
is well).  ``error`` failures block approval and keep a translation out of an
edition; ``warning`` failures need a person's acknowledgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, TypeVar

from translate_app.glossary.terms import GlossaryMatcher, Hit
from translate_app.segment.placeholders import strip

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class CheckFailure:
    """One failed check of a translation."""

    check_id: str
    """Which check failed (``placeholders``, ``forbidden-term``, ...; ``render`` at a build)."""
    severity: str
    """``error`` (blocks approval, keeps the translation out of an edition) or ``warning``."""
    message: str
    """What is wrong, for the translator."""

    @property
    def is_error(self) -> bool:
        """Whether the failure blocks approval and keeps the translation out of an edition."""
        return self.severity == ERROR

    def __str__(self) -> str:
        return f"{self.check_id}: {self.message}"


@dataclass
class CheckContext:
    """What checks know besides the two texts: the language and its glossary."""

    lang: str
    source: str
    matcher: GlossaryMatcher | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @cached_property
    def hits(self) -> list[Hit]:
        """Glossary terms found in the source."""
        return self.matcher.hits(self.source) if self.matcher is not None else []

    @cached_property
    def base_lang(self) -> str:
        """The language without its region (``pt`` for ``pt_BR``)."""
        return self.lang.replace("-", "_").split("_")[0].lower()


class Check:
    """Base of every check."""

    id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str] = WARNING

    def check(self, source: str, target: str, ctx: CheckContext) -> list[str]:
        """What is wrong with ``target`` as a translation of ``source`` (empty: nothing)."""
        raise NotImplementedError


CHECKS: dict[str, Check] = {}
"""Every registered check, by id, in registration order."""

C = TypeVar("C", bound=type[Check])


def register(cls: C) -> C:
    """Class decorator: make the check part of :func:`run_checks`."""
    if cls.id in CHECKS:
        raise ValueError(f"check id {cls.id!r} is registered twice")
    CHECKS[cls.id] = cls()
    return cls


def run_checks(
    source: str,
    target: str,
    *,
    lang: str,
    matcher: GlossaryMatcher | None = None,
    only: Sequence[str] | None = None,
) -> list[CheckFailure]:
    """Every failure of ``target`` as a translation of ``source`` into ``lang``.

    ``matcher`` finds the glossary terms that apply to ``lang`` (none: the glossary
    checks find nothing); in the store it is ``glossary.terms.matcher(session, lang)``,
    built once per session and dropped when a term changes.  ``only`` limits the run
    to some check ids.  An empty target has no failures: there is nothing to check yet.
    """
    if not target:
        return []
    ctx = CheckContext(lang=lang, source=source, matcher=matcher)
    failures: list[CheckFailure] = []
    for check_id, check in CHECKS.items():
        if only is not None and check_id not in only:
            continue
        failures.extend(
            CheckFailure(check_id, check.severity, message)
            for message in check.check(source, target, ctx)
        )
    return sorted(failures, key=lambda f: f.severity != ERROR)  # errors first


def plain(text: str) -> str:
    """``text`` without placeholders."""
    return strip(text) if "<" in text else text
