"""Drafting as background jobs on Huey: the SQLite queue in the instance folder, Redis when
``REDIS_URL`` is set (a redis-server started here on 127.0.0.1), the ``translate-app
worker`` process, and resuming after the worker is killed without re-sending finished
segments.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from tests.stubs import StubServer, loopback_only
from tests.test_drafting import ALL, NAME, build_doc, drafting_masked, settings, texts
from translate_app import drafting
from translate_app.config import Config
from translate_app.documents.ingesting import ingest
from translate_app.errors import PermissionDeniedError, TranslateAppError
from translate_app.store.db import make_session_factory
from translate_app.store.models import DraftJob, GlossaryTerm, OutboundRequest
from translate_app.store.states import State

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with StubServer(latency=0.001) as server:
        yield server


@pytest.fixture
def config(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.delenv("REDIS_URL", raising=False)
    return Config(
        instance_path=tmp_path / "instance",
        database_url=engine.url.render_as_string(hide_password=False),
    )


@pytest.fixture
def db(engine: Engine, config: Config, people: SimpleNamespace) -> Iterator[Session]:
    with make_session_factory(engine, config)() as session:
        session.add(GlossaryTerm(source_term=NAME, do_not_send=True))
        ingest(session, build_doc())
        session.commit()
        yield session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A redis-server of the test's own on 127.0.0.1 (Debian package redis-server)."""
    exe = shutil.which("redis-server")
    assert exe, "redis-server is needed: apt-get install redis-server"
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    process = subprocess.Popen(
        [exe, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        monkeypatch.setenv("REDIS_URL", url)
        yield url
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def wait_for(check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def status(db: Session, job_id: int) -> drafting.JobStatus:
    db.rollback()  # see other processes' commits
    return drafting.job_status(db, job_id)


class Worker:
    """``translate-app worker`` in a process of its own."""

    def __init__(self, config: Config, **env: str) -> None:
        environment = {
            **os.environ,
            "TRANSLATE_APP_DATABASE_URL": config.database_url,
            "TRANSLATE_APP_INSTANCE_PATH": str(config.instance_path),
            "TRANSLATE_APP_MT_RETRIES": "2",
            **env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "translate_app.cli", "worker"],
            cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=30)
        return out

    def kill(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=30)


def test_start_job_queues_and_a_worker_runs_it(db: Session, config: Config, stub: StubServer):
    job = drafting.start_job(db, "report", "uk", "libre", {"engine_url": stub.url}, None)
    assert (job.status, job.total, job.engine) == ("queued", len(ALL), "libre")
    huey = drafting.queue(config)
    assert huey.pending_count() == 1 and (config.instance_path / "queue.db").exists()
    task = huey.dequeue()
    huey.execute(task)
    found = status(db, job.id)
    assert (found.status, found.done, found.failed, found.percent) == ("done", len(ALL), 0, 100)
    assert found.started_at is not None and found.finished_at is not None
    assert {t for t, _, _ in texts(db).values()} and all(
        state == State.DRAFT for _, state, _ in texts(db).values()
    )
    jobs = set(db.scalars(select(OutboundRequest.job_id)))
    assert jobs == {job.id}


def test_job_options_are_checked(db: Session, people: SimpleNamespace) -> None:
    with pytest.raises(TranslateAppError, match="unknown drafting options: speed"):
        drafting.start_job(db, "report", "uk", "libre", {"speed": 2}, None)
    with pytest.raises(TranslateAppError, match="unknown engine"):
        drafting.start_job(db, "report", "uk", "babel", {}, None)
    with pytest.raises(PermissionDeniedError):
        drafting.start_job(db, "report", "uk", "google", {}, people.dieter)


def test_a_job_that_fails_is_reported(db: Session, config: Config) -> None:
    job = drafting.start_job(db, "report", "uk", "libre", {}, None)  # no LibreTranslate address
    drafting.queue(config).flush()
    found = drafting.run_job(db, job.id, config=config)
    assert found.status == "failed" and "TRANSLATE_APP_LIBRE_URL" in found.error
    assert drafting.run_job(db, job.id, config=config).status == "failed", "run once only"


def test_a_job_left_running_by_a_crash_resumes_without_resending(
    db: Session, config: Config, stub: StubServer
) -> None:
    job = drafting.start_job(db, "report", "uk", "google", {"engine_url": stub.url + "/m"}, None)
    drafting.queue(config).flush()
    db.execute(update(DraftJob).where(DraftJob.id == job.id).values(status="running"))
    db.commit()

    class Crash(Exception):
        pass

    def crash(report: drafting.DraftReport) -> None:
        if report.processed == 3:
            raise Crash

    stub.latency = 0.05  # requests slower than saves: the crash comes with requests to go
    with pytest.raises(Crash):
        drafting.draft_document(
            db, "report", "uk", engine="google", job=job, progress=crash,
            settings=settings(stub, "/m", concurrency=1),
        )  # fmt: skip
    finished = {drafting_masked(s) for s, (text, _, _) in texts(db).items() if text}
    sent_before = len(stub.requests)
    assert status(db, job.id).status == "running" and len(finished) >= 3
    assert sent_before < len(set(ALL))

    assert drafting.recover_jobs(db) == [job.id]
    found = drafting.run_job(db, job.id, config=config)
    assert (found.status, found.failed, found.done, found.total) == ("done", 0, len(ALL), len(ALL))
    resent = {t for r in stub.requests[sent_before:] for t in r.texts}
    assert not finished & resent
    assert all(text for text, _, _ in texts(db).values())


def test_worker_process_on_the_sqlite_queue(db: Session, config: Config, stub: StubServer):
    worker = Worker(config)
    try:
        job = drafting.start_job(db, "report", "uk", "libre", {"engine_url": stub.url}, None)
        wait_for(lambda: status(db, job.id).status == "done")
    finally:
        output = worker.stop()
    assert worker.process.returncode == 0, output
    assert status(db, job.id).done == len(ALL)
    assert all(state == State.DRAFT for _, state, _ in texts(db).values())


def test_worker_on_redis_when_redis_url_is_set(
    db: Session, config: Config, stub: StubServer, redis_url: str
) -> None:
    job = drafting.start_job(db, "report", "uk", "libre", {"engine_url": stub.url}, None)
    assert redis.Redis.from_url(redis_url).keys("*"), "the job went to Redis"
    assert not (config.instance_path / "queue.db").exists()
    worker = Worker(config, REDIS_URL=redis_url)
    try:
        wait_for(lambda: status(db, job.id).status == "done")
    finally:
        worker.stop()
    assert status(db, job.id).done == len(ALL)


def test_a_killed_worker_resumes_without_resending_finished_segments(
    db: Session, config: Config, stub: StubServer
) -> None:
    stub.latency = 0.15
    env: dict[str, Any] = {"TRANSLATE_APP_MT_CONCURRENCY": "1"}
    worker = Worker(config, **env)
    try:
        job = drafting.start_job(
            db, "report", "uk", "google", {"engine_url": stub.url + "/m"}, None
        )
        wait_for(lambda: status(db, job.id).done >= 2)
        worker.kill()
    finally:
        if worker.process.poll() is None:
            worker.kill()
    assert status(db, job.id).status == "running"
    finished = {drafting_masked(s) for s, (text, _, _) in texts(db).items() if text}
    sent_before = len(stub.requests)
    stub.latency = 0.001
    again = Worker(config, **env)
    try:
        wait_for(lambda: status(db, job.id).status == "done")
    finally:
        again.stop()
    resent = {t for r in stub.requests[sent_before:] for t in r.texts}
    assert finished and not finished & resent
    assert all(text for text, _, _ in texts(db).values())
