"""The Markdown edition: translations spliced into the spans of the stored source.

A publish gate decides what goes in: translations at or above ``min_state``;
below it the source sentence stays (``fallback="source"``) or the build is
refused (``fallback="fail"``).  A translation that cannot be written back (its
placeholders do not match) is treated like a missing one and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.models import Document, Segment, Translation
from translate_app.segment import model
from translate_app.segment.rebuild import RenderError, render, splice
from translate_app.states import State

Fallback = Literal["source", "fail"]


class BuildError(TranslateAppError):
    """An edition cannot be built as asked (segments below the gate with ``fallback="fail"``)."""


@dataclass
class Edition:
    """A built edition and what went into it."""

    slug: str
    lang: str
    text: str
    """The edition's Markdown."""
    translated: int = 0
    """Segments whose translation went in."""
    fallback: int = 0
    """Segments that kept the source text."""
    problems: list[str] = field(default_factory=list)
    """Translations that could not be written back (key: reason)."""

    @property
    def total(self) -> int:
        """Segments in the document."""
        return self.translated + self.fallback


def stored_document(session: Session, slug: str) -> tuple[Document, model.Document]:
    """The stored document and its segment model (spans into the stored source text)."""
    row = session.scalar(select(Document).where(Document.slug == slug))
    if row is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    columns = (
        Segment.key, Segment.source, Segment.start, Segment.end, Segment.line, Segment.kind,
        Segment.block, Segment.syntax, Segment.codes, Segment.context, Segment.occurrence,
        Segment.group_hash,
    )  # fmt: skip
    found = session.execute(
        select(*columns)
        .where(Segment.document_id == row.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )
    segments = [to_model(*values) for values in found]
    return row, model.Document(
        slug=row.slug, path=row.path, text=row.source_text, segments=segments
    )


def to_model(  # noqa: PLR0917 - one argument per stored column
    key: str,
    source: str,
    start: int,
    end: int,
    line: int,
    kind: str,
    block: int,
    syntax: str,
    codes: list[dict[str, Any]],
    context: str,
    occurrence: int,
    group: str,
) -> model.Segment:
    """The framework-free segment of a stored one."""
    return model.Segment(
        key=key, source=source, start=start, end=end, line=line, kind=kind, block=block,
        syntax=model.Syntax(syntax),
        codes=tuple(
            model.Code(c["id"], model.CodeKind(c["kind"]), c["markup"], c["label"]) for c in codes
        ),
        context=context, occurrence=occurrence, group=group,
    )  # fmt: skip


def build_markdown(
    session: Session,
    slug: str,
    lang: str,
    *,
    min_state: State = State.APPROVED,
    fallback: Fallback = "source",
) -> Edition:
    """Build the Markdown edition of ``slug`` in ``lang`` (nothing is written)."""
    row, doc = stored_document(session, slug)
    found = session.execute(
        select(Segment.key, Translation.text, Translation.state)
        .join(Translation, Translation.segment_id == Segment.id)
        .where(Segment.document_id == row.id, Translation.language_code == lang)
    ).all()
    usable = {key: text for key, text, state in found if state >= min_state and text}
    edition = Edition(slug=slug, lang=lang, text="")
    missing: list[str] = []

    def replace(segment: model.Segment) -> str | None:
        text = usable.get(segment.key)
        rendered = None
        if text is not None:
            try:
                rendered = render(segment, text)
            except RenderError as exc:
                edition.problems.append(str(exc))
        if rendered is None:
            edition.fallback += 1
            missing.append(segment.key)
            return None
        edition.translated += 1
        return rendered

    edition.text = splice(doc, replace)
    if fallback == "fail" and missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise BuildError(
            f"{slug} [{lang}]: {len(missing)} of {edition.total} segments are below "
            f"{min_state.label} ({shown}); translate them or use --fallback source"
        )
    return edition
