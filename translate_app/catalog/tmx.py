"""TMX 1.4 (translation memory exchange): read and write units; the store is not involved.

Placeholders travel as TMX inline elements, so CAT tools (OmegaT, Trados,
memoQ) treat them as tags: ``<g1>`` / ``</g1>`` as ``<bpt i="1">`` /
``<ept i="1">`` (``<it>`` when not properly paired) and ``<x2/>`` as
``<ph x="2">``, each holding our notation as its native code.  What the
memory knows beyond the two texts (quality, origin, document, segment key)
is kept in ``<prop type="x-...">`` elements and the ``creationdate`` /
``changedate`` attributes, so an export imports back without loss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from translate_app.config import VERSION
from translate_app.errors import CatalogError, Problem
from translate_app.segment.placeholders import PLACEHOLDER_RE, is_balanced, problems

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit: a source and a translation, with what is known about them."""

    source_lang: str
    """Language code as the store writes it (``en``, ``pt_BR``)."""
    target_lang: str
    source: str
    """Source text with placeholders (``<g1>…</g1>``, ``<x2/>``)."""
    target: str
    quality: int | None = None
    """30 approved, 20 translated; None when the file does not say."""
    origin: str | None = None
    document_slug: str = ""
    segment_key: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    line: int = 0
    """Line of the ``<tu>`` in the file it was read from."""


def tmx_lang(code: str) -> str:
    """Our language code as a BCP 47 tag (``pt_BR`` -> ``pt-BR``)."""
    return code.replace("_", "-")


def store_lang(tag: str) -> str:
    """A BCP 47 tag as our language code (``pt-BR`` -> ``pt_BR``, ``EN`` -> ``en``)."""
    parts = tag.strip().replace("_", "-").split("-")
    return "_".join([parts[0].lower(), *parts[1:]])


def write_tmx(units: Iterable[TmxUnit], *, source_lang: str) -> bytes:
    """The TMX 1.4 document (UTF-8 bytes) holding ``units``."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="translate_app",
        creationtoolversion=VERSION,
        segtype="sentence",
        adminlang="en",
        srclang=tmx_lang(source_lang),
        datatype="plaintext",
        **{"o-tmf": "translate_app"},
    )
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.created_at is not None:
            tu.set("creationdate", _date(unit.created_at))
        if unit.updated_at is not None:
            tu.set("changedate", _date(unit.updated_at))
        if unit.quality is not None:
            _prop(tu, "x-quality", str(unit.quality))
        if unit.origin:
            _prop(tu, "x-origin", unit.origin)
        if unit.document_slug:
            _prop(tu, "x-document", unit.document_slug)
        if unit.segment_key:
            _prop(tu, "x-segment", unit.segment_key)
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: tmx_lang(lang)})
            fill_segment(etree.SubElement(tuv, "seg"), text)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


def _prop(tu: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(tu, "prop", type=kind).text = value


def _date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(_DATE)


def fill_segment(seg: etree._Element, text: str) -> None:
    """Write ``text`` into ``seg``, placeholders as TMX inline elements."""
    paired = is_balanced(text)
    last: etree._Element | None = None
    position = 0
    for m in PLACEHOLDER_RE.finditer(text):
        _append_text(seg, last, text[position : m.start()])
        closing, pid, xid = m.group(1), m.group(2), m.group(3)
        if xid is not None:
            last = etree.SubElement(seg, "ph", x=xid)
        elif paired:
            last = etree.SubElement(seg, "ept" if closing else "bpt", i=pid)
            if not closing:
                last.set("x", pid)
        else:
            last = etree.SubElement(seg, "it", pos="end" if closing else "begin", x=pid)
        last.text = m.group(0)
        position = m.end()
    _append_text(seg, last, text[position:])


def _append_text(seg: etree._Element, last: etree._Element | None, piece: str) -> None:
    if not piece:
        return
    if last is None:
        seg.text = (seg.text or "") + piece
    else:
        last.tail = (last.tail or "") + piece


def read_segment(seg: etree._Element) -> str:
    """The text of a ``<seg>``, inline elements turned back into placeholders."""
    parts = [seg.text or ""]
    for child in seg:
        parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _inline(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    native = "".join(element.itertext())
    if PLACEHOLDER_RE.fullmatch(native):
        return native
    ident = element.get("x") or element.get("i") or "0"
    if tag == "bpt":
        return f"<g{element.get('i') or ident}>"
    if tag == "ept":
        return f"</g{element.get('i') or ident}>"
    if tag == "it":
        return f"</g{ident}>" if element.get("pos") == "end" else f"<g{ident}>"
    if tag in {"ph", "ut"}:
        return f"<x{ident}/>"
    return read_segment(element)  # <hi>, <sub>: their text is part of the segment


def parser() -> etree.XMLParser:
    """An XML parser that never fetches anything and keeps line numbers."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def read_tmx(data: bytes, *, path: str) -> list[TmxUnit]:
    """Validate a whole TMX file and return its units (one per target ``<tuv>``).

    Raises :class:`CatalogError` listing every problem (file, line): not XML,
    not TMX, no source language, a ``<tu>`` without source or translation, a
    property that is not understood, placeholders that do not match.
    """
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        problem = Problem(path, exc.lineno or 0, f"not well-formed XML: {exc.msg}")
        raise CatalogError([problem]) from exc
    if root.tag != "tmx":
        raise CatalogError([Problem(path, root.sourceline or 0, "not a TMX file (root <tmx>)")])
    header = root.find("header")
    srclang = header.get("srclang", "") if header is not None else ""
    found: list[Problem] = []
    units: list[TmxUnit] = []
    for tu in root.iterfind("body/tu"):
        units.extend(_read_tu(tu, srclang, path, found))
    if found:
        raise CatalogError(found)
    return units


def _read_tu(tu: etree._Element, srclang: str, path: str, found: list[Problem]) -> list[TmxUnit]:
    line = tu.sourceline or 0
    source_tag = tu.get("srclang") or srclang
    if not source_tag or source_tag == "*all*":
        found.append(Problem(path, line, "no source language (srclang) for this <tu>"))
        return []
    source_lang = store_lang(source_tag)
    texts: list[tuple[str, str]] = []
    for tuv in tu.iterfind("tuv"):
        seg = tuv.find("seg")
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        if seg is None or not lang:
            found.append(Problem(path, tuv.sourceline or line, "<tuv> without xml:lang or <seg>"))
            continue
        texts.append((store_lang(lang), read_segment(seg)))
    sources = [text for lang, text in texts if lang == source_lang]
    if len(sources) != 1:
        found.append(Problem(path, line, f"expected one <tuv> in {source_tag}, got {len(sources)}"))
        return []
    props = {p.get("type", ""): (p.text or "") for p in tu.iterfind("prop")}
    quality = props.get("x-quality")
    if quality is not None and (not quality.isdigit() or int(quality) not in {10, 20, 30}):
        found.append(Problem(path, line, f"x-quality {quality!r} is not 10, 20 or 30"))
        return []
    created, updated = _parse_date(tu.get("creationdate")), _parse_date(tu.get("changedate"))
    result = []
    for lang, target in texts:
        if lang == source_lang or not target:
            continue
        for message in problems(sources[0], target):
            found.append(Problem(path, line, f"[{lang}] {message}"))
        result.append(
            TmxUnit(
                source_lang=source_lang,
                target_lang=lang,
                source=sources[0],
                target=target,
                quality=int(quality) if quality is not None else None,
                origin=props.get("x-origin") or None,
                document_slug=props.get("x-document", ""),
                segment_key=props.get("x-segment", ""),
                created_at=created,
                updated_at=updated or created,
                line=line,
            )
        )
    return result


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, _DATE).replace(tzinfo=UTC)
    except ValueError:
        return None
