"""The post's front matter: what an edition shows (title, author, date, image) and the keys
a translated Jekyll post adds (``lang``, ``translation_key``, the colophon).

Added keys are whole lines inserted before the closing ``---``; an existing
``lang:`` line gets the edition's language instead.  Every other byte of the
post stays as the splice left it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import yaml

from translate_app.segment.frontmatter import front_matter_end

_OPENING = re.compile(r"---[ \t]*\r?\n")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


@dataclass(frozen=True)
class Metadata:
    """What the front matter says about the post."""

    title: str
    description: str
    author: str
    date: date | None
    """Publication date (the date as written, in the post's own time zone)."""
    image: str
    """Cover image URL ("" when none); never fetched by a build."""
    excerpt_separator: str
    """Jekyll's excerpt marker (``<excerpt/>``), left out of HTML editions."""

    def named(self, author: str) -> Metadata:
        """This metadata with the author's name as an edition writes it (unchanged for "")."""
        return replace(self, author=author) if author else self


def front_matter(text: str) -> dict[str, Any]:
    """The front matter of ``text`` as data ({} when there is none or it is not a mapping)."""
    end = front_matter_end(text)
    opening = _OPENING.match(text)
    if not end or opening is None:
        return {}
    closing = _closing_line(text, end)
    try:
        data = yaml.safe_load(text[opening.end() : closing])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _closing_line(text: str, end: int) -> int:
    """Offset of the closing ``---`` (or ``...``) line of front matter ending at ``end``."""
    body = text[:end].rstrip("\r\n")
    return body.rfind("\n") + 1


def read_metadata(text: str) -> Metadata:
    """The :class:`Metadata` of a post (its source or a built edition)."""
    data = front_matter(text)

    def string(key: str) -> str:
        value = data.get(key)
        return "" if value is None else str(value).strip()

    return Metadata(
        title=string("title"),
        description=string("description"),
        author=string("author"),
        date=_date(data.get("date")),
        image=string("image"),
        excerpt_separator=string("excerpt_separator"),
    )


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _DATE.match(str(value or ""))
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def add_keys(text: str, keys: dict[str, Any], *, replace: Collection[str] = ("lang",)) -> str:
    """``text`` with ``keys`` written into its front matter, one YAML line (or block) each.

    A key already in the front matter is replaced when it is in ``replace``
    (``lang``; ``permalink`` when the publisher sets one) and kept otherwise (a
    ``translation_key`` set by the author links editions already).
    Without front matter, one is added.
    """
    end = front_matter_end(text)
    newline = "\r\n" if "\r\n" in text[: end or 200] else "\n"
    if not end:
        lines = "".join(_yaml_lines(key, value, newline) for key, value in keys.items())
        return f"---{newline}{lines}---{newline}{text}"
    closing = _closing_line(text, end)
    head, tail = text[:closing], text[closing:]
    existing = front_matter(text)
    for key, value in keys.items():
        if key not in existing:
            head += "".join(_yaml_lines(key, value, newline))
        elif key in replace:
            line = f"{key}: {_scalar(value)}".replace("\\", "\\\\")
            head = re.sub(rf"(?m)^{re.escape(key)}[ \t]*:[^\r\n]*", line, head, count=1)
    return head + tail


def _yaml_lines(key: str, value: Any, newline: str) -> str:
    if isinstance(value, dict):
        inner = "".join(
            f"  {k}: {_scalar(v)}{newline}" for k, v in value.items() if v not in (None, "")
        )
        return f"{key}:{newline}{inner}"
    return f"{key}: {_scalar(value)}{newline}"


def _scalar(value: Any) -> str:
    """A YAML flow scalar (or flow sequence) for ``value``; strings are JSON-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)
