"""The colophon of an edition: who made it, how much is translated, what machines did.

People are named only with their consent (``User.credit_consent``), by display
name, from the history of the document in the edition's language: translators
for what they wrote, editors for what they approved or rejected.  Coverage and
the machine-translation disclosure come from the publish gate, so they
describe exactly the text that went in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.publish.gate import Gate
from translate_app.store.models import Document, Event, Segment, Translation, User
from translate_app.store.states import State

TRANSLATING = frozenset({"edit", "restore", "import", "draft", "link", "unlink"})
"""History actions that make a person a translator of the edition."""
EDITING = frozenset({"approve", "reject"})
"""History actions that make a person an editor of the edition."""

ENGINE_NAMES = {
    "google": "Google Translate",
    "deepl": "DeepL",
    "libre": "LibreTranslate",
    "libretranslate": "LibreTranslate",
    "mymemory": "MyMemory",
    "microsoft": "Microsoft Translator",
}
"""Readable names of machine-translation engines (``mt:<name>`` origins)."""


@dataclass(frozen=True)
class Colophon:
    """Everything the colophon of one edition says."""

    translators: list[str]
    """Display names of consenting translators, alphabetical."""
    editors: list[str]
    """Display names of consenting editors, alphabetical."""
    unnamed: int
    """Contributors who did not consent to be named."""
    segments: int
    """Segments in the document."""
    approved: int
    """Segments whose translation is approved."""
    included: int
    """Segments whose translation went into the edition."""
    words: int
    """Source words in the document."""
    included_words: int
    """Source words of the segments that went in translated."""
    machine_unedited_words: int
    """Source words of segments in the edition whose text is an unconfirmed machine draft."""
    engines: list[str]
    """Machine-translation engines used on this language (readable names)."""
    memory: bool
    """Whether drafts came from the translation memory too."""
    built_at: datetime
    """When the edition was built (``SOURCE_DATE_EPOCH`` when set, for reproducible builds)."""
    revision: int
    """Revision of the source document."""
    source_hash: str
    """First 12 hex digits of the SHA-256 of the source text."""
    min_state: State
    """The gate the edition was built at."""

    @property
    def fallback(self) -> int:
        """Segments shown in the source language."""
        return self.segments - self.included


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (seconds, UTC) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def colophon(session: Session, gate: Gate, *, built_at: datetime | None = None) -> Colophon:
    """The colophon of the edition of ``gate``'s document and language."""
    doc_id = session.scalar(select(Document.id).where(Document.slug == gate.slug))
    translators, editors, unnamed = _people(session, doc_id, gate.lang)
    engines = _engines(session, doc_id, gate.lang)
    decisions = gate.decisions
    return Colophon(
        translators=translators,
        editors=editors,
        unnamed=unnamed,
        segments=len(decisions),
        approved=sum(d.state == State.APPROVED for d in decisions),
        included=sum(d.included for d in decisions),
        words=sum(d.words for d in decisions),
        included_words=sum(d.words for d in decisions if d.included),
        machine_unedited_words=sum(d.words for d in decisions if d.included and d.machine_unedited),
        engines=[name for name in engines if name],
        memory=None in engines,
        built_at=built_at or build_time(),
        revision=gate.revision,
        source_hash=gate.source_hash[:12],
        min_state=gate.min_state,
    )


def _people(session: Session, doc_id: int | None, lang: str) -> tuple[list[str], list[str], int]:
    found = session.execute(
        select(User.id, User.name, User.display_name, User.credit_consent, Event.action)
        .distinct()
        .select_from(Event)
        .join(User, User.id == Event.user_id)
        .join(Translation, Translation.id == Event.translation_id)
        .join(Segment, Segment.id == Translation.segment_id)
        .where(Segment.document_id == doc_id, Translation.language_code == lang)
    ).all()
    translators: set[str] = set()
    editors: set[str] = set()
    hidden: set[int] = set()
    for user_id, name, display_name, consent, action in found:
        if action not in TRANSLATING | EDITING:
            continue
        if not consent:
            hidden.add(user_id)
            continue
        label = display_name or name
        (editors if action in EDITING else translators).add(label)
    return sorted(translators, key=str.casefold), sorted(editors, key=str.casefold), len(hidden)


def _engines(session: Session, doc_id: int | None, lang: str) -> list[str | None]:
    """Readable names of the engines in the history (None stands for the memory)."""
    origins = session.scalars(
        select(Event.origin)
        .distinct()
        .join(Translation, Translation.id == Event.translation_id)
        .join(Segment, Segment.id == Translation.segment_id)
        .where(
            Segment.document_id == doc_id,
            Translation.language_code == lang,
            Event.origin.like("mt:%") | Event.origin.like("tm:%"),
        )
    ).all()
    names: set[str | None] = set()
    for origin in origins:
        kind, _, name = origin.partition(":")
        names.add(None if kind == "tm" else ENGINE_NAMES.get(name.lower(), name))
    return sorted(names, key=lambda n: (n is None, (n or "").casefold()))
