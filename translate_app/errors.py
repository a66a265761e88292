"""One exception root for everything translate_app raises on purpose.

Each error carries the context a person needs to act on it: the file and line,
the segment key, the language.  Library errors are wrapped ``from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass


class TranslateAppError(Exception):
    """Root of every error this package raises deliberately."""


class SourceError(TranslateAppError):
    """A source document cannot be read or segmented (file, line, what to do)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path or "<text>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class NotFoundError(TranslateAppError):
    """A document, segment, language or user does not exist."""


class PermissionDeniedError(TranslateAppError):
    """The person may not do this (role, language assignment or four-eyes rule)."""


class WorkflowError(TranslateAppError):
    """A state transition that the workflow does not allow."""


class ConflictError(WorkflowError):
    """A save named a version that is no longer current.

    The person's text is kept in ``attempted_text``; ``current_text`` and
    ``current_version`` tell them what is there now.
    """

    def __init__(
        self,
        message: str,
        *,
        current_text: str,
        current_version: int,
        attempted_text: str,
    ) -> None:
        super().__init__(message)
        self.current_text = current_text
        self.current_version = current_version
        self.attempted_text = attempted_text


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, located so a person can fix it."""

    path: str
    """The file the problem is in."""
    line: int
    """1-based line number (0 when the file as a whole is at fault)."""
    message: str
    """What is wrong and, where possible, what to do."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CatalogError(TranslateAppError):
    """An exchange file (PO, XLIFF, TMX) was refused; nothing was applied."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = str(problems[0]) if problems else "invalid catalog"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(f"{head}{more}")


class ConfigurationError(TranslateAppError):
    """The environment or a setting is wrong."""
