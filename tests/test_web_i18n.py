"""The UI's own catalogs: complete, in step with the source, compiled, and used."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo

from tests.test_web_support import SLUG, Site

pytest_plugins = ["tests.test_web_support"]

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "translate_app" / "translations"
LOCALES = ("uk", "en")
_FORMAT = re.compile(r"%\((\w+)\)[sd]|%%")


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(CATALOGS / lang / "LC_MESSAGES" / "messages.po"))


def extracted() -> set[str]:
    """Msgids in the source now, extracted as ``pybabel extract -F babel.cfg`` does."""
    method_map = [("translate_app/web/**.py", "python"),
                  ("translate_app/web/templates/**.html", "jinja2")]  # fmt: skip
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_babel_cfg_matches_the_extraction_used_here() -> None:
    text = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert "[python: translate_app/web/**.py]" in text
    assert "[jinja2: translate_app/web/templates/**.html]" in text


@pytest.mark.parametrize("lang", LOCALES)
def test_every_message_has_a_translation(lang: str) -> None:
    po = catalog(lang)
    assert po.metadata["Language"] == lang
    live = [entry for entry in po if not entry.obsolete]
    assert len(live) > 150
    for entry in live:
        assert "fuzzy" not in entry.flags, entry.msgid
        texts = [entry.msgid, entry.msgstr, *entry.msgstr_plural.values()]
        assert not any("<" in t or "&" in t for t in texts), (
            f"{entry.msgid}: Jinja marks translations safe, so they must hold no markup"
        )
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            assert len(forms) == (3 if lang == "uk" else 2) and all(forms), entry.msgid
            wanted = set(_FORMAT.findall(entry.msgid_plural))
            assert all(set(_FORMAT.findall(form)) == wanted for form in forms), entry.msgid
        else:
            assert entry.msgstr, entry.msgid
            assert set(_FORMAT.findall(entry.msgstr)) == set(_FORMAT.findall(entry.msgid)), (
                entry.msgid
            )


def test_the_catalogs_hold_exactly_the_messages_of_the_source() -> None:
    now = extracted()
    template = {e.msgid for e in polib.pofile(str(CATALOGS / "messages.pot"))}
    assert now == template, "run pybabel extract/update (see translate_app/translations/README.md)"
    for lang in LOCALES:
        assert {e.msgid for e in catalog(lang) if not e.obsolete} == now, lang


@pytest.mark.parametrize("lang", LOCALES)
def test_the_compiled_catalogs_match_their_po_files(lang: str) -> None:
    folder = CATALOGS / lang / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)
    for entry in catalog(lang):
        if entry.obsolete:
            continue
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        message = compiled.get(key if isinstance(key, str) else key[0])
        assert message is not None, entry.msgid
        expected = ([entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                    if entry.msgid_plural else entry.msgstr)  # fmt: skip
        got = list(message.string) if entry.msgid_plural else message.string
        assert got == expected, f"{entry.msgid}: run pybabel compile -d translate_app/translations"
    result = subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", "--",
                             str(folder / "messages.po")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_the_ui_speaks_ukrainian_with_ukrainian_dates_and_numbers(site: Site) -> None:
    login = site.client().get("/auth/login", headers={"Accept-Language": "uk"})
    assert "Увійти" in login.get_data(as_text=True)
    olena = site.client("olena")
    olena.post("/auth/locale", {"locale": "uk"})
    dashboard = olena.get("/").get_data(as_text=True)
    assert "Мої чернетки на підтвердження" in dashboard and "Хід роботи" in dashboard
    assert "30%" in dashboard and "0%" in dashboard  # formatted by Babel for uk
    editor = olena.get(f"/documents/{SLUG}/uk/").get_data(as_text=True)
    assert "Зберегти й далі" in editor and "Чернетка" in editor and "Перекладено" in editor
    assert "10 сегментів" in editor
    assert re.search(r"<time datetime=\"[^\"]+\">\d{2}\.\d{2}\.\d{2}, \d{2}:\d{2}</time>", editor)
    review = site.client("ed")
    review.post("/auth/locale", {"locale": "uk"})
    page = review.get(f"/review/{SLUG}/uk/").get_data(as_text=True)
    assert "Схвалити" in page and "Відхилити" in page
    english = site.client("taras").get("/", headers={"Accept-Language": "en"})
    assert "My drafts to confirm" in english.get_data(as_text=True)
