"""Glossary terms in the store, and finding them in source text.

A term applies to one language, or (``language_code`` None) to every
language.  Finding terms is one compiled regular expression per language,
built once per session (:func:`matcher`) and dropped when the glossary
changes through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError, TranslateAppError
from translate_app.people.languages import get_language
from translate_app.store.models import GlossaryTerm, User

_CACHE_KEY = "translate_app.glossary.matchers"


class GlossaryError(TranslateAppError):
    """A glossary term that cannot be stored as given."""


@dataclass(frozen=True)
class Hit:
    """A glossary term found in a text."""

    term: GlossaryTerm
    start: int
    """Offset of the first character of the match."""
    end: int
    """Offset just past the match."""


def _pattern(terms: Iterable[str]) -> str:
    words = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    alternatives = [r"\s+".join(re.escape(w) for w in t.split()) for t in words]
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


class GlossaryMatcher:
    """Finds the terms of a glossary in texts (whole words; longest term first)."""

    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        self.terms = tuple(terms)
        self._folded: dict[str, list[GlossaryTerm]] = {}
        self._exact: dict[str, list[GlossaryTerm]] = {}
        for term in self.terms:
            key = " ".join(term.source_term.split())
            if term.case_sensitive:
                self._exact.setdefault(key, []).append(term)
            else:
                self._folded.setdefault(key.casefold(), []).append(term)
        self._insensitive = (
            re.compile(_pattern(self._folded), re.IGNORECASE) if self._folded else None
        )
        self._sensitive = re.compile(_pattern(self._exact)) if self._exact else None

    def hits(self, text: str) -> list[Hit]:
        """Terms found in ``text``, in order; a language's own term hides a global one."""
        found: list[Hit] = []
        for regex, table, fold in (
            (self._sensitive, self._exact, False),
            (self._insensitive, self._folded, True),
        ):
            if regex is None:
                continue
            for m in regex.finditer(text):
                key = " ".join(m.group(0).split())
                terms = table.get(key.casefold() if fold else key, [])
                own = [t for t in terms if t.language_code is not None]
                found.extend(Hit(t, m.start(), m.end()) for t in own or terms)
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Hit] = []
        for hit in found:  # overlapping terms: the longest, leftmost one wins
            last = kept[-1] if kept else None
            if last and hit.start < last.end and (hit.start, hit.end) != (last.start, last.end):
                continue
            kept.append(hit)
        return kept


def terms(session: Session, lang: str | None) -> list[GlossaryTerm]:
    """Terms that apply to ``lang`` (its own and those for every language); all when None."""
    query = select(GlossaryTerm).order_by(GlossaryTerm.source_term, GlossaryTerm.id)
    if lang is not None:
        query = query.where(
            or_(GlossaryTerm.language_code == lang, GlossaryTerm.language_code.is_(None))
        )
    return list(session.scalars(query))


def matcher(session: Session, lang: str) -> GlossaryMatcher:
    """The matcher of ``lang``'s glossary, built once per session."""
    cache: dict[str, GlossaryMatcher] = session.info.setdefault(_CACHE_KEY, {})
    found = cache.get(lang)
    if found is None:
        found = cache[lang] = GlossaryMatcher(terms(session, lang))
    return found


def forget(session: Session) -> None:
    """Drop the session's matchers (after the glossary changed)."""
    session.info.pop(_CACHE_KEY, None)
    session.info.pop("translate_app.checks.memo", None)  # results computed with the old terms


def hits(session: Session, source_text: str, lang: str) -> list[Hit]:
    """Glossary terms found in ``source_text`` for ``lang``, in order of appearance."""
    return matcher(session, lang).hits(source_text)


def do_not_send_terms(session: Session, lang: str | None) -> list[str]:
    """Source terms that must never leave the machine, for ``lang``, longest first.

    ``None`` gives every do-not-send term, whatever its language (the safe side).
    """
    query = select(GlossaryTerm.source_term).where(GlossaryTerm.do_not_send.is_(True))
    if lang is not None:
        query = query.where(
            or_(GlossaryTerm.language_code == lang, GlossaryTerm.language_code.is_(None))
        )
    return sorted(set(session.scalars(query)), key=lambda t: (-len(t), t))


def kept_form(target_term: str, source_term: str, do_not_translate: bool) -> str:
    """What a correct translation writes for a term: its translation, or the term itself."""
    return source_term if do_not_translate else target_term


def case_only(variant: str, kept: str) -> bool:
    """Whether ``variant`` differs from ``kept`` only by case (``АТЕШ`` for ``Атеш``)."""
    return bool(kept) and variant != kept and variant.casefold() == kept.casefold()


def forbidden_problem(variant: str, kept: str, case_sensitive: bool) -> str | None:
    """Why ``variant`` cannot be a forbidden variant of a term written ``kept`` (None: it can)."""
    if kept and " ".join(variant.split()) == " ".join(kept.split()):
        return f"forbidden variant {variant!r} is the term's own translation"
    if not case_sensitive and case_only(" ".join(variant.split()), " ".join(kept.split())):
        return (
            f"forbidden variant {variant!r} differs from {kept!r} only by case: the term is not "
            "case-sensitive, so the variant would flag every correct use; mark the term "
            "case-sensitive or leave the variant out"
        )
    return None


def clean_forbidden(
    values: Iterable[str], *, kept: str = "", case_sensitive: bool = False
) -> list[str]:
    """Forbidden variants, spaces collapsed, without repeats; refuses a variant that is the
    term's own form ``kept`` or, for a term that is not case-sensitive, differs from it
    only by case."""
    cleaned = []
    for given in values:
        value = " ".join(given.split())
        if "|" in value:
            raise GlossaryError(f"forbidden variant {value!r} contains '|'")
        problem = forbidden_problem(value, kept, case_sensitive) if value else None
        if problem:
            raise GlossaryError(problem)
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


def add_term(
    session: Session,
    source_term: str,
    target_term: str = "",
    *,
    lang: str | None = None,
    note: str = "",
    forbidden: Iterable[str] = (),
    do_not_translate: bool = False,
    do_not_send: bool = False,
    case_sensitive: bool = False,
    user: User | None = None,
) -> GlossaryTerm:
    """Add a term for ``lang`` (None: every language); the caller commits."""
    source = " ".join(source_term.split())
    if not source:
        raise GlossaryError("a glossary term needs a source term")
    if lang is not None:
        get_language(session, lang)
    term = GlossaryTerm(
        language_code=lang,
        source_term=source,
        target_term=target_term.strip(),
        note=note.strip(),
        forbidden=clean_forbidden(
            forbidden,
            kept=kept_form(target_term.strip(), source, do_not_translate),
            case_sensitive=case_sensitive,
        ),
        do_not_translate=do_not_translate,
        do_not_send=do_not_send,
        case_sensitive=case_sensitive,
        created_by_id=user.id if user is not None else None,
    )
    session.add(term)
    session.flush()
    forget(session)
    return term


_FIELDS = frozenset(
    {"target_term", "note", "forbidden", "do_not_translate", "do_not_send", "case_sensitive"}
)


def update_term(session: Session, term_id: int, **changes: object) -> GlossaryTerm:
    """Change fields of a term (``target_term``, ``note``, ``forbidden``, the flags)."""
    term = session.get(GlossaryTerm, term_id)
    if term is None:
        raise NotFoundError(f"no glossary term {term_id}")
    unknown = set(changes) - _FIELDS
    if unknown:
        raise GlossaryError(f"cannot change {', '.join(sorted(unknown))} of a glossary term")
    values = {
        name: given.strip() if isinstance(given, str) else given for name, given in changes.items()
    }

    def after(name: str) -> Any:
        return values.get(name, getattr(term, name))

    values["forbidden"] = clean_forbidden(  # checked against the term as changed, then stored
        after("forbidden"),
        kept=kept_form(after("target_term"), term.source_term, bool(after("do_not_translate"))),
        case_sensitive=bool(after("case_sensitive")),
    )
    for name, value in values.items():
        setattr(term, name, value)
    session.flush()
    forget(session)
    return term


def delete_term(session: Session, term_id: int) -> None:
    """Remove a term from the glossary."""
    term = session.get(GlossaryTerm, term_id)
    if term is None:
        raise NotFoundError(f"no glossary term {term_id}")
    session.delete(term)
    session.flush()
    forget(session)
