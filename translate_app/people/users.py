"""People: accounts, roles, language assignments and passwords.

Passwords are hashed with scrypt (``hashlib.scrypt``) and a random salt into a
self-describing string ``scrypt$n=16384,r=8,p=1$<salt>$<hash>`` (base64), so
the cost can be raised later without breaking stored hashes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.people.languages import get_language
from translate_app.store.models import Language, Role, User

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_NAME_RE = re.compile(r"^[\w.@+-]{1,80}$")


class UserError(TranslateAppError):
    """An account cannot be created or changed as asked (bad name, role, duplicate)."""


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """A self-describing scrypt hash of ``password`` with a fresh random salt."""
    if not password:
        raise UserError("a password may not be empty")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n=n, r=r, p=p)
    return f"scrypt$n={n},r={r},p={p}${_b64(salt)}${_b64(digest)}"


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash (False for an empty or foreign hash)."""
    try:
        scheme, params, salt_text, digest_text = stored.split("$")
        if scheme != "scrypt":
            return False
        values = dict(item.split("=", 1) for item in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(digest_text, validate=True)
    except (ValueError, KeyError):
        return False
    return hmac.compare_digest(
        _scrypt(password, salt, n=n, r=r, p=p, dklen=len(expected)), expected
    )


def _scrypt(password: str, salt: bytes, *, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=dklen
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def parse_role(role: str | Role) -> Role:
    """The :class:`Role` named ``role``; :class:`UserError` for anything else."""
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise UserError(f"unknown role {role!r}; use one of: {names}") from None


def add_user(
    session: Session,
    name: str,
    role: str | Role,
    languages: Iterable[str] = (),
    password: str | None = None,
    *,
    display_name: str = "",
    credit_consent: bool = False,
) -> User:
    """Create an account.

    ``languages`` must be set up already (``languages.enable_language``);
    translators and editors need at least one, admins work on all.  Without
    ``password`` the person cannot log in until one is set.
    """
    name = name.strip()
    if not _NAME_RE.match(name):
        raise UserError(
            f"invalid user name {name!r}: 1-80 letters, digits or . @ + - _ (no spaces)"
        )
    role_ = parse_role(role)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise UserError(f"user {name!r} exists already")
    assigned = _languages(session, languages)
    if role_ is not Role.ADMIN and not assigned:
        raise UserError(f"a {role_.value} needs at least one language (--lang)")
    user = User(
        name=name,
        display_name=display_name.strip(),
        role=role_.value,
        password_hash=hash_password(password) if password is not None else "",
        active=True,
        credit_consent=credit_consent,
    )
    user.languages = assigned
    session.add(user)
    session.flush()
    return user


def _languages(session: Session, codes: Iterable[str]) -> list[Language]:
    found: dict[str, Language] = {}
    for code in codes:
        language = get_language(session, code)
        found[language.code] = language
    return list(found.values())


def assign_languages(session: Session, user: User, codes: Iterable[str]) -> User:
    """Replace the languages ``user`` works on."""
    user.languages = _languages(session, codes)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password (their sessions end: see :func:`end_sessions`)."""
    user.password_hash = hash_password(password)
    end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """End every session of ``user``: sessions carry ``session_generation`` and are
    refused once it changes.  One ``UPDATE … SET n = n + 1``, so two processes raising it
    at once both count; the attribute is read back on its next use."""
    user.session_generation = User.session_generation + 1
    session.flush()


def get_user(session: Session, name: str) -> User:
    """The account called ``name``; :class:`NotFoundError` if there is none."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise NotFoundError(f"no user {name!r}")
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user ``name`` if ``password`` is theirs, else None."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        verify_password(_dummy_hash(), password)  # same work: timing does not reveal names
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))
