"""Logging in and out, and choosing the UI's language."""

from __future__ import annotations

from translate_app.web.auth import routes as routes  # registers its views on bp
from translate_app.web.auth.blueprint import bp

__all__ = ["bp"]
