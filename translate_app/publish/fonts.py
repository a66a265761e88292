"""Fonts of the printed editions, named explicitly, and a check that they cover the text.

The PDF is set in fonts given by file (``@font-face`` rules with ``file://``
URLs), never in whatever fontconfig would pick: a character none of them has
would silently come out of some other font, or as a box.  Before rendering,
every character of the edition is looked up in the fonts' character maps
(fontTools, which WeasyPrint depends on); a missing one is a build error that
says which character, where, and what to install.

Each role (text, headings) has candidates, best first: Noto (Debian
``fonts-noto-core``) when installed, else DejaVu (``fonts-dejavu-core``, whose
italics are in ``fonts-dejavu-extra``).  Script fonts (Arabic, Hebrew,
Georgian, Armenian) follow the role's font in every stack, so a glyph that the
first font lacks comes from a font the check has seen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]  # no stubs

from translate_app.errors import TranslateAppError

FONT_ROOT = Path("/usr/share/fonts/truetype")
"""Where Debian's font packages install their files."""

_STYLES = (("normal", 400, "Regular"), ("normal", 700, "Bold"),
           ("italic", 400, "Italic"), ("italic", 700, "BoldItalic"))  # fmt: skip
_DEJAVU_STYLES = {"Regular": "", "Bold": "-Bold", "Italic": "-Italic", "BoldItalic": "-BoldItalic"}
_DEJAVU_MONO = {"Regular": "", "Bold": "-Bold", "Italic": "-Oblique", "BoldItalic": "-BoldOblique"}


class FontError(TranslateAppError):
    """The edition cannot be set in the installed fonts."""


@dataclass(frozen=True)
class Face:
    """One font file under the family name the edition's CSS uses."""

    family: str
    """CSS family name (``Edition Text``)."""
    style: str
    """``normal`` or ``italic``."""
    weight: int
    """400 or 700."""
    path: Path
    """The font file."""


@dataclass(frozen=True)
class Family:
    """One role's font family, as found on this machine."""

    css_name: str
    """Name used in the edition's CSS."""
    name: str
    """The font's own name (for messages and the colophon)."""
    faces: tuple[Face, ...]
    """Files found, regular first."""


def _candidate(name: str, files: dict[str, str]) -> tuple[str, dict[str, Path]]:
    return name, {style: FONT_ROOT / rel for style, rel in files.items()}


def _noto(stem: str, styles: Iterable[str] = ("Regular", "Bold", "Italic", "BoldItalic")) -> dict[
    str, str
]:
    return {style: f"noto/{stem}-{style}.ttf" for style in styles}


def _dejavu(stem: str, styles: dict[str, str] = _DEJAVU_STYLES) -> dict[str, str]:
    return {style: f"dejavu/{stem}{suffix}.ttf" for style, suffix in styles.items()}


_ROLES: dict[str, list[tuple[str, dict[str, Path]]]] = {
    "Edition Text": [
        _candidate("Noto Serif", _noto("NotoSerif")),
        _candidate("DejaVu Serif", _dejavu("DejaVuSerif")),
    ],
    "Edition Display": [
        _candidate("Noto Sans", _noto("NotoSans")),
        _candidate("DejaVu Sans", _dejavu("DejaVuSans")),
    ],
    "Edition Mono": [
        _candidate("DejaVu Sans Mono", _dejavu("DejaVuSansMono", _DEJAVU_MONO)),
    ],
    "Edition Arabic": [
        _candidate("Noto Naskh Arabic", _noto("NotoNaskhArabic", ("Regular", "Bold"))),
    ],
    "Edition Hebrew": [
        _candidate("Noto Serif Hebrew", _noto("NotoSerifHebrew", ("Regular", "Bold"))),
    ],
    "Edition Georgian": [
        _candidate("Noto Serif Georgian", _noto("NotoSerifGeorgian", ("Regular", "Bold"))),
    ],
    "Edition Armenian": [
        _candidate("Noto Serif Armenian", _noto("NotoSerifArmenian", ("Regular", "Bold"))),
    ],
    "Edition Symbols": [
        _candidate("DejaVu Sans", _dejavu("DejaVuSans")),
    ],
}
"""Roles and their candidate fonts, best first; a role whose files are all missing is left out."""

_MAIN_ROLES = ("Edition Text", "Edition Display", "Edition Mono")
_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Mn"})
"""Controls, format characters (bidi marks, soft hyphen, joiners) and line separators
need no glyph of their own; combining marks are checked with their base."""


@dataclass(frozen=True)
class FontSet:
    """The fonts an edition is set in, and the characters they cover together."""

    families: tuple[Family, ...]
    """Every role found, in fallback order."""
    coverage: frozenset[int]
    """Code points with a glyph in at least one of the fonts."""

    def stack(self, role: str) -> str:
        """CSS ``font-family`` value for ``role``: the role's font, then every fallback."""
        names = [role] + [f.css_name for f in self.families if f.css_name not in _MAIN_ROLES]
        return ", ".join(f'"{name}"' for name in dict.fromkeys(names))

    def has(self, role: str) -> bool:
        """Whether a font was found for ``role``."""
        return any(f.css_name == role for f in self.families)

    def face_css(self) -> str:
        """``@font-face`` rules naming each font file (``file://`` URLs)."""
        rules = []
        for family in self.families:
            for face in family.faces:
                rules.append(
                    f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}");'
                    f" font-style: {face.style}; font-weight: {face.weight}; }}"
                )
        return "\n".join(rules)

    @property
    def names(self) -> list[str]:
        """The fonts' own names, without repeats."""
        return list(dict.fromkeys(f.name for f in self.families))

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font of the set has, in order of first appearance."""
        found: dict[str, None] = {}
        for char in set(text):
            if ord(char) in self.coverage or char in found or char in " \n\t\r":
                continue
            if unicodedata.category(char) in _IGNORED_CATEGORIES:
                continue
            found[char] = None
        return sorted(found, key=text.index)


@cache
def edition_fonts() -> FontSet:
    """The fonts installed here for the editions (read once per process)."""
    families: list[Family] = []
    for role, candidates in _ROLES.items():
        for name, files in candidates:
            faces = tuple(
                Face(role, style, weight, files[key])
                for style, weight, key in _STYLES
                if key in files and files[key].is_file()
            )
            if faces and faces[0].style == "normal" and faces[0].weight == 400:
                families.append(Family(role, name, faces))
                break
    if not any(f.css_name == "Edition Text" for f in families):
        raise FontError(
            f"no text font found under {FONT_ROOT}: install fonts-noto-core or fonts-dejavu-core"
        )
    return FontSet(tuple(families), frozenset(_coverage(tuple(f.faces[0].path for f in families))))


def _coverage(paths: Sequence[Path]) -> set[int]:
    covered: set[int] = set()
    for path in paths:
        covered |= _cmap(path)
    return covered


@cache
def _cmap(path: Path) -> frozenset[int]:
    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError) as exc:
        raise FontError(f"{path}: cannot read the font ({exc})") from exc


def describe(char: str) -> str:
    """``'中' U+4E2D CJK UNIFIED IDEOGRAPH-4E2D``."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} U+{ord(char):04X} {name}"
