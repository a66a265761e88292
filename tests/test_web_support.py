"""Fixtures and helpers of the web, API and browser tests (loaded with ``pytest_plugins``).

A seeded store: languages uk and de, one person per role and language, a small
document with placeholders and a repeated sentence, machine drafts and a few
translated texts.  Passwords are hashed once per session (scrypt is slow).
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from tests.conftest import build_document
from translate_app import workflow
from translate_app.config import Config
from translate_app.documents.ingesting import ingest
from translate_app.people.languages import enable_language
from translate_app.people.users import add_user, hash_password
from translate_app.store.db import make_engine, make_session_factory
from translate_app.store.models import Segment, User
from translate_app.store.states import State
from translate_app.web import create_app

PASSWORD = "correct horse battery"
"""Everybody's password in the tests."""
SLUG = "report"
PARAGRAPHS: list[str | list[str]] = [
    "The Border",
    ["The border was closed.", "Nobody knew why."],
    ["We walked <g1>for days</g1>.", "The road was long."],
    ["Nobody knew why.", "Then came the <x1/> rain."],
    ["Everyone stayed home.", "The shops were shut.", "The town waited."],
]
"""The test document: a heading, paragraphs, placeholders, a repeated sentence."""
PEOPLE = {
    "olena": ("translator", ["uk"]),
    "taras": ("translator", ["uk"]),
    "greta": ("translator", ["de"]),
    "ed": ("editor", ["uk"]),
    "eva": ("editor", ["uk"]),
    "dieter": ("editor", ["de"]),
    "root": ("admin", []),
}
"""Login name: role and languages."""
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Site:
    """A seeded store and the application on it."""

    app: Flask
    engine: Engine
    factory: sessionmaker[Session]
    keys: list[str]
    """Segment keys in document order."""
    ids: dict[str, int]
    """User ids by name."""

    def client(self, name: str | None = None) -> Browser:
        """A test client, logged in as ``name`` unless None."""
        browser = Browser(self.app.test_client())
        if name is not None:
            browser.login(name)
        return browser

    def session(self) -> Session:
        return self.factory()

    def segment(self, session: Session, index: int) -> Segment:
        found = session.scalar(select(Segment).where(Segment.key == self.keys[index]))
        assert found is not None
        return found

    def user(self, session: Session, name: str) -> User:
        found = session.get(User, self.ids[name])
        assert found is not None
        return found


class Browser:
    """A Flask test client that logs in and sends CSRF tokens like a browser."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self._token: str | None = None

    def login(self, name: str, password: str = PASSWORD) -> Any:
        return self.post("/auth/login", {"name": name, "password": password})

    def csrf(self) -> str:
        if self._token is None:
            page = self.client.get("/auth/login").get_data(as_text=True)
            if "csrf-token" not in page:  # logged in: the login page redirects
                page = self.client.get("/profile/").get_data(as_text=True)
            match = _CSRF.search(page)
            assert match, "no CSRF token in the page"
            self._token = match.group(1)
        return self._token

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False,
             csrf: bool = True, **kwargs: Any) -> Any:  # fmt: skip
        form = dict(data or {})
        headers = dict(kwargs.pop("headers", {}))
        if csrf:
            if htmx:
                headers["X-CSRFToken"] = self.csrf()
            else:
                form.setdefault("csrf_token", self.csrf())
        if htmx:
            headers["HX-Request"] = "true"
        response = self.client.post(url, data=form, headers=headers, **kwargs)
        if url in {"/auth/login", "/auth/logout"}:
            self._token = None  # a new session: a new CSRF token
        return response


def seed(factory: sessionmaker[Session], password_hash: str) -> tuple[list[str], dict[str, int]]:
    """Languages, people, the document, drafts and some translated texts."""
    with factory() as session:
        enable_language(session, "uk")
        enable_language(session, "de")
        ids = {}
        for name, (role, langs) in PEOPLE.items():
            user = add_user(session, name, role, langs, display_name=name.capitalize())
            user.password_hash = password_hash
            ids[name] = user.id
        ingest(session, build_document(PARAGRAPHS, slug=SLUG, path="report.md"))
        session.flush()
        segments = list(session.scalars(select(Segment).order_by(Segment.position)))
        keys = [s.key for s in segments]
        olena = session.get(User, ids["olena"])
        drafts = {0: "Кордон", 1: "Кордон закрили.", 3: "Ми йшли <g1>днями</g1>.",
                  7: "Усі сиділи вдома."}  # fmt: skip
        for index, text in drafts.items():
            workflow.save(session, segments[index], "uk", text, user=None, base_version=0,
                          state=State.DRAFT, origin="mt:test", action="draft")  # fmt: skip
        done = {4: "Дорога була довгою.", 8: "Крамниці зачинили.", 9: "Місто чекало."}
        for index, text in done.items():
            workflow.save(session, segments[index], "uk", text, user=olena, base_version=0)
        session.commit()
    return keys, ids


class _Tracebacks(logging.Handler):
    """Collects what a server logs about an exception it did not handle."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Flask: "Exception on <path>" with exc_info; werkzeug's server: "Error on request".
        if record.exc_info or record.name == "werkzeug":
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_tracebacks(request: pytest.FixtureRequest) -> Iterator[list[logging.LogRecord]]:
    """Fail the test when the app or its server logged an unhandled exception (a 500).

    Flask logs one on the ``translate_app.web`` logger (the app's own, ``…web.app``)
    when it answers 500; with ``TESTING`` the exception reaches werkzeug's server,
    which logs it on ``werkzeug``.  A test that provokes one on purpose says so with
    ``@pytest.mark.tracebacks_expected`` and may read the records (this fixture's value).
    """
    handler = _Tracebacks()
    loggers = [logging.getLogger("translate_app.web"), logging.getLogger("werkzeug")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("tracebacks_expected") is None:
        shown = "\n".join(handler.format(record) for record in handler.records[:3])
        pytest.fail(f"the server logged {len(handler.records)} unhandled exception(s):\n{shown}")


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_site(engine: Engine, tmp_path: Path, password_hash: str) -> Site:
    url = engine.url.render_as_string(hide_password=False)
    config = Config(instance_path=tmp_path / "instance", database_url=url)
    factory = make_session_factory(engine, config)
    keys, ids = seed(factory, password_hash)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-" + "x" * 40,
                      "TRANSLATE_APP_CONFIG": config, "DATABASE_ENGINE": engine})  # fmt: skip
    return Site(app=app, engine=engine, factory=factory, keys=keys, ids=ids)


@pytest.fixture
def site(sqlite_template: Path, tmp_path: Path, password_hash: str) -> Iterator[Site]:
    """The seeded site on a SQLite file of its own."""
    path = tmp_path / "store.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield make_site(engine, tmp_path, password_hash)
    engine.dispose()


@pytest.fixture
def any_site(engine: Engine, tmp_path: Path, password_hash: str) -> Site:
    """The seeded site on every backend under test (SQLite, and PostgreSQL when available)."""
    return make_site(engine, tmp_path, password_hash)


@dataclass
class Server:
    """The application served over HTTP on 127.0.0.1 (werkzeug, threaded)."""

    url: str
    server: BaseWSGIServer
    thread: threading.Thread


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are not logged (the tests check what they need)."""


def serve(app: Flask) -> Server:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return Server(f"http://127.0.0.1:{server.server_port}", server, thread)


def stop(server: Server) -> None:
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=10)
