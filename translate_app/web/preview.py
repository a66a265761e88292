"""Previews of translated text as a reader will see it: one paragraph, or the whole document.

The paragraph preview splices translations (and the text being typed) into the
block's own source lines with ``segment.rebuild``; the document preview is the
Markdown edition (``publish.markdown``).  Both are rendered by markdown-it with
raw HTML off, so nothing a translator types can become markup or script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.publish.markdown import build_markdown
from translate_app.segment import model
from translate_app.segment.placeholders import strip
from translate_app.segment.rebuild import RenderError, render, splice
from translate_app.store.models import Document, Segment, Translation
from translate_app.store.parsed import parsed_segment, row_values
from translate_app.store.states import State

_KRAMDOWN_IAL = re.compile(r"^\s*\{:[^}\n]*\}\s*$", re.MULTILINE)
_LIQUID = re.compile(r"\{%-?.*?-?%\}", re.DOTALL)


def _parser() -> MarkdownIt:
    """Raw HTML of the source (``<excerpt/>``) is recognised and left out, never passed on.

    Translations cannot add any: ``segment.rebuild.render`` escapes every ``<``
    a translator types, so it reaches markdown-it as text.
    """
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin).use(footnote_plugin)
    md.add_render_rule("html_block", _nothing)
    md.add_render_rule("html_inline", _nothing)
    return md


def _nothing(*_args: object) -> str:
    return ""


_MD = _parser()


def render_markdown(text: str) -> Markup:
    """HTML of Markdown ``text``; raw HTML, Liquid tags and kramdown attributes left out."""
    text = _KRAMDOWN_IAL.sub("", _LIQUID.sub("", text))
    return Markup(_MD.render(text))


@dataclass
class BlockPreview:
    """The rendered block of a segment and what could not be rendered."""

    html: Markup
    problems: list[str] = field(default_factory=list)


def block_preview(session: Session, segment: Segment, lang: str, typed: str) -> BlockPreview:
    """The block (paragraph, heading, cell) of ``segment`` with ``typed`` as its translation.

    The other sentences of the block show their stored translations (drafts
    included), or the source where there is none.
    """
    if segment.syntax.startswith("yaml"):
        return BlockPreview(Markup("<p>{}</p>").format(strip(typed) or strip(segment.source)))
    document = session.get(Document, segment.document_id)
    assert document is not None
    rows = session.execute(
        select(Segment, Translation.text)
        .outerjoin(
            Translation,
            (Translation.segment_id == Segment.id) & (Translation.language_code == lang),
        )
        .where(
            Segment.document_id == segment.document_id,
            Segment.block == segment.block,
            Segment.obsolete.is_(False),
        )
        .order_by(Segment.position)
    ).all()
    source = document.source_text
    first = min(row[0].start for row in rows)
    last = max(row[0].end for row in rows)
    begin = source.rfind("\n", 0, first) + 1
    stop = source.find("\n", last)
    stop = len(source) if stop < 0 else stop
    texts = {row[0].key: row[1] or "" for row in rows}
    texts[segment.key] = typed
    pieces = [parsed_segment(row_values(row[0]), offset=begin) for row in rows]
    snippet = model.ParsedDocument(slug="", path="", text=source[begin:stop], segments=pieces)
    problems: list[str] = []

    def replace(piece: model.ParsedSegment) -> str | None:
        text = texts.get(piece.key, "")
        if not text.strip():
            return None
        try:
            return render(piece, text)
        except RenderError as exc:
            problems.append(str(exc))
            return None

    return BlockPreview(render_markdown(splice(snippet, replace)), problems)


@dataclass
class DocumentPreview:
    """The whole document as an edition in progress."""

    title: str
    html: Markup
    translated: int
    total: int
    problems: list[str]


def document_preview(session: Session, slug: str, lang: str) -> DocumentPreview:
    """The document with every translation from drafts up spliced in, rendered."""
    edition = build_markdown(session, slug, lang, min_state=State.DRAFT, fallback="source")
    title_row = session.execute(
        select(Translation.text)
        .join(Segment, Translation.segment_id == Segment.id)
        .join(Document, Segment.document_id == Document.id)
        .where(Document.slug == slug, Segment.kind == "front-matter",
               Segment.context == "front matter: title", Translation.language_code == lang)
    ).first()  # fmt: skip
    document = session.scalar(select(Document).where(Document.slug == slug))
    title = (title_row[0] if title_row and title_row[0] else None) or (
        document.title if document else slug
    )
    return DocumentPreview(
        title=strip(title),
        html=render_markdown(edition.text),
        translated=edition.translated,
        total=edition.total,
        problems=edition.problems,
    )
