"""``translate-app doctor``: check an installation and say what to fix.

Each check returns :class:`Finding`s: ``ok`` lines for what works, ``fix``
lines naming the problem and the command or setting that solves it.  Checks
never change anything.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from translate_app.config import Config

if TYPE_CHECKING:
    from translate_app.commands import SubParsers

SCRIPTS = {
    "Latin": ("0x0041", "fonts-dejavu-core"),
    "Cyrillic": ("0x0416", "fonts-dejavu-core"),
    "Greek": ("0x03A9", "fonts-dejavu-core"),
    "Arabic": ("0x0627", "fonts-noto-core"),
    "CJK": ("0x4E2D", "fonts-noto-cjk"),
}
"""Scripts the editions must print: a sample code point and the Debian package with a font."""


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    ok: bool
    """True when this part works."""
    area: str
    """What was checked (``database``, ``fonts``, ``queue``...)."""
    message: str
    """What was found, and for a problem what to do."""

    def __str__(self) -> str:
        return f"{'ok ' if self.ok else 'FIX'}  {self.area}: {self.message}"


Check = Callable[[Config], Iterator[Finding]]


def check_configuration(config: Config) -> Iterator[Finding]:
    secret = os.environ.get("TRANSLATE_APP_SECRET_KEY")
    generated = config.instance_path / "secret_key"
    several = "REDIS_URL" in os.environ or not config.database_url.startswith("sqlite")
    if secret:
        yield Finding(True, "configuration", "TRANSLATE_APP_SECRET_KEY is set")
    elif several:
        yield Finding(
            False, "configuration",
            "TRANSLATE_APP_SECRET_KEY is not set: several web processes must share one key "
            "(export TRANSLATE_APP_SECRET_KEY=$(openssl rand -hex 32))",
        )  # fmt: skip
    else:
        where = "exists" if generated.exists() else "will be generated on first start"
        yield Finding(True, "configuration", f"secret key in {generated} ({where})")


def check_database(config: Config) -> Iterator[Finding]:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from translate_app.store import db

    engine = db.make_engine(config.database_url)
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = _revision(connection)
        head = _head()
    except SQLAlchemyError as exc:
        yield Finding(False, "database", f"cannot connect to {where} ({exc.__class__.__name__}: "
                      f"{str(exc).splitlines()[0]}); check TRANSLATE_APP_DATABASE_URL")  # fmt: skip
        return
    finally:
        engine.dispose()
    if current == head:
        yield Finding(True, "database", f"{where} at migration {head}")
    else:
        yield Finding(
            False, "database",
            f"{where} is at migration {current or 'none'}, the code needs {head}: "
            "run 'translate-app init'",
        )  # fmt: skip


def _revision(connection: object) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()  # type: ignore[arg-type]


def _head() -> str | None:
    from alembic.script import ScriptDirectory

    from translate_app.store import db

    return ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def check_fonts(config: Config) -> Iterator[Finding]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        yield Finding(False, "fonts", "fontconfig is missing: sudo scripts/install-runtime-deps")
        return
    missing = []
    for script, (code_point, package) in SCRIPTS.items():
        found = subprocess.run(
            [fc_list, f":charset={code_point}", "family"], capture_output=True, text=True,
            check=False,
        ).stdout.strip()  # fmt: skip
        if not found:
            missing.append(f"{script} ({package})")
    if missing:
        yield Finding(
            False, "fonts",
            f"no font covers {', '.join(missing)}: sudo apt-get install the packages named, "
            "or sudo scripts/install-runtime-deps",
        )  # fmt: skip
    else:
        yield Finding(True, "fonts", "fonts cover " + ", ".join(SCRIPTS))
    try:
        importlib.import_module("weasyprint")
    except OSError as exc:  # pango or harfbuzz missing
        yield Finding(False, "pdf", f"WeasyPrint cannot load its libraries ({exc}): "
                      "sudo scripts/install-runtime-deps")  # fmt: skip
    else:
        yield Finding(True, "pdf", "WeasyPrint loads")


def check_queue(config: Config) -> Iterator[Finding]:
    url = os.environ.get("REDIS_URL")
    if not url:
        folder = config.instance_path
        writable = os.access(folder if folder.exists() else folder.parent, os.W_OK)
        yield Finding(
            writable, "queue",
            f"embedded SQLite queue in {folder}" + ("" if writable else ": folder not writable"),
        )  # fmt: skip
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        yield Finding(False, "queue", f"Redis at {url} does not answer ({exc}); start it or fix "
                      "REDIS_URL")  # fmt: skip
    else:
        yield Finding(True, "queue", f"Redis at {url} answers")


def check_engines(config: Config) -> Iterator[Finding]:
    libre = os.environ.get("TRANSLATE_APP_LIBRE_URL")
    if not libre:
        yield Finding(
            True, "engines",
            "no self-hosted LibreTranslate configured (TRANSLATE_APP_LIBRE_URL); "
            "outside engines send text off this machine",
        )  # fmt: skip
    else:
        try:
            with urllib.request.urlopen(libre.rstrip("/") + "/languages", timeout=3) as answer:
                ok = answer.status == 200
        except (urllib.error.URLError, OSError) as exc:
            yield Finding(False, "engines", f"LibreTranslate at {libre} does not answer ({exc})")
            return
        yield Finding(ok, "engines", f"LibreTranslate at {libre} answers")
    for name, variable in (("deepl", "TRANSLATE_APP_DEEPL_KEY"),
                           ("microsoft", "TRANSLATE_APP_MICROSOFT_KEY")):  # fmt: skip
        if os.environ.get(variable):
            yield Finding(True, "engines", f"{name}: key set ({variable})")


def check_tools(config: Config) -> Iterator[Finding]:
    msgfmt = shutil.which("msgfmt")
    found = f"msgfmt at {msgfmt}" if msgfmt else "msgfmt missing: sudo scripts/install-runtime-deps"
    yield Finding(msgfmt is not None, "tools", found)
    sources = Path("source")
    if sources.is_dir():
        yield Finding(True, "sources", f"{len(list(sources.glob('*.md')))} report(s) in source/")


CHECKS: tuple[Check, ...] = (
    check_configuration, check_database, check_fonts, check_queue, check_engines, check_tools,
)  # fmt: skip


def diagnose(config: Config) -> list[Finding]:
    """Every check's findings, in order."""
    return [finding for check in CHECKS for finding in check(config)]


def cmd_doctor(args: argparse.Namespace, config: Config) -> int:
    findings = diagnose(config)
    for finding in findings:
        print(finding)
    problems = sum(not f.ok for f in findings)
    print(f"{problems} problem{'s' if problems != 1 else ''} to fix" if problems else "all good")
    return 1 if problems else 0


def register(sub: SubParsers) -> None:
    cmd = sub.add_parser(
        "doctor", help="check configuration, fonts, database, queue and engines; say what to fix"
    )
    cmd.set_defaults(handler=cmd_doctor)
