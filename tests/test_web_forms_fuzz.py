"""Every HTML form route fuzzed (issue 17): generated field values and ids, a valid CSRF
token, the role that may use the route, and never a 5xx (nor a logged traceback: the
``no_tracebacks`` fixture watches)."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_web_support import SLUG, Browser, Site

pytest_plugins = ["tests.test_web_support"]

EXAMPLES = 12
"""Generated requests per route (about 25 routes: the test takes some seconds)."""
FIELDS = [
    "text", "version", "intent", "advance", "next", "view", "reason", "comment", "event",
    "side", "key", "scope", "assignee", "format", "min_state", "partial", "document", "lang",
    "engine", "only_empty", "name", "display_name", "role", "password", "active", "current",
    "new", "again", "locale", "ip", "action",
]  # fmt: skip
"""Every field name the form views read (``request.form.get`` in translate_app/web)."""
ROLE = {"admin": "root"}
"""Who fuzzes each blueprint's forms (others: ed, an editor of uk, who may also translate)."""

_huge = st.sampled_from([2**31 - 1, 2**31, 2**63, 2**64, 10**30, -(2**31) - 1, -1, 0])
_numbers = st.one_of(st.integers(), _huge).map(str)
_controls = st.text(st.characters(codec="utf-8", categories=["Cc"]), min_size=1, max_size=3)
_texts = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=10), _controls, st.text(max_size=10)),
    st.text(st.characters(codec="utf-8"), min_size=2000, max_size=6000),
    st.sampled_from(["uk", "de", "xx", "translated", "approved", "draft", "md", "html",
                     "admin", "editor", "translator", "1", "old", "all", "memory", SLUG]),
)  # fmt: skip
_values = st.one_of(_numbers, _texts)


def _form_routes(site: Site) -> list[tuple[str, str]]:
    routes = []
    for rule in site.app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("api."):
            routes.append((rule.endpoint, rule.rule))
    return sorted(routes)


def _fill(rule: str, site: Site, draw: Any) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            # Ids of people nobody fuzzes as (an admin may deactivate them), or small ids
            # (comments, tokens, check results); any id; ids no database holds.
            people = [site.ids[name] for name in ("taras", "greta", "eva", "dieter")]
            known = people if name == "user_id" else [1, 2, 3]
            return str(draw(st.one_of(st.sampled_from(known), st.integers(min_value=100),
                                      st.sampled_from([2**31 - 1, 2**31, 2**63, 10**60]))))
        if name == "slug":
            return draw(st.sampled_from([SLUG, SLUG, "nope"]))
        if name == "lang":
            return draw(st.sampled_from(["uk", "uk", "de", "xx"]))
        if name == "key":
            return draw(st.sampled_from([*site.keys, "nope"]))
        return draw(st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule)


def _fuzz(site: Site, endpoint: str, rule: str, tried: dict[str, list[int]]) -> None:
    blueprint = endpoint.split(".", maxsplit=1)[0]
    name = None if endpoint == "auth.login_post" else ROLE.get(blueprint, "ed")
    browser: Browser = site.client(name)
    token = browser.csrf()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        url = _fill(rule, site, data.draw)
        names = data.draw(st.lists(st.sampled_from(FIELDS), max_size=8, unique=True))
        form: dict[str, Any] = {field: data.draw(_values) for field in names}
        if data.draw(st.booleans()):
            form[f"version-{data.draw(st.sampled_from(site.keys))}"] = data.draw(_numbers)
        htmx = data.draw(st.booleans())
        headers = {"X-CSRFToken": token, "HX-Request": "true"} if htmx else {}
        if not htmx:
            form["csrf_token"] = token
        response = browser.client.post(url, data=form, headers=headers)
        tried.setdefault(endpoint, []).append(response.status_code)
        assert response.status_code < 500, (endpoint, url, form, response.status_code)

    attempt()


def test_no_form_route_answers_5xx_to_generated_input(any_site: Site) -> None:
    routes = _form_routes(any_site)
    assert len(routes) >= 20
    assert ("editor.save", "/documents/<slug>/<lang>/segments/<key>") in routes
    tried: dict[str, list[int]] = {}
    for endpoint, rule in routes:
        _fuzz(any_site, endpoint, rule, tried)
    assert set(tried) == {endpoint for endpoint, _rule in routes}
    # The fuzz reached the views, not only the CSRF guard: some answers are not 400.
    assert any(code != 400 for codes in tried.values() for code in codes), tried
    print({endpoint: sorted(set(codes)) for endpoint, codes in tried.items()})
