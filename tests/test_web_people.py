"""People in the web UI: logging in (and throttling), admin pages, profile, tokens, the UI
language, the activity feed and the generated secret key."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from sqlalchemy import func, select

from tests.test_web_support import SLUG, Site
from translate_app.config import Config
from translate_app.store.models import ApiToken, LoginAttempt, User
from translate_app.web import create_app

pytest_plugins = ["tests.test_web_support"]


def test_login_goes_to_the_page_asked_for_but_never_elsewhere(site: Site) -> None:
    browser = site.client()
    page = browser.get(f"/documents/{SLUG}/uk/")
    assert page.headers["Location"] == f"/auth/login?next=/documents/{SLUG}/uk/"
    response = browser.post("/auth/login", {"name": "olena", "password": "correct horse battery",
                                            "next": f"/documents/{SLUG}/uk/"})  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"] == f"/documents/{SLUG}/uk/"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        other = site.client()
        reply = other.post("/auth/login", {"name": "ed", "password": "correct horse battery",
                                           "next": target})  # fmt: skip
        assert reply.headers["Location"] == "/", target
    logout = browser.post("/auth/logout")
    assert logout.status_code == 302 and browser.get("/").status_code == 302


def test_failed_logins_are_recorded_and_throttled(site: Site) -> None:
    browser = site.client()
    for _attempt in range(5):
        wrong = browser.post("/auth/login", {"name": "olena", "password": "guess"})
        assert wrong.status_code == 401 and "Wrong name or password." in wrong.get_data(True)
    locked = browser.post("/auth/login", {"name": "olena", "password": "correct horse battery"})
    assert locked.status_code == 429 and "Too many failed attempts" in locked.get_data(True)
    other = site.client().post("/auth/login", {"name": "taras",
                                               "password": "correct horse battery"})  # fmt: skip
    assert other.status_code == 302  # another name from the same address is not locked yet
    with site.session() as session:
        failures = session.scalar(select(func.count(LoginAttempt.id)).where(
            LoginAttempt.name == "olena", LoginAttempt.success.is_(False)))  # fmt: skip
        successes = session.scalar(select(func.count(LoginAttempt.id)).where(
            LoginAttempt.success.is_(True)))  # fmt: skip
    assert (failures, successes) == (6, 1)


def test_deactivated_people_cannot_log_in_and_lose_their_sessions(site: Site) -> None:
    olena = site.client("olena")
    assert olena.get("/").status_code == 200
    root = site.client("root")
    response = root.post(f"/admin/users/{site.ids['olena']}",
                         {"role": "translator", "lang": "uk", "display_name": "Olena"})  # fmt: skip
    assert response.status_code == 303
    assert olena.get("/").status_code == 302
    again = site.client().post("/auth/login", {"name": "olena",
                                               "password": "correct horse battery"})  # fmt: skip
    assert again.status_code == 401


def test_admins_add_people_set_roles_and_languages(site: Site) -> None:
    root = site.client("root")
    added = root.post("/admin/users", {"name": "mykola", "display_name": "Микола",
                                       "role": "translator", "lang": ["uk", "de"]})  # fmt: skip
    html = added.get_data(as_text=True)
    assert added.status_code == 200 and "shown only now" in html
    password = re.search(r'<code class="once">([^<]+)</code>', html)
    assert password
    assert site.client().post("/auth/login", {"name": "mykola",
                                              "password": password.group(1)}).status_code == 302
    refused = root.post("/admin/users", {"name": "nolang", "role": "editor"})
    assert refused.status_code == 422 and "at least one language" in refused.get_data(True)
    with site.session() as session:
        mykola_id = session.scalar(select(User.id).where(User.name == "mykola"))
    root.post(f"/admin/users/{mykola_id}", {"role": "editor", "lang": "de", "active": "1"})
    with site.session() as session:
        mykola = session.get(User, mykola_id)
        assert mykola is not None
        assert (mykola.role, [lang.code for lang in mykola.languages]) == ("editor", ["de"])
    last = root.post(f"/admin/users/{site.ids['root']}", {"role": "editor", "lang": "uk",
                                                          "active": "1"})  # fmt: skip
    assert last.status_code == 422 and "last active admin" in last.get_data(True)
    reset = root.post(f"/admin/users/{mykola_id}/password")
    assert reset.status_code == 200 and 'class="once"' in reset.get_data(True)


def test_changing_my_password_ends_other_sessions(site: Site) -> None:
    first, second = site.client("taras"), site.client("taras")
    wrong = first.post("/profile/password", {"current": "nope", "new": "a" * 12, "again": "a" * 12})
    assert wrong.status_code == 422
    short = first.post("/profile/password", {"current": "correct horse battery", "new": "short",
                                             "again": "short"})  # fmt: skip
    assert short.status_code == 422
    new = "a new long secret"
    done = first.post("/profile/password",
                      {"current": "correct horse battery", "new": new, "again": new})
    assert done.status_code == 303
    assert first.get("/profile/").status_code == 200
    assert second.get("/profile/").status_code == 302


def test_api_tokens_are_shown_once_and_stored_hashed(site: Site) -> None:
    browser = site.client("olena")
    page = browser.post("/profile/tokens", {"name": "my script"}).get_data(as_text=True)
    secret = re.search(r'<code class="once">(ta_[^<]+)</code>', page)
    assert secret
    token = secret.group(1)
    with site.session() as session:
        row = session.scalar(select(ApiToken))
        assert row is not None and row.prefix == token[:8] and token not in row.token_hash
    assert token not in browser.get("/profile/").get_data(as_text=True)
    api = site.app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/documents", headers=auth).status_code == 200
    browser.post(f"/profile/tokens/{row.id}/revoke")
    assert api.get("/api/v1/documents", headers=auth).status_code == 401
    assert site.client("taras").post(f"/profile/tokens/{row.id}/revoke").status_code == 404


def test_the_ui_language_follows_the_person_then_the_browser(site: Site) -> None:
    anonymous = site.client()
    page = anonymous.get("/auth/login", headers={"Accept-Language": "uk,en;q=0.5"})
    assert '<html lang="uk">' in page.get_data(as_text=True)
    english = site.client().get("/auth/login", headers={"Accept-Language": "de,en;q=0.5"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    olena = site.client("olena")
    olena.post("/auth/locale", {"locale": "uk", "next": "/profile/"})
    with site.session() as session:
        assert site.user(session, "olena").ui_locale == "uk"
    html = olena.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="uk">' in html
    olena.post("/auth/locale", {"locale": ""})
    assert '<html lang="en">' in olena.get("/", headers={"Accept-Language": "en"}).get_data(True)


def test_the_activity_feed_filters_and_marks_what_is_new(site: Site) -> None:
    olena = site.client("olena")
    feed = olena.get("/activity/").get_data(as_text=True)
    assert feed.count('class="feed-entry') == 7 and feed.count("is-new") == 7
    assert olena.get("/activity/?action=draft").get_data(True).count('class="feed-entry') == 4
    assert olena.get("/activity/?user=olena").get_data(True).count('class="feed-entry') == 3
    assert '<span class="count-badge"' in feed
    olena.post("/activity/seen")
    assert '<span class="count-badge"' not in olena.get("/").get_data(as_text=True)
    site.client("taras").post(f"/documents/{SLUG}/uk/segments/{site.keys[6]}",
                              {"text": "Потім пішов <x1/> дощ.", "version": "0"})  # fmt: skip
    newer = olena.get("/activity/?new=1").get_data(as_text=True)
    assert newer.count('class="feed-entry') == 1 and "Потім пішов" in newer
    german = site.client("dieter").get("/activity/").get_data(as_text=True)
    assert 'class="feed-entry' not in german  # nothing in German yet


def test_the_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    config = Config(instance_path=instance, database_url=f"sqlite:///{tmp_path / 'x.db'}")
    first = create_app({"TRANSLATE_APP_CONFIG": config})
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = create_app({"TRANSLATE_APP_CONFIG": config})
    assert first.secret_key == second.secret_key == key_file.read_text().strip()
    given = Config(instance_path=tmp_path / "other", database_url=config.database_url,
                   extra={"TRANSLATE_APP_SECRET_KEY": "s" * 40})  # fmt: skip
    assert create_app({"TRANSLATE_APP_CONFIG": given}).secret_key == "s" * 40
    assert not (tmp_path / "other").exists()
