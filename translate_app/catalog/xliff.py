"""XLIFF 1.2, beside PO, for CAT tools (OmegaT, Poedit, Trados, memoQ).

Placeholders are XLIFF inline elements: ``<g1>…</g1>`` is ``<g id="1">…</g>``
(``<bx id="1"/>``…``<ex id="1"/>`` when a translation's codes are not balanced, by
the one rule of :func:`translate_app.segment.placeholders.is_balanced`) and
``<x2/>`` is ``<x id="2"/>``.  States:

========== =========================================================
empty      ``<target state="needs-translation"/>``
draft      ``state="needs-review-translation"``
translated ``state="translated"``
approved   ``state="final"``, ``approved="yes"``, ``translate="no"`` (read-only)
========== =========================================================

This module is the file format only, as :mod:`translate_app.catalog.po` is
for PO: it writes and reads XLIFF and never touches the store.  The export
from the store and the import into it are :mod:`translate_app.catalog.xliff_exchange`.
Notes for the translator (context, what each placeholder stands for) are
``<note from="developer">``.  translate-toolkit reads every unit without
``approved="yes"`` as fuzzy (its reading of the spec); our import goes by ``state``.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from translate_app.catalog.tmx import parser, store_lang, tmx_lang
from translate_app.catalog.units import ParsedUnit, Unit
from translate_app.config import VERSION
from translate_app.errors import CatalogError, Problem
from translate_app.segment.placeholders import PLACEHOLDER_RE, is_balanced
from translate_app.store.states import State

NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{NS}}}"
MARK_PROP = "x-translate-app-mark"
DOCUMENT_PROP = "x-translate-app-document"
ORIGIN_PROP = "x-translate-app-origin"
_STATE_OUT = {
    State.EMPTY: "needs-translation",
    State.DRAFT: "needs-review-translation",
    State.TRANSLATED: "translated",
    State.APPROVED: "final",
}
_DONE = {"translated", "signed-off", "final"}
_TODO = {
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
}


def write_xliff(
    units: Sequence[Unit],
    *,
    original: str,
    source_lang: str,
    target_lang: str,
    properties: dict[str, str] | None = None,
) -> bytes:
    """An XLIFF 1.2 document (UTF-8 bytes) with one ``<file>`` holding ``units``."""
    root = etree.Element(f"{_X}xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(
        root,
        f"{_X}file",
        original=original,
        datatype="plaintext",
        **{"source-language": tmx_lang(source_lang), "target-language": tmx_lang(target_lang)},
    )
    header = etree.SubElement(file, f"{_X}header")
    etree.SubElement(
        header,
        f"{_X}tool",
        **{"tool-id": "translate_app", "tool-name": "translate_app", "tool-version": VERSION},
    )
    if properties:
        group = etree.SubElement(header, f"{_X}prop-group", name="translate_app")
        for kind, value in properties.items():
            etree.SubElement(group, f"{_X}prop", {"prop-type": kind}).text = value
    body = etree.SubElement(file, f"{_X}body")
    for unit in units:
        _trans_unit(body, unit)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


def _trans_unit(body: etree._Element, unit: Unit) -> None:
    tu = etree.SubElement(body, f"{_X}trans-unit", id=unit.key, resname=unit.key)
    tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if unit.state == State.APPROVED:
        tu.set("approved", "yes")
        tu.set("translate", "no")
    fill(etree.SubElement(tu, f"{_X}source"), unit.source)
    target = etree.SubElement(tu, f"{_X}target", state=_STATE_OUT[unit.state])
    fill(target, unit.target)
    for reference in unit.references:
        path, _, line = reference.rpartition(":")
        group = etree.SubElement(tu, f"{_X}context-group", purpose="location")
        etree.SubElement(group, f"{_X}context", {"context-type": "sourcefile"}).text = path
        etree.SubElement(group, f"{_X}context", {"context-type": "linenumber"}).text = line
    for note in unit.notes:
        etree.SubElement(tu, f"{_X}note", {"from": "developer"}).text = note
    if unit.previous_source:
        previous = etree.SubElement(tu, f"{_X}note", {"from": "translate_app"})
        previous.set("annotates", "source")
        previous.text = f"previous source: {unit.previous_source}"


def fill(element: etree._Element, text: str) -> None:
    """Write ``text`` into ``element``, placeholders as XLIFF inline elements."""
    balanced = is_balanced(text)  # else isolated codes: <bx/>, <ex/>
    stack = [element]
    last: dict[int, etree._Element | None] = {id(element): None}

    def add_text(piece: str) -> None:
        parent = stack[-1]
        child = last[id(parent)]
        if child is None:
            parent.text = (parent.text or "") + piece
        else:
            child.tail = (child.tail or "") + piece

    position = 0
    for m in PLACEHOLDER_RE.finditer(text):
        add_text(text[position : m.start()])
        position = m.end()
        closing, pid, xid = m.group(1), m.group(2), m.group(3)
        if balanced and pid is not None and closing:
            done = stack.pop()
            last[id(stack[-1])] = done
            continue
        if xid is not None:
            kind, ident = "x", xid
        elif balanced:
            kind, ident = "g", pid
        else:
            kind, ident = ("ex" if closing else "bx"), pid
        child = etree.SubElement(stack[-1], f"{_X}{kind}", id=ident)
        last[id(stack[-1])] = child
        if kind == "g":
            stack.append(child)
            last[id(child)] = None
    add_text(text[position:])


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def text_of(element: etree._Element) -> str:
    """The text of a ``<source>``/``<target>``, inline elements back as placeholders."""
    parts = [element.text or ""]
    for child in element:
        kind, ident = _local(child), child.get("id", "")
        native = "".join(child.itertext())
        if kind == "g":
            parts.append(f"<g{ident}>{text_of(child)}</g{ident}>")
        elif kind == "x":
            parts.append(f"<x{ident}/>")
        elif kind == "bx":
            parts.append(f"<g{ident}>")
        elif kind == "ex":
            parts.append(f"</g{ident}>")
        elif kind in {"ph", "bpt", "ept", "it"} and PLACEHOLDER_RE.fullmatch(native):
            parts.append(native)
        elif kind == "ph":
            parts.append(f"<x{ident}/>")
        else:  # <mrk> (segment markers, comments) and unknown elements: their text
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


class XliffFile:
    """What a read XLIFF file holds: units to apply, read-only units, and its properties."""

    def __init__(self) -> None:
        self.units: list[ParsedUnit] = []
        self.readonly: list[ParsedUnit] = []
        self.properties: dict[str, str] = {}
        self.original = ""


def read_xliff(data: bytes, *, path: str, language: str | None = None) -> XliffFile:
    """Validate a whole XLIFF 1.2 file and return its units.

    Raises :class:`CatalogError` listing every problem (file, line): not XML,
    not XLIFF 1.2, a file for another language than ``language``, a unit
    without id or source, an id used twice.
    """
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        problem = Problem(path, exc.lineno or 0, f"not well-formed XML: {exc.msg}")
        raise CatalogError([problem]) from exc
    if _local(root) != "xliff" or not root.get("version", "").startswith("1."):
        raise CatalogError([Problem(path, root.sourceline or 0, "not an XLIFF 1.2 file")])
    found = XliffFile()
    problems: list[Problem] = []
    seen: set[str] = set()
    for file in (e for e in root if _local(e) == "file"):
        found.original = found.original or file.get("original", "")
        target_lang = file.get("target-language", "")
        if language is not None and target_lang and store_lang(target_lang) != language:
            problems.append(
                Problem(
                    path, file.sourceline or 0,
                    f"this file is for {target_lang!r}, not {language!r}: import it with --lang "
                    f"{store_lang(target_lang)}",
                )
            )  # fmt: skip
        for prop in file.iter(f"{_X}prop", "prop"):
            found.properties[prop.get("prop-type", "")] = (prop.text or "").strip()
        for tu in file.iter(f"{_X}trans-unit", "trans-unit"):
            unit = _read_unit(tu, path, seen, problems)
            if unit is not None:
                (found.readonly if tu.get("translate") == "no" else found.units).append(unit)
    if problems:
        raise CatalogError(sorted(problems, key=lambda p: p.line))
    return found


def _read_unit(
    tu: etree._Element, path: str, seen: set[str], problems: list[Problem]
) -> ParsedUnit | None:
    line = tu.sourceline or 0
    key = tu.get("id", "")
    source = next((e for e in tu if _local(e) == "source"), None)
    target = next((e for e in tu if _local(e) == "target"), None)
    if not key or source is None:
        problems.append(Problem(path, line, "a <trans-unit> needs an id and a <source>"))
        return None
    if key in seen:
        problems.append(Problem(path, line, f"trans-unit id {key!r} appears twice"))
        return None
    seen.add(key)
    text = text_of(target) if target is not None else ""
    state = target.get("state", "") if target is not None else ""
    draft = state in _TODO and tu.get("approved") != "yes"
    return ParsedUnit(
        key=key, source=text_of(source), target=text, fuzzy=draft, previous_source=None, line=line
    )
