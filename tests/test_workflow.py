"""The workflow (DESIGN §4): saves, conflicts, approvals, rejections, history, propagation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from translate_app import workflow
from translate_app.config import Config
from translate_app.documents.ingesting import ingest
from translate_app.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from translate_app.people.languages import enable_language
from translate_app.segment.model import ParsedDocument
from translate_app.store.db import make_session_factory
from translate_app.store.models import Approval, Event, Segment, Translation, User
from translate_app.store.states import State
from translate_app.workflow.policy import WorkflowPolicy

SENTENCES = [
    ["The border was closed.", "Nobody knew why."],
    "We walked <g1>for days</g1>.",
    ["Nobody knew why.", "The road was long."],
]


@pytest.fixture
def doc(session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]):
    ingest(session, make_document(SENTENCES))
    session.commit()
    rows = session.scalars(select(Segment).order_by(Segment.position)).all()
    return SimpleNamespace(border=rows[0], why=rows[1], walked=rows[2], why2=rows[3], road=rows[4])


def events(session: Session, segment: Segment, lang: str = "uk") -> list[tuple[str, str]]:
    return [(e.action, e.new_text) for e in workflow.history(session, segment, lang)]


def test_save_writes_a_new_version_with_an_event(session, people, doc) -> None:
    before = workflow.get_translation(session, doc.border, "uk")
    assert (before.id, before.version, before.state, before.text) == (None, 0, State.EMPTY, "")
    tr = workflow.save(
        session, doc.border, "uk", "Кордон закрили.", user=people.olena, base_version=0
    )
    assert (tr.text, tr.state, tr.version, tr.origin) == (
        "Кордон закрили.",
        State.TRANSLATED,
        1,
        "human:olena",
    )
    assert tr.last_human_author_id == people.olena.id
    [event] = workflow.history(session, doc.border, "uk")
    assert (event.action, event.old_text, event.new_text, event.version) == (
        "edit",
        "",
        "Кордон закрили.",
        1,
    )
    assert (event.old_state, event.new_state, event.user_id) == (
        State.EMPTY,
        State.TRANSLATED,
        people.olena.id,
    )
    assert event.created_at.tzinfo is not None
    draft = workflow.save(
        session,
        doc.border,
        "uk",
        "Кордон закрили.",
        user=people.olena,
        base_version=1,
        state=State.DRAFT,
    )
    assert (draft.state, draft.version) == (State.DRAFT, 2)


def test_saving_the_same_text_and_state_changes_nothing(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога була довгою.", user=people.olena, base_version=0)
    tr = workflow.save(
        session, doc.road, "uk", "Дорога була довгою.", user=people.taras, base_version=1
    )
    assert (tr.version, tr.origin) == (1, "human:olena")
    assert len(workflow.history(session, doc.road, "uk")) == 1


def test_a_stale_save_is_refused_and_the_text_is_kept(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога була довгою.", user=people.olena, base_version=0)
    session.commit()
    with pytest.raises(ConflictError) as caught:
        workflow.save(
            session, doc.road, "uk", "Шлях був довгий.", user=people.taras, base_version=0
        )
    session.rollback()
    error = caught.value
    assert (error.current_text, error.current_version, error.attempted_text) == (
        "Дорога була довгою.",
        1,
        "Шлях був довгий.",
    )
    assert "version 1" in str(error) and "your text was kept" in str(error)
    assert workflow.get_translation(session, doc.road, "uk").text == "Дорога була довгою."


def test_concurrent_saves_from_one_version_only_one_wins(
    factory: sessionmaker[Session], session, people, doc
) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    session.commit()
    segment_id, user_ids = doc.road.id, [people.olena.id, people.taras.id, people.root.id]
    barrier = threading.Barrier(10)
    outcomes: list[object] = [None] * 10

    def attempt(number: int) -> None:
        with factory() as own:
            segment = own.get(Segment, segment_id)
            user = own.get(User, user_ids[number % 3])
            barrier.wait()
            try:
                workflow.save(own, segment, "uk", f"Дорога {number}.", user=user, base_version=1)
                own.commit()
                outcomes[number] = "saved"
            except ConflictError as exc:
                own.rollback()
                outcomes[number] = exc

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("saved") == 1
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(conflicts) == 9
    winner = outcomes.index("saved")
    session.expire_all()
    tr = workflow.get_translation(session, doc.road, "uk")
    assert (tr.text, tr.version) == (f"Дорога {winner}.", 2)
    assert all(c.current_version == 2 and c.current_text == tr.text for c in conflicts)
    assert sorted(c.attempted_text for c in conflicts) == sorted(
        f"Дорога {n}." for n in range(10) if n != winner
    )
    assert [e.version for e in workflow.history(session, doc.road, "uk")] == [2, 1]


def run_together(factory: sessionmaker[Session], jobs: list[Callable[[Session], object]]):
    """Run each job in its own thread and session, all starting at once; commit the winners."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(number: int) -> None:
        with factory() as own:
            barrier.wait()
            try:
                jobs[number](own)
                own.commit()
                outcomes[number] = "done"
            except (ConflictError, WorkflowError) as exc:
                own.rollback()
                outcomes[number] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_approvals_both_count(factory, session, people, doc) -> None:
    enable_language(session, "uk", approvals_needed=2)
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    session.commit()

    def approve_as(user_id: int) -> Callable[[Session], object]:
        def job(own: Session) -> object:
            road, user = own.get(Segment, doc.road.id), own.get(User, user_id)
            return workflow.approve(own, road, "uk", user=user, version=1)

        return job

    assert run_together(factory, [approve_as(people.ed.id), approve_as(people.eva.id)]) == [
        "done",
        "done",
    ]
    session.expire_all()
    tr = workflow.get_translation(session, doc.road, "uk")
    assert (tr.state, tr.version, len(workflow.approvals(session, doc.road, "uk"))) == (
        State.APPROVED,
        2,
        2,
    )


def test_concurrent_saves_on_twins_neither_deadlock_nor_both_win(
    factory, session, people, doc
) -> None:
    def save_on(segment_id: int, text: str) -> Callable[[Session], object]:
        def job(own: Session) -> object:
            segment, user = own.get(Segment, segment_id), own.get(User, people.olena.id)
            return workflow.save(own, segment, "uk", text, user=user, base_version=0)

        return job

    jobs = [save_on(doc.why.id, "Ніхто не знав."), save_on(doc.why2.id, "Невідомо чому.")] * 3
    outcomes = run_together(factory, jobs)
    assert outcomes.count("done") == 1
    assert all(isinstance(o, ConflictError) for o in outcomes if o != "done")
    session.expire_all()
    texts = {workflow.get_translation(session, s, "uk").text for s in (doc.why, doc.why2)}
    assert texts in ({"Ніхто не знав."}, {"Невідомо чому."})


def test_save_states_and_clearing(session, people, doc) -> None:
    with pytest.raises(WorkflowError, match="cannot approve"):
        workflow.save(
            session, doc.road, "uk", "Так.", user=people.root, base_version=0, state=State.APPROVED
        )
    with pytest.raises(WorkflowError, match="EMPTY needs an empty text"):
        workflow.save(
            session, doc.road, "uk", "Так.", user=people.root, base_version=0, state=State.EMPTY
        )
    workflow.save(session, doc.road, "uk", "Так.", user=people.olena, base_version=0)
    cleared = workflow.save(session, doc.road, "uk", "", user=people.olena, base_version=1)
    assert (cleared.text, cleared.state, cleared.version) == ("", State.EMPTY, 2)


def test_permissions_by_role_and_language(session, people, doc) -> None:
    with pytest.raises(PermissionDeniedError, match="not assigned 'uk'"):
        workflow.save(session, doc.road, "uk", "Так.", user=people.dieter, base_version=0)
    workflow.save(session, doc.road, "de", "Ja.", user=people.dieter, base_version=0)
    workflow.save(session, doc.road, "de", "Ja!", user=people.root, base_version=1)  # admin: any
    workflow.save(session, doc.road, "uk", "Так.", user=people.olena, base_version=0)
    with pytest.raises(PermissionDeniedError, match="only editors and admins may approve"):
        workflow.approve(session, doc.road, "uk", user=people.taras, version=1)
    with pytest.raises(PermissionDeniedError, match="not assigned 'uk'"):
        workflow.approve(session, doc.road, "uk", user=people.dieter, version=1)
    with pytest.raises(
        PermissionDeniedError, match="translator: only editors and admins may reject"
    ):
        workflow.reject(session, doc.road, "uk", user=people.taras, version=1, reason="no")
    people.taras.active = False
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        workflow.save(session, doc.road, "uk", "Ні.", user=people.taras, base_version=1)
    with pytest.raises(PermissionDeniedError, match="non-human origin"):
        workflow.save(session, doc.road, "uk", "Ні.", user=None, base_version=1)
    with pytest.raises(NotFoundError, match="'fr' is not set up"):
        workflow.save(session, doc.road, "fr", "Non.", user=people.root, base_version=0)
    imported = workflow.save(
        session,
        doc.road,
        "uk",
        "Ні.",
        user=None,
        base_version=1,
        origin="import:uk.po",
        state=State.DRAFT,
        action="import",
    )
    assert (imported.origin, imported.last_human_author_id, imported.updated_by_id) == (
        "import:uk.po",
        None,
        None,
    )
    assert workflow.history(session, doc.road, "uk")[0].action == "import"
    with pytest.raises(PermissionDeniedError, match="cannot save as 'human:ed'"):
        workflow.save(
            session, doc.road, "uk", "Ні!", user=people.olena, base_version=2, origin="human:ed"
        )
    with pytest.raises(WorkflowError, match="draft until a person confirms"):
        workflow.save(session, doc.road, "uk", "Ні!", user=None, base_version=2, origin="mt:libre")


def test_four_eyes_rule(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.ed, base_version=0)
    with pytest.raises(PermissionDeniedError, match="four-eyes"):
        workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    tr = workflow.approve(session, doc.road, "uk", user=people.eva, version=1)
    assert (tr.state, tr.version) == (State.APPROVED, 2)
    relaxed = WorkflowPolicy(four_eyes=False)
    workflow.save(session, doc.border, "uk", "Кордон.", user=people.ed, base_version=0)
    tr = workflow.approve(session, doc.border, "uk", user=people.ed, version=1, policy=relaxed)
    assert tr.state == State.APPROVED


def test_policy_comes_from_the_configuration(engine: Engine, people, doc, tmp_path) -> None:
    config = Config.from_env(
        {"TRANSLATE_APP_FOUR_EYES": "off", "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path)}
    )
    with make_session_factory(engine, config)() as session:
        ed, road = session.get(User, people.ed.id), session.get(Segment, doc.road.id)
        workflow.save(session, road, "uk", "Дорога.", user=ed, base_version=0)
        assert workflow.approve(session, road, "uk", user=ed, version=1).state == State.APPROVED


def test_two_approvals_needed(session, people, doc) -> None:
    enable_language(session, "uk", approvals_needed=2)
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    tr = workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    assert (tr.state, tr.version) == (State.TRANSLATED, 1)
    with pytest.raises(WorkflowError, match=r"ed has approved .* already"):
        workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    tr = workflow.approve(session, doc.road, "uk", user=people.eva, version=1)
    assert (tr.state, tr.version) == (State.APPROVED, 2)
    assert [(e.action, e.note) for e in workflow.history(session, doc.road, "uk")][:2] == [
        ("approve", "approval 2 of 2"),
        ("approve", "approval 1 of 2"),
    ]
    assert [
        (a.user_id, a.version, a.text) for a in workflow.approvals(session, doc.road, "uk")
    ] == [
        (people.ed.id, 1, "Дорога."),
        (people.eva.id, 1, "Дорога."),
    ]


def test_an_edit_drops_the_approvals(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    tr = workflow.save(
        session, doc.road, "uk", "Дорога була довга.", user=people.taras, base_version=2
    )
    assert (tr.state, tr.version) == (State.TRANSLATED, 3)
    assert workflow.approvals(session, doc.road, "uk") == []
    assert session.scalar(select(func.count(Approval.id))) == 1  # kept, inactive
    with pytest.raises(ConflictError) as caught:
        workflow.approve(session, doc.road, "uk", user=people.ed, version=2)
    assert (caught.value.attempted_text, caught.value.current_text) == (
        "Дорога.",
        "Дорога була довга.",
    )


def test_confirming_an_approved_text_keeps_it_approved(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    tr = workflow.save(session, doc.road, "uk", "Дорога.", user=people.taras, base_version=2)
    assert (tr.state, tr.version) == (State.APPROVED, 2)
    tr = workflow.save(
        session, doc.road, "uk", "Дорога.", user=people.taras, base_version=2, state=State.DRAFT
    )
    assert (tr.state, workflow.approvals(session, doc.road, "uk")) == (State.DRAFT, [])


def test_what_cannot_be_approved(session, people, doc) -> None:
    with pytest.raises(WorkflowError, match="is empty"):
        workflow.approve(session, doc.road, "uk", user=people.ed, version=0)
    workflow.save(
        session,
        doc.road,
        "uk",
        "Дорога.",
        user=None,
        base_version=0,
        origin="mt:libre",
        state=State.DRAFT,
    )
    with pytest.raises(WorkflowError, match="is draft"):
        workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    workflow.save(session, doc.walked, "uk", "Ми йшли днями.", user=people.olena, base_version=0)
    with pytest.raises(WorkflowError, match="missing placeholder </g1>, <g1>"):
        workflow.approve(session, doc.walked, "uk", user=people.ed, version=1)
    workflow.save(
        session, doc.walked, "uk", "Ми йшли <g1>днями</g1>.", user=people.olena, base_version=1
    )
    assert workflow.approve(session, doc.walked, "uk", user=people.ed, version=2).state == 30


def test_reject_needs_a_reason_and_sends_back_to_draft(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    with pytest.raises(WorkflowError, match="needs a reason"):
        workflow.reject(session, doc.road, "uk", user=people.eva, version=2, reason="  ")
    with pytest.raises(ConflictError):
        workflow.reject(session, doc.road, "uk", user=people.eva, version=1, reason="Tense.")
    tr = workflow.reject(session, doc.road, "uk", user=people.eva, version=2, reason="Tense.")
    assert (tr.state, tr.text, tr.version) == (State.DRAFT, "Дорога.", 3)
    assert workflow.approvals(session, doc.road, "uk") == []
    event = workflow.history(session, doc.road, "uk")[0]
    assert (event.action, event.note, event.old_state, event.new_state, event.user_id) == (
        "reject",
        "Tense.",
        State.APPROVED,
        State.DRAFT,
        people.eva.id,
    )


def test_restore_an_earlier_text(session, people, doc) -> None:
    for version, text in enumerate(["Дорога.", "Шлях.", "Путь."]):
        workflow.save(session, doc.road, "uk", text, user=people.olena, base_version=version)
    first = workflow.history(session, doc.road, "uk")[-1]
    tr = workflow.restore(session, first.id, user=people.taras, base_version=3)
    assert (tr.text, tr.state, tr.version, tr.origin) == (
        "Дорога.",
        State.TRANSLATED,
        4,
        "human:taras",
    )
    latest = workflow.history(session, doc.road, "uk")
    assert [e.new_text for e in latest] == ["Дорога.", "Путь.", "Шлях.", "Дорога."]
    assert latest[0].action == "restore" and str(first.id) in latest[0].note
    tr = workflow.restore(session, first.id, user=people.taras, base_version=4, side="old")
    assert (tr.text, tr.state) == ("", State.EMPTY)
    with pytest.raises(ConflictError):
        workflow.restore(session, first.id, user=people.taras, base_version=4)
    with pytest.raises(NotFoundError):
        workflow.restore(session, 10_000, user=people.taras, base_version=5)
    assert session.scalar(select(func.count(Event.id))) == 5  # nothing deleted


def test_identical_sentences_share_their_translation(session, people, doc) -> None:
    assert doc.why.group_hash == doc.why2.group_hash and doc.why.key != doc.why2.key
    workflow.save(session, doc.why, "uk", "Ніхто не знав чому.", user=people.olena, base_version=0)
    other = workflow.get_translation(session, doc.why2, "uk")
    assert (other.text, other.state, other.version) == ("Ніхто не знав чому.", State.TRANSLATED, 1)
    [event] = workflow.history(session, doc.why2, "uk")
    assert (event.action, event.note, event.user_id) == (
        "propagate",
        f"from {doc.why.key}",
        people.olena.id,
    )
    # approving one approves the identical, linked one (another editor wrote neither)
    workflow.approve(session, doc.why2, "uk", user=people.ed, version=1)
    assert workflow.get_translation(session, doc.why, "uk").state == State.APPROVED
    assert workflow.get_translation(session, doc.why2, "uk").state == State.APPROVED


def test_unlink_splits_one_occurrence_and_link_joins_it_again(session, people, doc) -> None:
    workflow.save(session, doc.why, "uk", "Ніхто не знав чому.", user=people.olena, base_version=0)
    workflow.unlink(session, doc.why2, "uk", user=people.taras)
    assert events(session, doc.why2)[0] == ("unlink", "Ніхто не знав чому.")
    workflow.save(
        session, doc.why2, "uk", "Чому — не знав ніхто.", user=people.taras, base_version=1
    )
    assert workflow.get_translation(session, doc.why, "uk").text == "Ніхто не знав чому."
    workflow.save(session, doc.why, "uk", "Ніхто не знав, чому.", user=people.olena, base_version=1)
    assert workflow.get_translation(session, doc.why2, "uk").text == "Чому — не знав ніхто."
    tr = workflow.link(session, doc.why2, "uk", user=people.taras)
    assert (tr.linked, tr.text, tr.version) == (True, "Ніхто не знав, чому.", 3)
    assert events(session, doc.why2)[0] == ("link", "Ніхто не знав, чому.")


def test_comments(session, people, doc) -> None:
    note = workflow.add_comment(session, doc.road, "uk", "Which road?", user=people.olena)
    general = workflow.add_comment(session, doc.road, None, "Typo in source?", user=people.dieter)
    with pytest.raises(PermissionDeniedError):
        workflow.add_comment(session, doc.road, "uk", "Hm.", user=people.dieter)
    with pytest.raises(WorkflowError):
        workflow.add_comment(session, doc.road, "uk", " ", user=people.olena)
    assert workflow.comments(session, doc.road, "uk") == [note, general]
    with pytest.raises(PermissionDeniedError):
        workflow.resolve_comment(session, note.id, user=people.taras)
    workflow.resolve_comment(session, note.id, user=people.ed)
    assert note.resolved_by_id == people.ed.id and note.resolved_at is not None
    assert workflow.comments(session, doc.road, "uk", open_only=True) == [general]
    with pytest.raises(WorkflowError, match="resolved already"):
        workflow.resolve_comment(session, note.id, user=people.olena)


def test_saves_record_exactly_their_events(session, people, doc) -> None:
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=0)
    workflow.save(session, doc.road, "uk", "Дорога.", user=people.olena, base_version=1)
    workflow.approve(session, doc.road, "uk", user=people.ed, version=1)
    assert events(session, doc.road) == [("approve", "Дорога."), ("edit", "Дорога.")]
    assert session.scalar(select(func.count(Translation.id))) >= 1
