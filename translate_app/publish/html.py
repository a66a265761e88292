"""The body of the HTML and PDF editions, rendered from the built Markdown.

The structure comes from the one splice (``markdown.spliced``) read by
markdown-it-py with the segmenter's plugins (tables, strikethrough,
footnotes, front matter), never from a second walk of the document.  On top of
CommonMark's HTML, the report's conventions become semantic markup:

- ``___`text`___`` paragraphs are pull quotes: ``<aside class="pull-quote">``;
- a first paragraph in italics is the lead: ``<p class="lead">``; short
  paragraphs wholly in italics or bold are kickers and run-in heads;
- headings move down so the body starts at ``<h2>`` (the title is the ``<h1>``)
  and get stable ids (``sec-1``…, the same in every language) for the contents;
- sentences kept in the source language (between ``MARK_OPEN``/``MARK_CLOSE``)
  become ``<span class="untranslated" lang="en">`` (see :mod:`untranslated`);
- for print, images become a caption placeholder (nothing is fetched);
- the space the source puts between two sentences is dropped where both sides
  are Chinese or Japanese (``。 人々`` -> ``。人々``): those scripts set no spaces.

Text is escaped by markdown-it's renderer; translator text reaches this module
already escaped as Markdown by ``segment.rebuild.render``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from translate_app.publish import untranslated
from translate_app.publish.markdown import MARK_CLOSE, MARK_OPEN

_SHORT = 100
"""Longest text (characters) of a paragraph read as a kicker or run-in head."""
_CJK = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])|(?<=[。！？．」』）])[ \t]+(?=\\S)")
"""Spaces between two Han, kana or CJK punctuation characters, or after a full-width full
stop (``。 2022年``); not Hangul: Korean uses spaces."""


def close_cjk_gaps(text: str) -> str:
    """``text`` without the spaces between two Chinese or Japanese characters."""
    return _CJK_GAP.sub("", text)


@dataclass(frozen=True)
class Heading:
    """A heading of the body, for the table of contents."""

    level: int
    """HTML level after the shift (2 for the report's top sections)."""
    id: str
    """Its ``id`` (``sec-3``)."""
    html: Markup
    """Its inner HTML (untranslated spans kept)."""


@dataclass(frozen=True)
class Body:
    """The rendered body of an edition."""

    html: Markup
    headings: list[Heading]


@cache
def _parser() -> MarkdownIt:
    """CommonMark with the segmenter's plugins, and this module's render rules."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    md.add_render_rule("text", untranslated.render_text)
    md.add_render_rule(untranslated.OPEN, untranslated.render_open)
    md.add_render_rule(untranslated.CLOSE, untranslated.render_close)
    md.add_render_rule("code_inline", _render_code_inline)
    md.add_render_rule("image", _render_image)
    return md


def render_body(
    text: str,
    *,
    medium: str,
    source_lang: str,
    direction: str,
    excerpt_separator: str = "",
    image_label: str = "",
) -> Body:
    """Render the Markdown ``text`` of a built edition (front matter left out).

    ``medium`` is ``screen`` or ``print``; ``direction`` is the edition's
    (``rtl`` isolates source-language spans with ``dir="ltr"``).
    """
    md = _parser()
    tokens = [t for t in md.parse(close_cjk_gaps(text)) if t.type != "front_matter"]
    if excerpt_separator:
        tokens = [
            t for t in tokens
            if not (t.type == "html_block" and t.content.strip() == excerpt_separator)
        ]  # fmt: skip
    tokens = _pull_quotes(tokens)
    _classify_paragraphs(tokens)
    headings = _headings(tokens)
    attrs = {"lang": source_lang, **({"dir": "ltr"} if direction == "rtl" else {})}
    untranslated.split_marks(tokens, attrs)
    span = "".join(f' {name}="{escapeHtml(value)}"' for name, value in attrs.items())
    env: dict[str, Any] = {
        "medium": medium, "span": span, "source_lang": escapeHtml(source_lang), "image": image_label
    }  # fmt: skip
    html = md.renderer.render(tokens, md.options, env)
    toc = []
    for level, ident, inline in headings:
        inner = md.renderer.render(inline.children or [], md.options, env)
        toc.append(Heading(level, ident, Markup(_unmark(inner))))
    return Body(Markup(_unmark(html)), toc)


def _unmark(html: str) -> str:
    """Drop marks left where no rule turned them into spans (image alt text, raw HTML)."""
    return html.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def _render_code_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    token = tokens[idx]
    content = token.content
    if content.count(MARK_OPEN) != content.count(MARK_CLOSE):
        content = _unmark(content)
    inner = untranslated.marked_text(content, env)
    return f"<code{self.renderAttrs(token)}>{inner}</code>"


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    if env["medium"] != "print":
        return self.image(tokens, idx, options, env)
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    label = f"{env['image']}: " if env["image"] else ""
    return f'<span class="image-left-out">[{escapeHtml(label + alt)}]</span>'


def _inline_at(tokens: Sequence[Token], idx: int) -> Token | None:
    """The inline token of the paragraph opening at ``idx`` (None for anything else)."""
    if tokens[idx].type != "paragraph_open" or idx + 2 >= len(tokens):
        return None
    inline = tokens[idx + 1]
    return inline if inline.type == "inline" and tokens[idx + 2].type == "paragraph_close" else None


def _solid(children: Sequence[Token]) -> list[Token]:
    """Children without blank text (and without bare marks)."""
    return [
        c for c in children
        if not (c.type == "text" and not c.content.strip(f" {MARK_OPEN}{MARK_CLOSE}"))
    ]  # fmt: skip


def _pull_quotes(tokens: list[Token]) -> list[Token]:
    """``___`text`___`` paragraphs become ``<aside class="pull-quote"><p>text</p></aside>``."""
    out: list[Token] = []
    for idx, token in enumerate(tokens):
        inline = _inline_at(tokens, idx) if token.level == 0 else None
        solid = _solid(inline.children or []) if inline is not None else []
        codes = [c for c in solid if c.type == "code_inline"]
        wrappers = [c for c in solid if c.type in {"em_open", "em_close", "strong_open",
                                                    "strong_close"}]  # fmt: skip
        if inline is not None and len(codes) == 1 and wrappers and len(solid) == 1 + len(wrappers):
            text = Token("text", "", 0, content=codes[0].content)
            inline.children = [text]
            out.append(Token("html_block", "", 0, content='<aside class="pull-quote">\n'))
            token.meta["pull"] = True
        elif token.type == "paragraph_close" and tokens[idx - 2].meta.get("pull"):
            out.extend([token, Token("html_block", "", 0, content="</aside>\n")])
            continue
        out.append(token)
    return out


def _wrapped_by(children: Sequence[Token], kind: str) -> bool:
    """Whether one ``kind`` (``em``, ``strong``) pair wraps all of ``children``."""
    solid = _solid(children)
    if len(solid) < 3 or solid[0].type != f"{kind}_open" or solid[-1].type != f"{kind}_close":
        return False
    depth = 0
    for child in solid[:-1]:
        depth += {f"{kind}_open": 1, f"{kind}_close": -1}.get(child.type, 0)
        if depth == 0:
            return False
    return True


def _classify_paragraphs(tokens: list[Token]) -> None:
    """Set the class of the lead, kickers, run-in heads and the closing author note."""
    seen_block = False
    last_rule = max((i for i, t in enumerate(tokens) if t.type == "hr" and t.level == 0),
                    default=len(tokens))  # fmt: skip
    for idx, token in enumerate(tokens):
        inline = _inline_at(tokens, idx) if token.level == 0 else None
        if token.type in {"heading_open", "blockquote_open", "bullet_list_open", "hr"}:
            seen_block = True
        if inline is None or token.meta.get("pull"):
            continue
        children = inline.children or []
        length = len(inline.content)
        if _wrapped_by(children, "em") and not seen_block:
            token.attrSet("class", "lead")
        elif _wrapped_by(children, "em") and length <= _SHORT:
            token.attrSet("class", "kicker")
        elif _wrapped_by(children, "strong") and length <= _SHORT:
            token.attrSet("class", "run-in-head")
        elif idx > last_rule:
            token.attrSet("class", "author-note")
        seen_block = True


def _headings(tokens: list[Token]) -> list[tuple[int, str, Token]]:
    """Shift headings so the body starts at ``h2``, give them ids; return them in order."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return []
    shift = 2 - min(levels)
    found: list[tuple[int, str, Token]] = []
    for idx, token in enumerate(tokens):
        if token.type not in {"heading_open", "heading_close"}:
            continue
        level = min(6, int(token.tag[1]) + shift)
        token.tag = f"h{level}"
        if token.type == "heading_open":
            ident = f"sec-{len(found) + 1}"
            token.attrSet("id", ident)
            found.append((level, ident, tokens[idx + 1]))
    return found
