"""Segmentation: identity, structure, the report's tricky sentences, generated Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from tests.markdown_strategies import document
from translate_app.catalog import tmx
from translate_app.checks import CheckFailure, run_checks
from translate_app.errors import SourceError
from translate_app.segment import (
    ParsedDocument,
    Syntax,
    load_document,
    placeholders,
    segment_text,
    sentences,
)
from translate_app.segment.rebuild import rebuild
from translate_app.segment.sentences import ABBREVIATIONS, CLOSE, OPEN, STANDALONE, split

REPORT = Path(__file__).resolve().parent.parent / "source" / "crossing-thresholds.md"
GOLDEN = Path(__file__).resolve().parent / "data" / "crossing-thresholds.segments.jsonl"
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


def pseudo(doc: ParsedDocument) -> str:
    """Pseudo-translation: every segment wrapped in ``‹ … ›``, placeholders kept.

    The spaces keep CommonMark's flanking rules for delimiters at a segment's
    edge as they are in a sentence (``*a*›`` could turn a closer into an opener).
    """
    return rebuild(doc, lambda s: f"‹ {s.source} ›")


@pytest.fixture(scope="module")
def report() -> ParsedDocument:
    return load_document(REPORT)


def test_untranslated_build_is_the_report_byte_for_byte(report: ParsedDocument) -> None:
    assert rebuild(report, lambda s: None) == REPORT.read_text(encoding="utf-8")


def test_pseudo_translation_keeps_the_element_tree(report: ParsedDocument) -> None:
    built = pseudo(report)
    assert built != report.text
    assert element_tree(built) == element_tree(report.text)


def test_report_segment_count_and_spans(report: ParsedDocument) -> None:
    segments = report.segments
    # one segment per sentence a reader sees: counted once by hand for the
    # first sections, and held here so that a change in splitting is noticed
    assert len(segments) == 412
    for s in segments:
        span = report.text[s.start : s.end]
        assert span == span.strip(), s.key
        assert report.text.count("\n", 0, s.start) + 1 == s.line
    assert len({s.key for s in segments}) == len(segments)


def test_report_segments_match_the_golden_file(report: ParsedDocument) -> None:
    """Every segment of the report, as the segmenter cut it before it was made faster.

    Keys, spans, lines, text, placeholders and contexts: a change in any of them
    shows up here, line by line (one segment per line of the golden file).
    """
    found = [
        {
            "key": s.key, "start": s.start, "end": s.end, "line": s.line, "kind": s.kind,
            "block": s.block, "syntax": str(s.syntax), "context": s.context,
            "occurrence": s.occurrence, "group": s.group, "source": s.source,
            "codes": [[c.id, str(c.kind), c.label, c.markup] for c in s.codes],
        }
        for s in report.segments
    ]  # fmt: skip
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert found == golden


def by_text(doc: ParsedDocument, start: str) -> list[str]:
    return [s.source for s in doc.segments if s.source.startswith(start)]


def test_front_matter_title_and_description(report: ParsedDocument) -> None:
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


def test_italic_lead_is_plain_sentences(report: ParsedDocument) -> None:
    lead = [s for s in report.segments if s.line == 12]
    assert [s.source for s in lead] == [
        "Russia does not have full control over the temporarily occupied Ukrainian territories.",
        "It is facing an astute insurrectionist campaign.",
        "This continued resistance to occupation will play an important role in undermining "
        "the sustainability of the Russian war effort.",
    ]
    assert all(not s.codes for s in lead)


def test_pull_quote_is_plain_and_shares_its_group(report: ParsedDocument) -> None:
    quote = [s for s in report.segments if s.line == 47]
    assert len(quote) == 1 and quote[0].syntax is Syntax.LITERAL
    assert quote[0].source.startswith("The selective imposition of normality")
    body = [s for s in report.segments if s.group == quote[0].group and s.line != 47]
    assert len(body) == 1 and body[0].occurrence == 1 and quote[0].occurrence == 2
    assert quote[0].key == quote[0].group + "-2"


def test_run_in_labels_are_paired_placeholders(report: ParsedDocument) -> None:
    (label,) = by_text(report, "<g1>Private Resistance:</g1>")
    assert label.startswith("<g1>Private Resistance:</g1> This form involves")
    seg = next(s for s in report.segments if s.source == label)
    assert [c.markup for c in seg.codes] == ["__", "__"]
    headings = [s.source for s in report.segments if s.source.endswith("Technological Support")]
    assert headings == ["2. Technological Support"]


def test_tricky_sentences_of_the_report(report: ParsedDocument) -> None:
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


_REFERENCE_CANDIDATE = re.compile(
    r"(?P<mark>[.!?…]+)"
    r"(?P<close>[\"'”’»)\]" + CLOSE + STANDALONE + r"]*)"
    r"(?P<ws>\s+)"
    r"(?P<open>[\"'“‘«(\[" + OPEN + STANDALONE + r"]*)"
    r"(?P<next>\w)"
)
_REFERENCE_WORD = re.compile(r"[^\s" + OPEN + CLOSE + STANDALONE + r"\"'“‘«(\[]*\Z")
_REFERENCE_FIRST_WORD = re.compile(r"[\s" + OPEN + CLOSE + STANDALONE + r"\"'“‘«(\[]*(\d+)\Z")


def reference_split_points(text: str) -> list[int]:
    """The splitter's rules, one regular expression each, as first written (the fast
    ``split_points`` finds marks with ``str.find`` and must agree with this)."""
    level, depth = 0, []
    for ch in text:
        depth.append(level)
        level += {OPEN: 1, CLOSE: -1}.get(ch, 0)
    points = []
    for m in _REFERENCE_CANDIDATE.finditer(text):
        nxt, start = m.group("next"), m.start("open")
        if not (nxt.isupper() or nxt.isdigit()) or (OPEN in text and depth[start] > 0):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        if m.group("mark") == ".":
            dots = re.search(r"(?:\.\s)+\Z", before)
            if dots is not None:
                if dots.group(0).count(".") + 1 < 4:
                    continue
            else:
                word = _REFERENCE_WORD.search(before)
                token = word.group(0) if word else ""
                if (
                    token.lower() in ABBREVIATIONS
                    or (len(token) == 1 and token.isupper())
                    or re.match(r"(?:[A-Za-z]\.)+[A-Za-z]\Z", token)
                    or (token.isdigit() and _REFERENCE_FIRST_WORD.fullmatch(text[: m.start()]))
                ):
                    continue
        points.append(start)
    return points


_SPLITTER_PIECES = st.sampled_from(
    [
        ".", ". ", "!", "?", "…", "?!", "...", ". . . ", ". . . . ", " ", "  ", "\n", "\u00a0",
        "\"", "'", "”", "’", "»", ")", "]", "“", "‘", "«", "(", "[", OPEN, CLOSE, STANDALONE,
        "A", "b", "Z", "É", "ⓐ", "Ⓐ", "1", "2.", "_", "word", "U.S.", "e.g.", "Dr.", "J.", "No.",
        "31st", "1.5", "x" * 45,
    ]
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SPLITTER_PIECES, max_size=40).map("".join))
def test_split_points_agree_with_the_rule_by_rule_reference(text: str) -> None:
    assert sentences.split_points(text) == reference_split_points(text)


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


BALANCE = [
    # (text, the one problem of balance or None, TMX inline elements)
    ("No codes.", None, []),
    ("A <x1/> b <x2/>.", None, ["ph", "ph"]),
    ("<g1>a <g2>b</g2></g1> <x3/>", None, ["bpt", "bpt", "ept", "ept", "ph"]),
    ("<g1>a</g1><g1>b</g1>", None, ["bpt", "ept", "bpt", "ept"]),  # an id again, after its pair
    ("<g1>a <g1>b</g1></g1>", None, ["bpt", "bpt", "ept", "ept"]),  # an id again, inside it
    ("<g1>a", "placeholder <g1> is never closed", ["it"]),
    ("<g1>a <g2>b</g2>", "placeholder <g1> is never closed", ["it", "it", "it"]),
    ("<g1>a</g1></g1>", "placeholder </g1> comes before <g1>", ["it", "it", "it"]),
    ("a</g2> <g2>b", "placeholder </g2> comes before <g2>", ["it", "it"]),
    ("<g1><g2></g1></g2>", "placeholder </g1> closes across <g2>", ["it"] * 4),
    ("<g1>a <g1>b</g1>", "placeholder <g1> is never closed", ["it"] * 3),
]  # fmt: skip


@pytest.mark.parametrize(("text", "problem", "inline"), BALANCE)
def test_one_rule_of_balance_for_the_checks_and_tmx(
    text: str, problem: str | None, inline: list[str]
) -> None:
    expected = [problem] if problem else []
    assert placeholders.balance_problems(text) == expected
    assert placeholders.is_balanced(text) is (problem is None)
    assert run_checks(text, text, lang="uk", only=["paired-codes"]) == [
        CheckFailure("paired-codes", "error", p) for p in expected
    ]
    assert placeholders.problems(text, text) == expected  # the same codes as the source
    seg = etree.Element("seg")
    tmx.fill_segment(seg, text)  # paired codes as <bpt>/<ept> only when they balance
    assert [child.tag for child in seg] == inline
    assert tmx.read_segment(seg) == text


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
