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

Every other script is found by asking fontconfig (``fc-match``), where it is
installed: the serif and sans-serif fonts it picks for the edition's language
(``serif:lang=ja`` gives Noto Serif CJK JP, face 0 of Debian's
``NotoSerifCJK-Regular.ttc``), then, for characters still without a glyph, a
font that has them (``serif:charset=1230``).  Such a system font is named in
the stacks by its own family name (a collection holds several faces, so it is
not loaded by file) and its face's character map is read like the others'.
When a character has no glyph in any installed font, the error names the
Debian package that would add one, if that package is not installed already.
"""

from __future__ import annotations

import shutil
import subprocess
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
    index: int = 0
    """The face's number in a collection (``.ttc``); 0 in a single font file."""


@dataclass(frozen=True)
class Family:
    """One role's font family, as found on this machine."""

    css_name: str
    """Name used in the edition's CSS."""
    name: str
    """The font's own name (for messages and the colophon)."""
    faces: tuple[Face, ...]
    """Files found, regular first."""
    system: bool = False
    """Found by fontconfig and named by its family (no ``@font-face`` rule)."""
    role: str = ""
    """For a system font: the role it serves first (``Edition Text``), or "" for any."""


def _candidate(name: str, files: dict[str, str]) -> tuple[str, dict[str, Path]]:
    return name, {style: FONT_ROOT / rel for style, rel in files.items()}


def _noto(
    stem: str, styles: Iterable[str] = ("Regular", "Bold", "Italic", "BoldItalic")
) -> dict[str, str]:
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
_FONTCONFIG_TRIES = 64
"""Characters asked about at most per page (each a ``fc-match`` run); the rest is the
glyph check's to report."""
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
        """CSS ``font-family`` value for ``role``: the role's font, then every fallback.

        A system font found for the edition's language comes right after the role's
        font it serves; other fallbacks follow in the order they were found.
        """
        own = [f.css_name for f in self.families if f.system and f.role == role]
        rest = [
            f.css_name
            for f in self.families
            if f.css_name not in _MAIN_ROLES and not (f.system and f.role)
        ]
        names = [role, *own, *rest]
        return ", ".join(f'"{name}"' for name in dict.fromkeys(names))

    def has(self, role: str) -> bool:
        """Whether a font was found for ``role``."""
        return any(f.css_name == role for f in self.families)

    def face_css(self) -> str:
        """``@font-face`` rules naming each font file (``file://`` URLs)."""
        rules = []
        for family in self.families:
            if family.system:
                continue
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

    def covering(self, text: str) -> FontSet:
        """This set, plus fonts fontconfig finds for characters of ``text`` it lacks."""
        missing = self.missing(text)
        added: list[Family] = []
        known = {(face.path, face.index) for f in self.families for face in f.faces}
        tries = _FONTCONFIG_TRIES
        while missing and tries:
            tries -= 1
            found = _fontconfig_match(f"serif:charset={ord(missing[0]):x}")
            if found is None or (found.path, found.index) in known:
                missing = missing[1:]
                continue
            cmap = _cmap(found.path, found.index)
            if ord(missing[0]) not in cmap:  # fontconfig's best has no glyph either
                missing = missing[1:]
                continue
            known.add((found.path, found.index))
            added.append(Family(found.family, found.family, (found,), system=True))
            missing = [c for c in missing if ord(c) not in cmap]
        return self.with_families(added) if added else self

    def with_families(self, added: Sequence[Family]) -> FontSet:
        """This set with ``added`` fonts after its own."""
        coverage = set(self.coverage)
        for family in added:
            coverage |= _cmap(family.faces[0].path, family.faces[0].index)
        return FontSet((*self.families, *added), frozenset(coverage))


def edition_fonts(lang: str | None = None) -> FontSet:
    """The fonts for an edition in ``lang``: the roles' fonts, and fontconfig's for its script."""
    base = _role_fonts()
    if lang is None:
        return base
    return _language_fonts(base, lang)


@cache
def _language_fonts(base: FontSet, lang: str) -> FontSet:
    known = {(face.path, face.index) for f in base.families for face in f.faces}
    added = []
    for role, generic in (("Edition Text", "serif"), ("Edition Display", "sans-serif")):
        found = _fontconfig_match(f"{generic}:lang={fontconfig_lang(lang)}")
        if found is None or (found.path, found.index) in known:
            continue
        known.add((found.path, found.index))
        added.append(Family(found.family, found.family, (found,), system=True, role=role))
    return base.with_families(added) if added else base


_FONTCONFIG_LANGS = {"zh": "zh-cn", "zh-hans": "zh-cn", "zh-hant": "zh-tw", "zh-hant-hk": "zh-hk"}
"""Languages whose fontconfig name differs (a bare ``zh`` matches no CJK font)."""


def fontconfig_lang(lang: str) -> str:
    """The language as fontconfig names it (``pt_BR`` -> ``pt-br``, ``zh`` -> ``zh-cn``)."""
    tag = lang.replace("_", "-").lower()
    return _FONTCONFIG_LANGS.get(tag, tag)


def _fontconfig_match(pattern: str) -> Face | None:
    """The face fontconfig picks for ``pattern`` (None without fontconfig, or if it fails)."""
    if shutil.which("fc-match") is None:
        return None
    return _fc_match(pattern)


@cache
def _fc_match(pattern: str) -> Face | None:
    try:
        done = subprocess.run(
            ["fc-match", "--format", "%{family[0]}\t%{file}\t%{index}\t%{style[0]}", pattern],
            capture_output=True, text=True, timeout=10, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    family, path, index, style = [*done.stdout.split("\t"), "", "", ""][:4]
    if not family or not path or not Path(path).is_file() or not index.isdigit():
        return None
    bold = "bold" in style.lower()
    return Face(family, "normal", 700 if bold else 400, Path(path), int(index))


@cache
def _role_fonts() -> FontSet:
    """The fonts installed here for the roles (read once per process)."""
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
def _cmap(path: Path, index: int = 0) -> frozenset[int]:
    """The code points of face ``index`` of ``path`` (a font file or a ``.ttc`` collection)."""
    try:
        with TTFont(path, lazy=True, fontNumber=index) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError) as exc:
        raise FontError(f"{path}: cannot read the font ({exc})") from exc


_PACKAGES: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("fonts-noto-cjk", ((0x1100, 0x11FF), (0x2E80, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
                        (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
                        (0x20000, 0x3FFFF))),
    ("fonts-noto-color-emoji", ((0x1F000, 0x1FAFF),)),
    ("fonts-noto-core", ((0x0000, 0x1EFFF),)),
    ("fonts-noto-extra", ((0x0000, 0x1EFFF),)),
)  # fmt: skip
"""Debian packages that add glyphs, with the code points they are for (first match wins,
except that the last two both cover every other script)."""


def packages_for(chars: Iterable[str]) -> list[str]:
    """The Debian font packages that would add glyphs for ``chars``, in the table's order."""
    wanted: dict[str, None] = {}
    for char in chars:
        point = ord(char)
        if unicodedata.category(char) in {"Co", "Cn"}:  # private use, unassigned: no package
            continue
        for package, ranges in _PACKAGES:
            if any(low <= point <= high for low, high in ranges):
                wanted[package] = None
                if package != "fonts-noto-core":
                    break
    return [p for p, _ in _PACKAGES if p in wanted]


def package_installed(package: str) -> bool | None:
    """Whether the Debian ``package`` is installed (None where there is no ``dpkg-query``)."""
    if shutil.which("dpkg-query") is None:
        return None
    return _dpkg_installed(package)


@cache
def _dpkg_installed(package: str) -> bool | None:
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip().endswith("installed") and "not-installed" not in done.stdout


def install_hint(chars: Sequence[str]) -> str:
    """What to do about ``chars`` that no installed font has (for the glyph check's message)."""
    packages = packages_for(chars)
    missing = [p for p in packages if package_installed(p) is not True]
    if missing:
        unsure = any(package_installed(p) is None for p in missing)
        where = " (if not installed yet)" if unsure else ""
        return (
            f"install a font that covers them: Debian {' or '.join(missing)}{where}, "
            "then build again"
        )
    if not packages:
        return "no font package covers them (private-use or unassigned): check the text"
    return (
        f"no installed font covers them, although {', '.join(packages)} (which would) "
        f"{'is' if len(packages) == 1 else 'are'} installed: check the text, or add a font "
        "that has them"
    )


def describe(char: str) -> str:
    """``'中' U+4E2D CJK UNIFIED IDEOGRAPH-4E2D``."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} U+{ord(char):04X} {name}"
