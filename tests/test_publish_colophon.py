"""An honest colophon (issue 16): every sentence about the text is chosen from its figures.

Three small editions of a four-sentence document go through the workflow: all
unedited machine drafts, all translated and approved by people, and a mix.
Their disclosures are read in English and Ukrainian, in the colophon of the
HTML edition and in the Markdown edition's front matter and closing note.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.test_publish import BUILT_AT
from translate_app import documents, workflow
from translate_app.publish import build
from translate_app.publish.colophon import Colophon, colophon, engine
from translate_app.publish.gate import gates
from translate_app.publish.labels import edition_locale
from translate_app.publish.markdown import NOTE_SETTING, markdown_edition
from translate_app.publish.metadata import front_matter
from translate_app.segment.model import ParsedDocument
from translate_app.store.models import Segment
from translate_app.store.states import State

SENTENCES = [
    "The border was closed.",
    "People waited for days.",
    "Then it opened again.",
    "Nobody knew why.",
]
EN, UK = edition_locale("en"), edition_locale("uk")


@pytest.fixture
def rows(
    session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]
) -> list[Segment]:
    documents.ingest(session, make_document([SENTENCES], slug="border"))
    session.commit()
    return list(session.scalars(select(Segment).order_by(Segment.position)))


def machine(session: Session, row: Segment, engine_id: str) -> None:
    workflow.save(session, row, "uk", f"Чернетка {row.position}.", user=None,
                  origin=f"mt:{engine_id}", state=State.DRAFT, base_version=0)  # fmt: skip


def human(session: Session, row: Segment, people: SimpleNamespace, *, approve: bool) -> None:
    tr = workflow.save(session, row, "uk", f"Речення {row.position}.", user=people.olena,
                       base_version=0)  # fmt: skip
    if approve:
        workflow.approve(session, row, "uk", user=people.ed, version=tr.version)


def edition(session: Session, min_state: State) -> tuple[Colophon, build.LanguageBuild]:
    session.commit()
    found = gates(session, "border", ["uk"], min_state=min_state)
    (built,) = build.build(session, found, ["md", "html"], built_at=BUILT_AT)
    return colophon(session, found[0], built_at=BUILT_AT), built


def page_disclosure(built: build.LanguageBuild) -> str:
    page = next(o.data for o in built.outputs if o.path.suffix == ".html").decode()
    (dd,) = lxml_html.fromstring(page).xpath("//footer[@id='colophon']//dd[@class='disclosure']")
    return " ".join(dd.text_content().split())


def test_an_all_machine_edition_says_nobody_reviewed_it(session, people, rows) -> None:
    for row in rows:
        machine(session, row, "llm-draft")
    info, built = edition(session, State.DRAFT)
    assert (info.machine_unedited, info.human, info.approved) == (4, 0, 0)
    assert info.disclosure(EN) == [
        "This edition is an unedited machine translation (engines: machine translation "
        "(llm-draft)); nobody has reviewed it."
    ]
    assert info.disclosure(UK) == [
        "Це видання — невідредагований машинний переклад (системи: машинний переклад "
        "(llm-draft)); ніхто його не перевіряв."
    ]
    shown = page_disclosure(built)
    assert shown.startswith(info.disclosure(UK)[0])
    assert "люди" not in shown and "схвал" not in shown  # no claim of people or approval
    assert "100,0% (4/4)" in shown  # the unedited machine drafts, counted


def test_an_all_human_approved_edition_says_people_translated_and_approved_it(
    session, people, rows
) -> None:
    for row in rows:
        human(session, row, people, approve=True)
    info, built = edition(session, State.APPROVED)
    assert (info.machine_unedited, info.human, info.approved) == (0, 4, 4)
    assert info.disclosure(EN) == [
        "This edition was translated and approved by people.",
        "No machine translation was used.",
    ]
    assert info.disclosure(UK) == [
        "Це видання переклали й схвалили люди.",
        "Машинний переклад не використовувався.",
    ]
    assert page_disclosure(built) == " ".join(info.disclosure(UK))


def test_a_mixed_edition_gives_each_share(session, people, rows) -> None:
    machine(session, rows[0], "google")
    machine(session, rows[1], "libre")
    human(session, rows[2], people, approve=True)
    human(session, rows[3], people, approve=False)
    info, built = edition(session, State.DRAFT)
    assert (info.machine_unedited, info.human, info.approved) == (2, 2, 1)
    assert info.disclosure(EN) == [
        "50.0% of the sentences are unedited machine translation (engines: Google Translate "
        "(online service), LibreTranslate (self-hosted)); nobody has reviewed them.",
        "50.0% of the sentences were translated or edited by people.",
        "Editors have approved 25.0% of the sentences.",
    ]
    assert info.disclosure(UK) == [
        "50,0% речень — невідредагований машинний переклад (системи: Google Translate "
        "(онлайн-сервіс), LibreTranslate (на власному сервері)); ніхто їх не перевіряв.",
        "50,0% речень переклали або відредагували люди.",
        "Редактори схвалили 25,0% речень.",
    ]
    text = built.markdown.text
    keys = front_matter(text)["translation"]
    assert (keys["machine_unedited_percent"], keys["human_percent"]) == (50.0, 50.0)
    assert keys["approved_percent"] == 25.0 and keys["disclosure"] == " ".join(info.disclosure(UK))
    assert keys["engines"] == ["Google Translate", "LibreTranslate"]
    assert text.endswith(
        '\n\n<p class="edition-note" lang="uk" dir="ltr"><em>Про це видання.</em> '
        + " ".join(info.disclosure(UK))
        + "</p>\n"
    )


def test_a_confirmed_machine_draft_is_not_called_unedited(session, people, rows) -> None:
    machine(session, rows[0], "memory")
    tr = workflow.get_translation(session, rows[0], "uk")
    workflow.save(session, rows[0], "uk", tr.text, user=people.olena, base_version=tr.version)
    for row in rows[1:]:
        human(session, row, people, approve=False)
    info, _ = edition(session, State.TRANSLATED)
    assert info.disclosure(EN) == [
        "People translated or edited every sentence.",
        "No sentence has been approved by an editor yet.",
        "Machine drafts (engines: translation memory) went in only where a person confirmed "
        "or rewrote them.",
    ]


def test_nothing_translated_and_the_checksum_is_the_whole_sha256(session, people, rows) -> None:
    info, built = edition(session, State.APPROVED)
    assert info.disclosure(EN) == [
        "No sentence is translated yet: the edition shows the original text."
    ]
    digest = hashlib.sha256(built.gate.document.text.encode()).hexdigest()
    assert info.source_hash == digest
    page = next(o.data for o in built.outputs if o.path.suffix == ".html").decode()
    (code,) = lxml_html.fromstring(page).xpath("//footer//code[@class='checksum']")
    assert code.text == digest and "SHA-256 оригінального тексту" in code.getparent().text_content()
    assert front_matter(built.markdown.text)["translation"]["source_sha256"] == digest


def test_the_closing_note_can_be_left_out(
    session, people, rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.commit()
    (gate,) = gates(session, "border", ["uk"])
    info = colophon(session, gate, built_at=BUILT_AT)
    assert "edition-note" in markdown_edition(gate, info).text
    assert "edition-note" not in markdown_edition(gate, info, note=False).text
    monkeypatch.setenv(NOTE_SETTING, "0")
    text = markdown_edition(gate, info).text
    assert "edition-note" not in text and front_matter(text)["translation"]["disclosure"]


@pytest.mark.parametrize(
    ("engine_id", "en", "uk"),
    [
        ("google", "Google Translate (online service)", "Google Translate (онлайн-сервіс)"),
        ("libre", "LibreTranslate (self-hosted)", "LibreTranslate (на власному сервері)"),
        ("llm-draft", "machine translation (llm-draft)", "машинний переклад (llm-draft)"),
    ],
)
def test_engines_have_human_names_with_a_note(engine_id: str, en: str, uk: str) -> None:
    found = engine(engine_id)
    for loc, expected in ((EN, en), (UK, uk)):
        assert loc.label(f"engine_{found.kind}", name=found.name) == expected
    assert edition_locale("crh").label(f"engine_{found.kind}", name=found.name) == en
