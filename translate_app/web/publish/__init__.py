"""Publish: the publish gate per language, builds of editions, and their downloads."""

from __future__ import annotations

from translate_app.web.publish import routes as routes  # registers its views on bp
from translate_app.web.publish.blueprint import bp

__all__ = ["bp"]
