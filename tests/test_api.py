"""The JSON API (/api/v1): tokens, documents, segments, translations, review, status, and
twenty simultaneous saves over HTTP."""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any

import pytest

from tests.test_web_support import SLUG, Site, serve, stop
from translate_app import workflow
from translate_app.people import tokens
from translate_app.store.states import State

pytest_plugins = ["tests.test_web_support"]


def token(site: Site, name: str) -> str:
    with site.session() as session:
        secret = tokens.create(session, site.user(session, name), "tests").secret
        session.commit()
    return secret


class Api:
    def __init__(self, site: Site, name: str) -> None:
        self.client = site.app.test_client()
        self.headers = {"Authorization": f"Bearer {token(site, name)}"}

    def get(self, url: str, **query: Any) -> Any:
        return self.client.get(f"/api/v1{url}", headers=self.headers, query_string=query)

    def put(self, url: str, body: Any) -> Any:
        return self.client.put(f"/api/v1{url}", headers=self.headers, json=body)

    def post(self, url: str, body: Any) -> Any:
        return self.client.post(f"/api/v1{url}", headers=self.headers, json=body)


def test_documents_status_and_segments_with_filters(any_site: Site) -> None:
    api = Api(any_site, "olena")
    [document] = api.get("/documents").get_json()["documents"]
    assert (document["slug"], document["revision"], document["segments"]) == (SLUG, 1, 10)
    status = api.get("/status").get_json()["documents"][0]
    uk = next(entry for entry in status["languages"] if entry["language"] == "uk")
    assert uk["segments"] == {"empty": 3, "draft": 4, "translated": 3, "approved": 0}
    assert api.get(f"/documents/{SLUG}").get_json()["segments"] == 10
    page = api.get(f"/documents/{SLUG}/segments", lang="uk", state="draft", limit=2).get_json()
    assert (page["total"], page["offset"], page["limit"]) == (4, 0, 2)
    first = page["segments"][0]
    assert first["key"] == any_site.keys[0]
    assert first["translation"] == {"language": "uk", "text": "Кордон", "state": "draft",
                                    "version": 1, "origin": "mt:test",
                                    "updated_at": first["translation"]["updated_at"]}  # fmt: skip
    rest = api.get(f"/documents/{SLUG}/segments", lang="uk", state="draft", offset=2).get_json()
    assert [s["key"] for s in rest["segments"]] == [any_site.keys[3], any_site.keys[7]]
    empty = api.get(f"/documents/{SLUG}/segments", lang="uk", state="empty").get_json()
    assert empty["segments"][0]["translation"]["version"] == 0
    plain = api.get(f"/documents/{SLUG}/segments").get_json()
    assert plain["total"] == 10 and "translation" not in plain["segments"][0]
    assert api.get(f"/documents/{SLUG}/segments", state="draft").status_code == 400
    assert api.get(f"/documents/{SLUG}/segments", lang="de").status_code == 403
    assert api.get("/documents/nope/segments").status_code == 404
    assert api.get("/status", document="nope").get_json()["status"] == 404


def test_put_needs_a_version_and_answers_409_with_the_current_text(any_site: Site) -> None:
    api = Api(any_site, "olena")
    url = f"/documents/{SLUG}/segments/{any_site.keys[1]}/translations/uk"
    assert api.get(url).get_json()["translation"]["version"] == 1
    missing = api.put(url, {"text": "Кордон закрили."})
    assert missing.status_code == 400 and "version" in missing.get_json()["error"]
    assert api.put(url, {"text": 5, "version": 1}).status_code == 400
    assert api.put(url, {"text": "x", "version": 1, "state": "approved"}).status_code == 422
    saved = api.put(url, {"text": "Кордон закрили.", "version": 1})
    assert saved.status_code == 200
    assert saved.get_json()["translation"]["state"] == "translated"
    assert saved.get_json()["translation"]["origin"] == "human:olena"
    stale = api.put(url, {"text": "Кордон зачинили.", "version": 1})
    assert stale.status_code == 409
    assert stale.get_json() | {"error": ""} == {
        "error": "", "status": 409, "current_text": "Кордон закрили.", "current_version": 2,
        "attempted_text": "Кордон зачинили.",
    }  # fmt: skip
    draft = api.put(url, {"text": "Кордон зачинили.", "version": 2, "state": "draft"})
    assert draft.get_json()["translation"]["state"] == "draft"


def test_approve_and_reject_with_the_same_rules_as_the_ui(any_site: Site) -> None:
    olena, ed, dieter = (Api(any_site, n) for n in ("olena", "ed", "dieter"))
    base = f"/documents/{SLUG}/segments/{any_site.keys[4]}/translations/uk"
    assert olena.post(f"{base}/approve", {"version": 1}).status_code == 403
    assert dieter.post(f"{base}/approve", {"version": 1}).status_code == 403
    assert ed.post(f"{base}/approve", {}).status_code == 400
    approved = ed.post(f"{base}/approve", {"version": 1})
    assert approved.status_code == 200 and approved.get_json()["translation"]["state"] == "approved"
    assert ed.get(base).get_json()["translation"]["approvals"][0]["user"] == "ed"
    assert ed.post(f"{base}/reject", {"version": 2}).status_code == 400
    assert ed.post(f"{base}/reject", {"version": 2, "reason": ""}).status_code == 422
    rejected = ed.post(f"{base}/reject", {"version": 2, "reason": "too free"})
    assert rejected.get_json()["translation"]["state"] == "draft"
    own = f"/documents/{SLUG}/segments/{any_site.keys[1]}/translations/uk"
    ed.put(own, {"text": "Кордон закрили.", "version": 1})
    four_eyes = ed.post(f"{own}/approve", {"version": 2})
    assert four_eyes.status_code == 403 and "four-eyes" in four_eyes.get_json()["error"]


def test_tokens_skip_csrf_but_a_browser_session_does_not(site: Site) -> None:
    url = f"/api/v1/documents/{SLUG}/segments/{site.keys[6]}/translations/uk"
    body = {"text": "Потім пішов <x1/> дощ.", "version": 0}
    bearer = {"Authorization": f"Bearer {token(site, 'olena')}"}
    assert site.app.test_client().put(url, json=body, headers=bearer).status_code == 200
    bad = site.app.test_client().put(url, json=body, headers={"Authorization": "Bearer ta_nope"})
    assert bad.status_code == 401 and bad.headers["WWW-Authenticate"].startswith("Bearer")
    browser = site.client("olena")
    assert browser.client.put(url, json={**body, "version": 1}).status_code == 400  # no CSRF
    with_csrf = browser.client.put(url, json={"text": "Потім <x1/> дощ.", "version": 1},
                                   headers={"X-CSRFToken": browser.csrf()})  # fmt: skip
    assert with_csrf.status_code == 200


def _put(url: str, path: str, secret: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request("PUT", path, body=json.dumps(body),
                           headers={"Authorization": f"Bearer {secret}",
                                    "Content-Type": "application/json"})  # fmt: skip
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.slow
def test_twenty_simultaneous_saves_one_wins_nineteen_get_409(any_site: Site) -> None:
    """Twenty clients save one segment from the same version over HTTP at once."""
    secrets = [token(any_site, name) for name in ("olena", "taras", "ed", "eva", "root")]
    index = 4
    with any_site.session() as session:
        segment = any_site.segment(session, index)
        base = workflow.get_translation(session, segment, "uk")
        events_before = len(workflow.history(session, segment, "uk"))
    path = f"/api/v1/documents/{SLUG}/segments/{any_site.keys[index]}/translations/uk"
    server = serve(any_site.app)
    barrier = threading.Barrier(20)
    outcomes: list[tuple[int, dict[str, Any]]] = [(0, {})] * 20

    def attempt(number: int) -> None:
        barrier.wait()
        outcomes[number] = _put(server.url, path, secrets[number % len(secrets)],
                                {"text": f"Дорога номер {number}.", "version": base.version})

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        stop(server)
    statuses = sorted(status for status, _body in outcomes)
    assert statuses == [200] + [409] * 19, statuses
    winner = next(n for n, (status, _b) in enumerate(outcomes) if status == 200)
    winning_text = f"Дорога номер {winner}."
    for number, (status, body) in enumerate(outcomes):
        if status == 409:  # nothing lost: each loser gets its own text back, and the winner's
            assert body["attempted_text"] == f"Дорога номер {number}."
            assert (body["current_text"], body["current_version"]) == (winning_text,
                                                                         base.version + 1)
    with any_site.session() as session:
        segment = any_site.segment(session, index)
        now = workflow.get_translation(session, segment, "uk")
        events = workflow.history(session, segment, "uk")
    assert (now.text, now.version, now.state) == (winning_text, base.version + 1, State.TRANSLATED)
    assert len(events) == events_before + 1 and events[0].new_text == winning_text
