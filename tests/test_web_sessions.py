"""Sessions that end (issue 17): logging out, deactivation and an admin's "end all sessions"
revoke the session in the database, so a copy of the cookie kept from before is refused."""

from __future__ import annotations

from tests.test_web_support import Browser, Site

pytest_plugins = ["tests.test_web_support"]


def _cookie(site: Site, browser: Browser) -> str:
    cookie = browser.client.get_cookie(site.app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "no session cookie"
    return cookie.value


def _replay(site: Site, value: str) -> Browser:
    """A fresh browser carrying a copy of an old session cookie."""
    other = site.client()
    other.client.set_cookie(site.app.config["SESSION_COOKIE_NAME"], value)
    return other


def test_a_copy_of_the_cookie_is_refused_after_logging_out(any_site: Site) -> None:
    browser = any_site.client("olena")
    kept = _cookie(any_site, browser)
    assert _replay(any_site, kept).get("/profile/").status_code == 200
    assert _replay(any_site, kept).get("/api/v1/documents").status_code == 200
    assert browser.post("/auth/logout").status_code == 302
    profile = _replay(any_site, kept).get("/profile/")
    assert profile.status_code == 302
    assert profile.headers["Location"].startswith("/auth/login")
    api = _replay(any_site, kept).get("/api/v1/documents")
    assert api.status_code == 401 and "error" in api.get_json()
    again = any_site.client("olena")  # logging in again works as before
    assert again.get("/profile/").status_code == 200


def test_an_admin_ends_every_session_of_a_person(site: Site) -> None:
    laptop, phone = site.client("taras"), site.client("taras")
    olena = site.client("olena")
    root = site.client("root")
    page = root.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{site.ids["taras"]}/sessions"' in page
    assert "End all sessions" in page
    done = root.post(f"/admin/users/{site.ids['taras']}/sessions")
    assert done.status_code == 303
    assert "Ended every session of taras." in root.get("/admin/users").get_data(as_text=True)
    assert laptop.get("/profile/").status_code == 302
    assert phone.get("/api/v1/documents").status_code == 401
    assert olena.get("/profile/").status_code == 200  # nobody else's
    assert root.get("/profile/").status_code == 200
    refused = site.client("ed").post(f"/admin/users/{site.ids['taras']}/sessions")
    assert refused.status_code == 403
    unknown = root.post("/admin/users/999999/sessions")
    assert unknown.status_code == 404


def test_reactivating_a_person_does_not_revive_their_old_sessions(site: Site) -> None:
    olena = site.client("olena")
    kept = _cookie(site, olena)
    root = site.client("root")
    form = {"role": "translator", "lang": "uk", "display_name": "Olena"}
    url = f"/admin/users/{site.ids['olena']}"
    assert root.post(url, form).status_code == 303  # deactivated
    assert root.post(url, {**form, "active": "1"}).status_code == 303  # active again
    assert _replay(site, kept).get("/profile/").status_code == 302
    assert site.client("olena").get("/profile/").status_code == 200


def test_an_api_token_outlives_logging_out(site: Site) -> None:
    from translate_app.people import tokens

    with site.session() as session:
        secret = tokens.create(session, site.user(session, "olena"), "script").secret
        session.commit()
    browser = site.client("olena")
    browser.post("/auth/logout")
    auth = {"Authorization": f"Bearer {secret}"}
    assert site.app.test_client().get("/api/v1/documents", headers=auth).status_code == 200
