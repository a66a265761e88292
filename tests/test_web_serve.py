"""``translate-app serve`` and ``translate-app users ensure-admin``: what ``make run`` calls."""

from __future__ import annotations

import contextlib
import gc
import http.cookiejar
import io
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from translate_app.cli import main
from translate_app.web.server import freeze_before_fork


@pytest.fixture
def env(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "TRANSLATE_APP_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TRANSLATE_APP_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TRANSLATE_APP_SECRET_KEY", raising=False)
    return values


@contextlib.contextmanager
def patch_stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def test_ensure_admin_creates_one_admin_and_prints_the_password_once(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["users", "ensure-admin"]) == 0
    first = capsys.readouterr().out
    found = re.search(r"admin login: admin  password: (\S+)", first)
    assert found, first
    assert main(["users", "ensure-admin"]) == 0
    again = capsys.readouterr().out
    assert again.strip() == "an admin exists already: admin" and found.group(1) not in again


def start_server(env: dict[str, str], *extra: str) -> tuple[subprocess.Popen[str], str]:
    """``translate-app serve`` on a free port; the process and its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "translate_app.cli", "serve", "--host", "127.0.0.1", "--port", "0",
         *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env},
    )  # fmt: skip
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    if not found:
        server.kill()
        pytest.fail(f"no URL in {line!r}: {server.communicate(timeout=10)[1][-2000:]}")
    return server, found.group(1)


def stop_server(server: subprocess.Popen[str]) -> int:
    server.terminate()
    server.communicate(timeout=20)
    return server.returncode


@pytest.mark.parametrize("how", [[], ["--server", "werkzeug"]], ids=["default", "werkzeug"])
def test_serve_prints_its_url_and_answers(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], how: list[str]
) -> None:
    assert main(["init"]) == 0
    server, base = start_server(env, *how)
    try:
        with urllib.request.urlopen(base + "auth/login", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200 and "csrf-token" in page
        assert (Path(env["TRANSLATE_APP_INSTANCE_PATH"]) / "secret_key").exists()
    finally:
        assert stop_server(server) == 0


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_serve_runs_worker_processes_that_share_one_login(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    with patch_stdin("a long enough password\n"):
        assert main(["users", "add", "olena", "--role", "translator", "--lang", "uk",
                     "--password-stdin"]) == 0  # fmt: skip
    server, base = start_server(env, "--workers", "3")
    try:
        deadline = time.monotonic() + 20
        while len(children(server.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = children(server.pid)
        assert len(workers) == 3, workers
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(base + "auth/login", timeout=10) as response:
            page = response.read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        form = urllib.parse.urlencode({"csrf_token": token.group(1), "name": "olena",
                                       "password": "a long enough password", "next": ""})
        with opener.open(base + "auth/login", data=form.encode(), timeout=10) as response:
            assert response.status == 200 and "/auth/login" not in response.url
        # Each request goes to whichever worker accepts it first: the session cookie signed
        # by one worker must be good in the others (one secret, made before they forked).
        for _ in range(12):
            with opener.open(base + "profile/", timeout=10) as response:
                assert response.status == 200 and "/auth/login" not in response.url
                assert "olena" in response.read().decode()
        assert set(children(server.pid)) == set(workers), "no worker died on the way"
    finally:
        assert stop_server(server) == 0


def test_serve_refuses_an_uninitialized_database(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["serve", "--port", "0"]) == 1
    assert "translate-app init" in capsys.readouterr().err


def test_what_the_master_made_is_frozen_before_the_workers_fork() -> None:
    try:
        freeze_before_fork()
        assert gc.get_freeze_count() > 0  # the children's full collections skip it
    finally:
        gc.unfreeze()
