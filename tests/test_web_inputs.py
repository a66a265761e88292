"""No input answers 500 (issue 17): ids, versions and page numbers beyond the database's
integers, JSON nested 50,000 deep or too large, lone surrogates and control characters.

Each request here answered 500 with a traceback before ``translate_app.web.inputs`` and
``translate_app.segment.characters``.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from tests.test_api import Api
from tests.test_web_support import SLUG, Site, serve, stop
from translate_app import workflow
from translate_app.segment import characters
from translate_app.store.models import User
from translate_app.web.inputs import MAX_JSON_BYTES, MAX_JSON_DEPTH, json_depth

pytest_plugins = ["tests.test_web_support"]

HUGE = [str(2**31), str(10**30), str(2**64), str(2**63), "9" * 30, "9" * 5000]
"""Numbers no id or version column holds (PostgreSQL's INTEGER is 32-bit; 5,000 digits:
beyond what ``int()`` parses)."""


JSON = {"Content-Type": "application/json"}


@pytest.fixture
def site(any_site: Site) -> Site:
    """Every test here runs on each backend (PostgreSQL refuses what SQLite stores)."""
    return any_site


def _segment_url(site: Site, index: int) -> str:
    return f"/documents/{SLUG}/segments/{site.keys[index]}/translations/uk"


def test_a_lone_surrogate_in_an_api_save_is_400_naming_it(site: Site) -> None:
    api = Api(site, "olena")
    body = json.dumps({"text": "x\ud800y", "version": 1})  # JSON escapes it: \ud800
    response = api.client.put(f"/api/v1{_segment_url(site, 1)}", data=body,
                              headers={**api.headers, **JSON})  # fmt: skip
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "U+D800" in error and "position 2" in error
    assert api.get(_segment_url(site, 1)).get_json()["translation"]["text"] == "Кордон закрили."


def test_json_nested_fifty_thousand_deep_is_400_before_parsing(site: Site) -> None:
    api = Api(site, "olena")
    deep = '{"text": ' + "[" * 50_000 + "]" * 50_000 + ', "version": 1}'
    response = api.client.put(f"/api/v1{_segment_url(site, 1)}", data=deep,
                              headers={**api.headers, **JSON})  # fmt: skip
    assert response.status_code == 400
    assert f"deeper than {MAX_JSON_DEPTH}" in response.get_json()["error"]
    big = json.dumps({"text": "я" * MAX_JSON_BYTES, "version": 1})
    too_big = api.client.put(f"/api/v1{_segment_url(site, 1)}", data=big,
                             headers={**api.headers, **JSON})  # fmt: skip
    assert too_big.status_code == 413 and too_big.get_json()["status"] == 413


def test_json_depth_counts_brackets_outside_strings() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[[{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(b"[" * 40) == 40


@pytest.mark.parametrize("version", [2**31, 10**30, 2**64, -(2**64)])
def test_huge_versions_on_api_approve_and_reject_are_400(site: Site, version: int) -> None:
    ed = Api(site, "ed")
    base = f"{_segment_url(site, 4)}"
    approve = ed.post(f"{base}/approve", {"version": version})
    assert approve.status_code == 400 and "'version'" in approve.get_json()["error"]
    reject = ed.post(f"{base}/reject", {"version": version, "reason": "too free"})
    assert reject.status_code == 400
    save = Api(site, "olena").put(base, {"text": "Дорога.", "version": version})
    assert save.status_code == 400


@pytest.mark.parametrize("version", [str(2**31), str(10**30), str(2**64)])
def test_huge_versions_on_the_review_form_are_400(site: Site, version: str) -> None:
    ed = site.client("ed")
    base = f"/review/{SLUG}/uk/segments/{site.keys[4]}"
    assert ed.post(f"{base}/approve", {"version": version}, htmx=True).status_code == 400
    assert ed.post(f"{base}/reject", {"version": version, "reason": "no"}).status_code == 400
    batch = ed.post(f"/review/{SLUG}/uk/approve",
                    {"key": site.keys[4], f"version-{site.keys[4]}": version})  # fmt: skip
    assert batch.status_code == 400
    olena = site.client("olena")
    assert olena.post(f"/documents/{SLUG}/uk/segments/{site.keys[1]}",
                      {"text": "Так.", "version": version}).status_code == 400  # fmt: skip
    restore = olena.post(f"/documents/{SLUG}/uk/segments/{site.keys[1]}/restore",
                         {"event": version, "version": "1"}, htmx=True)  # fmt: skip
    assert restore.status_code == 400


@pytest.mark.parametrize("number", HUGE)
def test_ids_beyond_the_database_are_not_found(site: Site, number: str) -> None:
    ed = site.client("ed")
    assert ed.post(f"/documents/{SLUG}/uk/checks/{number}/acknowledge", {}).status_code == 404
    assert ed.post(f"/documents/{SLUG}/uk/comments/{number}/resolve", {}).status_code == 404
    root = site.client("root")
    assert root.get(f"/admin/drafting/jobs/{number}").status_code == 404
    assert root.get(f"/admin/drafting/jobs/{number}/progress").status_code == 404
    assert root.post(f"/admin/users/{number}/password", {"password": "x" * 20}).status_code == 404
    assert ed.post(f"/profile/tokens/{number}/revoke", {}).status_code == 404


@pytest.mark.parametrize("number", HUGE)
def test_page_numbers_beyond_the_database_are_400(site: Site, number: str) -> None:
    ed = site.client("ed")
    feed = ed.get(f"/activity/?page={number}")
    assert feed.status_code == 400
    assert ed.get(f"/review/{SLUG}/uk/?page={number}").status_code == 400
    assert ed.get(f"/documents/{SLUG}/uk/?page={number}").status_code == 400
    api = Api(site, "ed")
    for name in ("offset", "limit"):
        response = api.get(f"/documents/{SLUG}/segments", **{name: number})
        assert response.status_code == 400 and f"'{name}'" in response.get_json()["error"]
    assert ed.get("/activity/?page=x").status_code == 200  # not a number: the first page


def test_a_nul_byte_is_refused_everywhere_and_the_typed_text_kept(site: Site) -> None:
    api = Api(site, "olena")
    refused = api.put(_segment_url(site, 1), {"text": "Кордон\x00 закрили.", "version": 1})
    assert refused.status_code == 400
    assert "U+0000 (NUL) at position 7" in refused.get_json()["error"]
    olena = site.client("olena")
    editor = olena.post(f"/documents/{SLUG}/uk/segments/{site.keys[1]}",
                        {"text": "Кордон\x1b закрили.", "version": "1"}, htmx=True)  # fmt: skip
    assert editor.status_code == 400
    html = editor.get_data(as_text=True)
    assert "U+001B (ESCAPE) at position 7" in html
    assert re.search(r"<textarea[^>]*>Кордон\x1b закрили.</textarea>", html)  # kept
    comment = olena.post(f"/documents/{SLUG}/uk/segments/{site.keys[1]}/comments",
                         {"comment": "a\x00b"}, htmx=True)  # fmt: skip
    assert comment.status_code == 400
    reject = Api(site, "ed").post(f"{_segment_url(site, 4)}/reject",
                                  {"version": 1, "reason": "no\x07"})  # fmt: skip
    assert reject.status_code == 400 and "U+0007" in reject.get_json()["error"]
    with site.session() as session:
        tr = workflow.get_translation(session, site.segment(session, 1), "uk")
        assert (tr.text, tr.version) == ("Кордон закрили.", 1)
        assert not workflow.comments(session, site.segment(session, 1), "uk")


@pytest.mark.parametrize(
    ("text", "refused"),
    [("a\tb\nc «ʼ» — 😀", None), ("a\x00", "U+0000"), ("a\rb", "U+000D"), ("\x85", "U+0085"),
     ("\x7f", "U+007F"), ("x\udfff", "U+DFFF")],
)  # fmt: skip
def test_the_text_rule_allows_tab_and_newline_only(text: str, refused: str | None) -> None:
    found = characters.problems(text)
    assert (found[0].split(" holds ")[1][:6] if found else None) == refused
    if refused:
        with pytest.raises(characters.CharacterError):
            characters.check(text)


@pytest.mark.tracebacks_expected
def test_the_traceback_fixture_sees_a_500_on_a_live_server(
    site: Site, no_tracebacks: list[logging.LogRecord]
) -> None:
    """What ``no_tracebacks`` catches (and fails every other web test for)."""

    def boom() -> str:
        raise RuntimeError("deliberate")

    site.app.add_url_rule("/boom", "boom", boom)
    server = serve(site.app)
    try:
        with urllib.request.urlopen(f"{server.url}/boom", timeout=30):
            pass
    except urllib.error.HTTPError as exc:
        assert exc.code == 500
    finally:
        stop(server)
    assert any("deliberate" in str(r.exc_info and r.exc_info[1]) or "deliberate" in r.getMessage()
               for r in no_tracebacks)  # fmt: skip


def test_control_characters_in_paths_queries_and_form_fields_are_refused(site: Site) -> None:
    ed = site.client("ed")
    assert ed.get(f"/documents/{SLUG}/uk/segments/a%00b").status_code == 404
    assert Api(site, "ed").get(f"/documents/{SLUG}%1b").status_code == 404
    query = ed.get(f"/documents/{SLUG}/uk/?q=a%00b")
    assert query.status_code == 400
    api = Api(site, "ed").get(f"/documents/{SLUG}/segments", lang="uk", q="a\x1bb")
    assert api.status_code == 400 and "U+001B (ESCAPE) at position 2" in api.get_json()["error"]
    root = site.client("root")
    person = {"name": "nul", "role": "translator", "lang": "uk", "password": "x" * 20}
    added = root.post("/admin/users", {**person, "display_name": "N\x00L"})
    assert added.status_code == 400 and "U+0000" in added.get_data(as_text=True)
    with site.session() as session:
        assert all(u.name != "nul" for u in session.scalars(select(User)))
    assert root.post("/admin/users", {**person, "display_name": "NL"}).status_code < 400
    with site.session() as session:
        assert any(u.name == "nul" for u in session.scalars(select(User)))
