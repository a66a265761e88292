"""Segmentation: identity, structure, the report's tricky sentences, generated Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from tests.markdown_strategies import document
from translate_app.errors import SourceError
from translate_app.segment import Document, Syntax, load_document, segment_text
from translate_app.segment.rebuild import rebuild
from translate_app.segment.sentences import split

REPORT = Path(__file__).resolve().parent.parent / "source" / "crossing-thresholds.md"
_PLAIN = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .use(footnote_plugin)
)


def element_tree(text: str) -> list[tuple[str, str, int]]:
    """Rendered structure: every block and inline element, text left out."""
    out: list[tuple[str, str, int]] = []
    for token in _PLAIN.parse(text):
        for t in [token, *(token.children or [])]:
            if t.type not in {"text", "softbreak", "inline", "text_special"}:
                out.append((t.type, t.tag, t.nesting))
    return out


def pseudo(doc: Document) -> str:
    """Pseudo-translation: every segment wrapped in ``‹ … ›``, placeholders kept.

    The spaces keep CommonMark's flanking rules for delimiters at a segment's
    edge as they are in a sentence (``*a*›`` could turn a closer into an opener).
    """
    return rebuild(doc, lambda s: f"‹ {s.source} ›")


@pytest.fixture(scope="module")
def report() -> Document:
    return load_document(REPORT)


def test_untranslated_build_is_the_report_byte_for_byte(report: Document) -> None:
    assert rebuild(report, lambda s: None) == REPORT.read_text(encoding="utf-8")


def test_pseudo_translation_keeps_the_element_tree(report: Document) -> None:
    built = pseudo(report)
    assert built != report.text
    assert element_tree(built) == element_tree(report.text)


def test_report_segment_count_and_spans(report: Document) -> None:
    segments = report.segments
    # one segment per sentence a reader sees: counted once by hand for the
    # first sections, and held here so that a change in splitting is noticed
    assert len(segments) == 412
    for s in segments:
        span = report.text[s.start : s.end]
        assert span == span.strip(), s.key
        assert report.text.count("\n", 0, s.start) + 1 == s.line
    assert len({s.key for s in segments}) == len(segments)


def by_text(doc: Document, start: str) -> list[str]:
    return [s.source for s in doc.segments if s.source.startswith(start)]


def test_front_matter_title_and_description(report: Document) -> None:
    first, second = report.segments[:2]
    assert (first.source, first.context, first.syntax) == (
        "Crossing Thresholds",
        "front matter: title",
        Syntax.YAML_PLAIN,
    )
    assert second.source == "Ukrainian Resistance to Russian Occupation"
    assert second.syntax is Syntax.YAML_DOUBLE
    sources = {s.source for s in report.segments}
    assert "post" not in sources and "Jade McGlynn" not in sources  # layout, author


def test_italic_lead_is_plain_sentences(report: Document) -> None:
    lead = [s for s in report.segments if s.line == 12]
    assert [s.source for s in lead] == [
        "Russia does not have full control over the temporarily occupied Ukrainian territories.",
        "It is facing an astute insurrectionist campaign.",
        "This continued resistance to occupation will play an important role in undermining "
        "the sustainability of the Russian war effort.",
    ]
    assert all(not s.codes for s in lead)


def test_pull_quote_is_plain_and_shares_its_group(report: Document) -> None:
    quote = [s for s in report.segments if s.line == 47]
    assert len(quote) == 1 and quote[0].syntax is Syntax.LITERAL
    assert quote[0].source.startswith("The selective imposition of normality")
    body = [s for s in report.segments if s.group == quote[0].group and s.line != 47]
    assert len(body) == 1 and body[0].occurrence == 1 and quote[0].occurrence == 2
    assert quote[0].key == quote[0].group + "-2"


def test_run_in_labels_are_paired_placeholders(report: Document) -> None:
    (label,) = by_text(report, "<g1>Private Resistance:</g1>")
    assert label.startswith("<g1>Private Resistance:</g1> This form involves")
    seg = next(s for s in report.segments if s.source == label)
    assert [c.markup for c in seg.codes] == ["__", "__"]
    headings = [s.source for s in report.segments if s.source.endswith("Technological Support")]
    assert headings == ["2. Technological Support"]


def test_tricky_sentences_of_the_report(report: Document) -> None:
    sources = [s.source for s in report.segments]
    assert any(s.startswith("In addition to U.S. support already provided") for s in sources)
    assert any(s.endswith("allowed after the new year. . . .") for s in sources)
    assert any(s.startswith("Even local Russian patriots") for s in sources)
    assert any("(e.g., Chuhuiv)." in s for s in sources)
    assert any(s.endswith("“new territories.”") for s in sources)
    assert any("2.9 billion rubles" in s for s in sources)
    items = [s for s in report.segments if s.kind == "list-item"]
    assert items and items[0].context == "list item"
    quotes = [s for s in report.segments if s.kind == "quote"]
    assert quotes and all(s.context == "block quote" for s in quotes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith arrived. He left.", ["Dr. Smith arrived.", "He left."]),
        ("He paused . . . Then he went on.", ["He paused . . . Then he went on."]),
        ("It was the 31st. Then 1.5 more.", ["It was the 31st.", "Then 1.5 more."]),
        ("“Why?” he asked. “Because.” Fine!", ["“Why?” he asked.", "“Because.”", "Fine!"]),
        ("See cf. the notes. J. R. Tolkien wrote.", ["See cf. the notes.", "J. R. Tolkien wrote."]),
        ("2. Technological Support", ["2. Technological Support"]),
        ("In the U.S. Army. Yes.", ["In the U.S. Army.", "Yes."]),
    ],
)
def test_sentence_rules(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_emphasis_across_sentences_stays_one_segment() -> None:
    doc = segment_text("Intro here. *One sentence. Two sentences.* Three.\n")
    assert [s.source for s in doc.segments] == [
        "Intro here.",
        "<g1>One sentence. Two sentences.</g1>",
        "Three.",
    ]


def test_never_translated_parts() -> None:
    text = (
        "Text with `code`, {{ site.x }} and <span>html</span>.[^1]\n\n"
        "```\nCode block. Never.\n```\n\n<div>\nRaw html. Never.\n</div>\n\n"
        "{% include x.html %}\n\nLast one.\n{: .lead}\n\n[^1]: A note.\n"
    )
    doc = segment_text(text)
    assert [s.source for s in doc.segments] == [
        "Text with <x1/>, <x2/> and <x3/>html<x4/>.<x5/>",
        "Last one.",
        "A note.",
    ]
    assert [c.label for c in doc.segments[0].codes] == [
        "code",
        "liquid",
        "html",
        "html",
        "footnote",
    ]
    assert doc.text[doc.segments[1].start : doc.segments[1].end] == "Last one."


def test_literal_placeholder_text_becomes_a_code() -> None:
    doc = segment_text("Type \\<g1> here. Or <x1/> there.\n")
    assert all(len(s.codes) == 1 for s in doc.segments)
    assert rebuild(doc, lambda s: None) == doc.text


def test_malformed_front_matter_names_the_line() -> None:
    with pytest.raises(SourceError) as err:
        segment_text(
            "---\ntitle: ok\ndescription: [unclosed\nlayout: post\n---\nBody.\n", path="x.md"
        )
    assert str(err.value).startswith("x.md:")
    assert err.value.line in {3, 4, 5}


def test_translation_with_markdown_characters_is_escaped() -> None:
    doc = segment_text("# Title\n\nA *b* c.\n")
    out = rebuild(
        doc, lambda s: "# not a heading <g1>*x*</g1> <b> {{ x }}" if s.kind == "paragraph" else None
    )
    assert element_tree(out) == element_tree(doc.text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_generated_markdown_identity_and_structure(text: str) -> None:
    doc = segment_text(text)
    assert rebuild(doc, lambda s: None) == text
    assert element_tree(pseudo(doc).replace("\r\n", "\n")) == element_tree(
        text.replace("\r\n", "\n")
    )
    for s in doc.segments:
        assert s.source.strip() and text[s.start : s.end].strip() == text[s.start : s.end]
