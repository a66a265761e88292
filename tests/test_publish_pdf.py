"""PDF editions (WeasyPrint): text fidelity through ``pdftotext``, pages, fonts, right to left.

The Ukrainian edition and its review copy are rendered once for the module
(PDF rendering takes seconds); ``pdftotext`` (poppler-utils) reads them back.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.test_cli import Run, ingested, run  # noqa: F401 - fixtures of the CLI tests
from tests.test_publish import (
    BUILT_AT,
    SLUG,
    assert_once_in_order,
    cyrillic,
    store,  # noqa: F401 - the module's store fixture
    visible,
)
from tests.test_segment import REPORT
from translate_app import workflow
from translate_app.documents.ingesting import ingest
from translate_app.people.languages import enable_language
from translate_app.publish import build
from translate_app.publish.fonts import edition_fonts
from translate_app.publish.gate import gates
from translate_app.publish.pdf import MissingGlyphsError, page_text
from translate_app.segment import load_document
from translate_app.store.models import Segment
from translate_app.store.states import State

A4_BODY = ["-x", "0", "-y", "64", "-W", "595", "-H", "708"]
"""The page area inside the running head and the folio (points), for ``pdftotext``."""


def pdftotext(data: bytes, tmp: Path, *args: str) -> str:
    path = tmp / "edition.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture(scope="module")
def uk_pdf(
    store: sessionmaker[Session],  # noqa: F811 - the fixture imported above
) -> Iterator[build.LanguageBuild]:
    with store() as session:
        found = gates(session, SLUG, ["uk"])
        (built,) = build.build(session, found, ["pdf", "review.pdf"], built_at=BUILT_AT)
    yield built


def data(built: build.LanguageBuild, suffix: str) -> bytes:
    return next(o.data for o in built.outputs if o.path.name == f"{SLUG}{suffix}")


def test_pdf_has_every_approved_sentence_once_in_order(
    uk_pdf: build.LanguageBuild, tmp_path: Path
) -> None:
    text = pdftotext(data(uk_pdf, ".pdf"), tmp_path, *A4_BODY)
    body = [d for d in uk_pdf.gate.decisions if d.segment.kind not in {"front-matter", "heading"}]
    assert_once_in_order(
        text, [(d.segment.key, visible(d.text)) for d in body if d.included], normalize=True
    )
    flat = re.sub(r"[\s\-\u2010\u00ad]+", "", text)
    kept = [re.sub(r"\s+", "", visible(d.segment.source)) for d in body if not d.included]
    for d in body:  # no source sentence remains where a translation got in
        source = re.sub(r"\s+", "", visible(d.segment.source))
        if d.included and len(source) > 20:
            assert flat.count(source) == sum(source in k for k in kept), d.segment.key
    headings = [d for d in uk_pdf.gate.included if d.segment.kind == "heading"]
    assert headings and all(re.sub(r"\s+", "", d.text) in flat for d in headings)


def test_pdf_pages_cover_contents_and_running_heads(
    uk_pdf: build.LanguageBuild, tmp_path: Path
) -> None:
    pdf = data(uk_pdf, ".pdf")
    assert pdf.startswith(b"%PDF-") and not uk_pdf.warnings
    pages = pdftotext(pdf, tmp_path).split("\f")
    cover, contents = pages[0], pages[1]
    assert cyrillic("Crossing Thresholds") in cover and "Jade McGlynn" in cover
    flat = re.sub(r"\s+", "", cover)  # letter-spaced capitals come out spaced
    assert "18червня2024р." in flat and "ПЕРЕКЛАДЗАНГЛІЙСЬКОЇ" in flat
    entries = re.findall(r"^(.+?)[ .]*\s(\d+)$", contents, re.MULTILINE)
    assert len(entries) == 11 and entries[-1][0].startswith("Про це видання")
    numbers = [int(n) for _, n in entries]
    assert numbers == sorted(numbers) and numbers[0] == 3
    introduction = pages[numbers[0] - 1]  # the contents' page number is the page
    assert introduction.splitlines()[0] == cyrillic("Crossing Thresholds").upper()
    assert re.search(r"^\s*3\s*$", introduction, re.MULTILINE)  # the folio
    later = pages[numbers[1]]
    head = later.splitlines()[:3]  # title and chapter, left and right
    assert cyrillic("Crossing Thresholds").upper() in head
    assert cyrillic("Occupied Territories") in head
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert f"Title:           {cyrillic('Crossing Thresholds')}".encode() in info
    assert b"Author:          Jade McGlynn" in info
    listed = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    embedded = [line.split()[0] for line in listed.stdout.decode().splitlines()[2:]]
    roles = {f.css_name.replace(" ", "-") for f in edition_fonts().families}
    assert embedded and all(name.split("+")[1].startswith(tuple(roles)) for name in embedded)


def test_pdf_hyphenates_in_the_edition_language(
    uk_pdf: build.LanguageBuild, tmp_path: Path
) -> None:
    text = pdftotext(data(uk_pdf, ".pdf"), tmp_path, *A4_BODY)
    assert re.search(r"[а-яіїєґ]‐$", text, re.MULTILINE)  # hyphen (U+2010) at a line end


def test_review_pdf_has_both_languages_and_states(
    uk_pdf: build.LanguageBuild, tmp_path: Path
) -> None:
    pdf = data(uk_pdf, ".review.pdf")

    def column(x: int, width: int) -> str:  # A4 landscape: 842 x 595 points, 14 mm margins
        text = pdftotext(pdf, tmp_path, "-x", str(x), "-y", "0", "-W", str(width), "-H", "595")
        return re.sub(r"[\s\-\u2010]+", "", text)

    source, target, states = column(100, 306), column(406, 306), column(712, 100)
    for d in uk_pdf.gate.decisions[20:40]:
        assert re.sub(r"[\s\-]+", "", visible(d.segment.source)) in source, d.segment.key
        assert re.sub(r"[\s\-]+", "", visible(d.text)) in target, d.segment.key
    for label in ("схвалено", "перекладено", "чернетка", "увиданні", "поданооригінал"):
        assert label in states, label


def test_missing_glyphs_fail_the_build_with_characters_and_places(session: Session) -> None:
    enable_language(session, "ja")
    ingest(session, load_document(REPORT))
    title, description = session.scalars(select(Segment).order_by(Segment.position)).all()[:2]
    workflow.save(session, title, "ja", "境界を越えて", user=None, origin="import:ja.po",
                  base_version=0)  # fmt: skip
    # Ethiopic: a font fontconfig finds; U+E000 (private use): none
    workflow.save(session, description, "ja", "ሰላም \ue000", user=None, origin="import:ja.po",
                  base_version=0)  # fmt: skip
    session.commit()
    found = gates(session, SLUG, ["ja"], min_state=State.TRANSLATED)
    with pytest.raises(MissingGlyphsError) as caught:
        build.build(session, found, ["md", "pdf"], built_at=BUILT_AT)
    message = str(caught.value)
    assert caught.value.missing == ["\ue000"]  # Japanese in Noto CJK, Ethiopic in Noto Ethiopic
    assert f"'\\ue000' U+E000 unnamed character: segment {description.key} (line 8" in message
    assert "no font package covers them (private-use or unassigned)" in message
    assert "fonts-noto" not in message and "nothing was written" in message


def test_failed_pdf_build_leaves_the_previous_edition(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert ingested("languages", "add", "zh")[0] == 0
    code, _, _ = ingested(
        "build", SLUG, "--lang", "zh", "--format", "md", "--out", "out", "--partial"
    )
    assert code == 0
    edition = tmp_path / "out" / "zh" / f"{SLUG}.md"
    before = edition.read_bytes()
    po = tmp_path / "zh.po"
    ingested("export", SLUG, "--lang", "zh", "-o", str(po))
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Crossing Thresholds"\nmsgstr ""',
        'msgid "Crossing Thresholds"\nmsgstr "跨越门槛\ue000"',  # Chinese now has a font
    )
    po.write_text(text, encoding="utf-8")
    assert ingested("import", str(po), "--lang", "zh", "--document", SLUG)[0] == 0
    code, out, err = ingested(
        "build", SLUG, "--lang", "zh", "--format", "md,pdf", "--min-state", "translated",
        "--out", "out", "--partial",
    )  # fmt: skip
    assert code == 1 and "U+E000" in err and "U+8DE8" not in err and "publish gate" in out
    assert edition.read_bytes() == before
    assert sorted(p.name for p in edition.parent.iterdir()) == [edition.name]


def test_right_to_left_edition(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert ingested("languages", "add", "ar")[0] == 0
    po = tmp_path / "ar.po"
    ingested("export", SLUG, "--lang", "ar", "-o", str(po))
    text = po.read_text(encoding="utf-8")
    for source, target in [("Crossing Thresholds", "عبور العتبات"),
                           ("Introduction", "مقدمة")]:  # fmt: skip
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{target}"')
    po.write_text(text, encoding="utf-8")
    assert ingested("import", str(po), "--lang", "ar", "--document", SLUG)[0] == 0
    code, _, err = ingested(
        "build", SLUG, "--lang", "ar", "--format", "html,pdf", "--min-state", "translated",
        "--out", "out", "--partial",
    )  # fmt: skip
    assert code == 0, err
    page = (tmp_path / "out" / "ar" / f"{SLUG}.html").read_text(encoding="utf-8")
    root = lxml_html.fromstring(page)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert root.xpath("//header/h1")[0].text_content() == "عبور العتبات"
    assert root.xpath("//span[@class='untranslated']")[0].get("dir") == "ltr"
    pdf = (tmp_path / "out" / "ar" / f"{SLUG}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = pdftotext(pdf, tmp_path).split("\f")
    assert "المحتويات" in pages[1] or "تايوتحملا" in pages[1]
    assert "عبور" in page_text(page)
