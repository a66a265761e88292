"""The one Jinja2 environment of the editions: autoescaping, StrictUndefined, package templates.

Every value a template prints is escaped unless it is :class:`markupsafe.Markup`
made here on purpose (the rendered body, our own stylesheets), so translator
text and names from the store can never become markup.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

ENVIRONMENT = Environment(
    loader=PackageLoader("translate_app.publish", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
"""Templates of ``translate_app/publish/templates``."""


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``."""
    return ENVIRONMENT.get_template(name).render(**context)


@cache
def stylesheet(*names: str) -> Markup:
    """Our own stylesheets ``names``, joined, safe to put in a ``<style>`` element."""
    folder = resources.files("translate_app.publish") / "templates"
    text = "\n".join((folder / name).read_text(encoding="utf-8") for name in names)
    if "</" in text:
        raise ValueError(f"stylesheet {names} must not contain '</'")
    return Markup(text)
