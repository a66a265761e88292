"""Assignments in the web UI and the API: the editor's form, rights, the "assigned to me"
filter, cards showing the assignee (escaped, never stale), the dashboard queue."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, select

from tests.test_web_support import SLUG, Browser, Site
from translate_app import workflow
from translate_app.people import tokens
from translate_app.store.models import Assignment
from translate_app.web import fragments
from translate_app.workflow import assignments

pytest_plugins = ["tests.test_web_support"]

EDITOR = f"/documents/{SLUG}/uk"
ASSIGN = f"{EDITOR}/assignments"


def shown(browser: Browser, query: str = "") -> set[str]:
    html = browser.get(f"{EDITOR}/?{query}").get_data(as_text=True)
    return set(re.findall(r'<article id="seg-([^"]+)"', html))


def card_of(html: str, key: str) -> str:
    start = html.index(f'id="seg-{key}"')
    end = html.find("<article", start)
    return html[start : end if end > 0 else len(html)]


def assigned(site: Site) -> dict[str, str]:
    """segment key -> assignee's login name, in uk."""
    with site.session() as session:
        ids = {site.segment(session, i).id: key for i, key in enumerate(site.keys)}
        return {ids[sid]: name for sid, name in
                assignments.assigned_to(session, list(ids), "uk").items()}  # fmt: skip


def assign(browser: Browser, keys: list[str], name: str = "olena", **extra: Any) -> Any:
    form: dict[str, Any] = {"action": "assign", "scope": "page", "key": keys, "assignee": name,
                            "next": f"{EDITOR}/", **extra}  # fmt: skip
    return browser.post(ASSIGN, form)


def test_editors_see_the_form_with_the_people_of_the_language(site: Site) -> None:
    html = site.client("ed").get(f"{EDITOR}/").get_data(as_text=True)
    start = html.index('class="assign-form"')
    form = html[start : html.index("</form>", start)]
    assert f'action="{ASSIGN}"' in form and 'name="csrf_token"' in form
    assert re.findall(r'<option value="(\w+)">', form) == ["page", "ed", "eva", "olena", "root",
                                                           "taras"]  # fmt: skip
    assert form.count('name="key"') == len(site.keys)
    translator = site.client("olena").get(f"{EDITOR}/").get_data(as_text=True)
    assert "assign-form" not in translator


def test_assigning_the_page_redirects_and_the_filter_shows_exactly_those(site: Site) -> None:
    ed = site.client("ed")
    keys = site.keys
    response = assign(ed, [keys[1], keys[2]])
    assert response.status_code == 303 and response.headers["Location"] == f"{EDITOR}/"
    page = ed.get(f"{EDITOR}/").get_data(as_text=True)
    assert "Assigned 2 segments to Olena." in page
    assert "assigned to Olena" in card_of(page, keys[1]) and "assigned to" not in card_of(
        page, keys[0]
    )
    assert shown(site.client("olena"), "mine=1") == {keys[1], keys[2]}
    assert shown(site.client("taras"), "mine=1") == set()
    assert shown(ed, "mine=1") == set()
    # Reassigning replaces; the old meaning of "my work" stays as "last edited by me".
    assign(ed, [keys[2]], "taras")
    assert shown(site.client("olena"), "mine=1") == {keys[1]}
    assert shown(site.client("taras"), "mine=1") == {keys[2]}
    assert shown(site.client("olena"), "wrote=1") == {keys[4], keys[8], keys[9]}


def test_assigning_everything_matching_the_filters(site: Site) -> None:
    ed = site.client("ed")
    keys = site.keys
    response = ed.post(ASSIGN, {"action": "assign", "scope": "all", "state": "empty",
                                "assignee": "taras", "key": [keys[0]]})  # fmt: skip
    assert response.status_code == 303
    assert assigned(site) == {keys[2]: "taras", keys[5]: "taras", keys[6]: "taras"}
    response = ed.post(ASSIGN, {"action": "unassign", "scope": "all", "q": "shops"})
    assert response.status_code == 303
    assert assigned(site) == {keys[2]: "taras", keys[5]: "taras", keys[6]: "taras"}
    ed.post(ASSIGN, {"action": "unassign", "scope": "all", "q": "rain"})
    assert assigned(site) == {keys[2]: "taras", keys[5]: "taras"}
    page = ed.get(f"{EDITOR}/").get_data(as_text=True)
    assert "Unassigned 1 segment." in page


def test_the_route_checks_role_language_and_csrf(site: Site) -> None:
    form = {"action": "assign", "scope": "page", "key": [site.keys[1]], "assignee": "olena"}
    anonymous = site.client().post(ASSIGN, form)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    assert site.client("olena").post(ASSIGN, form).status_code == 403  # a translator
    assert site.client("dieter").post(ASSIGN, form).status_code == 403  # an editor of de
    assert site.client("dieter").post(ASSIGN, {**form, "action": "unassign"}).status_code == 403
    assert site.client("ed").post(ASSIGN, form, csrf=False).status_code == 400
    assert assigned(site) == {}
    # de is dieter's: there he may assign, to greta but not to olena.
    dieter = site.client("dieter")
    de = {**form, "next": f"/documents/{SLUG}/de/"}
    assert dieter.post(f"/documents/{SLUG}/de/assignments", {**de, "assignee": "greta"}
                       ).status_code == 303  # fmt: skip
    refused = dieter.post(f"/documents/{SLUG}/de/assignments", de)
    assert refused.status_code == 303
    page = dieter.get(f"/documents/{SLUG}/de/").get_data(as_text=True)
    assert "olena (translator) does not translate &#39;de&#39;" in page
    assert assigned(site) == {}  # uk untouched


def test_refusals_in_the_form(site: Site) -> None:
    ed = site.client("ed")
    assert ed.post(ASSIGN, {"action": "promote", "key": [site.keys[1]]}).status_code == 400
    assert assign(ed, ["no-such-key"]).status_code == 404
    assert assign(ed, [site.keys[1]], "nobody").status_code == 404
    for response in (assign(ed, [site.keys[1]], ""), assign(ed, [])):
        assert response.status_code == 303
    page = ed.get(f"{EDITOR}/").get_data(as_text=True)
    assert "Choose the person to assign the segments to." in page
    assert "No segments were chosen." in page
    assert assigned(site) == {}


def test_the_assignee_is_shown_escaped(site: Site) -> None:
    with site.session() as session:
        site.user(session, "olena").display_name = "<script>alert(1)</script>"
        session.commit()
    ed = site.client("ed")
    assign(ed, [site.keys[1]])
    page = ed.get(f"{EDITOR}/").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    card = card_of(page, site.keys[1])
    assert "assigned to &lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "to &lt;script&gt;alert(1)&lt;/script&gt;." in page  # the flash message
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (olena)" in page  # the form's choice


def test_kept_cards_follow_assignments(site: Site) -> None:
    ed = site.client("ed")
    key = site.keys[1]
    fragments.cards.clear()

    def card() -> str:
        return card_of(ed.get(f"{EDITOR}/").get_data(as_text=True), key)

    assert "assigned to" not in card() and "assigned to" not in card()
    assert fragments.cards.hits > 0
    assign(ed, [key])
    assert "assigned to Olena" in card()
    assign(ed, [key], "taras")
    assert "assigned to Taras" in card() and "Olena" not in card()
    ed.post(ASSIGN, {"action": "unassign", "scope": "page", "key": [key]})
    assert "assigned to" not in card()


def test_the_cards_take_no_query_per_assignment(site: Site) -> None:
    ed = site.client("ed")

    def queries() -> int:
        fragments.cards.clear()
        count = 0

        def counted(*_args: Any) -> None:
            nonlocal count
            count += 1

        event.listen(site.engine, "before_cursor_execute", counted)
        try:
            assert ed.get(f"{EDITOR}/").status_code == 200
        finally:
            event.remove(site.engine, "before_cursor_execute", counted)
        return count

    before = queries()
    assign(ed, site.keys[:5], "olena")
    assign(ed, site.keys[5:], "taras")
    assert queries() == before


def test_the_dashboard_counts_what_is_assigned_and_not_translated_yet(site: Site) -> None:
    keys = site.keys
    olena = site.client("olena")
    assert "No assigned segments left to translate." in olena.get("/").get_data(as_text=True)
    assign(site.client("ed"), [keys[1], keys[2], keys[4]])  # draft, empty, translated
    page = olena.get("/").get_data(as_text=True)
    queue = page[page.index("queue-assigned") : page.index("My drafts to confirm")]
    link = re.search(r'href="([^"]+)"[^>]*>[^<]*</a> <span class="count">(\d+)</span>', queue)
    assert link is not None and link.group(2) == "2"
    url = link.group(1).replace("&amp;", "&")
    assert "mine=1" in url and "state=untranslated" in url
    html = olena.get(url).get_data(as_text=True)
    assert set(re.findall(r'<article id="seg-([^"]+)"', html)) == {keys[1], keys[2]}
    assert '<option value="untranslated" selected>' in html
    with site.session() as session:
        segment = site.segment(session, 2)
        workflow.save(session, segment, "uk", "Ніхто не знав чому.",
                      user=site.user(session, "olena"), base_version=0)  # fmt: skip
        session.commit()
    page = olena.get("/").get_data(as_text=True)
    queue = page[page.index("queue-assigned") : page.index("My drafts to confirm")]
    assert '<span class="count">1</span>' in queue
    assert "queue-assigned" in site.client("taras").get("/").get_data(as_text=True)
    assert "No assigned segments left" in site.client("taras").get("/").get_data(as_text=True)


def test_the_api_filters_and_shows_assignments(any_site: Site) -> None:
    site = any_site
    keys = site.keys
    with site.session() as session:
        ids = [site.segment(session, i).id for i in (1, 2, 6)]
        ed = site.user(session, "ed")
        assignments.assign(session, ids[:2], "uk", site.user(session, "olena"), by=ed)
        assignments.assign(session, ids[2:], "uk", site.user(session, "taras"), by=ed)
        secret = tokens.create(session, site.user(session, "olena"), "tests").secret
        session.commit()
        assert session.scalar(select(Assignment.id).limit(1)) is not None
    client = site.app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}

    def get(**query: Any) -> Any:
        return client.get(f"/api/v1/documents/{SLUG}/segments", headers=headers,
                          query_string=query)  # fmt: skip

    mine = get(lang="uk", assigned="me").get_json()
    assert [s["key"] for s in mine["segments"]] == [keys[1], keys[2]]
    assert [s["assignee"] for s in mine["segments"]] == ["olena", "olena"]
    everything = get(lang="uk").get_json()["segments"]
    assert {s["key"]: s["assignee"] for s in everything if s["assignee"]} == {
        keys[1]: "olena", keys[2]: "olena", keys[6]: "taras"}  # fmt: skip
    assert [s["key"] for s in get(lang="uk", assigned="me", state="empty").get_json()[
        "segments"]] == [keys[2]]  # fmt: skip
    assert get(lang="uk", assigned="taras").status_code == 400
    assert get(assigned="me").status_code == 400  # filters need lang
    assert "assignee" not in get().get_json()["segments"][0]
