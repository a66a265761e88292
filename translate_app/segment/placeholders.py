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

    Missing and extra placeholders, and paired codes that are unbalanced or
    crossed (``<g1><g2></g1></g2>``).  An empty list means the target is safe
    to build.  Order may change (word order differs between languages).
    """
    if "<" not in target and "<" not in source:  # the common case: no codes at all
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
    found.extend(balance_problems(target))
    return found


def balance_problems(target: str) -> list[str]:
    """Paired codes of ``target`` that are unbalanced or crossed (empty list: all well)."""
    stack: list[str] = []
    for m in PLACEHOLDER_RE.finditer(target):
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
