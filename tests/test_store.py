"""The store: engine settings, migrations, languages, users."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from translate_app.errors import ConfigurationError, NotFoundError, TranslateAppError
from translate_app.people.languages import (
    disable_language,
    enable_language,
    ensure_default_languages,
    language_info,
)
from translate_app.people.users import (
    UserError,
    add_user,
    authenticate,
    get_user,
    hash_password,
    verify_password,
)
from translate_app.store.db import (
    alembic_config,
    make_engine,
    make_session_factory,
    normalize_url,
    transaction,
    upgrade,
)
from translate_app.store.models import Base, Document, Language, User


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert context.get_current_revision() == head == "0004"


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0004"


def test_sqlite_engine_creates_its_folder_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
    assert path.parent.is_dir()


def test_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(ConfigurationError, match="invalid database URL"):
        normalize_url("not a url")


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()  # a folder where the file should be
    engine = make_engine(f"sqlite:///{tmp_path / 'dir.db'}")
    with pytest.raises(ConfigurationError, match="cannot set up the database at sqlite:///"):
        upgrade(engine)
    engine.dispose()


def test_transaction_commits_or_rolls_back_everything(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        enable_language(session, "uk")
    with pytest.raises(NotFoundError), transaction(factory) as session:
        enable_language(session, "de")
        enable_language(session, "crh")  # no CLDR locale: the whole transaction goes
    with factory() as session:
        assert session.scalars(select(Language.code)).all() == ["uk"]


def test_foreign_keys_are_enforced(session: Session) -> None:
    from translate_app.store.models import Segment

    session.add(
        Segment(
            document_id=999,
            key="k",
            source="s",
            position=0,
            start=0,
            end=1,
            line=1,
            kind="paragraph",
            block=0,
            syntax="markdown",
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_times_are_timezone_aware_utc(session: Session) -> None:
    session.add(Document(slug="a", path="a.md", source_text="x", source_hash="h"))
    session.commit()
    session.expire_all()
    stored = session.scalars(select(Document)).one()
    assert stored.created_at.tzinfo is UTC
    assert abs((datetime.now(UTC) - stored.created_at).total_seconds()) < 60
    stored.updated_at = datetime(2024, 6, 18, 12, 0)  # naive: refused
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_language_info_comes_from_cldr() -> None:
    uk = language_info("uk")
    assert (uk.name, uk.english_name, uk.direction, uk.plural_count) == (
        "українська",
        "Ukrainian",
        "ltr",
        3,
    )
    assert uk.plural_forms.startswith("nplurals=3; plural=")
    assert language_info("ar").direction == "rtl"
    assert language_info("pt-BR").code == "pt_BR"
    with pytest.raises(TranslateAppError, match=r"unknown language 'crh'.*CLDR"):
        language_info("crh")


def test_enable_and_ensure_languages(session: Session) -> None:
    uk = enable_language(session, "uk", approvals_needed=2)
    assert enable_language(session, "uk") is uk and uk.approvals_needed == 2
    disable_language(session, "uk")
    languages = ensure_default_languages(session, ["uk", "de", "fr", "pl", "es"])
    assert [lang.code for lang in languages] == ["uk", "de", "fr", "pl", "es"]
    assert not uk.enabled  # an admin's choice is left alone
    assert session.scalar(select(func.count(Language.code))) == 5


def test_add_user_validates_role_and_languages(session: Session) -> None:
    enable_language(session, "uk")
    user = add_user(session, "olena", "translator", ["uk"], display_name="Олена")
    assert (user.role, [lang.code for lang in user.languages], user.active) == (
        "translator",
        ["uk"],
        True,
    )
    assert user.label == "Олена"
    with pytest.raises(UserError, match="unknown role"):
        add_user(session, "x", "owner", ["uk"])
    with pytest.raises(NotFoundError, match="'de' is not set up"):
        add_user(session, "x", "editor", ["de"])
    with pytest.raises(UserError, match="needs at least one language"):
        add_user(session, "x", "editor", [])
    with pytest.raises(UserError, match="exists already"):
        add_user(session, "olena", "editor", ["uk"])
    with pytest.raises(UserError, match="invalid user name"):
        add_user(session, "two words", "editor", ["uk"])
    assert add_user(session, "root", "admin").languages == []
    assert get_user(session, "olena") is user
    with pytest.raises(NotFoundError):
        get_user(session, "nobody")


def test_passwords_are_salted_scrypt(session: Session) -> None:
    enable_language(session, "uk")
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$n=16384,r=8,p=1$")
    assert stored != hash_password("correct horse")  # random salt
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password("", "anything")
    assert not verify_password("md5$abc", "anything")
    user = add_user(session, "ed", "editor", ["uk"], password="s3cret")
    assert user.password_hash.startswith("scrypt$")
    assert authenticate(session, "ed", "s3cret") is user
    assert authenticate(session, "ed", "nope") is None
    user.active = False
    assert authenticate(session, "ed", "s3cret") is None
    no_password = add_user(session, "ana", "translator", ["uk"])
    assert authenticate(session, "ana", "") is None
    assert isinstance(no_password, User)


def test_session_factory_carries_the_configuration(engine: Engine, tmp_path: Path) -> None:
    from translate_app.config import Config
    from translate_app.store.db import CONFIG_KEY

    config = Config.from_env({"TRANSLATE_APP_INSTANCE_PATH": str(tmp_path)})
    with make_session_factory(engine, config)() as session:
        assert session.info[CONFIG_KEY] is config


def test_authenticate_spends_the_same_work_on_unknown_names(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate_app.people import users

    users.add_user(session, "olena", "admin", [], "correct horse")
    calls: list[str] = []
    real = users.verify_password
    monkeypatch.setattr(users, "verify_password", lambda h, p: calls.append(p) or real(h, p))
    assert users.authenticate(session, "nobody", "x") is None
    assert users.authenticate(session, "olena", "wrong") is None
    assert users.authenticate(session, "olena", "correct horse") is not None
    assert calls == ["x", "wrong", "correct horse"]  # a hash is checked for every attempt
