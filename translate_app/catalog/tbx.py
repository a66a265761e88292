"""Glossaries as TBX (ISO 30042; the TBX 2 ``martif`` dialect OmegaT and Trados read).

One ``<termEntry>`` per term: a ``<langSet>`` in the source language holding
the source term, and one in the term's language (``mul`` for a term that
applies to every language) holding the translation as the preferred term and
each forbidden variant as a ``deprecatedTerm-admn-sts``.  The note is the
entry's ``<note>``; the three flags are a ``<descrip
type="x-translate-app-flags">``.  Reading also accepts TBX 3
(``conceptEntry``/``langSec``/``termSec``), and makes one term per target language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from translate_app.catalog.glossary_csv import TermRecord
from translate_app.catalog.tmx import XML_LANG, parser, store_lang, tmx_lang
from translate_app.errors import CatalogError, Problem

ALL_LANGUAGES = "mul"
"""Language tag of the terms that apply to every language."""
FLAGS_TYPE = "x-translate-app-flags"
_FLAG_NAMES = ("do-not-translate", "do-not-send", "case-sensitive")
_STATUS = "administrativeStatus"
_FORBIDDEN_STATUS = {"deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated"}
_ENTRY, _LANGSET, _TIG = {"termEntry", "conceptEntry"}, {"langSet", "langSec"}, {"tig", "termSec"}


def write_tbx(records: Iterable[TermRecord], *, source_lang: str) -> bytes:
    """The records as a TBX 2 (``martif``) document, UTF-8 bytes."""
    root = etree.Element("martif", {"type": "TBX", XML_LANG: tmx_lang(source_lang)})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "translate_app glossary"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, r in enumerate(records, start=1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        flags = [name for name, on in zip(_FLAG_NAMES, _flags(r), strict=True) if on]
        if flags:
            etree.SubElement(entry, "descrip", type=FLAGS_TYPE).text = " ".join(flags)
        if r.note:
            etree.SubElement(entry, "note").text = r.note
        _lang_set(entry, tmx_lang(source_lang), [(r.source_term, None)])
        target = tmx_lang(r.language) if r.language else ALL_LANGUAGES
        terms = [(r.target_term, "preferredTerm-admn-sts")]
        terms += [(v, "deprecatedTerm-admn-sts") for v in r.forbidden]
        _lang_set(entry, target, terms)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


def _flags(r: TermRecord) -> tuple[bool, bool, bool]:
    return (r.do_not_translate, r.do_not_send, r.case_sensitive)


def _lang_set(entry: etree._Element, lang: str, terms: Sequence[tuple[str, str | None]]) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
    for text, status in terms:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = text
        if status:
            etree.SubElement(tig, "termNote", type=_STATUS).text = status


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, names: set[str]) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def read_tbx(
    data: bytes, *, path: str, source_lang: str, default_language: str | None = None
) -> list[TermRecord]:
    """Validate a whole TBX file and return its terms.

    An entry with no other language than the source gives one term in
    ``default_language``.  Raises :class:`CatalogError` listing every problem.
    """
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        problem = Problem(path, exc.lineno or 0, f"not well-formed XML: {exc.msg}")
        raise CatalogError([problem]) from exc
    if _local(root) not in {"martif", "tbx"}:
        raise CatalogError([Problem(path, root.sourceline or 0, "not a TBX file (root <martif>)")])
    problems: list[Problem] = []
    records: list[TermRecord] = []
    base = store_lang(source_lang).split("_")[0]
    for entry in root.iter():
        if _local(entry) in _ENTRY:
            records.extend(_entry(entry, base, path, default_language, problems))
    if problems:
        raise CatalogError(problems)
    return records


def _entry(
    entry: etree._Element,
    source_base: str,
    path: str,
    default_language: str | None,
    problems: list[Problem],
) -> list[TermRecord]:
    line = entry.sourceline or 0
    note = "\n".join((n.text or "").strip() for n in entry.iter() if _local(n) == "note")
    flags = set()
    for descrip in _children(entry, {"descrip"}):
        if descrip.get("type") == FLAGS_TYPE:
            flags = set((descrip.text or "").split())
    sources: list[str] = []
    targets: list[tuple[str | None, list[etree._Element]]] = []
    for lang_set in _children(entry, _LANGSET):
        tag = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
        tigs = _children(lang_set, _TIG)
        code = store_lang(tag) if tag else ""
        if code.split("_")[0] == source_base:
            sources.extend(_term(tig) for tig in tigs)
        else:
            targets.append((None if code in {"", ALL_LANGUAGES, "und"} else code, tigs))
    if not sources or not sources[0].strip():
        problems.append(Problem(path, line, f"no term in the source language ({source_base})"))
        return []
    if not targets:
        targets = [(default_language, [])]
    records = []
    for language, tigs in targets:
        preferred = [_term(t) for t in tigs if _status(t) not in _FORBIDDEN_STATUS]
        forbidden = tuple(_term(t) for t in tigs if _status(t) in _FORBIDDEN_STATUS)
        records.append(
            TermRecord(
                source_term=sources[0].strip(),
                target_term=preferred[0].strip() if preferred else "",
                language=language,
                note=note,
                forbidden=tuple(v.strip() for v in forbidden if v.strip()),
                do_not_translate="do-not-translate" in flags,
                do_not_send="do-not-send" in flags,
                case_sensitive="case-sensitive" in flags,
                line=line,
            )
        )
    return records


def _term(tig: etree._Element) -> str:
    for child in tig.iter():
        if _local(child) == "term":
            return "".join(child.itertext())
    return ""


def _status(tig: etree._Element) -> str:
    for child in tig.iter():
        if _local(child) == "termNote" and child.get("type") == _STATUS:
            return (child.text or "").strip()
    return ""
