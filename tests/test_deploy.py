"""Deployment files: the compose file has what a real drive needs, the image cannot drift."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker" / "compose.yaml"
DOCKERFILE = ROOT / "docker" / "Dockerfile"


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_has_the_services_ports_and_volumes() -> None:
    data = compose()
    services = data["services"]
    assert {"db", "redis", "web", "worker", "init"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert {"pgdata", "redisdata", "data", "editions"} <= set(data["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    web, worker = services["web"], services["worker"]
    assert web["build"] == worker["build"] == {"context": "..", "dockerfile": "docker/Dockerfile"}
    assert any(str(p).endswith(":8000") for p in web["ports"])
    assert worker["command"] == ["translate-app", "worker"]
    for service in (web, worker, services["init"]):
        env = service["environment"]
        assert env["TRANSLATE_APP_DATABASE_URL"].startswith("postgresql://")
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "editions:/editions" in service["volumes"]
    assert web["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert services["db"]["healthcheck"] and services["redis"]["healthcheck"]


def test_compose_keeps_secrets_out_of_the_file() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for name in ("POSTGRES_PASSWORD", "TRANSLATE_APP_SECRET_KEY"):
        assert re.search(r"\$\{" + name + r":\?", text), f"{name} must come from the environment"
    assert not re.search(r"(PASSWORD|SECRET_KEY):\s*['\"]?[A-Za-z0-9]{6,}", text)


def test_compose_config_when_a_docker_compose_client_exists() -> None:
    """``docker compose config`` is the real validator; without the plugin the YAML checks
    above are what runs (this machine's Docker client has no compose plugin)."""
    docker = shutil.which("docker")
    has_compose = (
        bool(docker)
        and subprocess.run(
            [str(docker), "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if not has_compose:
        assert compose()["name"] == "translate-app"
        return
    env = {**os.environ, "POSTGRES_PASSWORD": "x", "TRANSLATE_APP_SECRET_KEY": "y"}
    result = subprocess.run(
        [str(docker), "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_dockerfile_runs_the_same_setup_as_ci_and_the_readme() -> None:
    steps = DOCKERFILE.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "RUN scripts/install-runtime-deps" in steps
    assert "scripts/install-runtime-deps" in ci
    assert "install-runtime-deps" in (ROOT / "scripts" / "install-system-deps").read_text()
    pip = re.search(r"RUN (pip install '\.\[[a-z,]+\]')", steps)
    assert pip is not None and pip.group(1) in readme
    assert "scripts/install-runtime-deps" in readme
    assert re.search(r"^USER translate$", steps, re.MULTILINE)  # not root
    assert "HEALTHCHECK" in steps and "/healthz" in steps
    assert 'CMD ["gunicorn", "translate_app:create_app()"]' in steps
