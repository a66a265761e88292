"""My profile: password, UI language, API tokens."""

from __future__ import annotations

from translate_app.web.profile import routes as routes  # registers its views on bp
from translate_app.web.profile.blueprint import bp

__all__ = ["bp"]
