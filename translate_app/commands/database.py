"""``translate-app init``: create or upgrade the database and enable the default languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from translate_app.commands import add_command
from translate_app.commands.sessions import open_sessions

if TYPE_CHECKING:
    import argparse

    from translate_app.commands import SubParsers
    from translate_app.config import Config


def register(sub: SubParsers) -> None:
    """Add ``init``."""
    add_command(
        sub, "init", cmd_init, "create or upgrade the database and enable the default languages"
    )


def cmd_init(args: argparse.Namespace, config: Config) -> int:
    from translate_app.people.languages import ensure_default_languages
    from translate_app.store import db

    with open_sessions(config, create=True) as factory, db.transaction(factory) as session:
        langs = ensure_default_languages(session, config.default_languages)
        names = ", ".join(f"{lang.code} ({lang.english_name})" for lang in langs)
    print(f"database ready: {config.database_url}")
    print(f"languages enabled: {names}")
    return 0
