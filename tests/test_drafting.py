"""Machine drafting of a stored document against stub servers on 127.0.0.1: what is sent,
what is saved (DRAFT, origin mt:<engine>), what is never saved (failures, error text),
protected terms, the outbound log, the cache, dry runs, and the ``draft`` command.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.stubs import MYMEMORY_QUOTA, Fault, StubServer, loopback_only, pseudo
from translate_app import drafting, workflow
from translate_app.cli import main
from translate_app.commands.draft import ProgressBar
from translate_app.config import Config
from translate_app.documents.ingesting import ingest
from translate_app.errors import NotFoundError, PermissionDeniedError
from translate_app.machinery import EngineSettings, RetryPolicy
from translate_app.store.db import make_session_factory
from translate_app.store.models import (
    Document,
    Event,
    GlossaryTerm,
    MtCacheEntry,
    OutboundRequest,
    Segment,
)
from translate_app.store.states import State

NAME = "Maksym Makhrinov"
SENTENCES = [
    ["In occupied Tokmak, Maksym Makhrinov’s final breath was an act of <g1>resistance</g1>.",
     "Makhrinov blew himself up."],
    ["Resistance takes many forms.", "Some of them are quiet <x1/>."],
    ["Resistance takes many forms."],  # a repeat: sent once, saved for both
    ["The occupation authorities <g1>did not</g1> expect it.", "Why?"],
]  # fmt: skip
ALL = [s for paragraph in SENTENCES for s in paragraph]


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer(latency=0.001) as server:
        yield server


@pytest.fixture
def config(engine: Engine, tmp_path: Path) -> Config:
    return Config(
        instance_path=tmp_path / "instance",
        database_url=engine.url.render_as_string(hide_password=False),
    )


@pytest.fixture
def db(engine: Engine, config: Config, people: SimpleNamespace) -> Iterator[Session]:
    """A session that knows the configuration, on a store with the report-like document."""
    with make_session_factory(engine, config)() as session:
        session.add(GlossaryTerm(source_term=NAME, do_not_send=True))
        ingest(session, build_doc())
        session.commit()
        yield session


def build_doc() -> Any:
    from tests.conftest import build_document

    return build_document(SENTENCES, slug="report")


def settings(stub: StubServer, path: str = "", **kw: Any) -> EngineSettings:
    retry = RetryPolicy(attempts=3, base=0.001, cap=0.002, max_wait=5)
    return EngineSettings(url=stub.url + path, timeout=2, retry=retry, **kw)


def draft(db: Session, stub: StubServer, name: str = "libre", **kw: Any) -> drafting.DraftReport:
    path = {"libre": "", "google": "/m", "mymemory": "/get"}[name]
    options = {"settings": settings(stub, path)} | kw
    return drafting.draft_document(db, "report", "uk", engine=name, **options)


def texts(db: Session) -> dict[str, tuple[str, State, str]]:
    rows = db.scalars(
        select(Segment).join(Document).where(Document.slug == "report").order_by(Segment.position)
    )
    found = {}
    for seg in rows:
        tr = workflow.get_translation(db, seg, "uk")
        found[seg.source] = (tr.text, tr.state, tr.origin)
    return found


def sent_texts(stub: StubServer) -> list[str]:
    return [t for request in stub.requests for t in request.texts]


# -- a whole run ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["libre", "google", "mymemory"])
def test_drafts_land_as_drafts_with_the_engines_origin(
    name: str, db: Session, stub: StubServer
) -> None:
    report = draft(db, stub, name)
    assert (report.total, report.drafted, report.failed) == (len(ALL), len(ALL) - 1, 0)
    assert report.unchanged == 1  # the repeat got its text by propagation
    assert texts(db) == {s: (pseudo(s, "uk"), State.DRAFT, f"mt:{name}") for s in ALL}
    actions = db.scalars(select(Event.action).where(Event.user_id.is_(None))).all()
    assert set(actions) == {"draft", "propagate"}
    assert len(sent_texts(stub)) == len(set(ALL)), "the repeated sentence was sent once"


def test_a_draft_with_a_control_character_is_a_failure_not_a_text(
    db: Session, stub: StubServer
) -> None:
    stub.translate = lambda text, target: pseudo(text, target).replace("«", "\x00«")
    report = draft(db, stub, "libre")
    assert (report.drafted, report.failed) == (0, len(ALL))  # the repeat too: nothing to copy
    assert all("U+0000 (NUL) at position 3" in why for _key, why in report.failures)
    assert {text for text, _state, _origin in texts(db).values()} == {""}
    assert db.scalars(select(MtCacheEntry)).all() == []  # refused before the cache, too


def test_a_protected_name_never_leaves_and_is_restored(db: Session, stub: StubServer) -> None:
    for name in ("libre", "google"):
        draft(db, stub, name)
    assert stub.requests
    for request in stub.requests:
        assert "Makhrinov" not in request.raw and "Maksym" not in request.raw
    cached = db.scalars(select(MtCacheEntry.source_text)).all()
    assert cached and not any("Makhrinov" in t for t in cached)
    saved = texts(db)
    assert NAME in saved[ALL[0]][0] and "Makhrinov blew" in saved[ALL[1]][0]


def test_every_request_is_in_the_outbound_log(db: Session, stub: StubServer) -> None:
    stub.fault("google", Fault(status=429, retry_after="0"))
    report = draft(db, stub, "google")
    rows = db.scalars(select(OutboundRequest).order_by(OutboundRequest.id)).all()
    assert len(rows) == len(stub.requests) == report.requests == len(set(ALL)) + 1
    assert sorted(r.outcome for r in rows).count("retry") == 1
    retry = next(r for r in rows if r.outcome == "retry")
    assert retry.status_code == 429
    doc_id = db.scalar(select(Segment.document_id))
    for row in rows:
        assert (row.engine, row.language_code, row.document_id) == ("google", "uk", doc_id)
        assert row.host == stub.url.removeprefix("http://") and row.duration_ms >= 0
        assert len(row.segment_keys) >= 1 and row.characters > 0
    assert sum(r.characters for r in rows) == report.characters


def test_a_second_run_sends_nothing(db: Session, stub: StubServer) -> None:
    draft(db, stub, "libre")
    first = len(stub.requests)
    again = draft(db, stub, "libre")
    assert (again.total, len(stub.requests)) == (0, first)
    # segments emptied again: answered from the cache, nothing sent
    for seg in db.scalars(select(Segment)):
        tr = workflow.get_translation(db, seg, "uk")
        if tr.text:
            workflow.save(db, seg, "uk", "", user=None, base_version=tr.version,
                          state=State.EMPTY, origin="mt:reset")  # fmt: skip
    db.commit()
    third = draft(db, stub, "libre")
    assert len(stub.requests) == first and third.cached == third.total == len(ALL)
    assert third.drafted == len(ALL) - 1


def test_people_s_work_is_never_replaced(
    db: Session, stub: StubServer, people: SimpleNamespace
) -> None:
    segs = {s.source: s for s in db.scalars(select(Segment))}
    human, machine = segs["Why?"], segs["Makhrinov blew himself up."]
    workflow.save(db, human, "uk", "Чому?", user=people.olena, base_version=0)
    workflow.save(db, machine, "uk", "Махрінов підірвав себе.", user=None, base_version=0,
                  state=State.DRAFT, origin="mt:llm-draft")  # fmt: skip
    db.commit()
    only_empty = draft(db, stub, "libre", only_empty=True)
    assert only_empty.total == len(ALL) - 2 and "Why?" not in sent_texts(stub)
    saved = texts(db)
    assert saved["Why?"] == ("Чому?", State.TRANSLATED, "human:olena")
    assert saved["Makhrinov blew himself up."][2] == "mt:llm-draft"
    replace = draft(db, stub, "google")  # another engine's drafts are replaced, people's not
    assert replace.total == len(ALL) - 1
    assert texts(db)["Makhrinov blew himself up."][2] == "mt:google"
    assert texts(db)["Why?"][0] == "Чому?"


def test_text_a_person_writes_during_the_run_is_kept(
    factory: sessionmaker[Session], db: Session, stub: StubServer, people: SimpleNamespace
) -> None:
    last_id = db.scalar(select(Segment.id).where(Segment.source == "Why?"))

    def meanwhile(report: drafting.DraftReport) -> None:
        if report.processed == 1:
            with factory() as other:
                seg = other.get(Segment, last_id)
                assert seg is not None
                olena = other.merge(people.olena)
                workflow.save(other, seg, "uk", "Чому ж?", user=olena, base_version=0)
                other.commit()

    report = draft(db, stub, "google", progress=meanwhile, settings=settings(stub, "/m",
                   concurrency=1))  # fmt: skip
    assert report.skipped == 1
    assert texts(db)["Why?"] == ("Чому ж?", State.TRANSLATED, "human:olena")


def test_the_requesting_user_is_checked_and_recorded(
    db: Session, stub: StubServer, people: SimpleNamespace
) -> None:
    with pytest.raises(PermissionDeniedError):
        draft(db, stub, "libre", user=people.dieter)
    draft(db, stub, "libre", user=people.olena)
    users = set(db.scalars(select(Event.user_id)))
    assert users == {people.olena.id}
    assert {o for _, _, o in texts(db).values()} == {"mt:libre"}


def test_unknown_document_or_disabled_language(db: Session, stub: StubServer) -> None:
    with pytest.raises(NotFoundError, match="ingest it first"):
        drafting.draft_document(db, "nope", "uk", engine="libre", settings=settings(stub))
    with pytest.raises(NotFoundError, match="'pl' is not set up"):
        drafting.draft_document(db, "report", "pl", engine="libre", settings=settings(stub))


# -- faults: nothing stored wrongly -------------------------------------------------------


def invent_tags(text: str, target: str) -> str:
    return pseudo(text, target) + " [X9X] <x9/>"


@pytest.mark.parametrize(
    ("name", "fault", "expected"),
    [
        ("libre", Fault(translate=invent_tags), "unexpected <x9/>"),
        ("google", Fault(translate=invent_tags), "unexpected [X9X]"),
        ("libre", Fault(use_raw=True, raw_answer=""), "empty answer"),
        ("libre", Fault(use_raw=True, raw_answer=None), "no translation"),
        ("google", Fault(use_raw=True, raw_answer=None), "no translation found"),
        ("mymemory", Fault(use_raw=True, raw_answer="   "), "empty answer"),
        ("libre", Fault(status=500), "server error (HTTP 500)"),
        ("google", Fault(status=503), "server error (HTTP 503)"),
    ],
)
def test_failed_answers_leave_segments_untouched(
    name: str, fault: Fault, expected: str, db: Session, stub: StubServer
) -> None:
    stub.fault(name, fault, times=100)
    report = draft(db, stub, name)
    assert report.drafted == 0 and report.failed == report.total == len(ALL)
    assert all(expected in message for _, message in report.failures)
    assert all(tr == ("", State.EMPTY, "") for tr in texts(db).values())
    assert db.scalar(select(func.count()).select_from(MtCacheEntry)) == 0
    assert db.scalar(select(func.count()).select_from(OutboundRequest)) == len(stub.requests)


def test_mymemory_quota_text_is_never_stored_and_stops_the_run(
    db: Session, stub: StubServer
) -> None:
    stub.fault("mymemory", Fault(use_raw=True, raw_answer=MYMEMORY_QUOTA), times=100)
    report = draft(db, stub, "mymemory", settings=settings(stub, "/get", concurrency=1))
    assert report.drafted == 0 and "MYMEMORY WARNING" in report.stopped
    assert len(stub.requests) == 1
    assert not any("MYMEMORY" in text for text, _, _ in texts(db).values())


def test_a_placeholder_lost_for_one_segment_spares_the_others(
    db: Session, stub: StubServer
) -> None:
    def lose_g1(text: str, target: str) -> str:
        return pseudo(text.replace("<g1>", "").replace("</g1>", ""), target)

    stub.translate = lose_g1
    report = draft(db, stub, "libre")
    failed = {key for key, _ in report.failures}
    with_g1 = {s.key for s in db.scalars(select(Segment)) if "<g1>" in s.source}
    assert failed == with_g1 and report.drafted == len(ALL) - len(with_g1) - 1
    for source, (text, state, _) in texts(db).items():
        assert (state == State.EMPTY) == ("<g1>" in source)
        assert "<g1>" not in source or text == ""


def test_a_crashed_run_resumes_without_sending_finished_segments(
    db: Session, stub: StubServer
) -> None:
    class Crash(Exception):
        pass

    def crash(report: drafting.DraftReport) -> None:
        if report.processed == 3:
            raise Crash

    stub.latency = 0.05  # requests slower than saves: the crash comes with requests to go
    with pytest.raises(Crash):
        draft(db, stub, "google", progress=crash, settings=settings(stub, "/m", concurrency=1))
    db.rollback()
    done_before = {s for s, (t, _, _) in texts(db).items() if t}
    sent_before = len(stub.requests)
    assert len(done_before) >= 3 and sent_before < len(set(ALL))
    report = draft(db, stub, "google")
    resent = sent_texts(stub)[sent_before:]
    masked_done = {drafting_masked(s) for s in done_before}
    assert not masked_done & set(resent), "finished segments are not sent again"
    assert report.failed == 0 and all(t for t, _, _ in texts(db).values())
    assert len(sent_texts(stub)) == len(set(ALL)), "every distinct sentence paid for once"


def drafting_masked(source: str) -> str:
    from translate_app.machinery import MarkerStyle, Masker

    return Masker([NAME], MarkerStyle.OPAQUE).mask(source).text


# -- the memory as an engine --------------------------------------------------------------


def test_memory_engine_drafts_from_the_translation_memory(
    db: Session, stub: StubServer, people: SimpleNamespace
) -> None:
    """Units come from people's translations of another document; nothing is sent."""
    from tests.conftest import build_document

    other = build_document([["Why?", "Resistance takes many forms!", "Unrelated words here."]],
                           slug="other", path="other.md")  # fmt: skip
    ingest(db, other)
    for seg in db.scalars(select(Segment).join(Document).where(Document.slug == "other")):
        workflow.save(db, seg, "uk", f"UK {seg.source}", user=people.olena, base_version=0)
    db.commit()
    report = drafting.draft_document(db, "report", "uk", engine="memory")
    saved = texts(db)
    assert saved["Why?"] == ("UK Why?", State.DRAFT, "tm:100")
    text, state, origin = saved["Resistance takes many forms."]
    assert (text, state) == ("UK Resistance takes many forms!", State.DRAFT)
    assert origin.startswith("tm:") and 75 <= int(origin[3:]) < 100
    assert report.drafted == 2 and report.unchanged == 1  # the repeat, by propagation
    assert report.no_match == len(ALL) - 3 and report.failed == 0
    assert stub.requests == [] and db.scalar(select(func.count()).select_from(OutboundRequest)) == 0


# -- dry run and the command ---------------------------------------------------------------


def test_dry_run_shows_the_masked_requests_and_sends_nothing(db: Session, stub: StubServer) -> None:
    plan = drafting.plan_document(
        db, "report", "uk", engine="libre", engine_url=stub.url, config=Config(
            instance_path=Path("/nonexistent"), database_url="sqlite://",
            extra={"TRANSLATE_APP_LIBRE_BATCH_SIZE": "4"},
        ),
    )  # fmt: skip
    assert stub.requests == [] and plan.total == len(ALL)
    assert [len(r.texts) for r in plan.plan.requests] == [4, 2]  # the repeat is sent once
    first = plan.plan.requests[0]
    assert first.texts[0] == "In occupied Tokmak, <x2/>’s final breath was an act of " \
        "<g1>resistance</g1>."  # fmt: skip
    assert first.texts[1] == "<x1/> blew himself up."
    assert db.scalar(select(func.count()).select_from(OutboundRequest)) == 0


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    db: Session, config: Config, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", config.database_url)
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(config.instance_path))
    monkeypatch.setenv("TRANSLATE_APP_MT_RETRIES", "2")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_draft_command_with_progress_and_summary(run: Run, stub: StubServer, db: Session) -> None:
    code, out, err = run("draft", "report", "--lang", "uk", "--engine", "libre",
                         "--engine-url", stub.url)  # fmt: skip
    assert code == 0, err
    assert f"report [uk] with libre: {len(ALL)} segments to draft, {len(ALL) - 1} drafted" in out
    assert f"drafting: {len(ALL)}/{len(ALL)} segments (100%)" in err and "/s, ETA" in err
    assert "\r" not in err, "plain lines when stderr is not a terminal"


def test_draft_command_dry_run(run: Run, stub: StubServer) -> None:
    code, out, _ = run("draft", "report", "--lang", "uk", "--engine", "libre",
                       "--engine-url", stub.url, "--dry-run")  # fmt: skip
    assert code == 0 and stub.requests == []
    assert f"{len(ALL)} segments to draft; 1 requests" in out
    assert "<x1/> blew himself up." in out and "Makhrinov" not in out.split("\n", 1)[1]


def test_draft_command_reports_failures_with_exit_status_1(
    run: Run, stub: StubServer, db: Session
) -> None:
    stub.fault("libre", Fault(status=500, body='{"error": "model crashed"}'), times=5)
    code, out, err = run("draft", "report", "--lang", "uk", "--engine", "libre",
                         "--engine-url", stub.url)  # fmt: skip
    assert code == 1 and f"{len(ALL)} failed" in out
    assert 'error: libre: server error (HTTP 500): {"error": "model crashed"}' in err
    assert all(t == "" for t, _, _ in texts(db).values())


def test_draft_command_errors_are_one_line(run: Run) -> None:
    code, _, err = run("draft", "report", "--lang", "uk", "--engine", "libre")
    assert code == 1 and err.startswith("error: the libre engine needs the address")
    code, _, err = run("draft", "report", "--lang", "uk", "--engine", "babel")
    assert code == 1 and "unknown engine 'babel'" in err


def test_progress_bar_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    bar = ProgressBar(stream, interval=0)
    report = drafting.DraftReport("report", "uk", "libre", total=40)
    for _ in range(10):
        report.drafted += 1
        bar(report)
    report.failures.append(("k", "boom"))
    bar(report)
    bar.close()
    shown = stream.getvalue()
    assert shown.count("\r") == 11 and shown.endswith("\n")
    assert "[########----------------------] 11/40 segments (28%)" in shown
    assert "ETA" in shown and "1 failed" in shown


def test_job_status_as_json(db: Session, stub: StubServer) -> None:
    job_doc = db.scalar(select(Segment.document_id))
    from translate_app.store.models import DraftJob

    job = DraftJob(document_id=job_doc, language_code="uk", engine="libre", total=9, done=3)
    db.add(job)
    db.commit()
    status = drafting.job_status(db, job.id)
    data = json.loads(json.dumps(status.as_dict()))
    assert (data["slug"], data["status"], data["percent"], data["eta_seconds"]) == (
        "report", "queued", 33.3, None,
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        drafting.job_status(db, 999)
