"""Quality checks (DESIGN §5): placeholders, numbers, URLs, punctuation, spaces, glossary,
typography, length.

:func:`run_checks` is pure: the rules only.  The workflow records failures per
translation version, refuses to approve a text with error-level failures and
lets a person acknowledge warnings (``workflow.check_results``); the publish
gate runs the same rules.
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

__all__ = [
    "CHECKS",
    "ERROR",
    "WARNING",
    "Check",
    "CheckContext",
    "CheckFailure",
    "chars",
    "codes",
    "register",
    "run_checks",
    "terminology",
    "typography",
]
