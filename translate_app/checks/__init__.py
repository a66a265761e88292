"""Quality checks (DESIGN §5): placeholders, numbers, URLs, punctuation, spaces, glossary,
typography, length.

:func:`run_checks` is pure (the publishing build calls it); the workflow
records failures per translation version (:func:`after_write`), refuses to
approve a text with error-level failures (:func:`blocking`), and a person
acknowledges warnings (:func:`acknowledge`).
"""

from __future__ import annotations

from translate_app.checks import chars, codes, terminology, typography
from translate_app.checks.base import (
    CHECKS,
    ERROR,
    WARNING,
    Check,
    CheckContext,
    CheckFailure,
    register,
    run_checks,
)
from translate_app.checks.store import (
    acknowledge,
    after_write,
    before_write,
    blocking,
    check_translation,
    errors,
    open_warnings,
    results,
)

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "Check",
    "CheckContext",
    "CheckFailure",
    "acknowledge",
    "after_write",
    "before_write",
    "blocking",
    "chars",
    "check_translation",
    "codes",
    "errors",
    "open_warnings",
    "register",
    "results",
    "run_checks",
    "terminology",
    "typography",
]
