"""Soak: several processes save and approve at once; afterwards nothing is lost or torn.

Bounded: each process works for a few seconds.  Runs on a file SQLite database and,
when the suite has one, on PostgreSQL (the ``engine`` fixture).
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from translate_app import documents, workflow
from translate_app.errors import ConflictError, WorkflowError
from translate_app.people.languages import enable_language
from translate_app.people.users import add_user
from translate_app.segment import segment_text
from translate_app.store import db
from translate_app.store.models import Approval, Event, Segment, Translation, User
from translate_app.store.states import State

ATTEMPTS = 25
"""Save attempts per translator: a count, not a duration, so that a busy machine makes the
soak slower, never weaker (issue 18: a wall-clock bound made it fail on a loaded CI box)."""
LIMIT = 120.0
"""Seconds after which a process gives up (a hang is a failure, not a figure)."""
TRANSLATORS = ("t1", "t2", "t3")
LANG = "uk"


def _translator(url: str, name: str, seed: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    rng = random.Random(seed)
    saved = conflicts = 0
    deadline = time.monotonic() + LIMIT
    with factory() as session:
        ids = list(session.scalars(select(Segment.id)))
    while saved + conflicts < ATTEMPTS and time.monotonic() < deadline:
        with factory() as session:
            user = session.scalars(select(User).where(User.name == name)).one()
            seg = session.get(Segment, rng.choice(ids))
            assert seg is not None
            base = workflow.get_translation(session, seg, LANG).version
            session.rollback()  # end the read; the save names the version it started from
            time.sleep(rng.random() / 200)  # think, so that others overtake
            try:
                workflow.save(
                    session, seg, LANG, f"{name} #{saved} for {seg.key}",
                    user=user, base_version=base,
                )  # fmt: skip
                session.commit()
                saved += 1
            except ConflictError:
                session.rollback()
                conflicts += 1
    engine.dispose()
    results.put(("save", name, saved, conflicts))


def _editor(url: str, seed: int, results: multiprocessing.Queue, done: Any) -> None:  # type: ignore[type-arg]
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    rng = random.Random(seed)
    approved = refused = 0
    deadline = time.monotonic() + LIMIT
    while not done.is_set() and time.monotonic() < deadline:  # as long as translators save
        with factory() as session:
            editor = session.scalars(select(User).where(User.name == "ed")).one()
            rows = session.scalars(
                select(Translation).where(Translation.state == State.TRANSLATED)
            ).all()
            if not rows:
                time.sleep(0.01)
                continue
            tr = rng.choice(rows)
            segment_id, version = tr.segment_id, tr.version
            session.rollback()  # end the read
            seg = session.get(Segment, segment_id)
            assert seg is not None
            try:
                workflow.approve(session, seg, LANG, user=editor, version=version)
                session.commit()
                approved += 1
            except (ConflictError, WorkflowError):
                session.rollback()
                refused += 1
    engine.dispose()
    results.put(("approve", "ed", approved, refused))


def test_concurrent_processes_lose_nothing(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    text = "\n\n".join(f"Sentence number {i} of the soak." for i in range(12)) + "\n"
    factory = db.make_session_factory(engine)
    with db.transaction(factory) as session:
        enable_language(session, LANG)
        for name in TRANSLATORS:
            add_user(session, name, "translator", [LANG])
        add_user(session, "ed", "editor", [LANG])
        documents.ingest(session, segment_text(text, slug="soak"))

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    done = context.Event()
    procs = [
        context.Process(target=_translator, args=(url, name, i, results))
        for i, name in enumerate(TRANSLATORS)
    ]
    procs.append(context.Process(target=_editor, args=(url, 99, results, done)))
    for p in procs:
        p.start()
    reports = [results.get(timeout=LIMIT + 60) for _ in TRANSLATORS]
    done.set()
    reports.append(results.get(timeout=60))
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    saves = sum(r[2] for r in reports if r[0] == "save")
    approvals = next(r[2] for r in reports if r[0] == "approve")
    # every attempt was answered (saved or refused as a conflict), and races have winners
    assert all(r[2] + r[3] == ATTEMPTS for r in reports if r[0] == "save"), reports
    assert saves > 0

    with Session(engine) as session:
        actions = Counter(session.scalars(select(Event.action)))
        assert actions["edit"] == saves  # every acknowledged save is in the history, once
        assert actions["approve"] >= approvals
        for tr in session.scalars(select(Translation)):
            events = session.scalars(
                select(Event).where(Event.translation_id == tr.id).order_by(Event.id)
            ).all()
            last = events[-1]
            assert (last.new_text, last.new_state, last.version) == (tr.text, tr.state, tr.version)
            versions = [e.version for e in events]
            assert versions == sorted(versions)
            edits = [e.version for e in events if e.action == "edit"]
            assert len(edits) == len(set(edits))  # no two saves won the same version
            active = session.scalars(
                select(Approval).where(Approval.translation_id == tr.id, Approval.active)
            ).all()
            assert all(a.text == tr.text for a in active)
            if tr.state == State.APPROVED:
                assert active
        assert session.scalar(select(func.count()).select_from(Translation)) <= 12
