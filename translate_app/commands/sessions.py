"""The database a command works on: :func:`open_sessions`, for every command that uses it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from translate_app.errors import ConfigurationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from translate_app.config import Config


@contextmanager
def open_sessions(config: Config, *, create: bool = False) -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured database, closed again when the command ends.

    With ``create`` the database is created or upgraded first (``init``); without it,
    a database that has no translate_app tables is a :class:`ConfigurationError`
    telling to run ``translate-app init``.  SQLAlchemy is imported here, when a
    command first needs the store, not when the command line is read.
    """
    from sqlalchemy import inspect

    from translate_app.store import db

    engine = db.make_engine(config.database_url)
    try:
        if create:
            db.upgrade(engine)
        elif not inspect(engine).has_table("documents"):
            raise ConfigurationError(
                f"no translate_app database at {engine.url.render_as_string(hide_password=True)}; "
                "run 'translate-app init' first"
            )
        yield db.make_session_factory(engine, config)
    finally:
        engine.dispose()
