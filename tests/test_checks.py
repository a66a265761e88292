"""Quality checks: one table per check, then results per version, approval and acknowledgement."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app import checks, glossary, workflow
from translate_app.documents.ingesting import ingest
from translate_app.errors import PermissionDeniedError, WorkflowError
from translate_app.glossary.terms import GlossaryMatcher
from translate_app.segment.model import ParsedDocument
from translate_app.store.models import CheckResult, GlossaryTerm, Segment
from translate_app.store.states import State
from translate_app.workflow import check_results

Row = tuple[str, str, list[str]]


def messages(check_id: str, source: str, target: str, lang: str = "uk", **kw: object) -> list[str]:
    found = checks.run_checks(source, target, lang=lang, only=[check_id], **kw)  # type: ignore[arg-type]
    return [f.message for f in found]


def table(check_id: str, rows: list[Row], lang: str = "uk", **kw: object) -> None:
    for source, target, expected in rows:
        assert messages(check_id, source, target, lang, **kw) == expected, (source, target)


def term(source: str, target: str = "", **kw: object) -> GlossaryTerm:
    values: dict[str, object] = {
        "forbidden": [],
        "do_not_translate": False,
        "case_sensitive": False,
    }
    values.update(kw)
    return GlossaryTerm(id=hash(source) % 10_000, source_term=source, target_term=target,
                        language_code="uk", **values)  # fmt: skip


def test_placeholders() -> None:
    table("placeholders", [
        ("We walked <g1>for days</g1>.", "Ми йшли <g1>днями</g1>.", []),
        ("We walked <g1>for days</g1>.", "Ми йшли днями.", ["missing placeholder </g1>, <g1>"]),
        ("See<x1/>.", "Див.<x1/><x2/>", ["unexpected placeholder <x2/>"]),
        ("A <g1>b</g1> <x2/>", "<x2/> А <g1>б</g1>", []),  # order may change
        ("No codes.", "Без кодів.", []),
    ])  # fmt: skip


def test_paired_codes() -> None:
    table("paired-codes", [
        ("<g1>a <g2>b</g2></g1>", "<g1>а <g2>б</g2></g1>", []),
        ("<g1>a <g2>b</g2></g1>", "<g1>а <g2>б</g1></g2>",
         ["placeholder </g1> closes across <g2>"]),
        ("<g1>a</g1>", "</g1>а<g1>", ["placeholder </g1> comes before <g1>"]),
        ("<g1>a</g1>", "<g1>а", ["placeholder <g1> is never closed"]),
    ])  # fmt: skip


def test_numbers_allow_the_language_s_separators() -> None:
    table("numbers", [
        ("Inflation reached 2.9 percent.", "Інфляція сягнула 2,9 відсотка.", []),
        ("It was 46.8% in 2022.", "У 2022 році було 46,8 %.", []),
        ("About 10,000 people.", "Близько 10 000 людей.", []),
        ("About 10,000 people.", "Близько 10\u00a0000 людей.", []),
        ("On the 31st of May.", "31-го травня.", []),
        ("In 2014-2022.", "У 2014–2022 роках.", []),
        ("It includes 63 interviews.", "Він містить 36 інтерв’ю.",
         ["numbers differ: missing 63; not in the source 36"]),
        ("It was 2.9 percent.", "Було 2,8 відсотка.",
         ["numbers differ: missing 2.9; not in the source 2,8"]),
        ("Two people.", "2 людини.", ["numbers differ: not in the source 2"]),
        ("See https://x.test/a/2024.", "Див. https://x.test/a/2024.", []),
        ("<x1/> years", "<x1/> років", []),
    ])  # fmt: skip


def test_urls() -> None:
    table("urls", [
        ("Read https://sprotyv.mod.gov.ua/en.", "Читайте https://sprotyv.mod.gov.ua/en.", []),
        ("Read https://a.test/x.", "Читайте https://a.test/y.",
         ["URLs differ: missing https://a.test/x; unexpected https://a.test/y"]),
        ("Visit www.rusi.org today.", "Відвідайте www.rusi.org сьогодні.", []),
        ("No link.", "Без посилання.", []),
    ])  # fmt: skip


def test_end_punctuation() -> None:
    table("end-punctuation", [
        ("It was closed.", "Його закрили.", []),
        ("Why?", "Чому?", []),
        ("As follows:", "Ось так:", []),
        ("He said “no.”", "Він сказав «ні».", []),  # closing quotes aside
        ("We walked <g1>for days</g1>.", "Ми йшли <g1>днями</g1>.", []),
        ("It was <g1>closed.</g1>", "Його <g1>закрили</g1>.", []),
        ("And then...", "А потім…", []),
        ("Introduction", "Вступ", []),
        ("It was closed.", "Його закрили",
         ["the source ends with a full stop, the translation does not"]),
        ("Why?", "Чому.", ["ends with a full stop, the source with a question mark"]),
        ("Introduction", "Вступ.", ["ends with a full stop, the source does not"]),
        ("Is it?", "Чи так؟", [], ),
    ], lang="uk")  # fmt: skip
    table("end-punctuation", [("Is it?", "هل هو؟", [])], lang="ar")


def test_spaces() -> None:
    table("begin-space", [
        ("Text.", "Текст.", []),
        (" Text.", " Текст.", []),
        ("Text.", " Текст.", ["starts with 1 spaces, the source with 0"]),
    ])  # fmt: skip
    table("end-space", [
        ("Text. ", "Текст. ", []),
        ("Text.", "Текст.  ", ["ends with 2 spaces, the source with 0"]),
    ])  # fmt: skip
    table("double-space", [
        ("A b.", "А  б.", ["has two spaces in a row"]),
        ("A  b.", "А  б.", []),
        ("A b.", "А б. ", []),
    ])  # fmt: skip


def test_unchanged() -> None:
    kherson = term("Kherson", do_not_translate=True)
    table("unchanged", [
        ("The border was closed.", "Кордон закрили.", []),
        ("The border was closed.", "The border  was closed.",
         ["the translation is the source, unchanged"]),
        ("Introduction", "Introduction", ["the translation is the source, unchanged"]),
        ("2024", "2024", []),
        ("<x1/>", "<x1/>", []),
        ("Kherson", "Kherson", []),
        ("<g1>Kherson</g1>!", "<g1>Kherson</g1>!", []),
    ], matcher=GlossaryMatcher([kherson]))  # fmt: skip


def test_length_ratio() -> None:
    table("length-ratio", [
        ("The border was closed for three days.", "Кордон закрили на три дні.", []),
        ("The border was closed for three days.", "Так.",
         ["the translation is 11% of the source's length: is something missing?"]),
        ("The border was closed for three days.", "Кордон " * 20,
         ["the translation is 3.8 times the source's length: is it complete?"]),
        ("Short one.", "Так.", []),
    ])  # fmt: skip
    table(
        "length-ratio",
        [("The border was closed for three days.", "边境关闭了三天。", [])],
        lang="zh",
    )


GLOSSARY = [
    term("occupation", "окупація", forbidden=["оккупация"]),
    term("National Resistance Center", "Центр національного спротиву",
         forbidden=["Національний центр опору"]),
    term("Zhovta Strichka", do_not_translate=True, case_sensitive=True),
]  # fmt: skip
TERMS = GlossaryMatcher(GLOSSARY)


def test_glossary_terms_are_used() -> None:
    table("glossary", [
        ("Life under occupation.", "Життя під окупацією.", []),  # inflected
        ("Life under occupation.", "Життя в окупації.", []),
        ("Life under occupation.", "Життя під контролем.",
         ["translate 'occupation' as 'окупація'"]),
        ("The National Resistance Center said.", "Центр національного спротиву заявив.", []),
        ("The National Resistance Center said.", "Центру національного спротиву не було.", []),
        ("Zhovta Strichka grew.", "Zhovta Strichka зросла.", []),
        ("Zhovta Strichka grew.", "Жовта Стрічка зросла.",
         ["keep 'Zhovta Strichka' as it is (do not translate)"]),
        ("A bridge.", "Міст.", []),
    ], matcher=TERMS)  # fmt: skip


def test_forbidden_terms_are_errors() -> None:
    table("forbidden-term", [
        ("Life under occupation.", "Життя під окупацією.", []),
        ("Life under occupation.", "Жизнь под оккупация.",
         ["'оккупация' is a forbidden translation of 'occupation': use 'окупація'"]),
        ("No term here.", "оккупация", []),  # only where the source has the term
    ], matcher=TERMS)  # fmt: skip
    [failure] = checks.run_checks("occupation", "оккупация", lang="uk", matcher=TERMS,
                                  only=["forbidden-term"])  # fmt: skip
    assert failure.severity == "error"


def test_ukrainian_typography() -> None:
    table("quotes", [
        ('He said "no".', "Він сказав «ні».", []),
        ('He said "no".', 'Він сказав "ні".', ['use «…» (inside: „…“) instead of "']),
        ('He said "no".', "Він сказав “ні”.", ["use «…» (inside: „…“) instead of ”"]),
        ('A "b "c" d".', "А «б „в“ г».", []),
    ])  # fmt: skip
    table("uk-apostrophe", [
        ("An interview.", "Інтервʼю.", []),
        ("An interview.", "Інтерв'ю.", ["use ʼ (U+02BC) instead of ' in words"]),
        ("An interview.", "Інтерв’ю.", ["use ʼ (U+02BC) instead of ’ in words"]),
        ("He said 'no'.", "Він сказав 'ні'.", []),  # not between letters: not an apostrophe
    ])  # fmt: skip
    table("uk-dash-space", [
        ("Be punctual — or else.", "Будьте пунктуальні\u00a0— інакше.", []),
        ("Be punctual — or else.", "Будьте пунктуальні — інакше.",
         ["put a non-breaking space (U+00A0) before the em dash"]),
        ("— Yes.", "— Так.", []),
    ])  # fmt: skip
    table("uk-apostrophe", [("An interview.", "Інтерв'ю.", [])], lang="de")


def test_quotes_of_other_languages_come_from_cldr() -> None:
    table("quotes", [
        ('He said "no".', "Er sagte „nein“.", []),
        ('He said "no".', "Er sagte «nein».", ["use „…“ (inside: ‚…‘) instead of « »"]),
    ], lang="de")  # fmt: skip
    table("quotes", [('He said "no".', "Il a dit « non ».", [])], lang="fr")
    table("quotes", [('He said "no".', "Powiedział „nie”.", [])], lang="pl")
    table("quotes", [('He said "no".', "Disse “não”.", [])], lang="pt_BR")
    table("quotes", [('He said "no".', 'Qal "yoq".', [])], lang="crh")  # no CLDR data


def test_every_check_is_described_and_fast() -> None:
    for check_id, check in checks.CHECKS.items():
        assert check.id == check_id and check.name and check.description
        assert check.severity in {"error", "warning"}
    source = (
        "The purpose of this report is to provide insights into the importance of the "
        "<g1>resistance</g1>, its impact on 46.8% of Russia’s war — and the occupation."
    )
    target = (
        "Мета цього звіту\u00a0— дати уявлення про важливість <g1>спротиву</g1>, його "
        "вплив на 46,8 % війни Росії та окупацію."
    )
    checks.run_checks(source, target, lang="uk", matcher=TERMS)
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        checks.run_checks(source, target, lang="uk", matcher=TERMS)
    assert (time.perf_counter() - start) / rounds < 0.001


# --- in the store --------------------------------------------------------------------------


@pytest.fixture
def doc(session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]):
    ingest(session, make_document([
        "Life under occupation was hard.",
        "It includes 63 interviews.",
        ["It includes 63 interviews.", "The end."],
    ]))  # fmt: skip
    glossary.add_term(session, "occupation", "окупація", lang="uk", forbidden=["оккупация"])
    session.commit()
    rows = session.scalars(select(Segment).order_by(Segment.position)).all()
    return SimpleNamespace(life=rows[0], interviews=rows[1], twin=rows[2])


def stored(session: Session, segment: Segment) -> list[tuple[str, int, str]]:
    tr = workflow.get_translation(session, segment, "uk")
    return [(r.check_id, r.version, r.severity) for r in check_results.results(session, tr)]


def test_results_are_recorded_for_each_version(session, people, doc) -> None:
    workflow.save(session, doc.interviews, "uk", "Він містить 36 інтервʼю", user=people.olena,
                  base_version=0)  # fmt: skip
    assert stored(session, doc.interviews) == [
        ("numbers", 1, "warning"), ("end-punctuation", 1, "warning"),
    ]  # fmt: skip
    assert stored(session, doc.twin) == stored(session, doc.interviews)  # propagated, checked too
    tr = workflow.save(session, doc.interviews, "uk", "Він містить 63 інтервʼю.",
                       user=people.olena, base_version=1)  # fmt: skip
    assert stored(session, doc.interviews) == []
    assert check_results.errors(session, tr) == []
    old = session.scalars(select(CheckResult).where(CheckResult.version == 1)).all()
    assert len(old) == 4  # the history of checks is kept


def test_an_error_blocks_approval(session, people, doc) -> None:
    tr = workflow.save(session, doc.life, "uk", "Жизнь под оккупация была тяжёлой.",
                       user=people.olena, base_version=0)  # fmt: skip
    assert [r.check_id for r in check_results.errors(session, tr)] == ["forbidden-term"]
    with pytest.raises(WorkflowError, match="forbidden-term: 'оккупация' is a forbidden"):
        workflow.approve(session, doc.life, "uk", user=people.ed, version=1)
    workflow.save(session, doc.life, "uk", "Життя під окупацією було важким.",
                  user=people.olena, base_version=1)  # fmt: skip
    assert workflow.approve(session, doc.life, "uk", user=people.ed, version=2).state == 30


def test_a_glossary_change_is_seen_at_approval(session, people, doc) -> None:
    workflow.save(session, doc.life, "uk", "Життя під окупацією було важким.",
                  user=people.olena, base_version=0)  # fmt: skip
    glossary.add_term(session, "hard", "важкий", lang="uk", forbidden=["важким"])
    with pytest.raises(WorkflowError, match="forbidden-term"):
        workflow.approve(session, doc.life, "uk", user=people.ed, version=1)


def test_warnings_are_acknowledged_and_stay_acknowledged(session, people, doc) -> None:
    tr = workflow.save(session, doc.interviews, "uk", "Він містить 36 інтервʼю.",
                       user=people.olena, base_version=0)  # fmt: skip
    [warning] = check_results.open_warnings(session, tr)
    with pytest.raises(PermissionDeniedError):
        check_results.acknowledge(session, warning.id, people.dieter)
    done = check_results.acknowledge(session, warning.id, people.taras)
    assert (done.acknowledged_by_id, done.acknowledged_at is not None) == (people.taras.id, True)
    assert check_results.open_warnings(session, tr) == []
    tr = workflow.approve(session, doc.interviews, "uk", user=people.ed, version=1)
    assert (tr.state, tr.version) == (State.APPROVED, 2)
    [carried] = check_results.results(session, tr)
    assert (carried.version, carried.acknowledged_by_id) == (2, people.taras.id)
    with pytest.raises(WorkflowError, match="about version 1"):
        check_results.acknowledge(session, warning.id, people.taras)


def test_errors_cannot_be_acknowledged(session, people, doc) -> None:
    tr = workflow.save(session, doc.life, "uk", "Жизнь под оккупация была тяжёлой.",
                       user=people.olena, base_version=0)  # fmt: skip
    [error] = check_results.errors(session, tr)
    with pytest.raises(WorkflowError, match="cannot be acknowledged"):
        check_results.acknowledge(session, error.id, people.ed)
