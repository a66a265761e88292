"""/healthz and request ids: what a load balancer and an operator rely on."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from tests.test_web_support import Site

pytest_plugins = ["tests.test_web_support"]


def test_healthz_answers_without_login_and_names_what_is_down(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = site.app.test_client()
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "database": "ok", "queue": "ok"}
    with socket.socket() as s:  # a Redis that does not answer
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    answer = client.get("/healthz")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["status"] == "down" and body["queue"].startswith("down:")
    assert body["database"] == "ok"


def test_every_request_has_an_id_in_the_response_and_one_json_log_line(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    client = site.app.test_client()
    with caplog.at_level(logging.INFO, logger="translate_app.web"):
        given = client.get("/healthz", headers={"X-Request-Id": "abcdef123456"})
        fresh = client.get("/auth/login", headers={"X-Request-Id": "<script>"})
    assert given.headers["X-Request-Id"] == "abcdef123456"
    assert len(fresh.headers["X-Request-Id"]) == 32  # an unsafe id is replaced
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "translate_app.web"]
    assert [(x["request_id"], x["path"], x["status"]) for x in lines] == [
        ("abcdef123456", "/healthz", 200),
        (fresh.headers["X-Request-Id"], "/auth/login", 200),
    ]
    assert all(isinstance(x["ms"], float) for x in lines)
