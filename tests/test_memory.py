"""The translation memory: kept by the workflow, exact and fuzzy look-ups, TMX, propagation."""

from __future__ import annotations

import random
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from lxml import etree
from rapidfuzz import fuzz, process
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from translate_app import memory, workflow
from translate_app.catalog import tmx_exchange
from translate_app.catalog.tmx import read_tmx
from translate_app.documents.ingesting import ingest
from translate_app.drafting.exact_matches import fill_from_memory
from translate_app.errors import CatalogError
from translate_app.memory.index import FuzzyIndex
from translate_app.segment.model import ParsedDocument
from translate_app.store.models import Segment, TmUnit
from translate_app.store.states import State

SENTENCES = [
    "The border was closed for three days.",
    "Partisans blew up a railway bridge near Melitopol.",
    "We walked <g1>for days</g1> to reach the river<x2/>.",
]


@pytest.fixture
def doc(session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]):
    ingest(session, make_document(SENTENCES))
    session.commit()
    rows = session.scalars(select(Segment).order_by(Segment.position)).all()
    return SimpleNamespace(border=rows[0], bridge=rows[1], walked=rows[2])


def units(session: Session) -> list[tuple[str, str, int, str]]:
    rows = session.scalars(
        select(TmUnit).order_by(TmUnit.id).execution_options(populate_existing=True)
    )
    return [(u.source, u.target, u.quality, u.origin) for u in rows]


def test_the_workflow_keeps_the_memory(session, people, doc) -> None:
    workflow.save(
        session, doc.border, "uk", "Кордон закрили.", user=None, base_version=0,
        state=State.DRAFT, origin="mt:libre",
    )  # fmt: skip
    assert units(session) == []  # drafts are not remembered
    workflow.save(session, doc.border, "uk", "Кордон закрили на три дні.", user=people.olena,
                  base_version=1)  # fmt: skip
    assert units(session) == [(SENTENCES[0], "Кордон закрили на три дні.", 20, "human:olena")]
    workflow.approve(session, doc.border, "uk", user=people.ed, version=2)
    assert units(session) == [(SENTENCES[0], "Кордон закрили на три дні.", 30, "human:olena")]
    [unit] = session.scalars(select(TmUnit)).all()
    assert (unit.source_lang, unit.target_lang, unit.document_slug, unit.segment_key) == (
        "en", "uk", "report", doc.border.key,
    )  # fmt: skip
    assert unit.source_hash == memory.source_hash("The  border was closed\nfor three days.")
    workflow.reject(session, doc.border, "uk", user=people.eva, version=3, reason="word order")
    assert units(session)[0][2] == 10
    assert memory.exact(session, SENTENCES[0], "en", "uk") == []


def test_an_edit_adds_a_unit_and_keeps_the_old_one(session, people, doc) -> None:
    workflow.save(session, doc.bridge, "uk", "Партизани підірвали міст.", user=people.olena,
                  base_version=0)  # fmt: skip
    workflow.approve(session, doc.bridge, "uk", user=people.ed, version=1)
    workflow.save(session, doc.bridge, "uk", "Партизани підірвали залізничний міст.",
                  user=people.taras, base_version=2)  # fmt: skip
    spaced = " Partisans blew up a railway bridge near  Melitopol. "
    found = memory.exact(session, spaced, "en", "uk")
    assert [(m.target, m.quality, m.score) for m in found] == [
        ("Партизани підірвали міст.", 30, 100.0),
        ("Партизани підірвали залізничний міст.", 20, 100.0),
    ]


def test_fuzzy_lookup_scores_ranks_and_diffs(session, people, doc) -> None:
    workflow.save(session, doc.border, "uk", "Кордон закрили на три дні.", user=people.olena,
                  base_version=0)  # fmt: skip
    workflow.save(session, doc.bridge, "uk", "Партизани підірвали міст.", user=people.olena,
                  base_version=0)  # fmt: skip
    session.commit()
    query = "The border was closed for four days."
    [match] = memory.lookup(session, query, "en", "uk")
    assert match.target == "Кордон закрили на три дні."
    assert match.score == round(fuzz.ratio(query, SENTENCES[0]), 1)
    assert 75 <= match.score < 100
    changed = [(p.op, p.text) for p in match.diff if p.op != "equal"]
    assert changed == [("delete", "three"), ("insert", "four")]
    assert "".join(p.text for p in match.diff if p.op != "insert") == SENTENCES[0]
    assert "".join(p.text for p in match.diff if p.op != "delete") == query
    assert memory.lookup(session, query, "en", "uk", threshold=95) == []
    assert memory.lookup(session, query, "en", "de") == []
    exact = memory.lookup(session, SENTENCES[0], "en", "uk")
    assert [(m.score, m.diff) for m in exact] == [(100.0, tuple(exact[0].diff))]
    assert all(p.op == "equal" for p in exact[0].diff)


def test_lookup_sees_units_added_after_the_index_was_built(session, people, doc) -> None:
    assert memory.lookup(session, SENTENCES[1], "en", "uk") == []
    workflow.save(session, doc.bridge, "uk", "Партизани підірвали міст.", user=people.olena,
                  base_version=0)  # fmt: skip
    session.commit()
    assert [m.target for m in memory.lookup(session, SENTENCES[1], "en", "uk")] == [
        "Партизани підірвали міст."
    ]
    memory.remember(
        session, source=SENTENCES[1], target="Партизани знищили міст.", source_lang="en",
        target_lang="uk", quality=30, origin="import:x.tmx",
    )  # fmt: skip
    session.commit()
    assert [(m.target, m.quality) for m in memory.lookup(session, SENTENCES[1], "en", "uk")] == [
        ("Партизани знищили міст.", 30),
        ("Партизани підірвали міст.", 20),
    ]


def test_a_unit_only_gains_quality_and_long_texts_are_not_kept(session, people) -> None:
    kept = {"source": "A sentence.", "target": "Речення.", "source_lang": "en", "target_lang": "uk"}
    assert memory.remember(session, **kept, quality=30, origin="human:ed")
    assert memory.remember(session, **kept, quality=20, origin="human:olena")
    assert units(session) == [("A sentence.", "Речення.", 30, "human:ed")]
    long = "Д" * 1001  # 2002 bytes in UTF-8
    assert not memory.remember(session, **{**kept, "target": long}, quality=20)
    assert len(units(session)) == 1


def test_exact_propagation_fills_empty_segments_as_drafts(
    session, people, doc, make_document
) -> None:
    workflow.save(session, doc.border, "uk", "Кордон закрили на три дні.", user=people.olena,
                  base_version=0)  # fmt: skip
    ingest(session, make_document(["A new report.", SENTENCES[0]], slug="second", path="2.md"))
    assert fill_from_memory(session, "second", "uk") == 1
    row = session.scalars(
        select(Segment).where(Segment.source == SENTENCES[0], Segment.id != doc.border.id)
    ).one()
    tr = workflow.get_translation(session, row, "uk")
    assert (tr.text, tr.state, tr.origin) == ("Кордон закрили на три дні.", State.DRAFT, "tm:100")
    assert fill_from_memory(session, "second", "uk") == 0


def test_tmx_round_trip_keeps_every_unit_whole(session, people, doc) -> None:
    workflow.save(session, doc.walked, "uk", "Ми йшли <g1>днями</g1> до річки<x2/>.",
                  user=people.olena, base_version=0)  # fmt: skip
    workflow.approve(session, doc.walked, "uk", user=people.ed, version=1)
    memory.remember(session, source=SENTENCES[1], target="Партизани підірвали міст.",
                    source_lang="en", target_lang="de", quality=20, origin="import:old.tmx",
                    document_slug="other", segment_key="k1")  # fmt: skip
    session.commit()
    columns = ("source_lang", "target_lang", "source", "target", "source_hash", "quality",
               "origin", "document_slug", "segment_key", "created_at", "updated_at")  # fmt: skip

    def snapshot() -> list[tuple[object, ...]]:
        rows = session.scalars(select(TmUnit).order_by(TmUnit.source))
        return [tuple(getattr(r, c) for c in columns) for r in rows]

    before = snapshot()
    data = tmx_exchange.export_tmx(session)
    tree = etree.fromstring(data)
    assert tree.get("version") == "1.4"
    [seg] = [s for s in tree.iter("seg") if "днями" in "".join(s.itertext())]
    assert [(e.tag, e.get("i") or e.get("x"), e.text) for e in seg] == [
        ("bpt", "1", "<g1>"), ("ept", "1", "</g1>"), ("ph", "2", "<x2/>"),
    ]  # fmt: skip
    session.execute(delete(TmUnit))
    report = tmx_exchange.import_tmx(session, data, path="memory.tmx")
    assert (report.added, report.raised, report.unchanged) == (2, 0, 0)
    after = snapshot()
    assert after == [tuple(v.replace(microsecond=0) if hasattr(v, "microsecond") else v
                           for v in row) for row in before]  # fmt: skip
    again = tmx_exchange.import_tmx(session, data, path="memory.tmx")
    assert (again.added, again.unchanged) == (0, 2)


TOOL_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT"
          adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="EN-US"><seg>Read <bpt i="1">&lt;b&gt;</bpt>this<ept i="1">&lt;/b&gt;</ept>
 now<ph x="2">&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="UK"><seg>Прочитайте <bpt i="1">&lt;b&gt;</bpt>це<ept i="1">&lt;/b&gt;</ept>
 зараз<ph x="2">&lt;br/&gt;</ph></seg></tuv>
    </tu>
  </body>
</tmx>
""".encode()


def test_a_tmx_from_another_tool_maps_its_tags_to_placeholders(session, people) -> None:
    report = tmx_exchange.import_tmx(session, TOOL_TMX, path="/tmp/omegat.tmx")
    assert report.added == 1
    [unit] = session.scalars(select(TmUnit)).all()
    assert (unit.source_lang, unit.target_lang, unit.source, unit.target) == (
        "en_US", "uk", "Read <g1>this</g1>\n now<x2/>", "Прочитайте <g1>це</g1>\n зараз<x2/>",
    )  # fmt: skip
    assert (unit.quality, unit.origin) == (20, "import:omegat.tmx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tmx><body>", "memory.tmx:1: not well-formed XML"),
        (b"<xliff/>", "memory.tmx:1: not a TMX file"),
        (TOOL_TMX.replace(b' srclang="EN-US"', b""), "memory.tmx:6: no source language"),
        (TOOL_TMX.replace("це<ept i=\"1\">&lt;/b&gt;</ept>".encode(), "це".encode()),
         "memory.tmx:6: [uk] missing placeholder </g1>"),
    ],
)  # fmt: skip
def test_a_broken_tmx_is_refused_whole(session, people, data: bytes, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        tmx_exchange.import_tmx(session, data, path="memory.tmx")
    assert str(caught.value).startswith(message)
    assert units(session) == []
    with pytest.raises(CatalogError):
        read_tmx(data, path="memory.tmx")


def test_the_index_finds_what_a_full_scan_finds() -> None:
    rng = random.Random(7)
    words = [
        "the", "occupation", "resistance", "partisans", "bridge", "railway", "city", "of", "in",
        "a", "was", "were", "Russian", "Ukrainian", "forces", "local", "people", "report",
        "interview", "underground",
    ]  # fmt: skip
    texts = list(dict.fromkeys(
        " ".join(rng.choice(words) for _ in range(rng.randint(4, 14))).capitalize() + "."
        for _ in range(3000)
    ))  # fmt: skip
    index = FuzzyIndex()
    assert index.add_many((str(i), t) for i, t in enumerate(texts)) == len(texts)
    assert not index.add("0", "again")
    agree = 0
    queries = [rng.choice(texts).replace(rng.choice(words), rng.choice(words), 1)
               for _ in range(100)]  # fmt: skip
    for query in queries:
        mine = [round(s.score, 3) for s in index.search(query)]
        full = process.extract(query, texts, scorer=fuzz.ratio, limit=5, score_cutoff=75)
        agree += mine == [round(score, 3) for _, score, _ in full]
    assert agree >= 95
    assert index.search("") == []
    assert [s.text for s in index.search(texts[0], threshold=100)] == [texts[0]]
