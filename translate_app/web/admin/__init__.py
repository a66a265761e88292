"""Administration: people (roles, languages, deactivation) and machine drafting."""

from __future__ import annotations

from translate_app.web.admin import drafting as drafting  # registers its views on bp
from translate_app.web.admin import people as people  # registers its views on bp
from translate_app.web.admin.blueprint import bp

__all__ = ["bp"]
