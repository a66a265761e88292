"""The store: documents, segments, languages, translations and their history.

SQLAlchemy 2.0 typed declarative models.  Constraint names follow one naming
convention so that migrations can refer to them on every database.  Nothing is
ever deleted: segments removed from the source become obsolete, every change of
a translation is an :class:`Event`, approvals are deactivated, not dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from translate_app.store.states import State

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Names of indexes and constraints, the same on SQLite and PostgreSQL."""


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    PostgreSQL stores ``timestamp with time zone``; SQLite has no time zones,
    so the value is stored as naive UTC and made aware again on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: use an aware UTC time (models.utcnow)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class StateType(TypeDecorator[State]):
    """A workflow :class:`State` stored as its integer value."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: State | int | None, dialect: Dialect) -> int | None:
        return None if value is None else int(State(value))

    def process_result_value(self, value: int | None, dialect: Dialect) -> State | None:
        return None if value is None else State(value)


class Role(StrEnum):
    """What a person may do (DESIGN §4)."""

    TRANSLATOR = "translator"
    """Edit and comment, for assigned languages."""
    EDITOR = "editor"
    """Also approve and reject, for assigned languages."""
    ADMIN = "admin"
    """Everything, for every language: users, languages, documents, engines, publishing."""


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime(), State: StateType()}  # noqa: RUF012


user_languages = Table(
    "user_languages",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("language_code", ForeignKey("languages.code"), primary_key=True),
)
"""Which languages a translator or editor works on (admins work on all)."""


class User(Base):
    """A person who translates, reviews or administers."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('translator', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    """Login name, also used in origins (``human:<name>``)."""
    display_name: Mapped[str] = mapped_column(String(200), default="")
    """Name shown in the UI and in colophons."""
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    """Self-describing scrypt hash (``users.hash_password``); empty: cannot log in."""
    role: Mapped[str] = mapped_column(String(16))
    """One of :class:`Role`."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    """Inactive people can neither log in nor change anything."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    credit_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    """The person agreed to be named in the colophon of editions."""
    ui_locale: Mapped[str | None] = mapped_column(String(35), default=None)
    """Language of the web UI chosen by the person; ``None``: from the browser."""
    activity_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the person last looked at the activity feed (what is new since)."""
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Sessions carry it (``web.accounts``): raising it ends every session of the person
    (logout, password change, deactivation, an admin's "end all sessions")."""

    languages: Mapped[list[Language]] = relationship(secondary=user_languages)

    @property
    def label(self) -> str:
        """Display name, or login name when there is none."""
        return self.display_name or self.name


class Language(Base):
    """A target language (CLDR locale data from Babel)."""

    __tablename__ = "languages"
    __table_args__ = (CheckConstraint("direction IN ('ltr', 'rtl')", name="direction"),)

    code: Mapped[str] = mapped_column(String(35), primary_key=True)
    """Locale code as used in paths and PO files (``uk``, ``pt_BR``)."""
    name: Mapped[str] = mapped_column(String(100))
    """Name of the language in itself (``українська``)."""
    english_name: Mapped[str] = mapped_column(String(100))
    """Name in English (``Ukrainian``)."""
    direction: Mapped[str] = mapped_column(String(3), default="ltr")
    """``ltr`` or ``rtl``."""
    plural_forms: Mapped[str] = mapped_column(String(255))
    """PO ``Plural-Forms`` header value."""
    plural_count: Mapped[int] = mapped_column(Integer)
    """Number of plural forms."""
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    approvals_needed: Mapped[int | None] = mapped_column(Integer, default=None)
    """Editor approvals a translation needs; ``None``: the configured default."""


class Document(Base):
    """A source document, as last ingested."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    path: Mapped[str] = mapped_column(Text)
    """Where the text came from, as given."""
    title: Mapped[str] = mapped_column(Text, default="")
    source_text: Mapped[str] = mapped_column(Text)
    """The whole source text; segment spans index into it."""
    source_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of ``source_text``."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Incremented each time an ingest brings a changed text."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    segments: Mapped[list[Segment]] = relationship(
        back_populates="document", order_by="Segment.position"
    )


class Segment(Base):
    """One translatable unit of a document (see ``segment.model.Segment``)."""

    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("document_id", "key"),
        Index(None, "document_id", "group_hash"),
        Index(None, "document_id", "obsolete", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    key: Mapped[str] = mapped_column(String(128))
    """Stable key, unique within the document."""
    group_hash: Mapped[str] = mapped_column(String(128), default="")
    """Hash of the normalized source: segments sharing it share a translation."""
    source: Mapped[str] = mapped_column(Text)
    """Text with placeholders, as the translator sees it."""
    previous_source: Mapped[str | None] = mapped_column(Text, default=None)
    """Source before the last edit that outdated this segment (for a diff)."""
    position: Mapped[int] = mapped_column(Integer)
    """Order in the document (0-based)."""
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    block: Mapped[int] = mapped_column(Integer)
    syntax: Mapped[str] = mapped_column(String(32))
    context: Mapped[str] = mapped_column(Text, default="")
    codes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """Placeholders: ``{"id", "kind", "markup", "label"}`` per code."""
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    words: Mapped[int] = mapped_column(Integer, default=0)
    """Words in the source, placeholders left out (for status)."""
    obsolete: Mapped[bool] = mapped_column(Boolean, default=False)
    """Gone from the source; kept for the memory and revived if it comes back."""

    document: Mapped[Document] = relationship(back_populates="segments")
    translations: Mapped[list[Translation]] = relationship(back_populates="segment")


class Translation(Base):
    """The translation of one segment into one language."""

    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("segment_id", "language_code"),
        Index(None, "language_code", "state"),
        CheckConstraint("state IN (0, 10, 20, 30)", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    language_code: Mapped[str] = mapped_column(ForeignKey("languages.code"))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[State] = mapped_column(default=State.EMPTY)
    version: Mapped[int] = mapped_column(Integer, default=0)
    """0 while never written; +1 for every change of text or state."""
    origin: Mapped[str] = mapped_column(String(255), default="")
    """``human:<user>``, ``mt:<engine>``, ``tm:<score>``, ``import:<file>``."""
    linked: Mapped[bool] = mapped_column(Boolean, default=True)
    """Shares its text with identical segments of the document (propagation)."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    last_human_author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    """Who last wrote the text by hand (the four-eyes rule keeps them from approving it)."""

    segment: Mapped[Segment] = relationship(back_populates="translations")
    language: Mapped[Language] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    last_human_author: Mapped[User | None] = relationship(foreign_keys=[last_human_author_id])


class Event(Base):
    """One change in the history of a translation."""

    __tablename__ = "events"
    __table_args__ = (Index(None, "translation_id", "id"), Index(None, "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    """Who did it; ``None`` for the system (ingest, outdated)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    """``edit``, ``approve``, ``reject``, ``restore``, ``import``, ``outdated``, ``propagate``,
    ``link``, ``unlink``, ..."""
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    old_state: Mapped[State] = mapped_column(default=State.EMPTY)
    new_state: Mapped[State] = mapped_column(default=State.EMPTY)
    origin: Mapped[str] = mapped_column(String(255), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer)
    """Version of the translation after the event."""

    translation: Mapped[Translation] = relationship()
    user: Mapped[User | None] = relationship()


class Assignment(Base):
    """Who is to translate a segment into a language: one person per segment and language.

    Work planning, not content: unassigning removes the row (the translation's history is
    untouched); reassigning replaces the person.
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("segment_id", "language_code"),
        Index(None, "user_id", "language_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    language_code: Mapped[str] = mapped_column(ForeignKey("languages.code"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    """The assignee: the person who is to translate the segment."""
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    """The editor or admin who assigned it."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    """When it was (last re)assigned."""

    segment: Mapped[Segment] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])


class Approval(Base):
    """An editor's approval of one exact text of a translation."""

    __tablename__ = "approvals"
    __table_args__ = (Index(None, "translation_id", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer)
    """Version of the translation that was approved."""
    text: Mapped[str] = mapped_column(Text)
    """The text that was approved."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    """False once the text changed or the translation was rejected."""

    translation: Mapped[Translation] = relationship()
    user: Mapped[User] = relationship()


class Comment(Base):
    """A remark on a segment, for one language or (``language_code`` None) the source."""

    __tablename__ = "comments"
    __table_args__ = (Index(None, "segment_id", "language_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    language_code: Mapped[str | None] = mapped_column(ForeignKey("languages.code"), default=None)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)

    segment: Mapped[Segment] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class GlossaryTerm(Base):
    """A term of the glossary: how to translate it, or that it must not be translated or sent."""

    __tablename__ = "glossary_terms"
    __table_args__ = (Index(None, "language_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    language_code: Mapped[str | None] = mapped_column(ForeignKey("languages.code"), default=None)
    """Language the term applies to; ``None``: every language."""
    source_term: Mapped[str] = mapped_column(Text)
    target_term: Mapped[str] = mapped_column(Text, default="")
    """The translation to use; empty when there is none (do-not-translate terms)."""
    note: Mapped[str] = mapped_column(Text, default="")
    forbidden: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Target variants that must not be used."""
    do_not_translate: Mapped[bool] = mapped_column(Boolean, default=False)
    """The term stays as it is in the translation (names, titles)."""
    do_not_send: Mapped[bool] = mapped_column(Boolean, default=False)
    """The term is masked before text goes to a machine-translation engine."""
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    created_by: Mapped[User | None] = relationship()


class TmUnit(Base):
    """One unit of the translation memory: a source sentence and a translation of it."""

    __tablename__ = "tm_units"
    __table_args__ = (UniqueConstraint("source_lang", "target_lang", "source_hash", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(40))
    """SHA-1 of the normalized source (whitespace collapsed)."""
    quality: Mapped[int] = mapped_column(Integer, default=int(State.TRANSLATED))
    """The :class:`State` value the translation had: approved (30) ranks above translated (20)."""
    origin: Mapped[str] = mapped_column(String(255), default="")
    """Where the unit came from (``import:<file>``, the translation's origin, ...)."""
    document_slug: Mapped[str] = mapped_column(String(200), default="")
    segment_key: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckResult(Base):
    """A failed quality check of one version of a translation."""

    __tablename__ = "check_results"
    __table_args__ = (
        Index(None, "translation_id", "version"),
        CheckConstraint("severity IN ('error', 'warning')", name="severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id"))
    version: Mapped[int] = mapped_column(Integer)
    """Version of the translation that was checked."""
    check_id: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(8))
    """``error`` (blocks approval) or ``warning`` (needs acknowledgement)."""
    message: Mapped[str] = mapped_column(Text)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)

    translation: Mapped[Translation] = relationship()
    acknowledged_by: Mapped[User | None] = relationship()


class MtCacheEntry(Base):
    """A machine translation already paid for (never pay twice for the same sentence)."""

    __tablename__ = "mt_cache"
    __table_args__ = (UniqueConstraint("engine", "source_lang", "target_lang", "source_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    source_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the masked text that was sent."""
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboundRequest(Base):
    """One request that sent text out of the building (to a machine-translation engine)."""

    __tablename__ = "outbound_requests"
    __table_args__ = (Index(None, "started_at"), Index(None, "job_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    segment_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    characters: Mapped[int] = mapped_column(Integer, default=0)
    """Characters of text sent."""
    outcome: Mapped[str] = mapped_column(Text, default="ok")
    """``ok``, ``retry`` or ``error: <what>``."""
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    language_code: Mapped[str] = mapped_column(String(35))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), default=None)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("draft_jobs.id"), default=None)


class DraftJob(Base):
    """A background drafting run of one document into one language."""

    __tablename__ = "draft_jobs"
    __table_args__ = (
        Index(None, "document_id", "language_code"),
        Index(None, "status"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    language_code: Mapped[str] = mapped_column(ForeignKey("languages.code"))
    engine: Mapped[str] = mapped_column(String(64))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    """``queued``, ``running``, ``done`` or ``failed``."""
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    document: Mapped[Document] = relationship()
    created_by: Mapped[User | None] = relationship()


class ApiToken(Base):
    """A personal token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index(None, "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 hex of the token."""
    prefix: Mapped[str] = mapped_column(String(8))
    """First 8 characters of the token, to tell tokens apart in the UI."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """One attempt to log in (the audit trail; throttling counts in :class:`LoginThrottle`)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index(None, "name", "at"), Index(None, "ip", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginThrottle(Base):
    """Failed logins counted for throttling (``people.throttle``): one row per login name
    and address (``scope`` "name"), and one per address (``scope`` "address", ``name`` "").

    Times are whole seconds since the epoch, so the throttle's single SQL statements can
    compare and add them the same way on SQLite and PostgreSQL.
    """

    __tablename__ = "login_throttles"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    ip: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    """Attempts counted (a name's are reserved before its password is checked)."""
    first_at: Mapped[int] = mapped_column(BigInteger)
    """When the count began (an address's window starts here)."""
    last_at: Mapped[int] = mapped_column(BigInteger)
    """The latest attempt counted."""
    blocked_until: Mapped[int] = mapped_column(BigInteger, default=0)
    """No attempt for this name and address is checked before this time."""
