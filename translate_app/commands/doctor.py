"""``translate-app doctor``: configuration, fonts, database, queue and engines."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from translate_app.config import Config

if TYPE_CHECKING:
    from translate_app.commands import SubParsers


def cmd_doctor(args: argparse.Namespace, config: Config) -> int:
    from translate_app.doctor import diagnose

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
