"""Target languages, described from CLDR data (Babel)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import babel
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError
from translate_app.store.models import Language


@dataclass(frozen=True)
class LanguageInfo:
    """What CLDR knows about a language."""

    code: str
    """Canonical locale code (``uk``, ``pt_BR``)."""
    name: str
    """Name in the language itself (``українська``)."""
    english_name: str
    """Name in English (``Ukrainian``)."""
    direction: str
    """``ltr`` or ``rtl``."""
    plural_forms: str
    """PO ``Plural-Forms`` header value."""
    plural_count: int
    """Number of plural forms."""


def language_info(code: str) -> LanguageInfo:
    """Describe ``code`` (``uk``, ``pt_BR`` or ``pt-BR``) from Babel's CLDR data.

    Raises :class:`NotFoundError` when CLDR has no such locale (for example
    ``crh``, Crimean Tatar, in Babel 2.18).
    """
    text = code.strip().replace("-", "_")
    try:
        locale = Locale.parse(text)
    except (UnknownLocaleError, ValueError) as exc:
        raise NotFoundError(
            f"unknown language {code!r}: Babel {babel.__version__} has no CLDR locale for it "
            "(use a code such as uk, de, pt_BR)"
        ) from exc
    canonical = str(locale)
    plural = get_plural(locale)
    return LanguageInfo(
        code=canonical,
        name=locale.get_display_name(locale) or canonical,
        english_name=locale.get_display_name("en") or canonical,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        plural_forms=plural.plural_forms,
        plural_count=plural.num_plurals,
    )


def get_language(session: Session, code: str) -> Language:
    """The stored language ``code``, enabled or not; :class:`NotFoundError` if absent."""
    language = session.get(Language, code)
    if language is None:
        language = session.get(Language, language_info(code).code)
    if language is None:
        raise NotFoundError(f"language {code!r} is not set up: enable it first")
    return language


def enable_language(
    session: Session, code: str, *, approvals_needed: int | None = None
) -> Language:
    """Create (from CLDR data) or re-enable the language ``code``.

    ``approvals_needed`` overrides the configured default for this language
    when given; an existing override is otherwise left alone.
    """
    if approvals_needed is not None and approvals_needed < 1:
        raise ValueError(f"approvals_needed must be at least 1, not {approvals_needed}")
    info = language_info(code)
    language = session.get(Language, info.code)
    if language is None:
        language = Language(
            code=info.code,
            name=info.name,
            english_name=info.english_name,
            direction=info.direction,
            plural_forms=info.plural_forms,
            plural_count=info.plural_count,
            enabled=True,
        )
        session.add(language)
    language.enabled = True
    if approvals_needed is not None:
        language.approvals_needed = approvals_needed
    session.flush()
    return language


def disable_language(session: Session, code: str) -> Language:
    """Stop offering ``code`` (its translations are kept)."""
    language = get_language(session, code)
    language.enabled = False
    session.flush()
    return language


def ensure_default_languages(session: Session, codes: Iterable[str]) -> list[Language]:
    """Create the languages in ``codes`` that do not exist yet, enabled.

    Languages that exist are left as they are (an admin may have disabled one).
    """
    known = {language.code: language for language in session.scalars(select(Language))}
    result = []
    for code in codes:
        code_ = language_info(code).code
        result.append(known.get(code_) or enable_language(session, code_))
    return result


def enabled_languages(session: Session) -> list[Language]:
    """Enabled languages, by code."""
    return list(session.scalars(select(Language).where(Language.enabled).order_by(Language.code)))
