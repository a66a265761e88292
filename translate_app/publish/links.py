"""Links between editions: only to editions that exist, and back to the original.

The HTML edition's "Other editions" (and its ``hreflang`` links) list the
editions of the document found under the output folder when the build starts,
those built in the same run, and the original.  The original's URL is, first
found: the publisher's pattern (``--original-url``, ``TRANSLATE_APP_ORIGINAL_URL``),
the source's ``original_url`` front matter key, its ``permalink``, or the URL
Jekyll gives a post by default (``/:categories/:year/:month/:day/:title.html``).
The Markdown edition gets a ``permalink`` only when the publisher sets a pattern
(``--permalink '/:lang/:slug/'``, ``TRANSLATE_APP_PERMALINK``).

Patterns know ``:lang`` (the edition's BCP 47 tag), ``:slug``, ``:year``,
``:month``, ``:day`` (of the post's date as written) and ``:categories``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate_app.publish.labels import (
    SOURCE_LANGUAGE,
    Alternate,
    EditionLocale,
    alternates,
    edition_locale,
)
from translate_app.publish.metadata import front_matter, read_metadata

ORIGINAL_SETTING = "TRANSLATE_APP_ORIGINAL_URL"
"""Setting (environment) of the original's URL pattern."""
PERMALINK_SETTING = "TRANSLATE_APP_PERMALINK"
"""Setting (environment) of the Markdown editions' permalink pattern."""
_FIELD = re.compile(r":(lang|slug|year|month|day|categories|title)\b")


@dataclass(frozen=True)
class LinkSettings:
    """How editions link to each other and to the original."""

    out: Path | None = None
    """Folder whose ``<lang>/<slug>.html`` files count as existing editions (None: none)."""
    original_url: str = ""
    """Pattern of the original's URL ("" to take it from the source)."""
    permalink: str = ""
    """Pattern of the Markdown editions' ``permalink`` ("" for none)."""

    @classmethod
    def from_settings(
        cls,
        settings: Mapping[str, str],
        *,
        out: Path | None = None,
        original_url: str | None = None,
        permalink: str | None = None,
    ) -> LinkSettings:
        """Options given on the command line first, then ``settings`` (``TRANSLATE_APP_*``)."""
        return cls(
            out=out,
            original_url=(
                original_url if original_url is not None else settings.get(ORIGINAL_SETTING, "")
            ).strip(),
            permalink=(
                permalink if permalink is not None else settings.get(PERMALINK_SETTING, "")
            ).strip(),
        )


def _fields(source: str, slug: str, lang: str) -> dict[str, str]:
    data = front_matter(source)
    meta = read_metadata(source)
    categories: Any = data.get("categories", data.get("category", ""))
    if isinstance(categories, str):
        categories = categories.split()
    when = meta.date
    return {
        "lang": lang,
        "slug": slug,
        "title": slug,
        "year": f"{when.year:04d}" if when else "",
        "month": f"{when.month:02d}" if when else "",
        "day": f"{when.day:02d}" if when else "",
        "categories": "/".join(str(c) for c in categories or []),
    }


def expand(pattern: str, source: str, slug: str, lang: str) -> str:
    """``pattern`` with its ``:fields`` filled in (empty parts leave no double slash)."""
    values = _fields(source, slug, lang)
    text = _FIELD.sub(lambda m: values[m[1]], pattern)
    return re.sub(r"(?<!:)//+", "/", text)


def original_url(source: str, slug: str, pattern: str = "") -> str:
    """The URL of the original (see the module's docstring for the order)."""
    if pattern:
        return expand(pattern, source, slug, SOURCE_LANGUAGE)
    data = front_matter(source)
    for key in ("original_url", "permalink"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return expand(value.strip(), source, slug, SOURCE_LANGUAGE)
    return expand("/:categories/:year/:month/:day/:title.html", source, slug, SOURCE_LANGUAGE)


def permalink(settings: LinkSettings, source: str, slug: str, tag: str) -> str:
    """The Markdown edition's ``permalink`` ("" when no pattern is set)."""
    return expand(settings.permalink, source, slug, tag) if settings.permalink else ""


def live_editions(
    slug: str,
    source: str,
    locales: Sequence[EditionLocale],
    built: Sequence[str],
    settings: LinkSettings,
) -> list[Alternate]:
    """The editions an HTML edition may link to: those of ``locales`` built now (``built``
    codes) or found as files under ``settings.out``, then the original."""

    def exists(code: str) -> bool:
        out = settings.out
        return code in built or (out is not None and (out / code / f"{slug}.html").is_file())

    found = alternates(slug, [loc for loc in locales if exists(loc.code)])
    english = edition_locale(SOURCE_LANGUAGE)
    url = original_url(source, slug, settings.original_url)
    return [*found, Alternate(english.code, english.tag, english.name, url, original=True)]
