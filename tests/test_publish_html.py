"""HTML editions and the review copy: semantic markup, text fidelity, escaping, the colophon."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.test_publish import (
    BUILT_AT,
    SLUG,
    assert_once_in_order,
    cyrillic,
    store,  # noqa: F401 - the module's store fixture
    visible,
)
from tests.test_segment import REPORT
from translate_app import documents, workflow
from translate_app.publish import build
from translate_app.publish.gate import gates
from translate_app.publish.html import render_body
from translate_app.segment import load_document
from translate_app.store.models import Segment, Translation
from translate_app.store.states import State


@pytest.fixture(scope="module")
def uk(
    store: sessionmaker[Session],  # noqa: F811 - the fixture imported above
) -> Iterator[build.LanguageBuild]:
    """The uk edition at the default gate (approved): Markdown, HTML and review HTML."""
    with store() as session:
        (built,) = build.build(session, gates(session, SLUG, ["uk"]),
                               ["md", "html", "review.html"], built_at=BUILT_AT)  # fmt: skip
    yield built


def output(built: build.LanguageBuild, suffix: str, slug: str = SLUG) -> str:
    (found,) = [o for o in built.outputs if o.path.name == f"{slug}{suffix}"]
    return found.data.decode("utf-8")


def body_text(page: str) -> str:
    root = lxml_html.fromstring(page)
    (body,) = root.xpath('//div[@class="body"]')
    return " ".join(body.text_content().split())


def test_html_is_a_standalone_semantic_page(uk: build.LanguageBuild) -> None:
    page = output(uk, ".html")
    root = lxml_html.fromstring(page)
    assert root.get("lang") == "uk" and root.get("dir") == "ltr"
    assert root.xpath("count(//article/header[@class='cover']/h1)") == 1
    alternates = {a.get("hreflang"): a.get("href") for a in root.xpath("//link[@rel='alternate']")}
    # only editions that exist (uk, built now; no output folder given) and the original
    assert alternates == {"uk": f"../uk/{SLUG}.html", "en": f"/2024/06/18/{SLUG}.html"}
    source = REPORT.read_text(encoding="utf-8")
    assert len(root.xpath("//aside[@class='pull-quote']")) == source.count("\n___`") == 5
    assert len(root.xpath("//div[@class='body']/blockquote")) == source.count("\n> ")
    assert root.xpath("//div[@class='body']/*[1]")[0].get("class") == "lead"
    kickers = [p.text_content() for p in root.xpath("//p[@class='kicker']")]
    assert len(kickers) == 11 and cyrillic("DEMOGRAPHICS") in kickers
    assert len(root.xpath("//p[@class='run-in-head']")) == 4
    assert root.xpath("//p[@class='author-note']")
    ids = [h.get("id") for h in root.xpath("//div[@class='body']//*[self::h2 or self::h3]")]
    assert ids == [f"sec-{n}" for n in range(1, 11)]
    assert [a.get("href") for a in root.xpath("//nav[@class='toc']//a")][:10] == [
        f"#{i}" for i in ids
    ]
    assert root.xpath("//img/@src") == ["https://i.imgur.com/7f8ZITS.jpeg"]
    assert "<excerpt" not in page and "\u2e24" not in page and "\u2e25" not in page
    assert root.xpath("//header//time")[0].text_content() == "18 червня 2024\u202fр."


def test_html_has_every_approved_translation_once_and_marks_the_source(
    uk: build.LanguageBuild,
) -> None:
    page = output(uk, ".html")
    gate = uk.gate
    body = [d for d in gate.decisions if d.segment.kind != "front-matter"]
    assert_once_in_order(body_text(page), [(d.segment.key, visible(d.text)) for d in body
                                           if d.included])  # fmt: skip
    kept = [visible(d.segment.source) for d in body if not d.included]
    text = body_text(page)
    for d in body:
        if d.included and len(d.segment.source) > 20:
            source = visible(d.segment.source)
            assert text.count(source) == sum(source in k for k in kept), d.segment.key
    root = lxml_html.fromstring(page)
    marked = root.xpath("//div[@class='body']//span[@class='untranslated']")
    assert marked and all(span.get("lang") == "en" for span in marked)
    first = next(d for d in body if not d.included)
    assert visible(first.segment.source).startswith(marked[0].text_content().strip())


def test_translator_text_and_names_are_escaped(
    session: Session, people: SimpleNamespace, make_document: object
) -> None:
    doc = make_document(["A <g1>bold</g1> claim.", "Plain."],  # type: ignore[operator]
                        front_matter="---\ntitle: T\n---\n")  # fmt: skip
    documents.ingest(session, doc)
    claim, plain = session.scalars(select(Segment).order_by(Segment.position)).all()
    people.olena.credit_consent = True
    people.olena.display_name = "<img src=x onerror=alert(1)>"
    workflow.save(session, claim, "uk", "<script>alert(1)</script> & <g1>сміливо</g1>.",
                  user=people.olena, base_version=0)  # fmt: skip
    workflow.save(session, plain, "uk", "Просто <i>так</i>.", user=people.olena, base_version=0)
    session.commit()
    (gate,) = gates(session, "report", ["uk"], min_state=State.TRANSLATED)
    (built,) = build.build(session, [gate], ["html", "review.html"], built_at=BUILT_AT)
    for suffix in (".html", ".review.html"):
        text = output(built, suffix, "report")
        assert "<script>" not in text and "<img src=x" not in text and "<i>так" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
    html = output(built, ".html", "report")
    assert "<em>сміливо</em>" in html or "<strong>сміливо</strong>" in html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("_Lead one. Lead two._\n\n### Head\n\nText.\n", '<p class="lead"><em>Lead one.'),
        ("Text.\n\n___`Quoted line.`___\n", '<aside class="pull-quote">\n<p>Quoted line.</p>'),
        ("Text.\n\n_KICKER_\n\nMore.\n", '<p class="kicker"><em>KICKER</em></p>'),
        ("Text.\n\n__1. Run in__\n\n- item\n", '<p class="run-in-head"><strong>1. Run in'),
        ("Text.\n\n---\n\n__Name__ is a writer.\n", '<p class="author-note"><strong>Name'),
        ("# Top\n\n## Sub\n", '<h2 id="sec-1">Top</h2>\n<h3 id="sec-2">Sub</h3>'),
        ("Say \u2e24*very* good.\u2e25 Yes.\n",
         '<p>Say <span class="untranslated" lang="en"><em>very</em> good.</span> Yes.</p>'),
        ("A ![alt text](https://x.test/a.png) b\n",
         '<span class="image-left-out">[alt text]</span>'),
    ],
    ids=["lead", "pull-quote", "kicker", "run-in", "author-note", "headings", "marks", "image"],
)  # fmt: skip
def test_report_conventions_become_semantic_html(markdown: str, expected: str) -> None:
    body = render_body(markdown, medium="print", source_lang="en", direction="ltr")
    assert expected in body.html


def test_marked_fallback_keeps_emphasis_at_sentence_edges() -> None:
    for text in ("_\u2e24Lead one.\u2e25_\n", "\u2e24__Label:__ rest.\u2e25\n",
                 "He said \u2e24*go.*\u2e25\n"):  # fmt: skip
        html = render_body(text, medium="screen", source_lang="en", direction="rtl").html
        assert ("<em>" in html or "<strong>" in html) and "*" not in html and "_" not in html
        assert 'lang="en" dir="ltr"' in html


def test_a_run_in_the_source_language_is_one_isolated_span_right_to_left() -> None:
    text = "نص. \u2e24__Label:__ rest. More *of* it.\u2e25\n\n\u2e24All English.\u2e25\n"
    html = render_body(text, medium="screen", source_lang="en", direction="rtl").html
    assert html == (
        '<p>نص. <span class="untranslated" lang="en" dir="ltr"><strong>Label:</strong> rest. '
        "More <em>of</em> it.</span></p>\n"
        '<p lang="en" dir="ltr"><span class="untranslated" lang="en" dir="ltr">All English.'
        "</span></p>\n"
    )
    crossed = render_body("A \u2e24*b\u2e25 c*\n", medium="screen", source_lang="en",
                          direction="rtl").html  # fmt: skip
    assert crossed == (  # never improper nesting: a span per text token instead
        '<p>A <em><span class="untranslated" lang="en">b</span> c</em></p>\n'
    )


def test_colophon_in_the_edition_language(uk: build.LanguageBuild) -> None:
    approved = uk.colophon.approved
    root = lxml_html.fromstring(output(uk, ".html"))
    colophon = root.xpath("//footer[@id='colophon']")[0].text_content()
    assert "Олена Коваль" in colophon and "quiet" not in colophon
    assert "та ще 1, хто побажав залишитися неназваним" in colophon
    assert "Google Translate" in colophon and "20 листопада 2026\u202fр." in colophon
    assert f"{approved}/412" in colophon and "редакція 1" in colophon


def test_review_copy_has_every_segment_with_state_and_chips(uk: build.LanguageBuild) -> None:
    root = lxml_html.fromstring(output(uk, ".review.html"))
    rows = root.xpath("//table[@class='review-table']/tbody/tr")
    assert len(rows) == 412
    classes = [row.get("class").split() for row in rows]
    states = {c[0] for c in classes}
    assert states == {"state-approved", "state-translated", "state-draft"}
    assert sum("outcome-in" in c for c in classes) == len(uk.gate.included)
    label = root.xpath("//tr[contains(@class, 'kind-paragraph')]//span[@class='ph ph-open']")
    assert label and label[0].get("title") == "strong __"
    draft = root.xpath("//tr[contains(@class, 'state-draft')]")[0]
    assert "чернетка" in draft.text_content() and "Машинна чернетка." in draft.text_content()


def test_untranslated_titles_are_marked(session: Session, people: SimpleNamespace) -> None:
    documents.ingest(session, load_document(REPORT))
    session.commit()
    (built,) = build.build(session, gates(session, SLUG, ["uk"]), ["html"], built_at=BUILT_AT)
    root = lxml_html.fromstring(output(built, ".html"))
    (title,) = root.xpath("//header/h1/span[@class='untranslated']")
    assert title.text == "Crossing Thresholds" and title.get("lang") == "en"
    blocks = root.xpath("//div[@class='body']/*[self::p or self::h2 or self::h3]")
    assert len(blocks) > 90 and all(block.get("lang") == "en" for block in blocks)
    items = root.xpath("//div[@class='body']//li")
    assert items and all(i.get("lang") == "en" or i.xpath("./p[@lang='en']") for i in items)
    assert not session.scalars(select(Translation)).all()
