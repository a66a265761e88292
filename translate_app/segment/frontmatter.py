"""Jekyll front matter: find it, validate it, locate the translatable values."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

from translate_app.errors import SourceError
from translate_app.segment.model import Syntax

_OPENING = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatterValue:
    """A translatable string value in the front matter."""

    key: str
    """The mapping key (``title``)."""
    value: str
    """The value as YAML reads it."""
    start: int
    """Offset of the scalar (quotes included) in the document."""
    end: int
    """Offset just past the scalar."""
    line: int
    """1-based line of the scalar in the document."""
    syntax: Syntax
    """How to write a translation back (keeps the original quoting style)."""


def front_matter_end(text: str) -> int:
    """Offset just past the closing ``---`` line, or 0 when there is no front matter."""
    if not _OPENING.match(text):
        return 0
    body_start = _OPENING.match(text).end()  # type: ignore[union-attr]
    closing = _CLOSING.search(text, body_start)
    if closing is None:
        return 0
    return closing.end()


def translatable_values(
    text: str, keys: tuple[str, ...], *, path: str | None = None
) -> list[FrontMatterValue]:
    """String values of ``keys`` in the front matter, with their spans.

    Raises SourceError naming the line when the YAML is malformed.
    """
    opening = _OPENING.match(text)
    if not opening or not front_matter_end(text):
        return []
    body_start = opening.end()
    closing = _CLOSING.search(text, body_start)
    assert closing is not None
    yaml_text = text[body_start : closing.start()]
    first_line = text.count("\n", 0, body_start) + 1
    try:
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(yaml_text):
            mark = exc.context_mark  # ran off the end: point at what was left open
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(
            f"front matter is not valid YAML ({problem}); fix the YAML between the '---' lines",
            path=path,
            line=line,
        ) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter is not valid YAML ({exc})", path=path) from exc
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(
            "front matter must be a mapping of keys to values", path=path, line=first_line
        )
    found: list[FrontMatterValue] = []
    for key_node, value_node in root.value:
        if not isinstance(value_node, yaml.ScalarNode) or key_node.value not in keys:
            continue
        if value_node.tag != "tag:yaml.org,2002:str" or not str(value_node.value).strip():
            continue
        style = value_node.style
        syntax = {None: Syntax.YAML_PLAIN, '"': Syntax.YAML_DOUBLE, "'": Syntax.YAML_SINGLE}.get(
            style, Syntax.YAML_DOUBLE
        )
        start = body_start + value_node.start_mark.index
        end = body_start + value_node.end_mark.index
        if style in ("|", ">"):  # block scalars end after their line break
            while end > start and text[end - 1] in "\r\n":
                end -= 1
        found.append(
            FrontMatterValue(
                key=str(key_node.value),
                value=str(value_node.value),
                start=start,
                end=end,
                line=first_line + value_node.start_mark.line,
                syntax=syntax,
            )
        )
    return found


def render_scalar(value: str, syntax: Syntax) -> str:
    """``value`` written as a YAML scalar, in the original style where that is safe."""
    single_line = " ".join(value.split())
    if syntax is Syntax.YAML_SINGLE:
        return "'" + single_line.replace("'", "''") + "'"
    if syntax is Syntax.YAML_PLAIN and _plain_is_safe(single_line):
        return single_line
    return json.dumps(single_line, ensure_ascii=False)


def _plain_is_safe(value: str) -> bool:
    try:
        loaded = yaml.safe_load(f"k: {value}\n")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("k") == value
