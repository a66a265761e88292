"""Every script (issue 16): CJK editions in Noto CJK, right-to-left bylines, one form of a name.

Small documents are translated into Japanese, Chinese and Arabic and built;
``pdffonts`` and ``pdftotext`` (poppler-utils) read the PDFs back.  Noto CJK
is Debian's ``fonts-noto-cjk`` (``scripts/install-runtime-deps`` installs it).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.test_publish import BUILT_AT
from translate_app import documents, glossary, workflow
from translate_app.people.languages import enable_language
from translate_app.publish import build, fonts
from translate_app.publish.fonts import Face, Family, FontSet
from translate_app.publish.gate import gates
from translate_app.publish.html import close_cjk_gaps
from translate_app.publish.names import author_name
from translate_app.publish.pdf import MissingGlyphsError, check_glyphs
from translate_app.segment.model import ParsedDocument
from translate_app.store.models import GlossaryTerm, Segment
from translate_app.store.states import State

FRONT = "---\nlayout: post\ntitle: Crossing\nauthor: Jade McGlynn\ndate: 2024-06-18\n---\n"
SOURCE = [["The border was closed.", "People waited for days."], "Nobody knew why."]
TRANSLATIONS = {
    "ja": ["国境は閉ざされた。", "人々は何日も待った。", "誰も理由を知らなかった。"],
    "zh": ["边境关闭了。", "人们等了好几天。", "没有人知道为什么。"],
    "ko": ["국경이 닫혔다.", "사람들은 며칠을 기다렸다.", "아무도 이유를 몰랐다."],
    "ar": ["أُغلقت الحدود.", "انتظر الناس أيامًا.", "لم يعرف أحد السبب."],
}


def translated(
    session: Session, make_document: Callable[..., ParsedDocument], lang: str, front: str = FRONT
) -> list[build.LanguageBuild]:
    enable_language(session, lang)
    documents.ingest(session, make_document(SOURCE, slug="border", front_matter=front))
    rows = session.scalars(select(Segment).order_by(Segment.position)).all()
    for row, text in zip(rows, TRANSLATIONS[lang], strict=True):
        workflow.save(session, row, lang, text, user=None, origin=f"import:{lang}.po",
                      base_version=0)  # fmt: skip
    session.commit()
    return []


def built(session: Session, lang: str, formats: list[str]) -> build.LanguageBuild:
    found = gates(session, "border", [lang], min_state=State.TRANSLATED)
    (result,) = build.build(session, found, formats, built_at=BUILT_AT)
    return result


def output(result: build.LanguageBuild, suffix: str) -> bytes:
    return next(o.data for o in result.outputs if o.path.suffix == suffix)


def poppler(tool: str, data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "edition.pdf"
    path.write_bytes(data)
    args = [tool, "-enc", "UTF-8", str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("lang", "region"), [("ja", "JP"), ("zh", "SC"), ("ko", "KR")])
def test_cjk_pdf_is_set_in_noto_cjk_and_passes_the_glyph_check(  # noqa: PLR0917 - fixtures
    session: Session,
    people: SimpleNamespace,
    make_document: Callable[..., ParsedDocument],
    tmp_path: Path,
    lang: str,
    region: str,
) -> None:
    translated(session, make_document, lang)
    result = built(session, lang, ["pdf"])  # no MissingGlyphsError
    pdf = output(result, ".pdf")
    embedded = poppler("pdffonts", pdf, tmp_path)
    for role in ("Serif", "Sans"):  # the language's own faces of the .ttc collections
        assert f"+Noto-{role}-CJK-{region} " in embedded, embedded
    text = "".join(poppler("pdftotext", pdf, tmp_path).split())
    for sentence in TRANSLATIONS[lang]:
        assert "".join(sentence.split()) in text
    names = [f.name for f in fonts.edition_fonts(lang).families]
    assert names[-2:] == [f"Noto Serif CJK {region}", f"Noto Sans CJK {region}"]


def test_fontconfig_finds_a_font_for_a_script_the_roles_lack() -> None:
    base = fonts.edition_fonts()
    assert not {ord("ሰ"), ord("中")} <= base.coverage or base.missing("ሰ中") == []
    wider = base.covering("ሰላም 中文")
    assert wider.missing("ሰላም 中文") == []
    added = [f for f in wider.families if f.system]
    assert added and all(f.faces[0].path.is_file() for f in added)
    assert any(f.faces[0].path.suffix == ".ttc" for f in added)  # a face of a collection
    assert "@font-face" not in "".join(f.css_name for f in added)
    assert all(f'"{f.css_name}"' in wider.stack("Edition Text") for f in added)


def dejavu_only() -> FontSet:
    path = fonts.FONT_ROOT / "dejavu" / "DejaVuSerif.ttf"
    family = Family("Edition Text", "DejaVu Serif", (Face("Edition Text", "normal", 400, path),))
    return FontSet((family,), frozenset(fonts._cmap(path)))  # the real cmap


def test_the_glyph_check_names_a_package_only_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = "<html><body><p>中文 ሰ</p></body></html>"
    monkeypatch.setattr(fonts, "package_installed", lambda package: False)
    with pytest.raises(MissingGlyphsError) as caught:
        check_glyphs(html, dejavu_only(), [], "border [zh]")
    message = str(caught.value)
    assert "'中' U+4E2D CJK UNIFIED IDEOGRAPH-4E2D: in the edition's labels" in message
    assert "install a font that covers them: Debian fonts-noto-cjk or fonts-noto-core" in message
    monkeypatch.setattr(fonts, "package_installed", lambda package: package != "fonts-noto-extra")
    with pytest.raises(MissingGlyphsError) as caught:
        check_glyphs(html, dejavu_only(), [], "border [zh]")
    assert "install a font that covers them: Debian fonts-noto-extra, then" in str(caught.value)
    monkeypatch.setattr(fonts, "package_installed", lambda package: True)
    with pytest.raises(MissingGlyphsError) as caught:
        check_glyphs(html, dejavu_only(), [], "border [zh]")
    message = str(caught.value)
    assert "install a font" not in message
    assert "although fonts-noto-cjk, fonts-noto-core, fonts-noto-extra (which would)" in message
    assert message.endswith("nothing was written")


def test_arabic_byline_keeps_the_date_in_one_bidi_run(
    session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]
) -> None:
    translated(session, make_document, "ar")
    result = built(session, "ar", ["html"])
    root = lxml_html.fromstring(output(result, ".html").decode())
    (byline,) = root.xpath("//header[@class='cover']/p[@class='byline']")
    author, when = byline.xpath("./span[@class='author']")[0], byline.xpath("./time")[0]
    assert author.get("dir") == "auto" and author.text == "\u2068Jade McGlynn\u2069"
    assert when.get("dir") == "rtl" and when.get("datetime") == "2024-06-18"
    assert when.text == "\u2068" + "18 يونيو 2024" + "\u2069"  # day, month, year: one isolate
    assert list(when) == []  # nothing inside splits the run
    (built_on,) = root.xpath("//footer[@id='colophon']//time")
    assert built_on.get("dir") == "rtl" and built_on.text.startswith("\u2068")


def test_left_to_right_bylines_have_no_isolate_marks(
    session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]
) -> None:
    translated(session, make_document, "ja")
    root = lxml_html.fromstring(output(built(session, "ja", ["html"]), ".html").decode())
    (when,) = root.xpath("//p[@class='byline']/time")
    assert when.text == "2024年6月18日" and when.get("dir") == "ltr"
    assert root.xpath("//p[@class='edition-line']")[0].text_content() == "日本語 · 英語からの翻訳"
    (disclosure,) = root.xpath("//dd[@class='disclosure']")
    assert disclosure.text_content().split() == [  # Japanese labels, sentences run on
        "すべての文を人が翻訳または編集しました。編集者が承認した文はまだありません。"
        "機械翻訳は使用していません。"
    ]


# --- the author's name, one form per edition -------------------------------------------------


def term(source: str, target: str = "", lang: str | None = "uk", **flags: bool) -> GlossaryTerm:
    return GlossaryTerm(source_term=source, target_term=target, language_code=lang, **flags)


@pytest.mark.parametrize(
    ("front", "terms", "lang", "expected"),
    [
        ({"author": "Jade McGlynn"}, [], "uk", "Jade McGlynn"),
        ({"author": "Jade McGlynn", "author_uk": "Джейд Макґлінн"}, [], "uk", "Джейд Макґлінн"),
        ({"author": "Jade McGlynn", "author_uk": "Джейд Макґлінн"}, [], "de", "Jade McGlynn"),
        ({"author": "J", "author_pt": "Jota"}, [], "pt_BR", "Jota"),
        ({"author": "J", "authors": {"uk": "Й", "de": "Jot"}}, [], "de", "Jot"),
        ({"author": "Jade  McGlynn"}, [term("jade mcglynn", "Джейд Макґлінн")], "uk",
         "Джейд Макґлінн"),
        ({"author": "Jade McGlynn"}, [term("Jade McGlynn", "Джейд", lang=None),
                                      term("Jade McGlynn", "Джейд Макґлінн")], "uk",
         "Джейд Макґлінн"),  # the language's own term first
        ({"author": "Jade McGlynn"}, [term("Jade McGlynn", do_not_translate=True)], "uk",
         "Jade McGlynn"),
        ({"author": "Jade McGlynn", "author_uk": "Джейд Макґлінн"},
         [term("Jade McGlynn", "Інша")], "uk", "Джейд Макґлінн"),  # front matter first
        ({}, [], "uk", ""),
    ],
)  # fmt: skip
def test_author_name_per_language(
    front: dict[str, object], terms: list[GlossaryTerm], lang: str, expected: str
) -> None:
    assert author_name(front, lang, terms) == expected


def test_the_cover_names_the_author_as_the_text_does(
    session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]
) -> None:
    enable_language(session, "uk")
    glossary.add_term(session, "Jade McGlynn", "Джейд Макґлінн", lang="uk")
    document = make_document(["Jade McGlynn wrote this report."], slug="border",
                             front_matter=FRONT)  # fmt: skip
    documents.ingest(session, document)
    (row,) = session.scalars(select(Segment)).all()
    workflow.save(session, row, "uk", "Джейд Макґлінн написала цей звіт.", user=people.olena,
                  base_version=0)  # fmt: skip
    session.commit()
    result = built(session, "uk", ["html", "md"])
    page = output(result, ".html").decode()
    root = lxml_html.fromstring(page)
    assert root.xpath("//meta[@name='author']")[0].get("content") == "Джейд Макґлінн"
    assert root.xpath("//span[@class='author']")[0].text == "Джейд Макґлінн"
    assert "Джейд Макґлінн написала" in root.xpath("//div[@class='body']")[0].text_content()
    assert "McGlynn" not in page.replace("Jade McGlynn wrote", "")
    markdown = output(result, ".md").decode()
    assert '\nauthor: "Джейд Макґлінн"\n' in markdown and "author: Jade" not in markdown


def test_chinese_and_japanese_sentences_are_joined_without_a_space(
    session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]
) -> None:
    translated(session, make_document, "ja")
    root = lxml_html.fromstring(output(built(session, "ja", ["html"]), ".html").decode())
    first = root.xpath("//div[@class='body']/p")[0].text_content()
    assert first == "国境は閉ざされた。人々は何日も待った。"  # the source's space is not set
    mixed = "た。 2022年 に 人 A b. 국경이 닫혔다."  # Latin and Korean keep their spaces
    assert close_cjk_gaps(mixed) == "た。2022年に人 A b. 국경이 닫혔다."
