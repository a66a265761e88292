"""The editor: pages, filters, saving (htmx and plain forms), conflicts, history, comments,
previews, and translator text shown escaped everywhere."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from tests.test_web_support import SLUG, Site
from translate_app import workflow
from translate_app.store.models import CheckResult, Comment, Segment
from translate_app.store.states import State

pytest_plugins = ["tests.test_web_support"]

EDITOR = f"/documents/{SLUG}/uk"


def card_of(html: str, key: str) -> str:
    """The HTML of one segment's card."""
    start = html.index(f'id="seg-{key}"')
    end = html.find("<article", start)
    return html[start : end if end > 0 else len(html)]


def translation(site: Site, index: int, lang: str = "uk") -> tuple[str, State, int, str]:
    with site.session() as session:
        tr = workflow.get_translation(session, site.segment(session, index), lang)
        return tr.text, tr.state, tr.version, tr.origin


def test_the_editor_shows_segments_by_block_with_chips_and_origins(site: Site) -> None:
    html = site.client("olena").get(f"{EDITOR}/").get_data(as_text=True)
    assert html.count('<article id="seg-') == len(site.keys)
    assert html.count('<section class="block') == 5
    assert 'data-token="&lt;g1&gt;"' in html and 'data-token="&lt;x1/&gt;"' in html
    assert "machine: test" in html and "by olena" in html
    assert 'lang="uk"' in html and "Ми йшли &lt;g1&gt;днями&lt;/g1&gt;." in html  # in the field


def test_filters_state_search_mine_outdated_and_checks(site: Site) -> None:
    browser = site.client("olena")

    def shown(query: str) -> set[str]:
        html = browser.get(f"{EDITOR}/?{query}").get_data(as_text=True)
        return set(re.findall(r'<article id="seg-([^"]+)"', html))

    keys = site.keys
    assert shown("state=draft") == {keys[0], keys[1], keys[3], keys[7]}
    assert shown("state=empty") == {keys[2], keys[5], keys[6]}
    assert shown("state=translated") == {keys[4], keys[8], keys[9]}
    assert shown("q=road") == {keys[4]}
    assert shown("q=Крамниці") == {keys[8]}
    assert shown("wrote=1") == {keys[4], keys[8], keys[9]}  # mine=1: test_web_assignments
    assert shown("mine=1") == set()
    assert shown("outdated=1") == set()
    with site.session() as session:
        segment = site.segment(session, 1)
        segment.previous_source = "The border was open."
        tr = workflow.get_translation(session, site.segment(session, 4), "uk")
        session.add(CheckResult(translation_id=tr.id, version=tr.version, check_id="length",
                                severity="warning", message="much longer than the source"))
        session.commit()
    assert shown("outdated=1") == {keys[1]}
    assert shown("checks=1") == {keys[4]}
    page = browser.get(f"{EDITOR}/?checks=1").get_data(as_text=True)
    assert "much longer than the source" in page and "check-warning" in page


def test_saving_with_htmx_returns_the_card_and_moves_on(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[1]
    response = browser.post(f"{EDITOR}/segments/{key}",
                            {"text": " Кордон закрили.\r\n", "version": "1", "intent": "translated",
                             "advance": "1"}, htmx=True)  # fmt: skip
    assert response.status_code == 200
    assert json.loads(response.headers["HX-Trigger-After-Swap"]) == {
        "ta:saved": {"key": key, "advance": True}
    }
    html = response.get_data(as_text=True)
    assert html.startswith(f'<article id="seg-{key}"') and "state-translated" in html
    assert translation(site, 1) == ("Кордон закрили.", State.TRANSLATED, 2, "human:olena")
    draft = browser.post(f"{EDITOR}/segments/{key}",
                         {"text": "Кордон закрито.", "version": "2", "intent": "draft"}, htmx=True)
    assert draft.status_code == 200 and translation(site, 1)[1] == State.DRAFT


def test_saving_without_javascript_redirects_back_to_the_page(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[2]
    response = browser.post(f"{EDITOR}/segments/{key}",
                            {"text": "Ніхто не знав чому.", "version": "0",
                             "next": f"{EDITOR}/?state=empty"})  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"] == f"{EDITOR}/?state=empty#seg-{key}"
    assert translation(site, 2)[0] == "Ніхто не знав чому."
    assert translation(site, 5)[0] == "Ніхто не знав чому."  # the repeated sentence follows
    evil = browser.post(f"{EDITOR}/segments/{key}",
                        {"text": "Так.", "version": "1", "next": "https://evil.example/"})
    assert evil.headers["Location"] == f"{EDITOR}/#seg-{key}"


def test_a_stale_save_is_409_with_both_texts_and_the_typed_text_kept(site: Site) -> None:
    olena, taras = site.client("olena"), site.client("taras")
    key = site.keys[4]
    first = taras.post(f"{EDITOR}/segments/{key}",
                       {"text": "Дорога була дуже довгою.", "version": "1"}, htmx=True)
    assert first.status_code == 200
    stale = olena.post(f"{EDITOR}/segments/{key}",
                       {"text": "Шлях був довгим.", "version": "1"}, htmx=True)
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "has-conflict" in html and "Someone else saved this segment first." in html
    assert "Дорога була дуже довгою." in html  # theirs
    assert re.search(r"<textarea[^>]*>Шлях був довгим.</textarea>", html)  # mine, kept
    assert 'name="version" value="2"' in html  # saving again now overwrites knowingly
    assert translation(site, 4)[0] == "Дорога була дуже довгою."
    again = olena.post(f"{EDITOR}/segments/{key}", {"text": "Шлях був довгим.", "version": "2"},
                       htmx=True)  # fmt: skip
    assert again.status_code == 200 and translation(site, 4)[:3] == (
        "Шлях був довгим.", State.TRANSLATED, 3,
    )  # fmt: skip
    plain = olena.post(f"{EDITOR}/segments/{key}", {"text": "Інше.", "version": "2"})
    assert plain.status_code == 409 and "<html" in plain.get_data(as_text=True)


def test_refused_saves_keep_the_text_and_say_why(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[6]
    missing = browser.post(f"{EDITOR}/segments/{key}", {"text": "x"}, htmx=True)
    assert missing.status_code == 400
    with site.session() as session:
        site.segment(session, 6).obsolete = True
        session.commit()
    refused = browser.post(f"{EDITOR}/segments/{key}", {"text": "Потім пішов дощ.", "version": "0"},
                           htmx=True)  # fmt: skip
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "obsolete" in html and ">Потім пішов дощ.</textarea>" in html
    assert translation(site, 6)[2] == 0  # nothing written


def test_history_shows_diffs_and_restores_an_earlier_text(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[4]
    browser.post(f"{EDITOR}/segments/{key}", {"text": "Дорога була короткою.", "version": "1"})
    details = browser.get(f"{EDITOR}/segments/{key}/details").get_data(as_text=True)
    assert "<del>довгою</del><ins>короткою</ins>" in details
    with site.session() as session:
        first = workflow.history(session, site.segment(session, 4), "uk")[-1]
    restored = browser.post(f"{EDITOR}/segments/{key}/restore",
                            {"event": str(first.id), "version": "2"}, htmx=True)  # fmt: skip
    assert restored.status_code == 200
    html = restored.get_data(as_text=True)
    assert 'hx-swap-oob="outerHTML"' in html and "Дорога була довгою." in html
    assert translation(site, 4)[:3] == ("Дорога була довгою.", State.TRANSLATED, 3)
    stale = browser.post(f"{EDITOR}/segments/{key}/restore",
                         {"event": str(first.id), "version": "2"}, htmx=True)  # fmt: skip
    assert stale.status_code == 409


def test_comments_mention_people_and_can_be_resolved(site: Site) -> None:
    olena = site.client("olena")
    key = site.keys[3]
    response = olena.post(f"{EDITOR}/segments/{key}/comments",
                          {"comment": "@taras is “днями” right here?"}, htmx=True)  # fmt: skip
    assert response.status_code == 200
    assert '<span class="mention">@taras</span>' in response.get_data(as_text=True)
    dashboard = site.client("taras").get("/").get_data(as_text=True)
    assert "is “днями” right here?" in dashboard
    with site.session() as session:
        comment_id = session.scalar(select(Comment.id))
    assert site.client("greta").post(
        f"/documents/{SLUG}/uk/comments/{comment_id}/resolve", {}
    ).status_code == 403
    resolved = site.client("ed").post(f"{EDITOR}/comments/{comment_id}/resolve", {}, htmx=True)
    assert resolved.status_code == 200 and "resolved" in resolved.get_data(as_text=True)
    assert "right here" not in site.client("taras").get("/").get_data(as_text=True)


def test_previews_render_the_paragraph_and_the_document(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[3]
    block = browser.get(f"{EDITOR}/segments/{key}/preview",
                        query_string={"text": "Ми йшли <g1>цілими днями</g1>."})  # fmt: skip
    html = block.get_data(as_text=True)
    assert "<p>Ми йшли <em>цілими днями</em>. Дорога була довгою.</p>" in html
    broken = browser.get(f"{EDITOR}/segments/{key}/preview", query_string={"text": "Ми йшли."})
    assert "missing placeholder" in broken.get_data(as_text=True)
    document = browser.get(f"{EDITOR}/preview").get_data(as_text=True)
    assert "Кордон закрили." in document and "Nobody knew why." in document
    from translate_app.web.preview import render_markdown

    html_source = render_markdown("<excerpt/>\n\nA <b>b</b> \\<i>.\n\n{% include x %}\n")
    assert html_source == "<p>A b &lt;i&gt;.</p>\n"  # the source's raw HTML is left out


def test_translator_text_is_escaped_everywhere(site: Site) -> None:
    """<script> and {{ }} typed by a translator stay text: editor, history, previews, activity,
    review, comments and names."""
    evil = "<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(2)) <b>bold</b>"
    olena = site.client("olena")
    key = site.keys[8]
    saved = olena.post(f"{EDITOR}/segments/{key}", {"text": evil, "version": "1"}, htmx=True)
    assert saved.status_code == 200
    olena.post(f"{EDITOR}/segments/{key}", {"text": evil + " 2", "version": "2"})
    olena.post(f"{EDITOR}/segments/{key}/comments", {"comment": evil})
    with site.session() as session:
        site.user(session, "olena").display_name = "<img src=x onerror=alert(3)>"
        session.commit()
    pages = {
        "editor": olena.get(f"{EDITOR}/"),
        "segment": olena.get(f"{EDITOR}/segments/{key}"),
        "history": olena.get(f"{EDITOR}/segments/{key}/details"),
        "preview": olena.get(f"{EDITOR}/segments/{key}/preview", query_string={"text": evil}),
        "document": olena.get(f"{EDITOR}/preview"),
        "activity": olena.get("/activity/"),
        "review": site.client("ed").get(f"/review/{SLUG}/uk/"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert "<script>alert" not in html and "<b>bold" not in html, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        assert "{{ 7*7 }}" in html and ">49<" not in html, name
        assert 'href="javascript:' not in html, name
        assert "<img src=x" not in html, name


def test_details_offer_memory_suggestions_and_glossary_terms(site: Site) -> None:
    from tests.conftest import build_document
    from translate_app import glossary
    from translate_app.documents.ingesting import ingest

    with site.session() as session:
        ingest(session, build_document(["The road was very long."], slug="other", path="o.md"))
        glossary.add_term(session, "road", "дорога", lang="uk", note="not «шлях»",
                          forbidden=["шлях"])  # fmt: skip
        glossary.add_term(session, "Border", do_not_translate=True)
        session.commit()
        key = session.scalar(select(Segment.key).where(Segment.source.like("%very long%")))
    html = site.client("olena").get(f"/documents/other/uk/segments/{key}/details")
    text = html.get_data(as_text=True)
    assert 'data-n="1" data-text="Дорога була довгою."' in text
    assert re.search(r'class="score">\d\d%</span>', text) and "<del>" not in text
    assert "<ins>very </ins>" in text and "by olena" in text
    assert "<strong>road</strong>" in text and "not: шлях" in text and "not «шлях»" in text
    own = site.client("olena").get(f"{EDITOR}/segments/{site.keys[4]}/details").get_data(True)
    assert "Дорога була довгою." not in own.split("History")[0]  # its own text is no suggestion
    heading = site.client("olena").get(f"{EDITOR}/segments/{site.keys[0]}/details")
    assert "keep as is" in heading.get_data(as_text=True)


def test_check_results_show_inline_and_warnings_can_be_acknowledged(site: Site) -> None:
    olena = site.client("olena")
    key = site.keys[9]  # "The town waited."
    saved = olena.post(f"{EDITOR}/segments/{key}", {"text": "Місто чекало 5 днів", "version": "1"},
                       htmx=True)  # fmt: skip
    html = saved.get_data(as_text=True)
    assert "check-warning" in html and "numbers differ" in html and "Acknowledge" in html
    with site.session() as session:
        results = session.scalars(select(CheckResult).order_by(CheckResult.id)).all()
        warning = next(r for r in results if r.check_id == "numbers")
    done = olena.post(f"{EDITOR}/checks/{warning.id}/acknowledge", {}, htmx=True)
    assert done.status_code == 200 and "numbers differ" not in done.get_data(as_text=True)
    assert site.client("greta").post(f"{EDITOR}/checks/{warning.id}/acknowledge").status_code == 403
    olena.post(f"{EDITOR}/segments/{site.keys[3]}", {"text": "Ми йшли днями.", "version": "1"})
    with site.session() as session:
        error = session.scalar(select(CheckResult).where(CheckResult.check_id == "placeholders"))
        assert error is not None
    refused = olena.post(f"{EDITOR}/checks/{error.id}/acknowledge", {}, htmx=True)
    assert refused.status_code == 422 and "only fixed" in refused.get_data(as_text=True)
    page = olena.get(f"{EDITOR}/?checks=1").get_data(as_text=True)
    assert f'id="seg-{site.keys[3]}"' in page and f'id="seg-{key}"' in page  # end punctuation


def test_a_link_to_a_segment_opens_its_page_and_focuses_it(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate_app.web import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)  # pages: [0, 1, 2], [3, 4], [5, 6], [7, 8, 9]
    html = site.client("olena").get(f"{EDITOR}/?at={site.keys[8]}").get_data(as_text=True)
    assert f'data-focus="{site.keys[8]}"' in html and "Page 4 of 4" in html
    assert re.findall(r'<article id="seg-([^"]+)"', html) == site.keys[7:10]
