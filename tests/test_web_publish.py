"""The publish page: gate report, builds per language, downloads of the editions."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_web_support import SLUG, Site
from translate_app.web.database import web_state

pytest_plugins = ["tests.test_web_support"]

BUILD = f"/publish/{SLUG}/uk/build"


def test_anonymous_visitors_go_to_the_login_page(site: Site) -> None:
    browser = site.client()
    for url in (f"/publish/{SLUG}/", f"/publish/{SLUG}/uk/{SLUG}.md"):
        response = browser.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login?next=")
    assert browser.post(BUILD, {"format": "md"}).status_code == 302


def test_translators_and_editors_of_other_languages_are_refused(site: Site) -> None:
    olena = site.client("olena")
    assert olena.get(f"/publish/{SLUG}/").status_code == 403
    assert olena.post(BUILD, {"format": "md"}).status_code == 403
    dieter = site.client("dieter")
    page = dieter.get(f"/publish/{SLUG}/")
    assert page.status_code == 200 and BUILD not in page.get_data(as_text=True)
    assert dieter.post(BUILD, {"format": "md"}).status_code == 403
    site.client("ed").post(BUILD, {"format": "md"})
    assert dieter.get(f"/publish/{SLUG}/uk/{SLUG}.md").status_code == 403


def test_a_build_without_a_csrf_token_is_refused(site: Site) -> None:
    response = site.client("ed").post(BUILD, {"format": "md"}, csrf=False)
    assert response.status_code == 400
    assert site.client("ed").get(f"/publish/{SLUG}/uk/{SLUG}.md").status_code == 404


def test_an_editor_builds_and_downloads_the_editions(site: Site) -> None:
    ed = site.client("ed")
    page = ed.get(f"/publish/{SLUG}/").get_data(as_text=True)
    assert BUILD in page and "Blocked by error-level checks" in page
    assert "/publish/" in ed.get("/").get_data(as_text=True)
    response = ed.post(BUILD, {"format": ["md", "html"], "min_state": "translated", "partial": "1"})
    assert response.status_code == 303
    page = ed.get(f"/publish/{SLUG}/").get_data(as_text=True)
    assert f"/publish/{SLUG}/uk/{SLUG}.md" in page and f"/publish/{SLUG}/uk/{SLUG}.html" in page
    assert f"{SLUG}.pdf" not in page
    md = ed.get(f"/publish/{SLUG}/uk/{SLUG}.md")
    assert md.status_code == 200
    assert "lang: uk" in md.get_data(as_text=True)
    assert "attachment" in md.headers["Content-Disposition"]
    md.close()
    html = ed.get(f"/publish/{SLUG}/uk/{SLUG}.html")
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "attachment" not in html.headers.get("Content-Disposition", "")
    assert "Дорога була довгою." in html.get_data(as_text=True)
    html.close()
    editions = Path(site.app.instance_path) / "editions" / "uk"
    assert sorted(p.name for p in editions.iterdir()) == [f"{SLUG}.html", f"{SLUG}.md"]


def test_unknown_or_traversing_file_names_are_404(site: Site) -> None:
    ed = site.client("ed")
    ed.post(BUILD, {"format": "md"})
    for name in ("../x", "..%2Fx", "x.md", f"{SLUG}.pdf", "..%2F..%2Fstore.db"):
        assert ed.get(f"/publish/{SLUG}/uk/{name}").status_code == 404, name
    assert site.client("root").get(f"/publish/{SLUG}/de/{SLUG}.md").status_code == 404


def test_the_page_shows_the_coverage_decision_before_the_build_button(site: Site) -> None:
    ed = site.client("ed")
    page = ed.get(f"/publish/{SLUG}/").get_data(as_text=True)
    refused = re.search(r"A build will be refused: 0 of (\d+) segments pass the gate \(0%\), "
                        r"at least 100% needed\.", page)  # fmt: skip
    assert refused is not None and int(refused[1]) > 5
    assert page.index(refused[0]) < page.index(">Build</button>")
    ukrainian = ed.get(f"/publish/{SLUG}/", headers={"Accept-Language": "uk"})
    assert "Збирання буде відхилено: поріг проходять 0 із" in ukrainian.get_data(as_text=True)
    web_state(site.app).config.extra["TRANSLATE_APP_MIN_COVERAGE_UK"] = "0"
    page = ed.get(f"/publish/{SLUG}/").get_data(as_text=True)
    assert "A build is labelled as a partial translation: 0% translated, 0% approved" in page


def test_a_build_below_the_minimum_is_refused_unless_partial(site: Site) -> None:
    ed = site.client("ed")
    response = ed.post(BUILD, {"format": ["md", "html"]})
    assert response.status_code == 303
    page = ed.get(f"/publish/{SLUG}/").get_data(as_text=True)
    assert "The edition was not built: 0 of" in page and "at least 100% needed" in page
    editions = Path(site.app.instance_path) / "editions"
    assert not (editions / "uk").exists()
    assert ed.post(BUILD, {"format": ["md", "html"], "partial": "1"}).status_code == 303
    html = (editions / "uk" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<p class="partial-notice" role="note">Частковий переклад: перекладено 0,0%' in html
    assert "partial: true" in (editions / "uk" / f"{SLUG}.md").read_text(encoding="utf-8")
