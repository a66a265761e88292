"""Fixtures: a fresh, migrated store per test on SQLite, and on PostgreSQL too when
``TRANSLATE_APP_TEST_POSTGRES_URL`` is set (``scripts/pg-test-server`` starts one).

Migrations run once per session into a template (a SQLite file that is copied,
a PostgreSQL database used as ``CREATE DATABASE ... TEMPLATE``), so every test
gets its own database quickly.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from translate_app.people.languages import enable_language
from translate_app.people.users import add_user
from translate_app.segment.model import Code, CodeKind, ParsedDocument, ParsedSegment, Syntax
from translate_app.store.db import make_engine, make_session_factory, normalize_url, upgrade

POSTGRES_URL = os.environ.get("TRANSLATE_APP_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[Engine, str]]:
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"ta_template_{os.getpid()}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine = make_engine(normalize_url(POSTGRES_URL).set(database=name))
    upgrade(engine)
    engine.dispose()
    yield admin, name
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty store of its own."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "store.db"
        shutil.copyfile(template, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    admin, template_name = request.getfixturevalue("postgres_template")
    name = f"ta_test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template_name}")
    engine = make_engine(normalize_url(POSTGRES_URL).set(database=name))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session:
        yield session


@pytest.fixture
def people(session: Session) -> SimpleNamespace:
    """Languages uk and de, and one person per role (no passwords: hashing is slow)."""
    enable_language(session, "uk")
    enable_language(session, "de")
    found = SimpleNamespace(
        olena=add_user(session, "olena", "translator", ["uk"]),
        taras=add_user(session, "taras", "translator", ["uk"]),
        ed=add_user(session, "ed", "editor", ["uk"]),
        eva=add_user(session, "eva", "editor", ["uk"]),
        dieter=add_user(session, "dieter", "editor", ["de"]),
        root=add_user(session, "root", "admin"),
    )
    session.commit()
    return found


def build_document(
    paragraphs: Sequence[str | Sequence[str]],
    *,
    slug: str = "report",
    path: str = "report.md",
    front_matter: str = "",
) -> ParsedDocument:
    """A segmented document made by hand (no dependency on the segmenter).

    Each paragraph is a sentence or a list of sentences; sentences are joined by
    a space, paragraphs by a blank line.  Keys are a hash of the normalized
    sentence plus ``-N`` for its N-th occurrence; ``group`` is the hash alone.
    Placeholders in a sentence (``<g1>``, ``<x2/>``) become codes.  An optional
    ``front_matter`` (``---`` lines included) comes first and has no segments.
    """
    text_parts: list[str] = [front_matter] if front_matter else []
    segments: list[ParsedSegment] = []
    seen: dict[str, int] = {}
    offset = len(front_matter)
    line = front_matter.count("\n") + 1
    for block, paragraph in enumerate(paragraphs):
        if block or front_matter:
            text_parts.append("\n\n")
            offset += 2
            line += 2
        sentences = [paragraph] if isinstance(paragraph, str) else list(paragraph)
        for number, sentence in enumerate(sentences):
            if number:
                text_parts.append(" ")
                offset += 1
            group = hashlib.sha1(" ".join(sentence.split()).encode()).hexdigest()[:16]
            seen[group] = seen.get(group, 0) + 1
            occurrence = seen[group]
            segments.append(
                ParsedSegment(
                    key=group if occurrence == 1 else f"{group}-{occurrence}",
                    source=sentence,
                    start=offset,
                    end=offset + len(sentence),
                    line=line,
                    kind="paragraph",
                    block=block,
                    syntax=Syntax.MARKDOWN,
                    codes=_codes(sentence),
                    context=f"paragraph {block + 1}",
                    occurrence=occurrence,
                    group=group,
                )
            )
            text_parts.append(sentence)
            offset += len(sentence)
            line += sentence.count("\n")
    return ParsedDocument(slug=slug, path=path, text="".join(text_parts), segments=segments)


def _codes(sentence: str) -> tuple[Code, ...]:
    codes = []
    for match in re.finditer(r"<(/?)g(\d+)>|<x(\d+)/>", sentence):
        if match.group(3):
            codes.append(Code(int(match.group(3)), CodeKind.STANDALONE, "`x`", "code"))
        elif match.group(1):
            codes.append(Code(int(match.group(2)), CodeKind.CLOSE, "*", "emphasis"))
        else:
            codes.append(Code(int(match.group(2)), CodeKind.OPEN, "*", "emphasis"))
    return tuple(codes)


@pytest.fixture
def make_document() -> Callable[..., ParsedDocument]:
    """``build_document`` as a fixture (tests need not import from conftest)."""
    return build_document


@pytest.fixture
def single_threaded() -> None:
    """A test process that may fork (``translate_app.runtime.forking.can_fork``: no other thread).

    Earlier tests leave threads that end a little later: a stub server's request handlers
    still answering, the idle thread pool of Playwright's event loop until the collector
    frees it.  They are collected and waited for (at most 20 s); a thread still running
    after that fails the test with its name.
    """
    gc.collect()
    deadline = time.monotonic() + 20
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    running = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert not running, f"threads still running, the test cannot fork: {running}"
