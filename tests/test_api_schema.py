"""The OpenAPI 3.1 description of /api/v1 (issue 17): true to the routes, and Schemathesis
fuzzing a live server with it: no 5xx, every answer conforms to the description."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_api import Api, token
from tests.test_web_support import SLUG, Site, serve, stop
from translate_app.web.openapi import description

pytest_plugins = ["tests.test_web_support"]

MAX_EXAMPLES = 25
"""Schemathesis test cases per operation and phase (the run stays well under 2 minutes)."""
SEED = int(os.environ.get("TRANSLATE_APP_FUZZ_SEED", "17"))
"""Fixed for a reproducible suite; set ``TRANSLATE_APP_FUZZ_SEED`` to explore further."""


def _routes(site: Site) -> set[tuple[str, str]]:
    found = set()
    for rule in site.app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            found |= {(path, method.lower()) for method in rule.methods or ()
                      if method not in {"HEAD", "OPTIONS"}}  # fmt: skip
    return found


def test_the_description_names_every_route_and_nothing_else(site: Site) -> None:
    described = {(path, method) for path, item in description()["paths"].items()
                 for method in item}  # fmt: skip
    routes = _routes(site)
    assert described - routes == set(), "described but not routed"
    assert routes - described == set(), "routed but not described"
    assert len(routes) == 9


def test_the_description_is_served_to_token_holders(site: Site) -> None:
    api = Api(site, "olena")
    served = api.get("/openapi.json")
    assert served.status_code == 200 and served.get_json() == description()
    assert served.get_json()["openapi"] == "3.1.0"
    assert site.app.test_client().get("/api/v1/openapi.json").status_code == 401
    for item in description()["paths"].values():
        for operation in item.values():
            assert "401" in operation["responses"]


def _with_examples(site: Site) -> dict[str, Any]:
    """The description with the seeded document's names as examples of path parameters
    (otherwise nearly every generated request would end at a 404)."""
    examples = {"slug": SLUG, "key": site.keys[4], "lang": "uk"}
    schema = copy.deepcopy(description())
    for item in schema["paths"].values():
        for operation in item.values():
            for parameter in operation["parameters"]:
                if parameter["in"] == "path":
                    parameter["example"] = examples[parameter["name"]]
    return schema


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_answer_off_the_description(
    any_site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On each backend (PostgreSQL's INTEGER is 32-bit, and it refuses NUL in text)."""
    site = any_site
    schema_file = tmp_path / "openapi.json"
    schema_file.write_text(json.dumps(_with_examples(site)), encoding="utf-8")
    secret = token(site, "ed")  # an editor of uk: may read, save, approve and reject
    server = serve(site.app)
    report = tmp_path / "report.json"
    try:
        run = subprocess.run(
            [str(Path(sys.executable).with_name("st")), "run", str(schema_file),
             "--url", f"{server.url}/api/v1", "--header", f"Authorization: Bearer {secret}",
             "--checks", "not_a_server_error,response_schema_conformance",
             "--phases", "examples,coverage,fuzzing", "--max-examples", str(MAX_EXAMPLES),
             "--seed", str(SEED), "--workers", "1", "--request-timeout", "20",
             "--no-color", "--report", "json", "--report-json-path", str(report)],
            cwd=tmp_path, capture_output=True, text=True, timeout=150, check=False,
            env={**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "hypothesis")},
        )  # fmt: skip
    finally:
        stop(server)
    output = run.stdout + run.stderr
    cases = re.search(r"Test cases:\s*(\d+) generated", output)
    with capsys.disabled():  # the count shows in `make test`'s output
        print(f"\nschemathesis (seed {SEED}): {cases.group(1) if cases else '?'} test cases")
    assert run.returncode == 0, output[-6000:]
    assert cases and int(cases.group(1)) >= 100, output[-3000:]
