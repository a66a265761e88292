"""The colophon of an edition: who made it, how much is translated, what machines did.

People are named only with their consent (``User.credit_consent``), by display
name, from the history of the document in the edition's language: translators
for what they wrote, editors for what they approved or rejected.  Coverage and
the machine-translation disclosure come from the publish gate, so they
describe exactly the text that went in: every sentence of the disclosure
(:func:`disclosure`) is chosen from those figures, never fixed text that could
contradict them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.glossary.terms import terms
from translate_app.publish.gate import Gate
from translate_app.publish.labels import EditionLocale
from translate_app.publish.metadata import front_matter
from translate_app.publish.names import author_name
from translate_app.store.models import Document, Event, Segment, Translation, User
from translate_app.store.states import State

TRANSLATING = frozenset({"edit", "restore", "import", "draft", "link", "unlink"})
"""History actions that make a person a translator of the edition."""
EDITING = frozenset({"approve", "reject"})
"""History actions that make a person an editor of the edition."""

ONLINE = "online"
"""Kind of engine: a service on the internet (the text left the building)."""
SELF_HOSTED = "self-hosted"
"""Kind of engine: a server of the publisher's own."""
MEMORY = "memory"
"""Kind of engine: the translation memory (earlier human translations)."""
UNKNOWN = "unknown"
"""Kind of engine: an id this version does not know (``llm-draft``)."""

ENGINES = {
    "google": ("Google Translate", ONLINE),
    "deepl": ("DeepL", ONLINE),
    "libre": ("LibreTranslate", SELF_HOSTED),
    "libretranslate": ("LibreTranslate", SELF_HOSTED),
    "mymemory": ("MyMemory", ONLINE),
    "microsoft": ("Microsoft Translator", ONLINE),
    "memory": ("", MEMORY),
}
"""Readable names and kinds of machine-translation engines (``mt:<id>`` origins)."""


@dataclass(frozen=True, order=True)
class Engine:
    """A machine that drafted some of the edition's language."""

    kind: str
    """:data:`ONLINE`, :data:`SELF_HOSTED`, :data:`MEMORY` or :data:`UNKNOWN`."""
    name: str
    """Its readable name (``Google Translate``); the raw id when unknown (``llm-draft``)."""


def engine(engine_id: str) -> Engine:
    """The :class:`Engine` of an ``mt:<id>`` origin's id."""
    name, kind = ENGINES.get(engine_id.lower(), (engine_id, UNKNOWN))
    return Engine(kind, name)


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
    machine_unedited: int
    """Segments in the edition whose text is an unconfirmed machine (or memory) draft."""
    human: int
    """Segments in the edition whose text a person wrote, imported or confirmed."""
    machines: list[Engine]
    """Engines that drafted this language (the translation memory last), readable."""
    built_at: datetime
    """When the edition was built (``SOURCE_DATE_EPOCH`` when set, for reproducible builds)."""
    revision: int
    """Revision of the source document."""
    source_hash: str
    """The SHA-256 of the source text (64 hex digits)."""
    min_state: State
    """The gate the edition was built at."""
    author: str = ""
    """The author's name as this edition writes it (:mod:`names`: front matter, glossary)."""

    @property
    def fallback(self) -> int:
        """Segments shown in the source language."""
        return self.segments - self.included

    @property
    def engines(self) -> list[str]:
        """Readable names of the machine-translation engines (the memory left out)."""
        return [e.name for e in self.machines if e.kind != MEMORY]

    @property
    def memory(self) -> bool:
        """Whether drafts came from the translation memory."""
        return any(e.kind == MEMORY for e in self.machines)

    def disclosure(self, loc: EditionLocale) -> list[str]:
        """What the text is, in ``loc``'s language (:func:`disclosure`)."""
        return disclosure(self, loc)

    def disclosure_text(self, loc: EditionLocale) -> str:
        """:meth:`disclosure` as one paragraph (no space after a full-width full stop)."""
        text = ""
        for sentence in self.disclosure(loc):
            text += ("" if not text or text.endswith("。") else " ") + sentence
        return text

    def engine_names(self, loc: EditionLocale) -> str:
        """The engines with a note on each, in ``loc``'s language (:func:`engine_names`)."""
        return engine_names(self, loc)


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
        machine_unedited=sum(d.included and d.machine_unedited for d in decisions),
        human=sum(d.included and not d.machine_unedited for d in decisions),
        machines=_engines(session, doc_id, gate.lang),
        built_at=built_at or build_time(),
        revision=gate.revision,
        source_hash=gate.source_hash,
        min_state=gate.min_state,
        author=author_name(front_matter(gate.document.text), gate.lang, terms(session, gate.lang)),
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


def _engines(session: Session, doc_id: int | None, lang: str) -> list[Engine]:
    """The engines in the history, readable, the translation memory last."""
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
    found: set[Engine] = set()
    for origin in origins:
        kind, _, name = origin.partition(":")
        found.add(engine("memory" if kind == "tm" else name))
    return sorted(found, key=lambda e: (e.kind == MEMORY, e.name.casefold()))


def engine_names(info: Colophon, loc: EditionLocale) -> str:
    """The engines with a note on what each is, in ``loc``'s language, comma-separated."""
    shown = []
    for found in info.machines:
        if found.kind == MEMORY:
            shown.append(loc.label("memory"))
        else:
            shown.append(loc.label(f"engine_{found.kind}", name=found.name))
    return ", ".join(shown)


def disclosure(info: Colophon, loc: EditionLocale) -> list[str]:
    """What the edition's text is, in sentences chosen from the figures of ``info``.

    Three shares of the document's sentences decide them: the unedited machine
    drafts, the text people wrote or confirmed, and the approved text.
    """
    whole, included = info.segments, info.included
    complete = included == whole and whole > 0

    def share(part: int) -> str:
        return loc.percent(part, whole)

    engines = engine_names(info, loc)
    if included == 0:
        return [loc.label("nothing_translated")]
    said: list[str] = []
    if info.machine_unedited == included:
        key = "all_machine" if complete else "part_machine"
        said.append(loc.label(key, engines=engines, share=share(info.machine_unedited)))
        return said  # unedited drafts are never approved: nothing more is true of them
    if info.machine_unedited:
        said.append(loc.label("part_machine", engines=engines, share=share(info.machine_unedited)))
    if complete and info.human == whole and info.approved == whole:
        said.append(loc.label("all_human_approved"))
    else:
        if complete and info.human == whole:
            said.append(loc.label("all_human"))
        else:
            said.append(loc.label("part_human", share=share(info.human)))
        if info.approved == 0:
            said.append(loc.label("approved_none"))
        elif info.approved == whole:
            said.append(loc.label("approved_all"))
        else:
            said.append(loc.label("approved_part", share=share(info.approved)))
    if not info.machine_unedited:
        said.append(loc.label("machine_confirmed", engines=engines) if engines
                    else loc.label("machine_none"))  # fmt: skip
    return said
