"""XLIFF 1.2: export, import like PO (all or nothing, merge), placeholders as inline elements,
approved units read-only, and files that translate-toolkit's xliff2po opens."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.test_segment import REPORT
from translate_app import workflow
from translate_app.catalog.units import Unit
from translate_app.catalog.xliff import fill, read_xliff, text_of, write_xliff
from translate_app.catalog.xliff_exchange import export_xliff, import_xliff
from translate_app.cli import main
from translate_app.documents.ingesting import ingest
from translate_app.errors import CatalogError
from translate_app.segment.model import ParsedDocument
from translate_app.segment.placeholders import is_balanced
from translate_app.store.models import Segment
from translate_app.store.states import State

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
SENTENCES = [
    "The border was closed.",
    "We walked <g1>for days</g1> to the <g2>river <g3>Dnipro</g3></g2><x4/>.",
    "Nobody knew why.",
    "The road was long.",
]


@pytest.fixture
def doc(session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]):
    ingest(session, make_document(SENTENCES, slug="report", path="source/report.md"))
    session.commit()
    rows = session.scalars(select(Segment).order_by(Segment.position)).all()
    workflow.save(session, rows[0], "uk", "Кордон закрили.", user=people.olena, base_version=0)
    workflow.approve(session, rows[0], "uk", user=people.ed, version=1)
    workflow.save(session, rows[2], "uk", "Ніхто не знав.", user=None, base_version=0,
                  state=State.DRAFT, origin="mt:libre")  # fmt: skip
    workflow.save(session, rows[3], "uk", "Дорога була довгою.", user=people.olena,
                  base_version=0)  # fmt: skip
    session.commit()
    return SimpleNamespace(border=rows[0], walked=rows[1], why=rows[2], road=rows[3])


def units_of(data: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(data)
    return {tu.get("id"): tu for tu in root.iterfind(".//x:trans-unit", NS)}


def test_export_maps_states_and_placeholders(session, people, doc) -> None:
    data = export_xliff(session, "report", "uk")
    root = etree.fromstring(data)
    assert (root.get("version"), root.nsmap[None]) == ("1.2", NS["x"])
    [file] = root.findall("x:file", NS)
    assert (file.get("source-language"), file.get("target-language"), file.get("original")) == (
        "en", "uk", "source/report.md",
    )  # fmt: skip
    units = units_of(data)
    border, walked, why, road = (units[s.key] for s in (doc.border, doc.walked, doc.why, doc.road))
    assert (border.get("approved"), border.get("translate")) == ("yes", "no")
    states = [u.find("x:target", NS).get("state") for u in (border, walked, why, road)]
    assert states == ["final", "needs-translation", "needs-review-translation", "translated"]
    assert road.get("translate") is None
    source = walked.find("x:source", NS)
    assert etree.tostring(source, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        'We walked <g id="1">for days</g> to the <g id="2">river <g id="3">Dnipro</g></g>'
        '<x id="4"/>.</source>'
    )
    assert text_of(source) == SENTENCES[1]
    assert [c.text for c in walked.iterfind("x:context-group/x:context", NS)] == [
        "source/report.md", "3",
    ]  # fmt: skip
    assert "<g1>…</g1>: emphasis (*)" in [n.text for n in walked.iterfind("x:note", NS)]


def test_crossed_codes_become_bx_ex_and_read_back() -> None:
    for text in ["<g1>а <g2>б</g1> в</g2>", "</g1>а<g1>", "a <x1/> <g2>b</g2> c"]:
        element = etree.Element("target")
        fill(element, text)
        assert text_of(element) == text
    element = etree.Element("target")
    fill(element, "<g1>а <g2>б</g1> в</g2>")
    assert [c.tag.split("}")[-1] for c in element] == ["bx", "bx", "ex", "ex"]


@pytest.mark.parametrize(
    "text",
    [
        "<g1>a</g1>",
        "<g1>a <g2>b</g2></g1> <x3/>",
        "<g1>a</g1><g1>b</g1>",
        "<g1>a <g2>b</g1> c</g2>",
        "</g1>a<g1>",
        "<g1>a",
        "a</g1>",
    ],
)
def test_paired_codes_are_g_elements_exactly_when_balanced(text: str) -> None:
    """The writer follows the one rule of balance (segment.placeholders.is_balanced)."""
    element = etree.Element("target")
    fill(element, text)
    kinds = {c.tag.split("}")[-1] for c in element.iter() if c is not element} - {"x"}
    if is_balanced(text):
        assert kinds == {"g"}
    else:
        assert kinds and kinds <= {"bx", "ex"}, kinds
    assert text_of(element) == text


def test_the_format_module_does_not_load_the_store() -> None:
    code = (
        "import sys, translate_app.catalog.xliff\n"
        "loaded = [m for m in sys.modules if m.startswith(('sqlalchemy', 'translate_app.store.', "
        "'translate_app.workflow', 'translate_app.catalog.po_exchange'))]\n"
        "print(loaded)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['translate_app.store.states']"  # State, as catalog.po uses


def test_a_translated_file_comes_back(session, people, doc, tmp_path: Path) -> None:
    data = export_xliff(session, "report", "uk")
    units = units_of(data)
    walked = units[doc.walked.key].find("x:target", NS)
    walked.text = "Ми йшли "
    for child in etree.fromstring(
        '<t xmlns="urn:oasis:names:tc:xliff:document:1.2"><g id="1">днями</g> до <g id="2">'
        'річки <g id="3">Дніпро</g></g><x id="4"/>.</t>'
    ):
        walked.append(child)
    walked.set("state", "translated")
    why = units[doc.why.key].find("x:target", NS)
    why.text, why.attrib["state"] = "Ніхто не знав чому.", "needs-review-translation"
    edited = etree.tostring(next(iter(units.values())).getroottree(), encoding="UTF-8")
    report = import_xliff(session, edited, path=str(tmp_path / "report.uk.xlf"), lang="uk")
    assert (report.updated, report.unchanged, report.empty) == (2, 1, 0)
    tr = workflow.get_translation(session, doc.walked, "uk")
    assert (tr.text, tr.state, tr.origin) == (
        "Ми йшли <g1>днями</g1> до <g2>річки <g3>Дніпро</g3></g2><x4/>.",
        State.TRANSLATED,
        "import:report.uk.xlf",
    )
    why_tr = workflow.get_translation(session, doc.why, "uk")
    assert (why_tr.text, why_tr.state) == ("Ніхто не знав чому.", State.DRAFT)
    assert workflow.get_translation(session, doc.border, "uk").state == State.APPROVED


def test_approved_units_are_read_only(session, people, doc) -> None:
    data = export_xliff(session, "report", "uk")
    units = units_of(data)
    units[doc.border.key].find("x:target", NS).text = "Кордон відкрили."
    edited = etree.tostring(next(iter(units.values())).getroottree(), encoding="UTF-8")
    with pytest.raises(CatalogError, match=r"report\.xlf:\d+: .* is approved and read-only"):
        import_xliff(session, edited, path="report.xlf", lang="uk")
    assert workflow.get_translation(session, doc.border, "uk").text == "Кордон закрили."


def test_the_three_way_merge_of_po_applies(session, people, doc) -> None:
    data = export_xliff(session, "report", "uk")
    workflow.save(session, doc.road, "uk", "Дорога була дуже довгою.", user=people.taras,
                  base_version=1)  # fmt: skip
    units = units_of(data)
    report = import_xliff(session, data, path="report.xlf", lang="uk")
    assert report.kept_newer == [doc.road.key]  # untouched in the file: the newer text stays
    units[doc.road.key].find("x:target", NS).text = "Шлях був довгим."
    edited = etree.tostring(next(iter(units.values())).getroottree(), encoding="UTF-8")
    with pytest.raises(CatalogError, match="was changed here after this catalog was exported"):
        import_xliff(session, edited, path="report.xlf", lang="uk")
    report = import_xliff(session, edited, path="report.xlf", lang="uk", overwrite=True)
    assert workflow.get_translation(session, doc.road, "uk").text == "Шлях був довгим."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.replace(b"</xliff>", b""), "x.xlf:\\d+: not well-formed XML"),
        (lambda d: d.replace(b'version="1.2"', b'version="2.0"', 1), "x.xlf:2: not an XLIFF 1.2"),
        (lambda d: d.replace(b'target-language="uk"', b'target-language="de"'),
         "x.xlf:3: this file is for 'de', not 'uk'"),
        (lambda d: d.replace("днями</g>".encode(), "днями".encode()), "not well-formed XML"),
        (lambda d: d.replace('<g id="1">днями</g>'.encode(), "днями".encode()),
         r"x.xlf:\d+: '\w+': missing placeholder </g1>, <g1>"),
        (lambda d: d.replace(b"The road was long.", b"The road was short."),
         r"x.xlf:\d+: the source of '\w+' has changed"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_whole(session, people, doc, change, message) -> None:
    data = export_xliff(session, "report", "uk")
    units = units_of(data)
    target = units[doc.walked.key].find("x:target", NS)
    fill(target, "Ми йшли <g1>днями</g1> до <g2>річки <g3>Дніпро</g3></g2><x4/>.")
    data = etree.tostring(target.getroottree(), encoding="UTF-8", xml_declaration=True)
    before = workflow.get_translation(session, doc.walked, "uk").version
    with pytest.raises(CatalogError, match=message):
        import_xliff(session, change(data), path="x.xlf", lang="uk")
    assert workflow.get_translation(session, doc.walked, "uk").version == before


def test_duplicate_ids_and_missing_sources_are_reported_with_lines() -> None:
    data = b"""<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="en" target-language="uk" datatype="plaintext"><body>
  <trans-unit id="a"><source>A</source></trans-unit>
  <trans-unit id="a"><source>B</source></trans-unit>
  <trans-unit id="c"></trans-unit>
 </body></file>
</xliff>"""
    with pytest.raises(CatalogError) as caught:
        read_xliff(data, path="f.xlf", language="uk")
    assert [str(p) for p in caught.value.problems] == [
        "f.xlf:5: trans-unit id 'a' appears twice",
        "f.xlf:6: a <trans-unit> needs an id and a <source>",
    ]


def xliff2po() -> list[str]:
    """translate-toolkit's converter: the script beside this Python, or its module."""
    tool = Path(sys.executable).with_name("xliff2po")
    if tool.exists():
        return [str(tool)]
    code = "import sys; from translate.convert.xliff2po import main; sys.exit(main())"
    return [sys.executable, "-c", code]


def test_translate_toolkit_reads_our_files(session, people, doc, tmp_path: Path) -> None:
    xlf = tmp_path / "report.uk.xlf"
    xlf.write_bytes(export_xliff(session, "report", "uk"))
    po = tmp_path / "report.uk.po"
    done = subprocess.run(
        [*xliff2po(), "--errorlevel=traceback", str(xlf), str(po)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "Traceback" not in done.stderr
    entries = {e.msgctxt or e.msgid: e for e in polib.pofile(str(po))}
    road = next(e for e in entries.values() if e.msgid == "The road was long.")
    assert road.msgstr == "Дорога була довгою."
    walked = next(e for e in entries.values() if e.msgid.startswith("We walked"))
    assert "for days" in walked.msgid and walked.msgstr == ""
    assert "paragraph 2" in walked.comment  # our notes are the translator's "#." lines
    assert len([e for e in entries.values() if e.msgid]) == 4


def test_write_xliff_for_a_language_with_a_region() -> None:
    unit = Unit(key="k", source="A.", target="Б.", state=State.TRANSLATED)
    data = write_xliff([unit], original="a.md", source_lang="en", target_lang="pt_BR")
    assert b'target-language="pt-BR"' in data
    found = read_xliff(data, path="a.xlf", language="pt_BR")
    assert [(u.key, u.source, u.target, u.fuzzy) for u in found.units] == [("k", "A.", "Б.", False)]


def test_xliff_commands_on_the_report(
    engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "TRANSLATE_APP_DATABASE_URL", engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source").mkdir()
    shutil.copy(REPORT, tmp_path / "source" / REPORT.name)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init")[0] == 0 and run("ingest", "source/")[0] == 0
    slug = "crossing-thresholds"
    assert run("xliff", "export", slug, "--lang", "uk") == (0, f"wrote locales/uk/{slug}.xlf\n", "")
    xlf = tmp_path / "locales" / "uk" / f"{slug}.xlf"
    found = read_xliff(xlf.read_bytes(), path=str(xlf), language="uk")
    assert len(found.units) == 412
    units = units_of(xlf.read_bytes())
    tu = next(iter(units.values()))
    tu.find("x:target", NS).text, tu.find("x:target", NS).attrib["state"] = (
        "Перетин порогів",
        "translated",
    )
    xlf.write_bytes(etree.tostring(tu.getroottree(), encoding="UTF-8", xml_declaration=True))
    code, out, _ = run("xliff", "import", str(xlf), "--lang", "uk")
    assert (code, out) == (
        0, f"{xlf}: 1 updated, 0 unchanged, 411 untranslated ({slug} [uk])\n",
    )  # fmt: skip
    code, _, err = run("xliff", "import", str(xlf), "--lang", "de")
    assert code == 1 and "this file is for 'uk', not 'de'" in err
    po = tmp_path / "report.po"
    done = subprocess.run(
        [*xliff2po(), str(xlf), str(po)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len([e for e in polib.pofile(str(po)) if e.msgid]) == 412
