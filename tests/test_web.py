"""Route tests of the web UI: every view refuses anonymous visitors, wrong roles and
languages, and state changes without a CSRF token."""

from __future__ import annotations

import re

import pytest

from tests.test_web_support import SLUG, Browser, Site

pytest_plugins = ["tests.test_web_support"]


def routes(site: Site) -> list[tuple[str, str, str]]:
    """``(method, url, endpoint)`` of every view, with real values in the URL."""
    values = {"slug": SLUG, "lang": "uk", "key": site.keys[4], "user_id": str(site.ids["taras"]),
              "token_id": "1", "comment_id": "1", "job_id": "1", "result_id": "1",
              "filename": f"{SLUG}.md"}  # fmt: skip
    found = []
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, url, rule.endpoint))
    return found


PUBLIC = {"auth.login", "auth.login_post", "auth.locale", "auth.logout", "operations.healthz"}
"""Views anyone may use."""


def test_every_view_sends_anonymous_visitors_to_the_login_page(site: Site) -> None:
    browser = site.client()
    checked = 0
    for method, url, endpoint in routes(site):
        if endpoint in PUBLIC:
            continue
        if endpoint.startswith("api."):
            response = browser.client.open(url, method=method, json={})
            assert response.status_code == 401, (method, url)
            assert response.is_json and "error" in response.get_json()
        elif method == "GET":
            response = browser.get(url)
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/auth/login?next="), url
        else:
            response = browser.post(url, {})  # with a CSRF token: the login check answers
            assert response.status_code == 302, (method, url)
            assert "/auth/login" in response.headers["Location"]
        checked += 1
    assert checked >= 30


def test_every_state_change_without_a_csrf_token_is_refused(site: Site) -> None:
    browser = site.client("root")
    for method, url, endpoint in routes(site):
        if method == "GET":
            continue
        if endpoint.startswith("api."):  # a logged-in browser calling the API needs the token too
            response = browser.client.open(url, method=method, json={"version": 0, "text": "x"})
        else:
            response = browser.post(url, {"text": "x", "version": "0"}, csrf=False)
        assert response.status_code == 400, (method, url, response.status_code)
    htmx = browser.post(f"/documents/{SLUG}/uk/segments/{site.keys[4]}",
                        {"text": "x", "version": "1"}, htmx=True, csrf=False)  # fmt: skip
    assert htmx.status_code == 400
    assert htmx.headers["HX-Retarget"] == "#messages"


WRONG = {
    # endpoint name or prefix: people who must be refused (403) on the uk document
    "admin.drafting_page": ["olena", "greta"],
    "admin.start": ["olena", "dieter"],
    "admin.job": ["olena", "greta"],
    "admin.progress": ["taras"],
    "editor.": ["dieter", "greta"],
    "review.": ["olena", "dieter", "greta"],
    "publish.page": ["olena", "greta"],
    "publish.": ["olena", "dieter", "greta"],
    "admin.": ["ed", "olena"],
    "api.translation": ["dieter"],
    "api.save": ["dieter"],
    "api.approve": ["olena", "dieter"],
    "api.reject": ["olena", "dieter"],
}


def _who(endpoint: str) -> list[str]:
    for prefix, names in WRONG.items():
        if endpoint == prefix or (prefix.endswith(".") and endpoint.startswith(prefix)):
            return names
    return []


def test_every_view_refuses_the_wrong_role_or_language(site: Site) -> None:
    browsers: dict[str, Browser] = {}
    tokens: dict[str, str] = {}
    checked = 0
    for method, url, endpoint in routes(site):
        for name in _who(endpoint):
            if endpoint.startswith("api."):
                if name not in tokens:
                    tokens[name] = _token(site, name)
                response = site.app.test_client().open(
                    url, method=method, json={"version": 1, "text": "x", "reason": "r"},
                    headers={"Authorization": f"Bearer {tokens[name]}"},
                )  # fmt: skip
            else:
                browser = browsers.setdefault(name, site.client(name))
                if method == "GET":
                    response = browser.get(url)
                else:
                    response = browser.post(url, {"text": "x", "version": "1", "reason": "r",
                                                  "role": "admin", "lang": "uk", "active": "1",
                                                  "document": SLUG, "engine": "memory"})
            assert response.status_code == 403, (name, method, url, response.status_code)
            checked += 1
    assert checked >= 40
    # Activity in a language the person does not work on is refused as well.
    assert site.client("greta").get("/activity/?lang=uk").status_code == 403


def _token(site: Site, name: str) -> str:
    from translate_app.people import tokens

    with site.session() as session:
        secret = tokens.create(session, site.user(session, name), "tests").secret
        session.commit()
    return secret


def test_pages_render_for_each_role(site: Site) -> None:
    for name in ("olena", "ed", "root"):
        browser = site.client(name)
        for url in ("/", f"/documents/{SLUG}/uk/", "/activity/", "/profile/",
                    f"/documents/{SLUG}/uk/segments/{site.keys[3]}",
                    f"/documents/{SLUG}/uk/preview"):  # fmt: skip
            response = browser.get(url)
            assert response.status_code == 200, (name, url)
            assert "Content-Security-Policy" in response.headers
    assert site.client("ed").get(f"/review/{SLUG}/uk/").status_code == 200
    assert site.client("root").get("/admin/users").status_code == 200


@pytest.mark.parametrize("path", ["/", "/no/such/page"])
def test_unknown_things_are_404(site: Site, path: str) -> None:
    browser = site.client("olena")
    assert browser.get("/documents/nope/uk/").status_code == 404
    assert browser.get(f"/documents/{SLUG}/xx/").status_code == 404
    assert browser.get(f"/documents/{SLUG}/uk/segments/nope").status_code == 404
    if path != "/":
        assert browser.get(path).status_code == 404
