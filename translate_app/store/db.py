"""Engines, sessions, migrations and transactions.

SQLite (embedded default) runs in WAL mode with foreign keys on and a busy
timeout, so a web process, a worker and the CLI can share one file.
PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from translate_app.config import Config
from translate_app.errors import ConfigurationError

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
"""The Alembic environment, shipped inside the package."""

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another one before giving up."""

CONFIG_KEY = "translate_app.config"
"""Key of the :class:`Config` in ``Session.info`` (read by the workflow for its policy)."""


def normalize_url(url: str | URL) -> URL:
    """Parse ``url``; PostgreSQL URLs without a driver use psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"invalid database URL {str(url)!r}: {exc}") from exc
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def upsert_insert(dialect: str) -> Any:
    """``insert`` of the dialect named ``dialect``, whose statements take ``ON CONFLICT``
    (PostgreSQL and SQLite alike); None for a database without it."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    """An engine for ``url``, configured for concurrent use.

    SQLite: the folder of the database file is created; every connection
    gets WAL journaling, ``foreign_keys=ON`` and a busy timeout.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, echo=echo, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in {"", ":memory:"} or database.startswith("file::memory:")
    if not in_memory and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        parsed, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                # Pages of 8 KiB: fewer page splits and overflow pages when a large document's
                # segments are written (a tenth less time).  Only a new, empty database takes
                # it; WAL journaling, set next, fixes the page size for good.
                cursor.execute("PRAGMA page_size=8192")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    return engine


def make_session_factory(engine: Engine, config: Config | None = None) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; ``config`` (policy settings) travels in ``Session.info``.

    Objects stay readable after commit (``expire_on_commit=False``), so a
    command can print what it just stored.
    """
    info: dict[str, Any] = {CONFIG_KEY: config} if config is not None else {}
    return sessionmaker(bind=engine, expire_on_commit=False, info=info)


def alembic_config() -> AlembicConfig:
    """Alembic configuration pointing at the migrations inside the package."""
    from alembic.config import Config as AlembicConfig  # only commands that migrate pay for it

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (idempotent)."""
    from alembic import command

    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise ConfigurationError(f"cannot set up the database at {where}: {exc.orig}") from exc


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back entirely on error."""
    with factory() as session, session.begin():
        yield session
