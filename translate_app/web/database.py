"""One request, one transaction (``db.transaction`` semantics for the web).

The session is opened on first use in a request.  The response decides: a
successful one (status below 400) commits; an error response or an exception
rolls everything back, so a refused save leaves nothing behind.  A view that
must keep a record despite answering with an error (a failed login attempt)
calls :func:`keep_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from flask import Flask, Response, current_app, g
from sqlalchemy import CursorResult, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.selectable import TypedReturnsRows

from translate_app.config import Config

EXTENSION = "translate_app"
"""Key of :class:`WebState` in ``app.extensions``."""


@dataclass
class WebState:
    """What the application shares between requests."""

    config: Config
    """The installation's settings."""
    engine: Engine
    """The database engine (a pool shared by the server's threads)."""
    factory: sessionmaker[Session]
    """Sessions carrying ``config`` (the workflow reads its policy from them)."""
    owns_engine: bool
    """Whether the application created the engine (and disposes of it)."""


def web_state(app: Flask | None = None) -> WebState:
    """The :class:`WebState` of ``app`` (default: the current application)."""
    state = (app or current_app).extensions[EXTENSION]
    assert isinstance(state, WebState)
    return state


def db() -> Session:
    """The session of the current request, in its transaction."""
    session = g.get("_ta_session")
    if session is None:
        session = web_state().factory()
        session.begin()
        g._ta_session = session
    assert isinstance(session, Session)
    return session


_Ts = TypeVarTuple("_Ts")


def read(
    session: Session, statement: TypedReturnsRows[*_Ts], params: Mapping[str, Any]
) -> CursorResult[*_Ts]:
    """Rows of ``statement`` (columns, not ORM entities) with ``params``, read on the
    session's connection in its transaction.

    The ORM's execution path costs ~60 µs per statement, more than most of a page's queries
    take in SQLite; statements built once at import (with ``bindparam``) also skip their
    construction.  Pending changes are flushed first, as the ORM's autoflush would.
    """
    session.flush()
    return session.connection().execute(statement, params)


def keep_changes() -> None:
    """Commit this request's changes even if the response is an error."""
    g._ta_keep = True


def _finish(response: Response) -> Response:
    session = g.pop("_ta_session", None)
    if session is None:
        return response
    try:
        if response.status_code < 400 or g.pop("_ta_keep", False):
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()
    return response


def _discard(_exc: BaseException | None) -> None:
    session = g.pop("_ta_session", None)
    if session is not None:  # an exception escaped: nothing of this request is kept
        session.rollback()
        session.close()


def init_app(app: Flask, state: WebState) -> None:
    """Register the state and the transaction hooks."""
    app.extensions[EXTENSION] = state
    app.after_request(_finish)
    app.teardown_request(_discard)
