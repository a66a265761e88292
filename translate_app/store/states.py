"""Workflow states of a translation: a gapped integer enum (0, 10, 20, 30).

"At least 20" means usable by a reader.  The mapping to PO flags lives here and
nowhere else.
"""

from __future__ import annotations

from enum import IntEnum


class State(IntEnum):
    """State of one segment in one language."""

    EMPTY = 0
    """Nothing yet."""
    DRAFT = 10
    """From an engine, the TM, an import marked fuzzy, or outdated by a source edit."""
    TRANSLATED = 20
    """A translator wrote or confirmed it."""
    APPROVED = 30
    """Enough editors approved this exact text."""

    @classmethod
    def parse(cls, name: str) -> State:
        """Read a state from its name (``approved``) or value (``30``)."""
        text = name.strip().lower()
        if text.isdigit():
            return cls(int(text))
        try:
            return cls[text.upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown state {name!r}; use one of: {names}") from None

    @property
    def label(self) -> str:
        """The lower-case name people read in the UI and the CLI."""
        return self.name.lower()


def po_flags(state: State) -> list[str]:
    """PO flags that represent ``state`` in an exported catalog."""
    return ["fuzzy"] if state == State.DRAFT else []


def state_from_po(msgstr: str, flags: list[str]) -> State:
    """State a PO entry brings into the store on import (never APPROVED)."""
    if not msgstr:
        return State.EMPTY
    if "fuzzy" in flags:
        return State.DRAFT
    return State.TRANSLATED
