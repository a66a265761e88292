"""Placeholder notation: ``<g1>…</g1>`` for paired codes, ``<x2/>`` for standalone ones.

The notation is XML-like so that it survives PO files and machine-translation
round trips (engines keep tags in HTML mode), and it can be checked with one
regular expression.  Literal source text that happens to look like a
placeholder is itself turned into a standalone code by the segmenter, so the
notation is never ambiguous.
"""

from __future__ import annotations

import re
from collections import Counter

PLACEHOLDER_RE = re.compile(r"<(/?)g(\d+)>|<x(\d+)/>")
"""Matches one placeholder; groups: closing slash, paired id, standalone id."""


def tokens(text: str) -> list[str]:
    """Placeholders of ``text`` in order of appearance."""
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]


def strip(text: str) -> str:
    """``text`` without its placeholders (for word counts, search, MT memory keys)."""
    if "<" not in text:  # most sentences: no placeholder, and no scan by the pattern
        return text
    return PLACEHOLDER_RE.sub("", text)


def problems(source: str, target: str) -> list[str]:
    """What is wrong with the placeholders of ``target`` compared with ``source``.

    Missing and extra placeholders (:func:`count_problems`), and paired codes
    that are unbalanced or crossed (:func:`balance_problems`).  An empty list
    means the target is safe to build.  Order may change (word order differs
    between languages).
    """
    if "<" not in target and "<" not in source:  # the common case: no codes at all
        return []
    return [*count_problems(source, target), *balance_problems(target)]


def count_problems(source: str, target: str) -> list[str]:
    """Placeholders of ``source`` missing from ``target``, and those ``target`` adds."""
    if "<" not in target and "<" not in source:
        return []
    found: list[str] = []
    want = Counter(tokens(source))
    have = Counter(tokens(target))
    missing = sorted((want - have).elements())
    extra = sorted((have - want).elements())
    if missing:
        found.append("missing placeholder " + ", ".join(missing))
    if extra:
        found.append("unexpected placeholder " + ", ".join(extra))
    return found


def balance_problems(text: str) -> list[str]:
    """Paired codes of ``text`` that are unbalanced or crossed (empty list: all well).

    The one rule of balance, shared by the checks and the TMX and XLIFF
    writers: every ``</gN>`` closes the innermost open ``<gN>``, and every
    ``<gN>`` is closed.  At most one problem is named: the first one found.
    Standalone codes (``<x2/>``) play no part; an id used by two pairs in turn
    (``<g1>a</g1><g1>b</g1>``) is balanced (the count check compares ids with
    the source).
    """
    if "<" not in text:
        return []
    stack: list[str] = []
    for m in PLACEHOLDER_RE.finditer(text):
        closing, pid = m.group(1), m.group(2)
        if pid is None:
            continue
        if not closing:
            stack.append(pid)
        elif stack and stack[-1] == pid:
            stack.pop()
        elif pid in stack:
            return [f"placeholder </g{pid}> closes across <g{stack[-1]}>"]
        else:
            return [f"placeholder </g{pid}> comes before <g{pid}>"]
    if stack:
        return [f"placeholder <g{stack[-1]}> is never closed"]
    return []


def is_balanced(text: str) -> bool:
    """Whether the paired codes of ``text`` nest: :func:`balance_problems` finds nothing.

    TMX (``<bpt>``/``<ept>``) and XLIFF (``<g>``) write paired codes as pairs
    only then, and as isolated codes otherwise.
    """
    return not balance_problems(text)
