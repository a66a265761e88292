"""translate_app: turn one long report into faithful localized editions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from translate_app.config import VERSION as __version__

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["__version__", "create_app"]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """The web application (``translate_app.web.create_app``).

    Flask is imported only when this is called, so the CLI and the core stay
    free of it.
    """
    from translate_app.web import create_app as factory  # noqa: PLC0415 - keep Flask out of the core

    return factory(overrides)
