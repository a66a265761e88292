"""translate-app doctor: says what works and what to fix."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from translate_app.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_doctor_names_each_problem_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRANSLATE_APP_DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("TRANSLATE_APP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens
    monkeypatch.delenv("TRANSLATE_APP_SECRET_KEY", raising=False)
    monkeypatch.delenv("TRANSLATE_APP_LIBRE_URL", raising=False)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "FIX  database:" in out and "run 'translate-app init'" in out
    assert "FIX  queue: Redis at redis://127.0.0.1:" in out
    assert "FIX  configuration: TRANSLATE_APP_SECRET_KEY is not set" in out
    assert "ok   fonts: fonts cover Latin, Cyrillic, Greek, Arabic, CJK" in out
    assert "ok   pdf: WeasyPrint loads" in out

    monkeypatch.delenv("REDIS_URL")
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "ok   database:" in out and "at migration" in out and out.strip().endswith("all good")
