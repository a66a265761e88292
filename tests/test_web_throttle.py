"""The login throttle (issue 17): atomic (concurrent attempts cannot overshoot) and
proportionate (growing waits per name and address, a high per-address ceiling that never
holds back a person who did not fail, no lockout of a name's owner from elsewhere); admins
see and clear throttles; the request log carries every decision."""

from __future__ import annotations

import http.cookiejar
import json
import logging
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from tests.test_web_support import PASSWORD, Site, serve, stop
from translate_app.people import throttle, users

pytest_plugins = ["tests.test_web_support"]

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}
"""Another address than the test client's 127.0.0.1."""
NOW = 1_800_000_000


def _attempt(connection_engine: Engine, name: str, ip: str, now: int,
             limits: throttle.Limits, *, right: bool = False) -> throttle.Decision:  # fmt: skip
    """One login as the web does it: reserve, then count the outcome."""
    with connection_engine.begin() as connection:
        decision = throttle.reserve(connection, name, ip, now, limits)
    if decision.allowed:
        with connection_engine.begin() as connection:
            if right:
                throttle.succeeded(connection, name, ip)
            else:
                throttle.failed(connection, ip, now, limits)
    return decision


def test_a_name_waits_longer_after_each_failure_and_a_success_forgets(engine: Engine) -> None:
    limits = throttle.Limits()
    seen = [_attempt(engine, "olena", "10.0.0.1", NOW, limits) for _ in range(6)]
    assert [d.outcome for d in seen] == ["allowed"] * 5 + ["delayed"]
    assert (seen[5].key, seen[5].retry_after) == ("name", 30)
    assert _attempt(engine, "olena", "10.0.0.2", NOW, limits).allowed  # another address
    later = _attempt(engine, "olena", "10.0.0.1", NOW + 30, limits)
    assert later.allowed and later.attempts == 6
    assert _attempt(engine, "olena", "10.0.0.1", NOW + 31, limits).retry_after == 59
    assert _attempt(engine, "olena", "10.0.0.1", NOW + 90, limits, right=True).allowed
    again = [_attempt(engine, "olena", "10.0.0.1", NOW + 91, limits) for _ in range(5)]
    assert all(d.allowed for d in again)  # the success forgot the failures


def test_waits_are_capped_and_forgotten_after_a_day() -> None:
    limits = throttle.Limits()
    assert [limits.delay(n) for n in range(1, 12)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]


def test_the_address_ceiling_holds_back_only_names_that_failed_there(engine: Engine) -> None:
    limits = throttle.Limits(per_address=20)
    for index in range(20):
        assert _attempt(engine, f"guess{index}", "10.0.0.1", NOW, limits).allowed
    held = _attempt(engine, "guess3", "10.0.0.1", NOW, limits)
    assert (held.outcome, held.key) == ("refused", "address")
    assert 0 < held.retry_after <= limits.window
    # A person who has not failed from the address is checked, however busy it is.
    assert _attempt(engine, "taras", "10.0.0.1", NOW, limits, right=True).allowed
    assert _attempt(engine, "guess3", "10.0.0.2", NOW, limits).allowed
    assert _attempt(engine, "guess3", "10.0.0.1", NOW + limits.window + 1, limits).allowed


def test_concurrent_reservations_for_one_name_cannot_overshoot(engine: Engine) -> None:
    limits = throttle.Limits()
    start = threading.Barrier(30)

    def one(_index: int) -> bool:
        start.wait(timeout=30)
        with engine.begin() as connection:
            return throttle.reserve(connection, "olena", "10.0.0.1", NOW, limits).allowed

    with ThreadPoolExecutor(30) as pool:
        allowed = list(pool.map(one, range(30)))
    assert allowed.count(True) == limits.free


def test_admins_clear_a_throttle_in_the_store(engine: Engine) -> None:
    limits = throttle.Limits()
    for _ in range(6):
        _attempt(engine, "olena", "10.0.0.1", NOW, limits)
    with engine.begin() as connection:
        shown = throttle.current(connection, NOW, limits)
        assert [(t.scope, t.name, t.ip, t.failures) for t in shown] == [
            ("name", "olena", "10.0.0.1", 5), ("address", "", "10.0.0.1", 5)]  # fmt: skip
        assert throttle.clear(connection, "name", "olena", "10.0.0.1")
        assert not throttle.clear(connection, "name", "olena", "10.0.0.1")
    assert _attempt(engine, "olena", "10.0.0.1", NOW, limits).allowed


def _login_form(base: str) -> tuple[urllib.request.OpenerDirector, str]:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(base + "/auth/login", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token
    return opener, token.group(1)


def _post(opener: urllib.request.OpenerDirector, url: str, form: dict[str, str]) -> int:
    data = urllib.parse.urlencode(form).encode()
    try:
        with opener.open(url, data=data, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_thirty_concurrent_wrong_passwords_check_at_most_five(
    any_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    lock = threading.Lock()
    verify = users.verify_password

    def counted(stored: str, password: str) -> bool:
        with lock:
            checks.append(password)
        return verify(stored, password)

    monkeypatch.setattr(users, "verify_password", counted)
    server = serve(any_site.app)
    try:
        forms = [_login_form(server.url) for _ in range(30)]
        start = threading.Barrier(30)

        def attempt(index: int) -> int:
            opener, token = forms[index]
            start.wait(timeout=60)
            form = {"csrf_token": token, "name": "olena", "password": f"guess {index}"}
            return _post(opener, server.url + "/auth/login", form)

        with ThreadPoolExecutor(30) as pool:
            statuses = list(pool.map(attempt, range(30)))
    finally:
        stop(server)
    assert 1 <= len(checks) <= 5
    assert statuses.count(401) == len(checks)
    assert statuses.count(429) == 30 - len(checks)


def test_failures_for_other_names_do_not_refuse_a_person_who_did_not_fail(site: Site) -> None:
    for index in range(20):
        wrong = site.client().post("/auth/login", {"name": f"nobody{index}", "password": "x"})
        assert wrong.status_code == 401
    right = site.client().post("/auth/login", {"name": "taras", "password": PASSWORD})
    assert right.status_code == 302
    # The names that failed still get their own free attempts (the ceiling is much higher).
    again = site.client().post("/auth/login", {"name": "nobody0", "password": "x"})
    assert again.status_code == 401


def test_the_owner_of_an_attacked_name_logs_in_from_their_own_address(site: Site) -> None:
    attacker = site.client()
    statuses = [
        attacker.post("/auth/login", {"name": "olena", "password": f"guess {n}"},
                      environ_base=ELSEWHERE).status_code
        for n in range(8)
    ]  # fmt: skip
    assert statuses == [401] * 5 + [429] * 3
    owner = site.client().post("/auth/login", {"name": "olena", "password": PASSWORD})
    assert owner.status_code == 302
    held = attacker.post("/auth/login", {"name": "olena", "password": PASSWORD},
                         environ_base=ELSEWHERE)  # fmt: skip
    assert held.status_code == 429 and "Too many failed attempts" in held.get_data(as_text=True)
    assert 0 < int(held.headers["Retry-After"]) <= 30


def test_admins_see_and_clear_throttles(site: Site) -> None:
    attacker = site.client()
    for n in range(5):
        attacker.post("/auth/login", {"name": "olena", "password": f"guess {n}"},
                      environ_base=ELSEWHERE)  # fmt: skip
    root = site.client("root")
    page = root.get("/admin/users").get_data(as_text=True)
    section = page[page.index('id="throttles"') :]
    assert "<td>olena</td>" in section and "<code>203.0.113.9</code>" in section
    uk = root.get("/admin/users", headers={"Accept-Language": "uk"}).get_data(as_text=True)
    assert '<html lang="uk">' in uk and "Обмеження входу" in uk and "Зняти обмеження" in uk
    held = site.client().post("/auth/login", {"name": "olena", "password": PASSWORD},
                              environ_base=ELSEWHERE)  # fmt: skip
    assert held.status_code == 429
    form = {"scope": "name", "name": "olena", "ip": "203.0.113.9"}
    assert site.client("ed").post("/admin/throttles/clear", form).status_code == 403
    assert root.post("/admin/throttles/clear", form, csrf=False).status_code == 400
    cleared = root.post("/admin/throttles/clear", form)
    assert cleared.status_code == 303
    after = root.get("/admin/users").get_data(as_text=True)
    assert "<td>olena</td>" not in after[after.index('id="throttles"') :]
    assert "Cleared the login throttle for olena." in after
    assert root.post("/admin/throttles/clear", form).status_code == 404
    back = site.client().post("/auth/login", {"name": "olena", "password": PASSWORD},
                              environ_base=ELSEWHERE)  # fmt: skip
    assert back.status_code == 302


def test_the_request_log_carries_each_throttle_decision(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="translate_app.web")
    browser = site.client()
    for n in range(6):
        browser.post("/auth/login", {"name": "greta", "password": f"guess {n}"})
    browser.post("/auth/login", {"name": "dieter", "password": PASSWORD})
    lines = [json.loads(r.getMessage()) for r in caplog.records
             if r.name == "translate_app.web" and '"/auth/login"' in r.getMessage()]  # fmt: skip
    posts = [line for line in lines if line["method"] == "POST"]
    decided = [(p["status"], p["throttle"]["decision"], p["throttle"]["key"]) for p in posts]
    wrong, waits, right = (
        (401, "allowed", "name"),
        (429, "delayed", "name"),
        (302, "allowed", "name"),
    )
    assert decided == [wrong] * 5 + [waits, right]
    assert 0 < posts[5]["throttle"]["retry_after"] <= 30  # the first wait, less what passed
    assert all("throttle" not in line for line in lines if line["method"] == "GET")
