"""What a request may carry (issue 17): the rules every form, query and JSON body shares.

- Integers fit the database (:data:`DB_INT_MAX`): an id in a URL that cannot exist is a 404
  (:class:`IdConverter`, the app's ``<int:…>``), a version or a query number out of range
  a 400 naming it (:func:`form_int`, :func:`query_int`), never an overflow.
- A JSON body is at most :data:`MAX_JSON_BYTES` and :data:`MAX_JSON_DEPTH` deep, measured
  on the raw bytes before parsing (:func:`json_object`): 413 or 400, never a recursion error.
- Texts: :mod:`translate_app.segment.characters`, enforced by the workflow itself; paths,
  queries and form fields are checked before any view (:func:`refuse_unstorable`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter, Map
from werkzeug.routing.converters import ValidationError

from translate_app.segment import characters

DB_INT_MIN = -(2**31)
DB_INT_MAX = 2**31 - 1
"""The range of the store's ids and versions (``Integer`` columns): PostgreSQL's INTEGER
is 32-bit, SQLite's 64-bit; the narrower one decides."""
MAX_JSON_BYTES = 1024 * 1024
"""Largest JSON body the API reads (a whole segment page of text fits many times)."""
MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects in a JSON body (the API's bodies use 1)."""
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_INTEGER = re.compile(r"\s*([+-]?)([0-9]+)\s*")
_STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class IdConverter(IntegerConverter):
    """``<int:…>``: a non-negative integer the database can hold; any other is not found."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(url_map, *args, **kwargs)

    def to_python(self, value: str) -> Any:
        if len(value) > len(str(DB_INT_MAX)):  # before int(): 5,000 digits are refused there
            raise ValidationError
        return super().to_python(value)


def parse_int(raw: str, name: str, *, low: int = DB_INT_MIN, high: int = DB_INT_MAX) -> int:
    """``raw`` as an integer in ``[low, high]``; otherwise a 400 that names ``name``."""
    found = _INTEGER.fullmatch(raw)
    if found is None:
        abort(400, f"{name!r} must be a whole number, not {raw[:40]!r}")
    digits = found.group(2).lstrip("0") or "0"
    too_long = len(digits) > len(str(DB_INT_MAX))  # int() of 5,000 digits would raise
    value = None if too_long else int(found.group(1) + digits)
    if value is None or not low <= value <= high:
        abort(400, f"{name!r} must be between {low} and {high}")
    return value


def checked_int(value: Any, name: str, *, low: int = DB_INT_MIN, high: int = DB_INT_MAX) -> int:
    """A JSON number that is an integer in ``[low, high]``, else a 400 naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        abort(400, f"{name!r} (an integer) is required")
    if not low <= value <= high:
        abort(400, f"{name!r} must be between {low} and {high}")
    return value


def form_int(name: str) -> int | None:
    """The form field ``name`` as a database integer; None when it is missing or blank."""
    raw = request.form.get(name)
    if raw is None or not raw.strip():
        return None
    return parse_int(raw, name)


def query_int(name: str, default: int, *, low: int = DB_INT_MIN) -> int:
    """The query parameter ``name``: ``default`` when missing, blank or not a number (as
    before: a hand-edited ``?page=x`` shows the first page), a 400 when out of range."""
    raw = request.args.get(name, "")
    if not _INTEGER.fullmatch(raw):
        return default
    return parse_int(raw, name, low=low)


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in the JSON text ``raw`` (strings skipped)."""
    depth = deepest = 0
    for token in _STRING_OR_BRACKET.finditer(raw):
        mark = token.group()
        if mark in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif mark in (b"]", b"}"):
            depth -= 1
    return deepest


def json_object() -> dict[str, Any]:
    """The request's JSON object, refused before parsing when too large or too deep."""
    if not request.is_json:
        abort(400, "send a JSON object (Content-Type: application/json)")
    request.max_content_length = MAX_JSON_BYTES  # get_data answers 413 beyond it
    raw = request.get_data(cache=True)
    if json_depth(raw) > MAX_JSON_DEPTH:
        abort(400, f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        data = json.loads(raw)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        data = None
    if not isinstance(data, dict):
        abort(400, "send a JSON object (Content-Type: application/json)")
    return data


def refuse_unstorable() -> None:
    """Before every view: a name in the path with a control character names nothing (404);
    a query parameter with one, or a form field with NUL (which no PostgreSQL text can
    hold), is a 400 naming it.  The translation's ``text`` field is left to the workflow,
    whose refusal keeps the typed text in the editor."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and characters.problems(value):
            abort(404)
    for name, value in request.args.items(multi=True):
        for problem in characters.problems(value, what=f"the parameter {name!r}"):
            abort(400, problem)
    if request.mimetype in FORM_TYPES:
        for name, value in request.form.items(multi=True):
            if name != "text" and "\x00" in value:
                abort(400, characters.problems(value, what=f"the field {name!r}")[0])


def init_app(app: Flask) -> None:
    """Every ``<int:…>`` of the app's URLs is an :class:`IdConverter`; the characters of
    paths, queries and forms are checked before any view (:func:`refuse_unstorable`)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unstorable)
