"""The editor page's fast paths give what the slow ones gave: card URLs as ``url_for`` builds
them, dates as Flask-Babel formats them, labels in the person's UI language."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask import url_for
from flask_babel import format_datetime, refresh

from tests.test_web_support import SLUG, Site
from translate_app.store.models import Document, Language
from translate_app.web import fragments, i18n
from translate_app.web.cardkit import card_kit
from translate_app.web.feed import count_new

pytest_plugins = ["tests.test_web_support"]

EDITOR = f"/documents/{SLUG}/uk"
ENDPOINTS = {
    "segment": "editor.segment",
    "details": "editor.details",
    "preview": "editor.preview",
    "approve": "review.approve",
    "reject": "review.reject",
}


@pytest.mark.parametrize("key", ["0082813614b9", "0082813614b9-2", "a b/ü?#%-3"])
def test_card_urls_are_the_ones_url_for_builds(site: Site, key: str) -> None:
    with site.session() as session:
        doc = session.query(Document).filter_by(slug=SLUG).one()
        language = session.get(Language, "uk")
        assert language is not None
        with site.app.test_request_context("/"):
            urls = card_kit(doc, language).urls(key)
            for name, endpoint in ENDPOINTS.items():
                built = url_for(endpoint, slug=SLUG, lang="uk", key=key)
                assert getattr(urls, name) == built, name
            kit = card_kit(doc, language)
            for result_id in (1, 17, 918273645):
                built = url_for("editor.acknowledge", slug=SLUG, lang="uk", result_id=result_id)
                assert kit.acknowledge_url(result_id) == built


def test_the_kit_follows_the_persons_rights(site: Site) -> None:
    translator = site.client("olena").get(f"{EDITOR}/").get_data(as_text=True)
    editor = site.client("ed").get(f"{EDITOR}/").get_data(as_text=True)
    assert 'class="approve"' not in translator and "/approve" not in translator
    assert editor.count('class="inline reject-form"') >= 1
    for key in site.keys:
        if f'id="seg-{key}"' in editor and f"/segments/{key}/reject" in editor:
            break
    else:
        pytest.fail("no reject form for any segment on the editor's page")
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', editor)
    assert token is not None
    forms = re.findall(r'name="csrf_token" value="([^"]+)"', editor)
    assert forms and set(forms) == {token.group(1)}


@pytest.mark.parametrize("locale", ["en", "uk"])
@pytest.mark.parametrize("style", ["short", "medium", "long"])
def test_dates_are_formatted_as_flask_babel_formats_them(
    site: Site, locale: str, style: str
) -> None:
    start = datetime(2026, 3, 1, 23, 59, 58, 123456)
    values = [start + timedelta(seconds=s, microseconds=m)
              for s in (0, 1, 2, 61, 3600) for m in (0, 700000)]  # fmt: skip
    with site.app.test_request_context("/", headers={"Accept-Language": locale}):
        refresh()
        i18n.forget()
        assert i18n.current_locale() == locale
        for value in values:
            shown = str(i18n.when(value, style))
            expected = str(format_datetime(value, style))
            assert shown == f'<time datetime="{value.isoformat()}">{expected}</time>', value


def test_the_cards_speak_the_persons_language(site: Site) -> None:
    browser = site.client("ed")
    english = browser.get(f"{EDITOR}/").get_data(as_text=True)
    ukrainian = browser.get(f"{EDITOR}/", headers={"Accept-Language": "uk"})
    assert "Save and next" in english and "Reject" in english
    # The person's saved choice wins over the browser's: switch it the way the profile does.
    with site.session() as session:
        site.user(session, "ed").ui_locale = "uk"
        session.commit()
    ukrainian = browser.get(f"{EDITOR}/").get_data(as_text=True)
    assert "Save and next" not in ukrainian and "Reject" not in ukrainian
    for english_label in ("Details", "Save as draft", "Copy source", "Approve"):
        assert f">{english_label}<" not in ukrainian, english_label
    assert "Зберегти" in ukrainian


def test_the_activity_badge_stops_counting_at_its_cap(site: Site) -> None:
    with site.session() as session:
        everything = count_new(session, ["uk", "de"], None)
        assert everything > 3
        assert count_new(session, ["uk", "de"], None, up_to=3) == 3
        assert count_new(session, ["uk", "de"], None, up_to=everything + 5) == everything


def test_only_the_current_versions_check_results_are_shown(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[3]  # "We walked <g1>for days</g1>."
    page = browser.get(f"{EDITOR}/").get_data(as_text=True)
    version = re.search(rf'id="seg-{key}".*?name="version" value="(\d+)"', page, re.S)
    assert version is not None
    form = {"text": "Ми йшли днями.", "version": version.group(1), "intent": "translated"}
    broken = browser.post(f"{EDITOR}/segments/{key}", form, htmx=True)
    assert broken.status_code == 200 and "placeholders" in broken.get_data(as_text=True)
    form = {"text": "Ми йшли <g1>днями</g1>.", "version": str(int(version.group(1)) + 1),
            "intent": "translated"}  # fmt: skip
    fixed = browser.post(f"{EDITOR}/segments/{key}", form, htmx=True)
    assert fixed.status_code == 200
    page = browser.get(f"{EDITOR}/").get_data(as_text=True)
    start = page.index(f'id="seg-{key}"')
    card = page[start : page.find("<article", start + 1)]
    assert 'class="check check-error"' not in card, "an older version's result is shown"


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrf_token" value="|csrf-token" content="|"X-CSRFToken": ")[^"]+', r"\1", html)


@pytest.mark.parametrize("name", ["olena", "ed"])
def test_kept_cards_are_the_cards_rendered_afresh(site: Site, name: str) -> None:
    browser = site.client(name)
    fragments.cards.clear()
    fresh = browser.get(f"{EDITOR}/?state=").get_data(as_text=True)
    assert fragments.cards.misses > 0 and fragments.cards.hits == 0
    kept = browser.get(f"{EDITOR}/?state=").get_data(as_text=True)
    assert fragments.cards.hits == fragments.cards.misses
    assert _without_tokens(kept) == _without_tokens(fresh)
    assert "<ta:" not in kept
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', kept)
    assert token is not None
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', kept)) == {token.group(1)}
    assert set(re.findall(r'name="next" value="([^"]+)"', kept)) == {f"{EDITOR}/?state="}


def test_a_kept_card_changes_with_what_it_shows(site: Site) -> None:
    browser = site.client("olena")
    key = site.keys[1]
    page = browser.get(f"{EDITOR}/").get_data(as_text=True)
    version = re.search(rf'id="seg-{key}".*?name="version" value="(\d+)"', page, re.S)
    assert version is not None
    text = "Кордон закрили <ta:csrf> <ta:next> {{ 7*7 }}"
    saved = browser.post(f"{EDITOR}/segments/{key}",
                         {"text": text, "version": version.group(1), "intent": "translated"})
    assert saved.status_code == 303
    page = browser.get(f"{EDITOR}/").get_data(as_text=True)
    start = page.index(f'id="seg-{key}"')
    card = page[start : page.find("<article", start + 1)]
    assert "Кордон закрили &lt;ta:csrf&gt; &lt;ta:next&gt; {{ 7*7 }}" in card
    assert "state-translated" in card and f'value="{int(version.group(1)) + 1}"' in card
    comment = browser.post(f"{EDITOR}/segments/{key}/comments", {"comment": "@ed look"})
    assert comment.status_code in {200, 303}
    page = browser.get(f"{EDITOR}/").get_data(as_text=True)
    start = page.index(f'id="seg-{key}"')
    assert "1 comment" in page[start : page.find("<article", start + 1)]
