"""``translate-app serve`` and ``translate-app users ensure-admin``: what ``make run`` calls."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import Engine

from translate_app.cli import main


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


def test_serve_prints_its_url_and_answers(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    server = subprocess.Popen(
        [sys.executable, "-m", "translate_app.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **env},
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert found, line
        with urllib.request.urlopen(found.group(1) + "auth/login", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200 and "csrf-token" in page
        assert (Path(env["TRANSLATE_APP_INSTANCE_PATH"]) / "secret_key").exists()
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_serve_refuses_an_uninitialized_database(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["serve", "--port", "0"]) == 1
    assert "translate-app init" in capsys.readouterr().err
