"""Editions that never mislead (issue 16): the coverage gate, partial editions, live links.

An edition below its minimum coverage is refused (CLI and service) unless a
partial edition is asked for; a partial edition says so on its cover and pages
(HTML, PDF through ``pdftotext``) and in its Markdown front matter; ``--lang all``
builds only the languages that pass; the HTML edition links only to editions that
exist, and to the original; the Markdown edition gets a permalink when asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sqlalchemy.orm import Session, sessionmaker

from tests.test_cli import Run, ingested, pseudo_translate, run  # noqa: F401 - CLI fixtures
from tests.test_publish import BUILT_AT, SLUG, store  # noqa: F401 - the pseudo-translated store
from tests.test_publish_pdf import pdftotext
from translate_app.errors import TranslateAppError
from translate_app.publish import build
from translate_app.publish.coverage import (
    CoverageError,
    coverage_of,
    floor_percent,
    parse_percent,
    partial_notice,
    require_coverage,
    required_coverage,
    verdicts,
)
from translate_app.publish.gate import gates
from translate_app.publish.labels import edition_locale
from translate_app.publish.links import original_url
from translate_app.publish.metadata import add_keys, front_matter
from translate_app.store.states import State

REFUSAL = "use --min-coverage N or --partial to publish a partial translation"


@pytest.fixture(scope="module")
def uk_partial(
    store: sessionmaker[Session],  # noqa: F811 - the fixture imported above
) -> Iterator[build.LanguageBuild]:
    """The uk edition at approved (three quarters approved): Markdown, HTML and PDF."""
    with store() as session:
        (built,) = build.build(session, gates(session, SLUG, ["uk"]), ["md", "html", "pdf"],
                               built_at=BUILT_AT)  # fmt: skip
    yield built


def output(built: build.LanguageBuild, suffix: str) -> bytes:
    return next(o.data for o in built.outputs if o.path.name == f"{SLUG}{suffix}")


# --- the coverage gate, as a service --------------------------------------------------------


def test_minimum_comes_from_the_build_the_language_or_the_installation() -> None:
    settings = {"TRANSLATE_APP_MIN_COVERAGE": "90", "TRANSLATE_APP_MIN_COVERAGE_PT_BR": "50%"}
    assert required_coverage("uk", {}) == 100.0
    assert required_coverage("uk", settings) == 90.0
    assert required_coverage("pt_BR", settings) == 50.0
    assert required_coverage("pt_BR", settings, 75.0) == 75.0
    assert parse_percent(" 80% ") == 80.0 and parse_percent("0") == 0.0
    for bad in ("", "abc", "101", "-1", "nan"):
        with pytest.raises(TranslateAppError, match="percentage from 0 to 100"):
            parse_percent(bad)
    with pytest.raises(TranslateAppError, match="TRANSLATE_APP_MIN_COVERAGE_UK"):
        required_coverage("uk", {"TRANSLATE_APP_MIN_COVERAGE_UK": "most"})
    assert floor_percent(411, 412) == 99.7 and floor_percent(0, 412) == 0.0  # never rounded up


def test_a_language_with_nothing_at_the_gate_is_refused_by_default(
    store: sessionmaker[Session],  # noqa: F811
) -> None:
    with store() as session:
        de, uk = gates(session, SLUG, ["de", "uk"])
    judged = verdicts([de, uk], {})
    assert [v.builds for v in judged] == [False, False]  # uk: three quarters approved
    with pytest.raises(CoverageError) as caught:
        require_coverage(judged)
    message = str(caught.value)
    assert message.startswith("de: 0 of 412 segments approved (0%), at least 100% needed; uk: ")
    assert REFUSAL in message and "nothing was written" in message
    share = floor_percent(len(uk.included), 412)
    (at_share,) = verdicts([uk], {"TRANSLATE_APP_MIN_COVERAGE_UK": str(share)})
    assert at_share.meets and at_share.builds
    (above,) = verdicts([uk], {}, min_coverage=share + 0.1)
    assert not above.meets and not above.builds
    (asked,) = verdicts([de], {}, partial=True)
    assert asked.builds and not asked.meets
    require_coverage([at_share, asked])  # nothing refused: no error


# --- a partial edition says so --------------------------------------------------------------


def test_a_partial_edition_says_so_on_the_cover_every_page_and_in_front_matter(
    uk_partial: build.LanguageBuild, tmp_path: Path
) -> None:
    found = coverage_of(uk_partial.gate)
    assert found.partial and 0 < found.approved == found.included < found.segments
    share = edition_locale("uk").percent(found.translated_percent, 100)
    notice = f"Частковий переклад: перекладено {share}, схвалено {share}"
    assert partial_notice(found, edition_locale("uk")) == notice
    keys = front_matter(output(uk_partial, ".md").decode("utf-8"))
    assert keys["partial"] is True and keys["partial_note"] == notice and keys["lang"] == "uk"
    page = lxml_html.fromstring(output(uk_partial, ".html"))
    (shown,) = page.xpath("//header[@class='cover']/p[@class='partial-notice']")
    assert shown.text_content() == notice
    (said,) = page.xpath("//footer[@id='colophon']/p[contains(@class, 'partial-notice')]")
    assert said.text_content() == notice  # the colophon says so too
    pages = [p for p in pdftotext(output(uk_partial, ".pdf"), tmp_path).split("\f") if p.strip()]
    assert len(pages) > 20 and notice in pages[0]  # the cover
    assert all(notice in p for p in pages[1:])  # the running foot of every other page
    english = partial_notice(found, edition_locale("en"))
    assert english == f"Partial translation: {found.translated_percent}% translated, " \
        f"{found.approved_percent}% approved"  # fmt: skip


def test_a_complete_edition_carries_no_notice(
    store: sessionmaker[Session],  # noqa: F811
) -> None:
    with store() as session:
        found = gates(session, SLUG, ["uk"], min_state=State.DRAFT)
        (built,) = build.build(session, found, ["md", "html"], built_at=BUILT_AT)
    assert not coverage_of(built.gate).partial
    assert "partial" not in front_matter(output(built, ".md").decode("utf-8"))
    assert b'class="partial-notice' not in output(built, ".html")


# --- the command ----------------------------------------------------------------------------


def translate(cli: Run, tmp_path: Path, *langs: str) -> None:
    """Every segment of ``langs`` translated (a pseudo-translated PO catalog imported)."""
    for lang in langs:
        po = tmp_path / f"{lang}.po"
        assert cli("export", SLUG, "--lang", lang, "-o", str(po))[0] == 0
        pseudo_translate(po)
        assert cli("import", str(po), "--lang", lang, "--document", SLUG)[0] == 0


def test_the_command_refuses_an_empty_language_and_writes_nothing(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    code, _, err = ingested("build", SLUG, "--lang", "uk", "--format", "md,html")
    assert code == 1
    assert f"uk: 0 of 412 segments approved (0%), at least 100% needed; {REFUSAL}" in err
    assert not (tmp_path / "build").exists()
    code, _, err = ingested("build", SLUG, "--lang", "uk", "--format", "review", "--out", "r")
    assert code == 0, err  # a review copy is for reviewers: never refused for its coverage
    assert (tmp_path / "r" / "uk" / f"{SLUG}.review.html").is_file()
    code, _, err = ingested("build", SLUG, "--lang", "uk", "--min-coverage", "most")
    assert code == 1 and "minimum coverage 'most': give a percentage from 0 to 100" in err
    code, out, err = ingested("build", SLUG, "--lang", "uk", "--format", "md,html", "--partial")
    assert code == 0, err
    assert "partial edition: uk: 0 of 412 segments approved (0%)" in out
    md = (tmp_path / "build" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert front_matter(md)["partial_note"] == (
        "Частковий переклад: перекладено 0,0%, схвалено 0,0%"
    )
    code, _, err = ingested("build", SLUG, "--lang", "de", "--min-coverage", "0", "--out", "z")
    assert code == 0, err  # a minimum of 0: built, and still labelled partial
    assert front_matter((tmp_path / "z" / "de" / f"{SLUG}.md").read_text("utf-8"))["partial"]


def test_lang_all_builds_only_the_languages_that_pass(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    code, _, err = ingested("build", SLUG, "--lang", "all", "--out", "none")
    assert code == 1 and "nothing was built" in err and not (tmp_path / "none").exists()
    translate(ingested, tmp_path, "uk", "de", "fr")
    code, out, err = ingested(
        "build", SLUG, "--lang", "all", "--min-state", "translated", "--format", "md,html",
        "--out", "o",
    )  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["de", "fr", "uk"]
    for lang in ("es", "pl"):
        assert f"skipped {lang}: 0 of 412 segments at least translated (0%), at least 100% " \
            f"needed; {REFUSAL}" in err  # fmt: skip
    assert "wrote o/uk/" in out and "partial edition" not in out
    code, _, err = ingested("build", SLUG, "--lang", "uk,pl", "--min-state", "translated",
                            "--out", "named")  # fmt: skip
    assert code == 1 and "pl: 0 of 412" in err and not (tmp_path / "named").exists()


# --- live links -----------------------------------------------------------------------------


def edition_links(page: Path) -> dict[str, str]:
    """hreflang -> href of the "Other editions" links of an HTML edition."""
    root = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return {a.get("hreflang"): a.get("href") for a in root.xpath("//nav[@class='editions']/a")}


def test_other_editions_links_resolve_to_files_that_exist(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    translate(ingested, tmp_path, "uk", "de")
    site = tmp_path / "site"
    site.mkdir()
    (site / f"{SLUG}.html").write_text("the original", encoding="utf-8")
    code, _, err = ingested(
        "build", SLUG, "--lang", "uk,de", "--min-state", "translated", "--format", "html,md",
        "--out", "site", "--original-url", "../:slug.html",
    )  # fmt: skip
    assert code == 0, err
    for lang, other in (("uk", "de"), ("de", "uk")):  # 2 of 5 languages built
        page = site / lang / f"{SLUG}.html"
        links = edition_links(page)
        assert set(links) == {other, "en"}, links
        for href in links.values():
            assert (page.parent / href).resolve().is_file(), href
        root = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        alternates = root.xpath("//link[@rel='alternate']/@hreflang")
        assert sorted(alternates) == sorted([lang, other, "en"])
    # a later build of one language links to the editions already in the folder
    translate(ingested, tmp_path, "fr")
    assert ingested("build", SLUG, "--lang", "fr", "--min-state", "translated", "--format",
                    "html", "--out", "site")[0] == 0  # fmt: skip
    page = site / "fr" / f"{SLUG}.html"
    links = edition_links(page)
    assert links["en"] == "/2024/06/18/crossing-thresholds.html"  # Jekyll's URL of the post
    assert set(links) == {"de", "uk", "en"}
    assert all((page.parent / h).resolve().is_file() for k, h in links.items() if k != "en")


def test_markdown_edition_gets_the_permalink_pattern_only_when_set(
    ingested: Run,  # noqa: F811
    tmp_path: Path,
) -> None:
    translate(ingested, tmp_path, "uk")
    args = ("build", SLUG, "--lang", "uk", "--min-state", "translated")
    assert ingested(*args, "--out", "plain")[0] == 0
    plain = front_matter((tmp_path / "plain" / "uk" / f"{SLUG}.md").read_text("utf-8"))
    assert "permalink" not in plain and plain["translation_key"] == SLUG
    assert ingested(*args, "--out", "linked", "--permalink", "/:lang/:slug/")[0] == 0
    text = (tmp_path / "linked" / "uk" / f"{SLUG}.md").read_text("utf-8")
    assert "\nlang: uk\ntranslation_key: crossing-thresholds\npermalink: " in text
    linked = front_matter(text)
    assert linked["permalink"] == "/uk/crossing-thresholds/" and linked["lang"] == "uk"


def test_a_permalink_of_the_source_is_replaced_and_names_the_original() -> None:
    source = "---\ntitle: A\npermalink: /reports/a/\ndate: 2024-06-18\n---\nBody\n"
    assert original_url(source, "a") == "/reports/a/"
    assert original_url(source, "a", "https://example.org/:year/:slug/") == (
        "https://example.org/2024/a/"
    )
    assert original_url("---\noriginal_url: https://x.org/a\n---\n", "a") == "https://x.org/a"
    assert original_url("---\ndate: 2024-06-18\ncategories: [news]\n---\n", "a") == (
        "/news/2024/06/18/a.html"
    )
    kept = add_keys(source, {"lang": "uk", "permalink": "/uk/a/"})
    assert "permalink: /reports/a/" in kept
    keys = {"lang": "uk", "permalink": "/uk/a/"}
    replaced = add_keys(source, keys, replace={"lang", "permalink"})
    assert front_matter(replaced)["permalink"] == "/uk/a/" and "/reports/a/" not in replaced
