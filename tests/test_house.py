"""The house (issue 15): rooms at the root, import rules that hold and that catch a breach.

The rules themselves are import-linter contracts in ``pyproject.toml`` (``make lint`` runs
``lint-imports``).  These tests show that the contracts hold on the package as it is, that
a forbidden import makes ``lint-imports`` fail and name it, and that no module takes part
in an import cycle, counting imports inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import translate_app

PACKAGE = Path(translate_app.__file__).resolve().parent
PROJECT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_root_holds_only_what_every_layer_shares() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 6, modules
    assert {"__init__.py", "cli.py", "config.py", "errors.py"} <= set(modules)


CYCLES = PROJECT / "scripts" / "import-cycles"


def _run(command: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``root`` with only ``root`` on the import path."""
    return subprocess.run(
        command,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _cycles(root: Path, package: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, str(CYCLES), package], root)


def test_no_module_takes_part_in_an_import_cycle() -> None:
    # grimp counts imports inside functions and under TYPE_CHECKING: a lazy import still
    # ties two modules together, and so does a package's __init__ importing a module that
    # imports the package back.
    result = _cycles(PROJECT, "translate_app")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(", 0 cycles\n")


def test_the_cycle_finder_finds_a_lazy_and_a_type_checking_cycle(tmp_path: Path) -> None:
    package = tmp_path / "looped"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from looped import b\n")
    (package / "b.py").write_text("def later():\n    from looped import c\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from looped import a\n"
    )
    (package / "d.py").write_text("from looped import a\n")  # imports the cycle, not in it
    result = _cycles(tmp_path, "looped")
    assert result.returncode == 1
    assert "1 cycles" in result.stdout
    assert "cycle: looped.a looped.b looped.c\n" in result.stdout
    assert "looped.b -> looped.c (l.2)" in result.stdout
    assert "looped.d" not in result.stdout.split("cycles", 1)[1]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return _run([str(LINT_IMPORTS), str(root / "pyproject.toml"), "--no-cache"], root)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    root = tmp_path_factory.mktemp("house")
    shutil.copytree(PACKAGE, root / "translate_app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_contracts_name_every_package() -> None:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contracts = {c["id"]: c for c in config["contracts"]}
    assert {"layers", "flask", "acyclic"} <= set(contracts)
    layered = {
        name.strip()
        for layer in contracts["layers"]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    packages = {
        f"translate_app.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()
    }
    modules = {f"translate_app.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert packages | modules <= layered, sorted((packages | modules) - layered)


def test_the_contracts_hold(copy: Path) -> None:
    result = _lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "named"),
    [
        ("segment/rebuild.py", "import flask", "Only the web UI and the CLI", "flask"),
        (
            "segment/rebuild.py",
            "from translate_app.store import models",
            "Interfaces over services",
            "translate_app.store.models",
        ),
        (
            "store/states.py",
            "def later() -> None:\n    from translate_app.workflow import policy\n",
            "Interfaces over services",
            "translate_app.workflow.policy",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract_and_is_named(
    copy: Path, module: str, line: str, contract: str, named: str
) -> None:
    path = copy / "translate_app" / module
    before = path.read_text()
    try:
        path.write_text(before + "\n" + line + "\n")
        result = _lint(copy)
    finally:
        path.write_text(before)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    dotted = "translate_app." + module.removesuffix(".py").replace("/", ".")
    assert f"{dotted} -> {named}" in result.stdout, result.stdout
