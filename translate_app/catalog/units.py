"""The plain data every exchange format reads and writes: one segment in one language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate_app.store.states import State, state_from_po


@dataclass(frozen=True)
class Unit:
    """One segment in one language, as exported to a PO file."""

    key: str
    """The segment key, written as ``msgctxt``."""
    source: str
    """The source sentence with placeholders, written as ``msgid`` (never empty)."""
    target: str = ""
    """The translation, written as ``msgstr``; empty when there is none."""
    state: State = State.EMPTY
    """Workflow state; DRAFT is written as ``#, fuzzy``, the others without a flag."""
    previous_source: str | None = None
    """For a draft outdated by a source edit, the source it translated (``#| msgid``)."""
    references: Sequence[str] = ()
    """Where the segment is, ``path:line`` each (``#:``); no white space inside one."""
    notes: Sequence[str] = ()
    """Guidance for the translator, one line each (``#.``): segment context, what
    placeholders stand for (``<g1>…</g1> = emphasis``).  A note with line breaks
    is written, and read back, as several notes."""
    obsolete: bool = False
    """A segment no longer in the document, kept for the record (``#~``, at the end)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "notes", tuple(self.notes))


@dataclass(frozen=True)
class ParsedUnit:
    """One active entry of an imported PO file (obsolete entries and the header are left out)."""

    key: str
    """``msgctxt``; empty when the entry has none (never the case in our catalogs)."""
    source: str
    """``msgid``: the source text the translator saw."""
    target: str
    """``msgstr`` (``msgstr[0]`` for a plural entry); empty when untranslated."""
    fuzzy: bool
    """Flagged ``#, fuzzy``: the translation needs review."""
    previous_source: str | None
    """``#| msgid``, if the entry has one."""
    line: int
    """1-based line of the entry's ``msgctxt`` (or ``msgid`` when it has none)."""
    references: tuple[str, ...] = ()
    """``#:`` references."""
    notes: tuple[str, ...] = ()
    """``#.`` comments, one per line."""
    source_plural: str | None = None
    """``msgid_plural`` of a plural entry (our catalogs have none)."""
    plural_targets: tuple[str, ...] = field(default=())
    """All ``msgstr[N]`` of a plural entry, in order."""

    @property
    def state(self) -> State:
        """The state this entry brings into the store (never APPROVED)."""
        return state_from_po(self.target, ["fuzzy"] if self.fuzzy else [])

    def to_unit(self) -> Unit:
        """The entry as a :class:`Unit` (what an export of the imported state would write)."""
        return Unit(
            key=self.key,
            source=self.source,
            target=self.target,
            state=self.state,
            previous_source=self.previous_source,
            references=self.references,
            notes=self.notes,
        )
