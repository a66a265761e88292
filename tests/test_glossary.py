"""The glossary: terms per language, hits in source text, do-not-send terms, CSV and TBX."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import etree
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from translate_app import glossary
from translate_app.catalog import glossary_exchange
from translate_app.catalog.glossary_csv import read_csv
from translate_app.checks import run_checks
from translate_app.errors import CatalogError, NotFoundError
from translate_app.glossary.terms import forget
from translate_app.store.models import GlossaryTerm


@pytest.fixture
def terms(session: Session, people: SimpleNamespace) -> SimpleNamespace:
    found = SimpleNamespace(
        nrc=glossary.add_term(
            session, "National Resistance Center", "Центр національного спротиву", lang="uk",
            note="Official name; see sprotyv.mod.gov.ua.\nKeep the capitals.",
            forbidden=["Національний центр опору", "Центр нацспротиву"], user=people.root,
        ),
        occupation=glossary.add_term(session, "occupation", "окупація", lang="uk"),
        kherson_de=glossary.add_term(session, "Kherson", "Cherson", lang="de"),
        kherson=glossary.add_term(session, "Kherson", "Херсон", do_not_send=True),
        zhovta=glossary.add_term(
            session, "Zhovta Strichka", do_not_translate=True, do_not_send=True,
            case_sensitive=True, lang="uk",
        ),
        it=glossary.add_term(session, "IT", "ІТ", case_sensitive=True, lang="uk"),
    )  # fmt: skip
    session.commit()
    return found


def test_hits_are_whole_words_in_order(session, terms) -> None:
    text = "In Kherson, the National   Resistance Center fought the occupation (occupations)."
    found = glossary.hits(session, text, "uk")
    assert [(h.term.source_term, text[h.start : h.end]) for h in found] == [
        ("Kherson", "Kherson"),
        ("National Resistance Center", "National   Resistance Center"),
        ("occupation", "occupation"),
    ]
    assert [h.term.target_term for h in glossary.hits(session, "Kherson.", "de")] == ["Cherson"]
    assert [h.term.target_term for h in glossary.hits(session, "kherson", "fr")] == ["Херсон"]


def test_case_sensitive_terms(session, terms) -> None:
    found = glossary.hits(session, "The IT team, it said, met Zhovta Strichka.", "uk")
    assert [h.term.source_term for h in found] == ["IT", "Zhovta Strichka"]
    assert glossary.hits(session, "zhovta strichka", "uk") == []


def test_do_not_send_terms_per_language(session, terms) -> None:
    assert glossary.do_not_send_terms(session, "uk") == ["Zhovta Strichka", "Kherson"]
    assert glossary.do_not_send_terms(session, "de") == ["Kherson"]
    assert glossary.do_not_send_terms(session, None) == ["Zhovta Strichka", "Kherson"]


def test_changes_reach_the_hits_of_the_same_session(session, terms) -> None:
    assert glossary.hits(session, "Melitopol", "uk") == []
    term = glossary.add_term(session, "Melitopol", "Мелітополь", lang="uk")
    assert [h.term.id for h in glossary.hits(session, "Melitopol", "uk")] == [term.id]
    glossary.update_term(session, term.id, target_term=" Мелітопіль ", forbidden=["Мелитополь"])
    assert (term.target_term, term.forbidden) == ("Мелітопіль", ["Мелитополь"])
    glossary.delete_term(session, term.id)
    assert glossary.hits(session, "Melitopol", "uk") == []
    with pytest.raises(NotFoundError):
        glossary.update_term(session, term.id, note="x")
    with pytest.raises(glossary.GlossaryError):
        glossary.add_term(session, "  ")
    with pytest.raises(glossary.GlossaryError, match="contains"):
        glossary.add_term(session, "a", forbidden=["b|c"])


def snapshot(session: Session) -> list[tuple[object, ...]]:
    rows = session.scalars(
        select(GlossaryTerm).order_by(GlossaryTerm.source_term, GlossaryTerm.language_code)
    )
    return [
        (t.language_code, t.source_term, t.target_term, t.note, t.forbidden,
         t.do_not_translate, t.do_not_send, t.case_sensitive)
        for t in rows
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_round_trip_without_loss(session, terms, fmt: str) -> None:
    before = snapshot(session)
    data = glossary_exchange.export_glossary(session, None, fmt=fmt)
    session.execute(delete(GlossaryTerm))
    report = glossary_exchange.import_glossary(session, data, path=f"glossary.{fmt}", fmt=fmt)
    assert (report.added, report.updated, report.unchanged) == (6, 0, 0)
    assert snapshot(session) == before
    again = glossary_exchange.import_glossary(session, data, path=f"glossary.{fmt}", fmt=fmt)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)


def test_export_for_one_language_and_tbx_shape(session, terms) -> None:
    data = glossary_exchange.export_glossary(session, "uk", fmt="tbx")
    root = etree.fromstring(data)
    assert root.tag == "martif"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == 5  # uk terms and the one for every language
    [nrc] = [e for e in entries if "Resistance" in etree.tostring(e, encoding="unicode")]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [s.get(lang) for s in nrc.findall("langSet")] == ["en", "uk"]
    statuses = [(t.findtext("term"), t.findtext("termNote")) for t in nrc.iterfind("langSet/tig")]
    assert statuses == [
        ("National Resistance Center", None),
        ("Центр національного спротиву", "preferredTerm-admn-sts"),
        ("Національний центр опору", "deprecatedTerm-admn-sts"),
        ("Центр нацспротиву", "deprecatedTerm-admn-sts"),
    ]
    csv_text = glossary_exchange.export_glossary(session, "de", fmt="csv").decode()
    assert csv_text.splitlines() == [
        "source,target,language,note,forbidden,do_not_translate,do_not_send,case_sensitive",
        "Kherson,Cherson,de,,,no,no,no",
        "Kherson,Херсон,,,,no,yes,no",
    ]


def test_import_updates_terms_and_reads_other_tools_csv(session, terms) -> None:
    data = "Term;Translation;Comment\nKherson;Херсон (місто);city\nMelitopol;Мелітополь;\n"
    report = glossary_exchange.import_glossary(
        session, data.encode("utf-8-sig"), path="weblate.csv", fmt="csv", lang="uk"
    )
    assert (report.added, report.updated) == (2, 0)  # uk's own Kherson is a new term
    mine = [h.term for h in glossary.hits(session, "Kherson", "uk")]
    assert [(t.target_term, t.note, t.language_code) for t in mine] == [
        ("Херсон (місто)", "city", "uk")
    ]


def test_import_reads_tbx_3(session, people) -> None:
    data = """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="en"><termSec><term>partisan</term></termSec></langSec>
   <langSec xml:lang="uk"><termSec><term>партизан</term></termSec></langSec>
   <langSec xml:lang="de"><termSec><term>Partisan</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>""".encode()
    report = glossary_exchange.import_glossary(session, data, path="t.tbx", fmt="tbx")
    assert report.added == 2
    assert [(t.language_code, t.target_term) for t in glossary.terms(session, None)] == [
        ("uk", "партизан"),
        ("de", "Partisan"),
    ]


@pytest.mark.parametrize(
    ("fmt", "data", "message"),
    [
        ("csv", b"target\nx\n", "g.csv:1: no 'source' column"),
        ("csv", b"source,target,do_not_send\na,b,no\n,c,no\nd,e,maybe\n", "g.csv:3: the source"),
        ("csv", b"source,language\na,xx\n", "g.csv:2: language 'xx' is not set up"),
        ("csv", b"\xff\xfe", "g.csv:0: not UTF-8"),
        ("tbx", b"<martif><text><body><termEntry>", "g.tbx:1: not well-formed XML"),
        ("tbx", b"<martif><text><body>\n<termEntry/></body></text></martif>",
         "g.tbx:2: no term in the source language"),
        ("tbx", b"<tmx/>", "g.tbx:1: not a TBX file"),
    ],
)  # fmt: skip
def test_a_broken_glossary_is_refused_whole(session, people, fmt, data, message) -> None:
    with pytest.raises(CatalogError) as caught:
        glossary_exchange.import_glossary(session, data, path=f"g.{fmt}", fmt=fmt)
    assert str(caught.value).startswith(message)
    assert glossary.terms(session, None) == []


def test_csv_problems_are_all_reported_with_lines() -> None:
    data = b"source,target,do_not_send\na,b,no\n,c,no\nd,e,maybe\n"
    with pytest.raises(CatalogError) as caught:
        read_csv(data, path="g.csv")
    assert [str(p) for p in caught.value.problems] == [
        "g.csv:3: the source term is empty",
        "g.csv:4: do_not_send is 'maybe': write yes or no",
    ]


# --- a forbidden variant that differs from the term only by case (issue 16) ----------------


def test_a_case_only_forbidden_variant_is_refused_when_added(session, people) -> None:
    with pytest.raises(glossary.GlossaryError, match="'АТЕШ' differs from 'Атеш' only by case"):
        glossary.add_term(session, "Atesh", "Атеш", lang="uk", forbidden=["АТЕШ"])
    with pytest.raises(glossary.GlossaryError, match="is the term's own translation"):
        glossary.add_term(session, "Atesh", "Атеш", lang="uk", forbidden=["Атеш"])
    with pytest.raises(glossary.GlossaryError, match="only by case"):  # do-not-translate: itself
        glossary.add_term(session, "Atesh", lang="uk", do_not_translate=True, forbidden=["ATESH"])
    assert glossary.terms(session, None) == []  # nothing half-added
    term = glossary.add_term(session, "Atesh", "Атеш", lang="uk", forbidden=["Атешь"])
    with pytest.raises(glossary.GlossaryError, match="only by case"):
        glossary.update_term(session, term.id, forbidden=["Атешь", "атеш"])
    assert term.forbidden == ["Атешь"]
    with pytest.raises(glossary.GlossaryError, match="only by case"):  # a new translation counts
        glossary.update_term(session, term.id, target_term="АТЕШЬ")
    assert term.target_term == "Атеш"
    strict = glossary.add_term(  # case-sensitive: the capitals can be forbidden
        session, "ATESH", "Атеш", lang="uk", forbidden=["АТЕШ"], case_sensitive=True
    )
    assert strict.forbidden == ["АТЕШ"]
    data = "source,target,language,forbidden\nAtesh movement,рух Атеш,uk,РУХ АТЕШ\n".encode()
    with pytest.raises(CatalogError) as caught:
        glossary_exchange.import_glossary(session, data, path="g.csv", fmt="csv")
    assert str(caught.value).startswith("g.csv:2: forbidden variant 'РУХ АТЕШ' differs from")
    assert len(glossary.terms(session, None)) == 2


def test_a_stored_case_only_variant_flags_only_its_own_case(session, people) -> None:
    term = glossary.add_term(session, "Atesh", "Атеш", lang="uk")
    term.forbidden = ["АТЕШ"]  # stored before the rule (or written to the database directly)
    session.flush()
    forget(session)
    found = glossary.matcher(session, "uk")

    def failures(target: str) -> list[str]:
        return [f.message for f in run_checks("Atesh fought.", target, lang="uk", matcher=found,
                                              only=["forbidden-term"])]  # fmt: skip

    assert failures("Атеш боровся.") == []
    assert failures("АТЕШ боровся.") == ["'АТЕШ' is a forbidden translation of 'Atesh': use 'Атеш'"]
