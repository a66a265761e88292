"""Editions (DESIGN §6): the publish gate, the Markdown edition, the colophon, labels.

The report is pseudo-translated into Ukrainian through the workflow (a PO
catalog made with polib and imported, one machine draft, edits by two people,
three quarters approved by an editor) once per module.  HTML and the review
copy are tested in ``test_publish_html.py``, PDF in ``test_publish_pdf.py``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polib
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.test_segment import REPORT, element_tree
from translate_app import documents, glossary, workflow
from translate_app.catalog.po_exchange import export_catalog, import_catalog
from translate_app.checks import CheckFailure, run_checks
from translate_app.people.languages import enable_language
from translate_app.people.users import add_user
from translate_app.publish import gate as gate_module
from translate_app.publish.colophon import Colophon, colophon
from translate_app.publish.gate import BELOW, BLOCKED, IN, BuildError, Gate, compute_gate, gates
from translate_app.publish.labels import edition_locale
from translate_app.publish.markdown import Edition, build_markdown, markdown_edition, spliced
from translate_app.publish.metadata import add_keys, read_metadata
from translate_app.publish.report import gate_lines
from translate_app.segment import load_document
from translate_app.segment.placeholders import strip
from translate_app.store.db import make_engine, make_session_factory
from translate_app.store.models import CheckResult, Segment
from translate_app.store.states import State

SLUG = "crossing-thresholds"
BUILT_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абцдефгхійклмнопкрстувшхиз"
_TO_CYRILLIC = str.maketrans(_LATIN + _LATIN.upper(), _CYRILLIC + _CYRILLIC.upper())
_CODES = re.compile(r"(</?g\d+>|<x\d+/>)")


def cyrillic(text: str) -> str:
    """Pseudo-Ukrainian: Latin letters become Cyrillic ones, placeholders stay as they are."""
    parts = _CODES.split(text)
    return "".join(p if i % 2 else p.translate(_TO_CYRILLIC) for i, p in enumerate(parts))


def translate_report(factory: sessionmaker[Session]) -> SimpleNamespace:
    """The report in the store, pseudo-translated into uk through the workflow.

    Imported from a PO catalog (origin ``import:uk.po``, translated); segment 7
    redrafted by a machine (``mt:google``, draft); segments 10 and 11 edited by
    a translator who agreed to be credited and one who did not; every segment
    with ``position % 4 != 3`` approved by an editor.
    """
    with factory() as session:
        for code in ("uk", "de", "fr", "pl", "es"):
            enable_language(session, code)
        people = SimpleNamespace(
            olena=add_user(session, "olena", "translator", ["uk"], display_name="Олена Коваль",
                           credit_consent=True),
            quiet=add_user(session, "quiet", "translator", ["uk"]),
            ed=add_user(session, "ed", "editor", ["uk"], display_name="Ed <b>Editor</b>",
                        credit_consent=True),
        )  # fmt: skip
        documents.ingest(session, load_document(REPORT))
        po = polib.pofile(export_catalog(session, SLUG, "uk"))
        for entry in po:
            entry.msgstr = cyrillic(entry.msgid)
        import_catalog(session, str(po).encode("utf-8"), path="uk.po", lang="uk", slug=SLUG)
        rows = session.scalars(select(Segment).order_by(Segment.position)).all()

        def save(i: int, text: str, **kwargs: object) -> None:
            tr = workflow.get_translation(session, rows[i], "uk")
            workflow.save(session, rows[i], "uk", text, base_version=tr.version, **kwargs)  # type: ignore[arg-type]

        save(7, "Машинна чернетка.", user=None, origin="mt:google", state=State.DRAFT)
        save(10, cyrillic(rows[10].source) + " (ред.)", user=people.olena)
        save(11, cyrillic(rows[11].source) + " (правка)", user=people.quiet)
        for i, row in enumerate(rows):
            tr = workflow.get_translation(session, row, "uk")
            if i % 4 != 3 and tr.state == State.TRANSLATED:
                workflow.approve(session, row, "uk", user=people.ed, version=tr.version)
        session.commit()
    return people


@pytest.fixture(scope="session")
def store(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[Session]]:
    """A store with the pseudo-translated report, shared by every test that uses it (read only)."""
    path = tmp_path_factory.mktemp("publish") / "store.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    factory = make_session_factory(engine)
    translate_report(factory)
    yield factory
    engine.dispose()


@pytest.fixture(scope="module")
def uk(store: sessionmaker[Session]) -> Iterator[tuple[Gate, Colophon, Edition]]:
    """The uk gate at the default (approved), its colophon and Markdown edition."""
    with store() as session:
        (gate,) = gates(session, SLUG, ["uk"])
        info = colophon(session, gate, built_at=BUILT_AT)
        yield gate, info, markdown_edition(gate, info)


def visible(text: str) -> str:
    """What a reader sees of a segment's text: placeholders left out, spaces collapsed."""
    return " ".join(strip(text).split())


def assert_once_in_order(
    haystack: str, needles: Sequence[tuple[str, str]], *, normalize: bool = False
) -> None:
    """Each needle ``(key, text)`` occurs in ``haystack`` after the previous one, and as many
    times as the needles containing it (pull quotes repeat body sentences)."""

    def norm(text: str) -> str:
        return re.sub(r"[\s\-\u2010\u00ad]+", "", text) if normalize else text

    hay = norm(haystack)
    texts = [norm(t) for _, t in needles]
    cursor = 0
    for (key, _), text in zip(needles, texts, strict=True):
        found = hay.find(text, cursor)
        assert found >= 0, f"segment {key}: {text[:60]!r} missing or out of order"
        cursor = found + len(text)
        expected = sum(other.count(text) for other in texts)
        assert hay.count(text) == expected, f"segment {key}: {text[:60]!r} not exactly once"


# --- the gate -------------------------------------------------------------------------------


def test_gate_lets_in_approved_text_and_says_why_the_rest_stays_out(
    uk: tuple[Gate, Colophon, Edition],
) -> None:
    gate = uk[0]
    assert len(gate.decisions) == 412 and gate.min_state == State.APPROVED
    included = gate.included
    assert all(d.state == State.APPROVED and d.rendered for d in included)
    assert {d.outcome for d in gate.decisions} == {IN, BELOW}
    below = gate.below_by_state()
    assert below[State.DRAFT] == 1 and below[State.TRANSLATED] >= 100
    lines = gate_lines(gate, fallback="fail")
    assert lines[0] == f"{SLUG} [uk]: publish gate at approved (checks: {gate.checks})"
    assert any("--fallback fail: the build is refused" in line for line in lines)
    draft = next(d for d in gate.decisions if d.state == State.DRAFT)
    assert any(f"line {draft.segment.line:<5} {draft.segment.key}  draft" in x for x in lines)
    with pytest.raises(BuildError, match=r"\d+ of 412 segments are below approved"):
        gate.require_complete("fail")


def test_error_level_failures_keep_a_translation_out(
    session: Session, people: SimpleNamespace, make_document: object
) -> None:
    doc = make_document(  # type: ignore[operator]
        [["The border was closed.", "We walked <g1>for days</g1>."], "Nobody knew why.",
         "The road was long."]
    )  # fmt: skip
    documents.ingest(session, doc)
    border, walked, why, road = session.scalars(select(Segment).order_by(Segment.position)).all()
    for segment, text in [(border, "Кордон закрили."), (walked, "Ми йшли днями."),
                          (why, "Ніхто не знав чому."), (road, "Дорога була довга.")]:  # fmt: skip
        workflow.save(session, segment, "uk", text, user=people.olena, base_version=0)
    tr = workflow.get_translation(session, why, "uk")
    session.add(CheckResult(translation_id=tr.id, version=tr.version, check_id="terminology",
                            severity="error", message="use «чому» from the glossary"))  # fmt: skip
    session.commit()
    gate = compute_gate(session, "report", "uk", min_state=State.TRANSLATED)
    outcome = {d.segment.source: d for d in gate.decisions}
    assert outcome["The border was closed."].outcome == IN
    missing = outcome["We walked <g1>for days</g1>."]
    assert missing.outcome == BLOCKED
    assert any("missing placeholder" in f.message for f in missing.errors), missing.errors
    assert [f.check_id for f in outcome["Nobody knew why."].errors] == ["terminology"]
    assert "line 1" in "\n".join(gate_lines(gate)) and "terminology" in "\n".join(gate_lines(gate))
    with pytest.raises(BuildError, match="2 blocked by error-level checks"):
        gate.require_complete("fail")
    edition = build_markdown(session, "report", "uk", min_state=State.TRANSLATED, note=False)
    assert edition.text.endswith(
        "Кордон закрили. We walked <g1>for days</g1>.\n\nNobody knew why.\n\nДорога була довга."
    )
    assert len(edition.problems) == 2

    # the checks package decides, with the language's glossary as it is now: a term added or
    # changed in this session counts at once; an error keeps the text out, a warning does not
    border_term = glossary.add_term(session, "border", "межа", lang="uk", forbidden=["кордон"])
    glossary.add_term(session, "road", "шлях", lang="uk")
    gate = compute_gate(session, "report", "uk", min_state=State.TRANSLATED)
    assert gate.as_dict()["checks"] == "translate_app.checks"
    assert [d.outcome for d in gate.decisions] == [BLOCKED, BLOCKED, BLOCKED, IN]
    assert [f.check_id for f in gate.decisions[0].errors] == ["forbidden-term"]
    border = gate.decisions[0].segment
    assert (
        f"line {border.line:<5} {border.key}  forbidden-term: "
        "'кордон' is a forbidden translation of 'border': use 'межа'"
    ) in "\n".join(gate_lines(gate))
    # placeholders still block (recorded at the save, or when writing the text back)
    assert {f.check_id for f in gate.decisions[1].errors} & {"render", "placeholders"}
    assert [(f.check_id, f.severity) for f in gate.decisions[3].failures] == [
        ("glossary", "warning")
    ]
    edition = build_markdown(session, "report", "uk", min_state=State.TRANSLATED, note=False)
    assert edition.text.endswith(
        "The border was closed. We walked <g1>for days</g1>.\n\nNobody knew why.\n\n"
        "Дорога була довга."
    )
    assert len(edition.problems) == 3
    glossary.update_term(session, border_term.id, forbidden=[])
    gate = compute_gate(session, "report", "uk", min_state=State.TRANSLATED)
    assert [d.outcome for d in gate.decisions] == [IN, BLOCKED, BLOCKED, IN]


def test_identical_pairs_are_checked_once_per_gate(
    session: Session, people: SimpleNamespace, make_document: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    doc = make_document([["Nobody knew why.", "The road was long."], "Nobody knew why."])  # type: ignore[operator]
    documents.ingest(session, doc)
    first, road, second = session.scalars(select(Segment).order_by(Segment.position)).all()
    workflow.save(session, first, "uk", "Ніхто не знав чому.", user=people.olena, base_version=0)
    workflow.save(session, road, "uk", "Дорога була довга.", user=people.olena, base_version=0)
    session.commit()
    assert workflow.get_translation(session, second, "uk").text == "Ніхто не знав чому."
    calls: list[tuple[str, str]] = []

    def counting(source: str, target: str, **kwargs: Any) -> list[CheckFailure]:
        calls.append((source, target))
        return run_checks(source, target, **kwargs)

    monkeypatch.setattr(gate_module, "run_checks", counting)
    gate = compute_gate(session, "report", "uk", min_state=State.TRANSLATED)
    assert [d.outcome for d in gate.decisions] == [IN, IN, IN]
    assert sorted(calls) == sorted({(s.source, d.text) for s, d in
                                    ((d.segment, d) for d in gate.decisions)})  # fmt: skip
    assert len(calls) == 2 and gate.decisions[0].failures == gate.decisions[2].failures


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_has_every_approved_translation_once_in_order(
    uk: tuple[Gate, Colophon, Edition],
) -> None:
    gate, _, edition = uk
    text = edition.text
    assert_once_in_order(text, [(d.segment.key, d.rendered or "") for d in gate.included])
    kept = [d.segment.source for d in gate.falling_back]
    for d in gate.included:  # no source sentence remains where a translation got in
        span = gate.document.text[d.segment.start : d.segment.end]
        assert text.count(span) == sum(span in k for k in kept), d.segment.key


def test_markdown_front_matter_gets_lang_key_and_colophon(
    uk: tuple[Gate, Colophon, Edition],
) -> None:
    text = uk[2].text
    head = text[: text.index("\n---\n", 4)]
    assert "\nlang: uk\ntranslation_key: crossing-thresholds\ntranslation:\n" in head
    assert '  translators: ["Олена Коваль"]\n' in head
    assert '  editors: ["Ed <b>Editor</b>"]\n' in head and '  engines: ["Google Translate"]' in head
    assert '  built: "2026-11-20"\n' in head and "  source_revision: 1\n" in head
    meta = read_metadata(text)
    assert meta.title == cyrillic("Crossing Thresholds") and meta.author == "Jade McGlynn"


def test_markdown_pseudo_translation_keeps_the_element_structure(
    store: sessionmaker[Session],
) -> None:
    with store() as session:
        edition = build_markdown(
            session, SLUG, "uk", min_state=State.DRAFT, built_at=BUILT_AT, note=False
        )
    assert edition.fallback == 0 and edition.translated == 412
    assert element_tree(edition.text) == element_tree(REPORT.read_text(encoding="utf-8"))


def test_untranslated_markdown_is_the_source_plus_front_matter_lines(
    store: sessionmaker[Session],
) -> None:
    with store() as session:
        edition = build_markdown(session, SLUG, "de", built_at=BUILT_AT, note=False)
    source = REPORT.read_text(encoding="utf-8")
    added = [line for line in edition.text.splitlines(keepends=True)
             if line not in source.splitlines(keepends=True)]  # fmt: skip
    assert added[:3] == ["lang: de\n", "translation_key: crossing-thresholds\n", "translation:\n"]
    assert all(line.startswith("  ") for line in added[3:])
    assert edition.text.replace("".join(added), "") == source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\nlang: en\n---\nBody\n",
         "---\ntitle: A\nlang: uk\ntranslation_key: r\n---\n"),
        ("---\r\ntitle: A\r\ntranslation_key: x\r\n...\r\nB\r\n", "---\r\ntitle: A\r\n"
         "translation_key: x\r\nlang: uk\r\n...\r\n"),
        ("Just text\n", "---\nlang: uk\ntranslation_key: r\n---\nJust text\n"),
    ],
    ids=["replaces-lang", "crlf-dots-keeps-key", "no-front-matter"],
)  # fmt: skip
def test_front_matter_keys_are_whole_lines(text: str, expected: str) -> None:
    assert add_keys(text, {"lang": "uk", "translation_key": "r"}).startswith(expected)


# --- colophon and labels --------------------------------------------------------------------


def test_colophon_credits_consenting_people_coverage_and_machines(
    uk: tuple[Gate, Colophon, Edition], store: sessionmaker[Session]
) -> None:
    gate, info, _ = uk
    assert info.translators == ["Олена Коваль"] and info.editors == ["Ed <b>Editor</b>"]
    assert info.unnamed == 1 and info.engines == ["Google Translate"] and not info.memory
    approved = sum(d.state == State.APPROVED for d in gate.decisions)
    assert info.approved == info.included == approved and info.segments == 412
    assert info.machine_unedited_words == 0  # the machine draft is below the gate
    assert info.revision == 1 and len(info.source_hash) == 64  # the whole SHA-256
    with store() as other:
        (at_draft,) = gates(other, SLUG, ["uk"], min_state=State.DRAFT)
        machine = colophon(other, at_draft, built_at=BUILT_AT)
    draft = next(d for d in at_draft.decisions if d.origin == "mt:google")
    assert draft.included and machine.machine_unedited_words == draft.words > 0


def test_labels_and_formats_follow_the_language() -> None:
    uk, en, ar = edition_locale("uk"), edition_locale("en"), edition_locale("ar")
    assert (uk.label("contents"), en.label("contents")) == ("Зміст", "Contents")
    assert uk.date(BUILT_AT.date()) == "20 листопада 2026\u202fр."  # Babel: narrow no-break
    assert uk.percent(1, 8) == "12,5%" and en.percent(1, 8) == "12.5%"
    assert edition_locale("de").percent(1, 8) == "12,5\xa0%"
    assert uk.number(1234) == "1\xa0234" and en.percent(0, 0) == "0.0%"
    assert ar.direction == "rtl" and ar.label("contents") == "المحتويات"
    assert edition_locale("crh").labels == en.labels  # no CLDR locale: English conventions
    assert uk.language_name("en") == "англійська"


def test_spliced_marks_only_body_fallbacks(uk: tuple[Gate, Colophon, Edition]) -> None:
    gate = uk[0]
    marked = spliced(gate, mark_fallbacks=True)
    plain = spliced(gate)
    assert marked.replace("\u2e24", "").replace("\u2e25", "") == plain
    fallbacks = [d for d in gate.falling_back if d.segment.kind != "front-matter"]
    assert marked.count("\u2e24") == len(fallbacks)
