"""Inline Markdown with source positions.

markdown-it-py reports line ranges for blocks but no positions for inline
tokens.  This module runs markdown-it's own inline parser (so emphasis, links,
escapes and entities follow CommonMark exactly) and records, for every inline
token, the character range of ``state.src`` it came from:

- text accumulated in the *pending* buffer gets its range when it is flushed;
- every other token gets the range its rule consumed (rules are wrapped);
- emphasis delimiters are pushed one character at a time, links as an opening
  token (``[``), the label's tokens and a closing token (``](url)``);
- the post-processing step that merges adjacent text tokens is replaced by one
  that merges their ranges too.

It also adds two inline rules of its own for Jekyll sources: Liquid
(``{{ … }}``, ``{% … %}``) and kramdown attribute lists (``{: … }``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

SPAN = "span"
"""Key of a token's ``meta`` dict holding its ``(start, end)`` in the inline source."""
ATOMIC = "atomic"
"""Key of ``meta`` marking tokens that belong to one opaque unit (autolinks)."""

_RuleFunc = Callable[[StateInline, bool], bool]


class PositionedStateInline(StateInline):
    """Inline state that remembers where pending text started."""

    def __init__(self, src: str, md: MarkdownIt, env: Any, out_tokens: list[Token]) -> None:
        super().__init__(src, md, env, out_tokens)
        self.pending_start = 0

    def append_pending(self, text: str) -> None:
        if not self.pending:
            self.pending_start = self.pos
        super().append_pending(text)

    def pushPending(self) -> Token:
        start = self.pending_start
        token = super().pushPending()
        token.meta[SPAN] = (start, start + len(token.content))
        return token


def _fallback(state: StateInline, silent: bool) -> bool:
    """The parser's own last resort (one character of text), as a rule we can wrap."""
    if not silent:
        state.append_pending(state.src[state.pos])
    state.pos += 1
    return True


def _liquid_and_attributes(state: StateInline, silent: bool) -> bool:
    """``{{ … }}``, ``{% … %}`` (Liquid) and ``{: … }`` (kramdown attributes): opaque."""
    src, pos = state.src, state.pos
    if src[pos] != "{" or pos + 1 >= state.posMax:
        return False
    nxt = src[pos + 1]
    if nxt == "{":
        closer, label = "}}", "liquid"
    elif nxt == "%":
        closer, label = "%}", "liquid"
    elif nxt == ":":
        closer, label = "}", "attributes"
    else:
        return False
    end = src.find(closer, pos + 2, state.posMax)
    if end < 0 or "\n\n" in src[pos:end]:
        return False
    if not silent:
        token = state.push("liquid", "", 0)
        token.content = src[pos : end + len(closer)]
        token.info = label
    state.pos = end + len(closer)
    return True


_PENDING_ONLY = frozenset({"text", "fallback"})
"""Rules that only add to the pending text (ranged when it is flushed): no token to range."""


def _wrap(rule: _RuleFunc, name: str) -> _RuleFunc:
    def wrapped(state: StateInline, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        pos0, n0 = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok:
            _annotate(state.tokens, n0, pos0, state.pos, name)
        return ok

    wrapped.__name__ = f"positioned_{name}"
    return wrapped


def _annotate(tokens: list[Token], n0: int, pos0: int, pos1: int, name: str) -> None:
    """Give ranges to the tokens a rule pushed (nested rules annotated their own)."""
    fresh = [t for t in tokens[n0:] if SPAN not in t.meta]
    if not fresh:
        return
    if name in {"link"} and len(fresh) == 2:
        opener, closer = fresh
        inner = [t for t in tokens[n0:] if t not in (opener, closer)]
        label_start = pos0 + 1
        label_end = max((t.meta[SPAN][1] for t in inner), default=label_start)
        opener.meta[SPAN] = (pos0, label_start)
        closer.meta[SPAN] = (label_end, pos1)
        return
    if len(fresh) == 1:
        fresh[0].meta[SPAN] = (pos0, pos1)
        return
    if name in {"emphasis", "strikethrough"}:
        cursor = pos0
        for token in fresh:
            token.meta[SPAN] = (cursor, cursor + len(token.content))
            cursor += len(token.content)
        return
    for token in fresh:  # autolink and the like: one opaque unit
        token.meta[SPAN] = (pos0, pos1)
        token.meta[ATOMIC] = (pos0, pos1)


def _join_text(state: StateInline) -> None:
    """Replacement for ``fragments_join`` that keeps ranges.

    Emphasis post-processing turns a ``**`` run's two one-character tokens into
    a ``strong_open`` and an empty text token; the empty token's range is given
    to its strong neighbour first, then adjacent text tokens are merged.
    """
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "text" and token.content == "" and SPAN in token.meta:
            neighbour = _strong_neighbour(tokens, i)
            if neighbour is not None:
                a, b = token.meta[SPAN]
                c, d = neighbour.meta[SPAN]
                neighbour.meta[SPAN] = (min(a, c), max(b, d))
                token.meta["absorbed"] = True
    merged: list[Token] = []
    for token in tokens:
        if token.meta.get("absorbed"):
            continue
        if token.type == "text" and merged and merged[-1].type == "text":
            last = merged[-1]
            last.content += token.content
            last.meta[SPAN] = (last.meta[SPAN][0], token.meta[SPAN][1])
            continue
        merged.append(token)
    level = 0
    for token in merged:
        if token.nesting < 0:
            level -= 1
        token.level = level
        if token.nesting > 0:
            level += 1
    state.tokens[:] = merged


def _strong_neighbour(tokens: list[Token], i: int) -> Token | None:
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    before = tokens[i - 1] if i > 0 else None
    strongish = {"strong_open", "s_open"}
    closing = {"strong_close", "s_close"}
    if after is not None and after.type in strongish and len(after.markup) == 2:
        span = after.meta.get(SPAN)
        if span and span[1] - span[0] == 1:
            return after
    if before is not None and before.type in closing and len(before.markup) == 2:
        span = before.meta.get(SPAN)
        if span and span[1] - span[0] == 1:
            return before
    return None


def make_parser() -> MarkdownIt:
    """A CommonMark parser with tables, strikethrough, footnotes and front matter,
    whose inline tokens carry source ranges in ``token.meta["span"]``.

    It parses text whose line endings are already ``\\n`` and which holds no NUL.
    """
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    md.inline.ruler.before("link", "liquid", _liquid_and_attributes)
    md.inline.ruler.push("fallback", _fallback)
    for rule in md.inline.ruler.__rules__:
        if rule.name not in _PENDING_ONLY:
            rule.fn = _wrap(rule.fn, rule.name)
    md.inline.ruler.__cache__ = None
    md.inline.ruler2.at("fragments_join", _join_text)
    md.core.ruler.disable("text_join")
    # The caller folds line endings and NUL characters itself (``segment_text`` keeps a map
    # back to the original offsets); markdown-it's own pass over the text would be a no-op.
    md.core.ruler.disable("normalize")
    original_parse = md.inline.parse

    def parse(src: str, md_: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        state = PositionedStateInline(src, md_, env, tokens)
        md_.inline.tokenize(state)
        for rule in md_.inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    md.inline.parse = parse  # type: ignore[method-assign,assignment]
    del original_parse
    return md
