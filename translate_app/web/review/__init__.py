"""Review: editors approve or reject translations, one by one or in batch."""

from __future__ import annotations

from translate_app.web.review import routes as routes  # registers its views on bp
from translate_app.web.review.blueprint import bp

__all__ = ["bp"]
