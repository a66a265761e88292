"""Large documents are segmented and exported by forked worker processes: same results."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import translate_app.segment as segmenting
from tests.markdown_strategies import document
from translate_app import documents
from translate_app.catalog import po_exchange
from translate_app.catalog.po import Unit, write_po
from translate_app.errors import SourceError
from translate_app.people.languages import ensure_default_languages
from translate_app.publish.gate import compute_gate
from translate_app.runtime import forking
from translate_app.segment import (
    ParsedSegment,
    begin_segmenting,
    cutting,
    load_document,
    markdown,
    segment_text,
)
from translate_app.segment.markdown import cut_points, parse_blocks, where_in
from translate_app.segment.model import RawSegment
from translate_app.store.models import Segment as SegmentRow
from translate_app.store.parsed import stored_document

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "source" / "crossing-thresholds.md"


@pytest.fixture(autouse=True)
def _may_fork(single_threaded: None) -> None:
    """Every test here forks, or checks what forking does (see ``single_threaded``)."""


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents of any length are cut into parts (the threshold is for speed only)."""
    monkeypatch.setattr(segmenting, "PARALLEL_MIN_CHARS", 0)


@pytest.mark.usefixtures("always_parallel")
@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_report_in_parts_equals_the_report_whole(jobs: int) -> None:
    whole = load_document(REPORT)
    pending = segmenting.begin_loading(REPORT, jobs=jobs)
    assert len(pending.parts) == jobs  # the work really was forked
    assert pending.result() == whole
    assert [s.block for s in whole.segments] == sorted(s.block for s in whole.segments)


@pytest.mark.usefixtures("always_parallel")
def test_parts_start_at_top_level_blocks_of_about_equal_length() -> None:
    text = REPORT.read_text(encoding="utf-8")
    parsed = parse_blocks(text)
    assert parsed is not None
    tokens, _env = parsed
    where = where_in(text, lambda offset: offset, text, str(REPORT))
    cuts = cut_points(tokens, where, 4)
    assert len(cuts) == 4
    assert cuts[0] == 0
    for cut in cuts[1:]:
        assert tokens[cut].level == 0
        assert tokens[cut].nesting != -1
    starts = [where.lines.start(tokens[c].map[0]) for c in cuts[1:]]  # type: ignore[index]
    quarter = len(text) / 4
    for i, start in enumerate(starts, 1):
        assert abs(start - i * quarter) < quarter / 2


@pytest.mark.usefixtures("always_parallel")
def test_segment_objects_hold_exactly_their_fields() -> None:
    """The parts are assembled without Segment's __init__: every field is set, no other."""
    doc = load_document(REPORT, jobs=2)
    names = {f.name for f in dataclasses.fields(ParsedSegment)}
    for segment in doc.segments:
        assert set(vars(segment)) == names
    first = doc.segments[0]
    assert dataclasses.replace(first) == first
    assert hash(dataclasses.replace(first)) == hash(first)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.key = "x"  # type: ignore[misc]


@pytest.mark.usefixtures("always_parallel")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_generated_markdown_in_parts_equals_whole(text: str) -> None:
    try:
        whole = segment_text(text)
    except SourceError as error:
        with pytest.raises(SourceError) as raised:
            segment_text(text, jobs=3)
        assert str(raised.value) == str(error)
        return
    assert segment_text(text, jobs=3) == whole


# Blocks that hold blank lines followed by lines a cut may start at (cutting.py): a part that
# ends inside one of the raw blocks must not be parsed alone.
_CUT_TRAPS = [
    "```\ncode\n\nLooks like a paragraph.\n\n# looks like a heading\n```",
    "~~~~\nA fence of tildes.\n\nStill code.\n~~~~",
    "<!-- a comment\n\nHidden text.\n\n-->",
    "<pre>\npre text\n\nMore pre.\n</pre>",
    "<script>\nvar a;\n\nvar b;\n</script>",
    "- one\n\n- two\n\n  Part of two.",
    "1. first\n\n2. second",
    "> quoted\n>\n> Quoted more.",
    "    indented code\n\n    more code",
    "Setext heading\n---",
    "| a | b |\n|---|---|\n| c | d |",
    "<div>\nraw\n</div>",
    "A paragraph. With two sentences.",
    "## A heading",
    "Emphasis *across\n\nparagraphs* is not.",
]


@st.composite
def cut_trap_document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(st.sampled_from(_CUT_TRAPS), min_size=2, max_size=12))
    return "Start.\n\n" + "\n\n".join(blocks) + "\n"


@pytest.mark.usefixtures("always_parallel")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut_trap_document(), st.integers(2, 9))
def test_cuts_in_raw_blocks_do_not_change_the_segments(text: str, jobs: int) -> None:
    """Wherever the cuts fall (many parts on a short text), the result is the whole walk's."""
    assert segment_text(text, jobs=jobs) == segment_text(text)


def test_cut_text_cuts_before_paragraphs_and_headings_after_blank_lines() -> None:
    text = "---\ntitle: T\n\nnot: body\n---\n" + "".join(
        f"Paragraph {i}.\n\n## Heading {i}\n\n- item\n\n" for i in range(50)
    )
    cuts = cutting.cut_text(text, 4)
    assert cuts is not None
    assert cuts[0] == 0 and cuts[-1] == len(text) and len(cuts) == 5
    assert cuts == sorted(set(cuts))
    for cut in cuts[1:-1]:
        assert text[cut - 2 : cut] == "\n\n"
        assert text[cut] in "P#"
        assert abs(cut - len(text) * cuts.index(cut) / 4) < 40
    assert cutting.cut_text("A.\n\nB.\n", 1) is None  # one part: nothing to cut
    assert cutting.cut_text("A.\n- b\n- c\n", 2) is None  # no blank line before a letter
    # Where a front matter, references or footnotes could carry over a cut: no cuts.
    assert cutting.cut_text("---\ntitle: T\n\nA: b\n\nC: d\n", 2) is None
    assert cutting.cut_text("A [link][a].\n\nB.\n\n[a]: /url\n", 2) is None
    assert cutting.cut_text("A.^[note]\n\nB.\n", 2) is None


@pytest.mark.usefixtures("always_parallel")
def test_a_part_ending_inside_a_fence_makes_the_walk_whole() -> None:
    text = "Before.\n\n```\ncode\n\nInside the fence.\n\nStill inside.\n```\n\nAfter.\n"
    cuts = cutting.cut_text(text, 2)
    assert cuts is not None and text[cuts[1] :].startswith("Still inside.")
    pending = begin_segmenting(text, jobs=2)
    assert len(pending.parts) == 2
    assert [part.result() is None for part in pending.parts] == [True, False]
    assert segment_text(text, jobs=2) == segment_text(text)
    assert [s.source for s in segment_text(text, jobs=2).segments] == ["Before.", "After."]


@pytest.mark.usefixtures("always_parallel")
def test_references_across_parts_resolve() -> None:
    """A document with link reference definitions is parsed once, then walked in parts."""
    text = "".join(f"See [the source][s] {i}.\n\n" for i in range(30)) + "[s]: https://x.org\n"
    assert cutting.cut_text(text, 3) is None
    pending = begin_segmenting(text, jobs=3)
    assert len(pending.parts) == 3
    doc = pending.result()
    assert doc == segment_text(text)
    assert all("<g1>the source</g1>" in s.source for s in doc.segments)


@pytest.mark.usefixtures("always_parallel")
def test_footnotes_keep_the_document_whole() -> None:
    """Footnotes number themselves across the document and move to its end: no parts."""
    text = "One.[^a] Two.\n\nThree.\n\n[^a]: The note.\n\nFour.\n"
    assert parse_blocks(text) is None
    assert not begin_segmenting(text, jobs=2).parts
    assert segment_text(text, jobs=2) == segment_text(text)
    inline_note = "One.^[An inline note.]\n\nTwo.\n"
    assert not begin_segmenting(inline_note, jobs=2).parts


@pytest.mark.usefixtures("always_parallel")
def test_an_error_in_a_part_is_raised_with_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A part that fails in its worker is walked again here: the first error in document
    order is raised, as a whole walk raises it."""
    real = markdown.walk_tokens

    def strict(tokens: list[Token], where: markdown._Where) -> tuple[list[RawSegment], int]:
        for token in tokens:
            if token.type == "inline" and "Bad" in token.content:
                assert token.map is not None
                raise SourceError("bad sentence", path=where.path, line=token.map[0] + 1)
        return real(tokens, where)

    monkeypatch.setattr(markdown, "walk_tokens", strict)
    text = "".join(f"Sentence {i}.\n\n" for i in range(40)) + "Bad one.\n\nFine.\n\nBad two.\n"
    with pytest.raises(SourceError) as whole:
        segment_text(text, path="doc.md")
    with pytest.raises(SourceError) as parts:
        begin_segmenting(text, path="doc.md", jobs=4).result()
    assert str(parts.value) == str(whole.value) == "doc.md:81: bad sentence"


def test_short_documents_are_walked_here() -> None:
    assert len(REPORT.read_text(encoding="utf-8")) < segmenting.PARALLEL_MIN_CHARS
    assert not segmenting.begin_loading(REPORT, jobs=4).parts


def test_forked_result_and_failure() -> None:
    parent = os.getpid()
    child = forking.Forked(os.getpid)
    assert child.result() != parent
    with pytest.raises(RuntimeError):
        child.result()

    def fails() -> int:
        raise ValueError("in the child and again here")

    with pytest.raises(ValueError, match="again here"):
        forking.Forked(fails).result()


def test_map_in_parts_keeps_order() -> None:
    items = list(range(1001))
    runs = forking.map_in_parts(lambda run: (os.getpid(), list(run)), items, 3)
    assert [x for _pid, run in runs for x in run] == items
    assert runs[0][0] == os.getpid()
    assert len({pid for pid, _run in runs}) == 3
    assert forking.map_in_parts(sum, [], 4) == [0]


def test_write_po_is_the_header_and_the_entries() -> None:
    units = [
        Unit(key=f"k{i}", source=f"Sentence {i}.", references=(f"a.md:{i}",)) for i in range(5)
    ]
    when = datetime(2026, 1, 2, tzinfo=UTC)
    whole = write_po(units, language="uk", plural_forms=None, project="p", revision_date=when)
    assert whole.count('msgid "Sentence') == 5
    assert whole.endswith('msgstr ""\n')
    empty = write_po([], language="uk", plural_forms=None, project="p", revision_date=when)
    assert whole.startswith(empty + "\n")


def test_export_in_parts_equals_export_whole(
    monkeypatch: pytest.MonkeyPatch, factory: sessionmaker[Session]
) -> None:
    """Also with the store's connection open in the parent (SQLite, PostgreSQL): the
    children only render text, the parent goes on using its connection afterwards."""
    with factory() as session:
        ensure_default_languages(session, ("uk",))
        documents.ingest(session, load_document(REPORT))
        session.commit()
        whole = po_exchange.export_catalog(session, "crossing-thresholds", "uk")
        monkeypatch.setattr(po_exchange, "PARALLEL_MIN_UNITS", 1)
        calls: list[int] = []
        real = forking.Forked.__init__

        def counted(self: forking.Forked[str], call: Callable[[], str]) -> None:
            calls.append(1)
            real(self, call)

        monkeypatch.setattr(forking.Forked, "__init__", counted)
        parts = po_exchange.export_catalog(session, "crossing-thresholds", "uk", jobs=3)
        assert session.scalar(select(func.count(SegmentRow.id))) == len(
            load_document(REPORT).segments
        )
    assert len(calls) == 2
    dated = "PO-Revision-Date"
    assert [x for x in parts.splitlines() if dated not in x] == [
        x for x in whole.splitlines() if dated not in x
    ]


def test_console_script_exits_at_once_with_its_status(tmp_path: Path) -> None:
    env = {**os.environ, "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path / "instance")}
    script = "from translate_app.cli import run; run()"
    ok = subprocess.run(
        [sys.executable, "-c", script, "init"], env=env, capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert "database ready" in ok.stdout  # buffered output is flushed before the quick exit
    bad = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(tmp_path / "missing.md")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "error:" in bad.stderr


def test_batch_commands_run_without_the_cycle_collector_servers_with_it(tmp_path: Path) -> None:
    from translate_app.cli import parser

    assert parser().parse_args(["ingest", "x.md"]).batch
    assert parser().parse_args(["export", "s", "--lang", "uk"]).batch
    assert not parser().parse_args(["serve"]).batch
    assert not parser().parse_args(["build", "s", "--lang", "uk"]).batch  # WeasyPrint: cycles
    env = {**os.environ, "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path / "instance")}
    script = (
        "import gc, translate_app.cli as c\n"
        "real = c.dispatch\n"
        "c.dispatch = lambda args: print('collector', gc.isenabled()) or real(args)\n"
        "c.run()"
    )
    for command, enabled in ((["init"], True), (["ingest", str(REPORT)], False)):
        done = subprocess.run(
            [sys.executable, "-c", script, *command],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"collector {enabled}" in done.stdout


def test_stored_segments_read_back_equal_the_segmented_ones(
    factory: sessionmaker[Session],
) -> None:
    """The gate reads segments back without dataclass __init__ and JSON per row: same objects."""
    doc = load_document(REPORT)
    with factory() as session:
        documents.ingest(session, doc)
        session.commit()
        _row, stored = stored_document(session, doc.slug)
        gate = compute_gate(session, doc.slug, "uk")
    assert stored.segments == doc.segments
    assert gate.document.segments == doc.segments
    assert [d.segment for d in gate.decisions] == doc.segments
    assert sum(d.words for d in gate.decisions) > len(doc.segments) * 5
    assert any(segment.codes for segment in stored.segments)
    for segment in stored.segments[:50]:
        assert set(vars(segment)) == {f.name for f in dataclasses.fields(ParsedSegment)}
