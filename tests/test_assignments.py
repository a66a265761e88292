"""Assignments (translate_app.assignments): who may assign, to whom, which segments."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from translate_app.documents.ingesting import ingest
from translate_app.errors import NotFoundError, PermissionDeniedError, WorkflowError
from translate_app.segment.model import ParsedDocument
from translate_app.store.models import Assignment, Event, Segment
from translate_app.workflow import assignments

SENTENCES = [
    ["The border was closed.", "Nobody knew why."],
    "We walked <g1>for days</g1>.",
    ["The road was long.", "The town waited."],
]


@pytest.fixture
def ids(session: Session, people: SimpleNamespace, make_document: Callable[..., ParsedDocument]):
    ingest(session, make_document(SENTENCES))
    session.commit()
    return list(session.scalars(select(Segment.id).order_by(Segment.position)))


def rows(session: Session, lang: str = "uk") -> dict[int, tuple[int, int]]:
    """segment id -> (assignee id, assigned by id)."""
    query = select(Assignment.segment_id, Assignment.user_id, Assignment.assigned_by_id).where(
        Assignment.language_code == lang
    )
    return {sid: (user, by) for sid, user, by in session.execute(query)}


def test_an_editor_assigns_and_reassigning_replaces(session, people, ids) -> None:
    assert assignments.assign(session, ids[:3], "uk", people.olena, by=people.ed) == 3
    session.commit()
    assert rows(session) == dict.fromkeys(ids[:3], (people.olena.id, people.ed.id))
    assert assignments.assigned_to(session, ids, "uk") == dict.fromkeys(ids[:3], "olena")
    # Reassigning: one assignee per segment and language, the latest wins.
    assert assignments.assign(session, [ids[2], ids[3], ids[2]], "uk", people.taras,
                              by=people.root) == 2  # fmt: skip
    session.commit()
    assert rows(session) == {
        ids[0]: (people.olena.id, people.ed.id),
        ids[1]: (people.olena.id, people.ed.id),
        ids[2]: (people.taras.id, people.root.id),
        ids[3]: (people.taras.id, people.root.id),
    }
    assert session.scalar(select(func.count(Event.id))) == 0, "assignments are not history"


def test_unassigning_takes_segments_from_whoever_has_them(session, people, ids) -> None:
    assignments.assign(session, ids[:2], "uk", people.olena, by=people.ed)
    assignments.assign(session, ids[2:4], "uk", people.taras, by=people.ed)
    assert assignments.unassign(session, [ids[1], ids[2], ids[4]], "uk", by=people.eva) == 2
    session.commit()
    assert set(rows(session)) == {ids[0], ids[3]}
    assert assignments.unassign(session, [ids[1]], "uk", by=people.eva) == 0


@pytest.mark.parametrize("who", ["olena", "dieter"])
def test_only_editors_and_admins_of_the_language_assign(session, people, ids, who) -> None:
    by = getattr(people, who)  # a translator of uk; an editor of de
    with pytest.raises(PermissionDeniedError):
        assignments.assign(session, ids[:1], "uk", people.taras, by=by)
    assignments.assign(session, ids[:1], "uk", people.taras, by=people.ed)
    with pytest.raises(PermissionDeniedError):
        assignments.unassign(session, ids[:1], "uk", by=by)
    assert set(rows(session)) == {ids[0]}


def test_the_assignee_must_be_active_and_edit_the_language(session, people, ids) -> None:
    with pytest.raises(WorkflowError, match="does not translate 'uk'"):
        assignments.assign(session, ids[:1], "uk", people.dieter, by=people.ed)
    people.taras.active = False
    session.flush()
    with pytest.raises(WorkflowError, match="deactivated"):
        assignments.assign(session, ids[:1], "uk", people.taras, by=people.ed)
    assert rows(session) == {}
    # Editors and admins may be given segments too: they may edit.
    assignments.assign(session, ids[:1], "uk", people.eva, by=people.ed)
    assignments.assign(session, ids[1:2], "uk", people.root, by=people.ed)
    assert set(rows(session)) == {ids[0], ids[1]}


def test_obsolete_and_unknown_segments_are_refused_and_nothing_is_written(
    session, people, ids
) -> None:
    gone = session.get(Segment, ids[4])
    assert gone is not None
    gone.obsolete = True
    session.commit()
    with pytest.raises(WorkflowError, match=f"segment {gone.key} is obsolete"):
        assignments.assign(session, ids, "uk", people.olena, by=people.ed)
    with pytest.raises(NotFoundError):
        assignments.assign(session, [ids[0], 999_999], "uk", people.olena, by=people.ed)
    assert rows(session) == {}


def test_languages_are_kept_apart(session, people, ids) -> None:
    assignments.assign(session, ids[:2], "uk", people.olena, by=people.ed)
    assignments.assign(session, ids[1:3], "de", people.dieter, by=people.root)
    assert set(rows(session, "uk")) == {ids[0], ids[1]}
    assert set(rows(session, "de")) == {ids[1], ids[2]}
    assignments.unassign(session, ids, "de", by=people.dieter)
    assert set(rows(session, "uk")) == {ids[0], ids[1]} and rows(session, "de") == {}


def test_many_segments_are_written_in_chunks(session, people, ids, monkeypatch) -> None:
    monkeypatch.setattr(assignments, "CHUNK", 2)
    assert assignments.assign(session, ids, "uk", people.olena, by=people.ed) == len(ids)
    assert assignments.assign(session, ids, "uk", people.taras, by=people.ed) == len(ids)
    assert {user for user, _by in rows(session).values()} == {people.taras.id}
    assert assignments.unassign(session, ids, "uk", by=people.ed) == len(ids)


def test_the_people_who_may_be_assigned_a_language(session, people) -> None:
    people.eva.display_name = "Aaron"
    session.flush()
    names = [user.name for user in assignments.assignable(session, "uk")]
    assert names == ["eva", "ed", "olena", "root", "taras"]  # by the name shown
    people.taras.active = False
    session.flush()
    assert "taras" not in [user.name for user in assignments.assignable(session, "uk")]
    assert [user.name for user in assignments.assignable(session, "de")] == ["dieter", "root"]
