"""Ingest and re-ingest of documents (DESIGN §3, source updates), and status."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from translate_app import workflow
from translate_app.documents.ingesting import ingest
from translate_app.errors import NotFoundError, SourceError, WorkflowError
from translate_app.store.models import Document, Event, Segment, Translation
from translate_app.store.states import State
from translate_app.workflow.progress import status

FRONT = "---\ntitle: Crossing Thresholds\nlayout: post\n---"
BORDER = "The border was closed in the spring of that year."
WHY = "Nobody knew why."
WALKED = "We walked for days along the river."
ROAD = "The road was long and the nights were cold."
VILLAGE = "A village took us in."
ORIGINAL = [[BORDER, WHY], [WALKED, ROAD], VILLAGE]


def segment(session: Session, key_or_source: str) -> Segment:
    query = select(Segment).where(
        (Segment.source == key_or_source) | (Segment.key == key_or_source)
    )
    return session.scalars(query).one()


def translate(session: Session, people: SimpleNamespace, *sources: str) -> None:
    """Translate ``sources`` into uk as ``[uk] <source>``, approve them, commit."""
    for source in sources:
        row = segment(session, source)
        base = workflow.get_translation(session, row, "uk").version
        tr = workflow.save(
            session, row, "uk", f"[uk] {source}", user=people.olena, base_version=base
        )
        workflow.approve(session, row, "uk", user=people.ed, version=tr.version)
    session.commit()


def snapshot(session: Session) -> dict[str, object]:
    return {
        "segments": session.scalar(select(func.count(Segment.id))),
        "translations": session.scalar(select(func.count(Translation.id))),
        "events": session.scalar(select(func.count(Event.id))),
        "texts": set(session.scalars(select(Translation.text).where(Translation.text != ""))),
    }


def test_first_ingest_creates_the_document(session, people, make_document) -> None:
    report = ingest(session, make_document(ORIGINAL, slug="crossing", front_matter=FRONT))
    assert (report.created, report.new, report.kept, report.revision) == (True, 5, 0, 1)
    document = session.scalars(select(Document)).one()
    assert (document.slug, document.title, document.revision) == (
        "crossing",
        "Crossing Thresholds",
        1,
    )
    assert len(document.source_hash) == 64
    assert [s.source for s in document.segments][:2] == [BORDER, WHY]
    walked = segment(session, WALKED)
    assert (walked.position, walked.block, walked.line, walked.words) == (2, 1, 8, 7)
    assert document.source_text[walked.start : walked.end] == WALKED


def test_ingesting_the_same_text_again_keeps_everything(session, people, make_document) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, WHY, ROAD)
    before = snapshot(session)
    report = ingest(session, make_document(ORIGINAL))
    assert (report.kept, report.new, report.outdated, report.obsolete) == (5, 0, 0, 0)
    assert (report.created, report.revision) == (False, 1)
    assert snapshot(session) == before
    assert workflow.get_translation(session, segment(session, WHY), "uk").state == State.APPROVED


def test_moved_paragraphs_keep_their_translations(session, people, make_document) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, ROAD)
    road = segment(session, ROAD)
    report = ingest(session, make_document([VILLAGE, [WALKED, ROAD], [BORDER, WHY]]))
    assert (report.kept, report.new, report.outdated, report.revision) == (5, 0, 0, 2)
    assert segment(session, ROAD) is road and (road.position, road.block) == (2, 1)
    tr = workflow.get_translation(session, road, "uk")
    assert (tr.text, tr.state) == (f"[uk] {ROAD}", State.APPROVED)


def test_an_edited_sentence_gets_its_translation_back_as_outdated(
    session, people, make_document
) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, BORDER, ROAD)
    border = segment(session, BORDER)
    old_key, tr = border.key, workflow.get_translation(session, border, "uk")
    edited = "The border was closed in the summer of that year."
    report = ingest(session, make_document([[edited, WHY], [WALKED, ROAD], VILLAGE]))
    assert (report.outdated, report.kept, report.new, report.obsolete) == (1, 4, 0, 0)
    assert report.translations_outdated == 1
    assert segment(session, edited) is border  # same row: the history continues
    assert (border.previous_source, border.source) == (BORDER, edited)
    assert border.key != old_key
    session.expire_all()
    after = workflow.get_translation(session, border, "uk")
    assert (after.id, after.text, after.state) == (tr.id, f"[uk] {BORDER}", State.DRAFT)
    assert workflow.approvals(session, border, "uk") == []
    outdated = workflow.history(session, border, "uk")[0]
    assert (outdated.action, outdated.user_id, outdated.old_state, outdated.new_state) == (
        "outdated",
        None,
        State.APPROVED,
        State.DRAFT,
    )
    assert [e.action for e in workflow.history(session, border, "uk")] == [
        "outdated",
        "approve",
        "edit",
    ]
    untouched = workflow.get_translation(session, segment(session, ROAD), "uk")
    assert untouched.state == State.APPROVED


def test_removed_segments_become_obsolete_and_come_back(session, people, make_document) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, VILLAGE)
    before = snapshot(session)
    report = ingest(session, make_document([[BORDER, WHY], [WALKED, ROAD]]))
    assert (report.obsolete, report.kept) == (1, 4)
    village = session.scalars(select(Segment).where(Segment.source == VILLAGE)).one()
    assert village.obsolete
    assert snapshot(session) == before  # nothing deleted
    assert status(session)[0].segments == 4
    with pytest.raises(WorkflowError, match="obsolete"):
        workflow.save(session, village, "uk", "x", user=people.olena, base_version=2)
    report = ingest(session, make_document(ORIGINAL))
    assert (report.revived, report.kept, report.obsolete) == (1, 4, 0)
    assert not village.obsolete and village.position == 4
    tr = workflow.get_translation(session, village, "uk")
    assert (tr.text, tr.state) == (f"[uk] {VILLAGE}", State.APPROVED)


def test_new_and_rewritten_sentences(session, people, make_document) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, WHY)
    new_sentence = "Winter came early."
    rewritten = "Somebody must have known the reason."
    report = ingest(
        session, make_document([[BORDER, rewritten], new_sentence, [WALKED, ROAD], VILLAGE])
    )
    assert (report.new, report.obsolete, report.outdated) == (2, 1, 0)
    assert segment(session, WHY).obsolete
    assert workflow.get_translation(session, segment(session, rewritten), "uk").version == 0


def test_a_new_occurrence_takes_the_translation_of_its_twins(
    session, people, make_document
) -> None:
    ingest(session, make_document(ORIGINAL))
    translate(session, people, WHY)
    report = ingest(session, make_document([*ORIGINAL, WHY]))
    assert report.new == 1
    twin = session.scalars(
        select(Segment).where(Segment.source == WHY, Segment.occurrence == 2)
    ).one()
    tr = workflow.get_translation(session, twin, "uk")
    assert (tr.text, tr.state) == (f"[uk] {WHY}", State.TRANSLATED)
    assert workflow.history(session, twin, "uk")[0].action == "propagate"


def test_edits_are_matched_nearby(session, people, make_document) -> None:
    sentences = [f"Line number {n} of the long report says nothing new." for n in range(60)]
    ingest(session, make_document(sentences))
    target = segment(session, sentences[40])
    edited = list(sentences)
    edited[40] = "Line number 40 of the long report says something new."
    edited.insert(0, "A brand new opening sentence that matches nothing at all here.")
    report = ingest(session, make_document(edited))
    assert (report.outdated, report.new, report.kept) == (1, 1, 59)
    assert target.source == edited[41] and target.previous_source == sentences[40]


def test_large_reingest_is_fast(session, people, make_document) -> None:
    sentences = [
        f"Sentence {n}: the committee met on day {n} and heard {n % 7} witnesses."
        for n in range(3000)
    ]
    ingest(session, make_document(sentences))
    edited = [
        s.replace("heard", "listened to") if n % 10 == 0 else s for n, s in enumerate(sentences)
    ]
    started = time.perf_counter()
    report = ingest(session, make_document(edited))
    assert (report.outdated, report.kept, report.new) == (300, 2700, 0)
    assert time.perf_counter() - started < 10


def test_status_counts_segments_and_words_per_state(session, people, make_document) -> None:
    ingest(session, make_document(ORIGINAL, slug="crossing"))
    translate(session, people, WHY)  # approved
    workflow.save(
        session, segment(session, ROAD), "uk", "Дорога.", user=people.olena, base_version=0
    )
    workflow.save(
        session,
        segment(session, VILLAGE),
        "uk",
        "Село.",
        user=None,
        base_version=0,
        origin="mt:libre",
        state=State.DRAFT,
    )
    [doc] = status(session, "crossing")
    assert (doc.slug, doc.segments, doc.words) == ("crossing", 5, 34)
    assert [entry.code for entry in doc.languages] == ["de", "uk"]
    uk = doc.language("uk")
    assert uk.segments == {State.EMPTY: 2, State.DRAFT: 1, State.TRANSLATED: 1, State.APPROVED: 1}
    assert uk.words[State.APPROVED] == 3 and uk.words[State.TRANSLATED] == 9
    assert (uk.percent_translated, uk.percent_approved) == (40.0, 20.0)
    assert doc.language("de").segments[State.EMPTY] == 5
    assert doc.as_dict()["languages"][1]["segments"]["approved"] == 1
    with pytest.raises(NotFoundError):
        status(session, "nope")


def test_duplicate_keys_are_refused(session, make_document) -> None:
    document = make_document(ORIGINAL)
    document.segments.append(document.segments[0])
    with pytest.raises(SourceError, match="occurs twice"):
        ingest(session, document)


@pytest.mark.usefixtures("single_threaded")
@pytest.mark.parametrize("jobs", [1, 3])
def test_the_catalog_made_from_ingested_segments_is_the_one_read_back(
    session: Session, people: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """``ingest --export`` makes the catalog from the segments it just stored, its entries
    written by workers while the store is updated (jobs 3: two workers; translated entries
    rewritten after): the same bytes as reading the store, also after edits (drafts with
    their previous source), moves, removals and with a placeholder's notes."""
    from translate_app.catalog import po_exchange
    from translate_app.segment import ParsedDocument as Segmented
    from translate_app.segment import segment_text

    monkeypatch.setattr(po_exchange, "PARALLEL_MIN_UNITS", 1)
    dated = re.compile(rb'"PO-Revision-Date: [^"]*"')

    def ingest_both(doc: Segmented) -> tuple[bytes, bytes]:
        pending = po_exchange.begin_catalog(doc, "uk", jobs=jobs)
        assert len(pending.workers) == jobs - 1
        ingest(session, doc)
        made = b"".join(pending.runs(session))
        read = b"".join(po_exchange.catalog_runs(session, doc.slug, "uk"))
        return dated.sub(b"", made), dated.sub(b"", read)

    def report(*paragraphs: str) -> Segmented:
        return segment_text(f"{FRONT}\n\n" + "\n\n".join(paragraphs) + "\n", path="report.md")

    bold = "A *bold* [step](https://x.org) forward."
    made, read = ingest_both(report(f"{BORDER} {WHY}", f"{WALKED} {bold}", VILLAGE))
    assert made == read and b"<g1>bold</g1>" in made and b"#. <g2>" in made
    translate(session, people, BORDER, VILLAGE, WALKED)
    edited = report(VILLAGE, "The border was closed in the summer of that year.", bold, WALKED)
    made, read = ingest_both(edited)
    assert made == read
    assert f'#| msgid "{BORDER}"'.encode() in made
    assert f'msgstr "[uk] {VILLAGE}"'.encode() in made
    assert made.endswith(f'msgstr "[uk] {WALKED}"\n'.encode())  # the last entry, rewritten


def test_splicing_entries_keeps_the_others() -> None:
    from translate_app.catalog.po_exchange import _splice

    entries = [b"a1", b"bb22", b"c", b"dd"]
    blob = b"\n\n".join(entries) + b"\n"
    lengths = [len(e) for e in entries]
    assert _splice(blob, lengths, {}) == [blob]
    for replaced in ({0: b"X"}, {1: b"Y", 3: b"ZZZ"}, {0: b"", 1: b"", 2: b"", 3: b""}):
        expected = [replaced.get(i, e) for i, e in enumerate(entries)]
        assert b"".join(_splice(blob, lengths, replaced)) == b"\n\n".join(expected) + b"\n"
